// Splits the command line into a command, its positional arguments and its
// options, and refuses any option that would carry a secret: the command
// line is visible to other users in the process list and stays in shell
// history.
import { UsageError } from "./_errors.ts";

/** The options a command line may set. */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  help: boolean;
  json: boolean;
  passwordStdin: boolean;
  uri: string | undefined;
  user: string | undefined;
  db: string | undefined;
  timeout: string | undefined;
  tokenEnv: string | undefined;
  policy: string | undefined;
}

type ValueOption = "uri" | "user" | "db" | "timeout" | "tokenEnv" | "policy";

const VALUE_OPTIONS: Record<string, ValueOption> = {
  "--uri": "uri",
  "--user": "user",
  "--db": "db",
  "--timeout": "timeout",
  "--token-env": "tokenEnv",
  "--policy": "policy",
};

// Anything that looks like it carries a password, token or key; the two
// options that name where a secret comes from are allowed before this test.
const SECRET_OPTION = /pass|pwd|token|secret|key|cred/i;

const WHY_NO_SECRETS =
  "secrets on the command line show in the process list and in shell history; type it at the prompt, pipe it with --password-stdin, or set MILVUS_PASSWORD, MILVUS_TOKEN or --token-env NAME";

/**
 * Parses `args`. Messages name an option but never repeat a value or a
 * positional argument, since a mistyped secret may be among them.
 */
export function parseArgs(args: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = {
    command: undefined,
    positionals: [],
    help: false,
    json: false,
    passwordStdin: false,
    uri: undefined,
    user: undefined,
    db: undefined,
    timeout: undefined,
    tokenEnv: undefined,
    policy: undefined,
  };

  let onlyPositionals = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (onlyPositionals || !arg.startsWith("-") || arg === "-") {
      if (parsed.command === undefined) parsed.command = arg;
      else parsed.positionals.push(arg);
      continue;
    }
    if (arg === "--") {
      onlyPositionals = true;
      continue;
    }

    const equals = arg.indexOf("=");
    const name = equals === -1 ? arg : arg.slice(0, equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);

    if (name === "--help" || name === "-h") {
      parsed.help = true;
    } else if (name === "--json" || name === "--password-stdin") {
      if (inline !== undefined) {
        throw new UsageError(`${name} takes no value`);
      }
      if (name === "--json") parsed.json = true;
      else parsed.passwordStdin = true;
    } else if (name in VALUE_OPTIONS) {
      const key = VALUE_OPTIONS[name] as ValueOption;
      let value = inline;
      if (value === undefined) {
        const next = args[index + 1];
        if (next === undefined || next.startsWith("-")) {
          throw new UsageError(`${name} needs a value`);
        }
        value = next;
        index++;
      }
      if (parsed[key] !== undefined) {
        throw new UsageError(`${name} is given more than once`);
      }
      parsed[key] = value;
    } else if (SECRET_OPTION.test(name) || name === "-p") {
      throw new UsageError(`${name} is not accepted: ${WHY_NO_SECRETS}`);
    } else {
      throw new UsageError(
        `unknown option ${name.slice(0, 40)}; see --help`,
      );
    }
  }
  return parsed;
}

/** Whether the raw arguments ask for JSON, for errors found while parsing. */
export function wantsJson(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}
