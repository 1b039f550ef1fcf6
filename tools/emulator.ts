// deno-lint-ignore-file no-console
/**
 * `deno task emulator`: serves a Milvus REST v2 emulator on 127.0.0.1.
 *
 * The first line of standard output is the base URL, for scripts to read.
 * SIGINT and SIGTERM stop it with exit code 0; bad flags exit with code 2.
 *
 * @module
 */

import {
  MilvusEmulator,
  type MilvusEmulatorOptions,
  serveEmulator,
} from "../testing.ts";

const USAGE = `Usage: deno task emulator [options]

Serves an emulated Milvus REST v2 API (users, roles, privilege groups).

Options:
  --port N             Port to listen on, 0 for any free port (default 19530)
  --no-auth            Turn authorization off, as Milvus does by default
  --root-password X    Initial password of root (default Milvus)
  --version V          Milvus line to imitate: 2.4, 2.5 or 2.6 (default 2.6)
  --help               Show this help`;

interface Flags {
  port: number;
  options: MilvusEmulatorOptions;
}

class UsageError extends Error {}

// Splits "--name=value" so both "--port 1" and "--port=1" work.
function splitFlag(arg: string): [string, string | undefined] {
  const equals = arg.indexOf("=");
  if (!arg.startsWith("--") || equals < 0) return [arg, undefined];
  return [arg.slice(0, equals), arg.slice(equals + 1)];
}

function parseFlags(args: readonly string[]): Flags | "help" {
  let port = 19530;
  const options: MilvusEmulatorOptions = {};

  for (let i = 0; i < args.length; i++) {
    const [name, inline] = splitFlag(args[i] ?? "");
    const takesValue = ["--port", "--root-password", "--version"].includes(
      name,
    );
    let value = "";
    if (takesValue) {
      const next = inline ?? args[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      value = next;
    } else if (inline !== undefined) {
      throw new UsageError(`${name} takes no value`);
    }

    switch (name) {
      case "--help":
      case "-h":
        return "help";
      case "--no-auth":
        options.authorization = false;
        break;
      case "--port":
        port = Number(value);
        if (!/^\d+$/.test(value) || port > 65535) {
          throw new UsageError(`--port must be from 0 to 65535, got ${value}`);
        }
        break;
      case "--root-password":
        if (value === "") throw new UsageError("--root-password is empty");
        options.rootPassword = value;
        break;
      case "--version":
        if (value !== "2.4" && value !== "2.5" && value !== "2.6") {
          throw new UsageError(
            `--version must be 2.4, 2.5 or 2.6, got ${value}`,
          );
        }
        options.version = value;
        break;
      default:
        throw new UsageError(`unknown option ${name}`);
    }
  }
  return { port, options };
}

async function main(): Promise<number> {
  let flags: Flags | "help";
  try {
    flags = parseFlags(Deno.args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`Error: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (flags === "help") {
    console.log(USAGE);
    return 0;
  }

  const emulator = new MilvusEmulator(flags.options);
  const server = await serveEmulator(emulator, { port: flags.port });
  console.log(server.url);
  console.error(
    `Milvus ${emulator.version} emulator, authorization ${
      flags.options.authorization === false ? "off" : "on"
    }; Ctrl-C to stop`,
  );

  const { promise: stopped, resolve: stop } = Promise.withResolvers<void>();
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT"]
    : ["SIGINT", "SIGTERM"];
  for (const signal of signals) Deno.addSignalListener(signal, stop);
  await stopped;
  for (const signal of signals) Deno.removeSignalListener(signal, stop);

  await server.close();
  return 0;
}

Deno.exit(await main());
