// deno-lint-ignore-file no-console
/**
 * A command line for Milvus users, above all for rotating passwords safely:
 * passwords are asked with the typing hidden or read from standard input,
 * never taken as options, checked before they are sent, and never printed.
 *
 * ```sh
 * deno run --allow-net --allow-env jsr:@milvus-rbac/client/cli update-password --uri http://localhost:19530
 * ```
 *
 * Commands: `update-password [USER]`, `create-user USER`,
 * `delete-user USER`, `list-users`, `verify`; `--help` lists the options.
 * Exit codes: 0 success, 1 refused by the server, 2 usage or bad input,
 * 3 network or timeout, 130 cancelled at a prompt.
 *
 * @module
 */
import { parseArgs, wantsJson } from "./cli/_args.ts";
import { COMMAND_NAMES, runCommand } from "./cli/_commands.ts";
import { UsageError } from "./cli/_errors.ts";
import { describeFailure, EXIT } from "./cli/_output.ts";
import { COMMAND_HELP, OVERVIEW } from "./cli/_usage.ts";

/**
 * Runs the command line and returns its exit code, printing to standard
 * output and standard error. It reads the environment and standard input,
 * and may put the terminal in raw mode while it asks for a password.
 *
 * @param args The arguments, without the program name.
 * @returns The exit code: 0 success, 1 refused by the server, 2 usage or bad
 * input, 3 network or timeout, 130 cancelled at a prompt.
 *
 * @example Printing the help
 * ```ts ignore
 * import { main } from "@milvus-rbac/client/cli";
 *
 * const code = await main(["update-password", "--help"]);
 * ```
 */
export async function main(args: readonly string[]): Promise<number> {
  const json = wantsJson(args);
  const secrets: string[] = [];
  let command: string | undefined;

  try {
    const parsed = parseArgs(args);
    command = parsed.command === "help"
      ? parsed.positionals[0]
      : parsed.command;
    if (parsed.help || parsed.command === "help") {
      return printHelp(command);
    }
    if (command === undefined) {
      console.error(OVERVIEW);
      throw new UsageError("no command given");
    }

    const outcome = await runCommand(command, parsed, secrets);
    if (json) console.log(JSON.stringify(outcome.json));
    else for (const line of outcome.lines) console.log(line);
    return EXIT.ok;
  } catch (error) {
    const known = command !== undefined && COMMAND_NAMES.includes(command)
      ? command
      : undefined;
    const failure = describeFailure(known, error, secrets);
    if (json) console.log(JSON.stringify(failure.json));
    else for (const line of failure.lines) console.error(line);
    return failure.json.exitCode;
  }
}

function printHelp(command: string | undefined): number {
  if (command === undefined) {
    console.log(OVERVIEW);
    return EXIT.ok;
  }
  const help = COMMAND_HELP[command];
  if (help === undefined) {
    throw new UsageError(
      `unknown command "${command.slice(0, 40)}"; expected one of ${
        COMMAND_NAMES.join(", ")
      }`,
    );
  }
  console.log(help);
  return EXIT.ok;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
