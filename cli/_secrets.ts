// Where passwords come from: the hidden prompt at a terminal, lines of
// standard input with --password-stdin, and nowhere else.
import { UsageError } from "./_errors.ts";
import { promptHidden } from "./_prompt.ts";
import { StdinLines } from "./_stdin_lines.ts";

/** One secret to read. */
export interface SecretRequest {
  /** What it is, in lower case: "current password for root". */
  label: string;
  /** At a terminal, ask twice and insist on the same answer. */
  confirm?: boolean;
}

/** Reads secrets one after another. */
export interface SecretSource {
  /** Reads the next secret. */
  read(request: SecretRequest): Promise<string>;
}

/**
 * The source for this run. Every secret read is added to `seen`, so that
 * output can be scrubbed of it.
 */
export function secretSource(
  passwordStdin: boolean,
  seen: string[],
): SecretSource {
  const terminal = Deno.stdin.isTerminal();
  if (passwordStdin && terminal) {
    throw new UsageError(
      "--password-stdin reads from a pipe or a file, but standard input is a terminal; leave it out to be asked with a hidden prompt",
    );
  }

  if (passwordStdin) return remember(linesSource(new StdinLines()), seen);
  if (terminal) return remember(terminalSource(), seen);
  return {
    read({ label }) {
      return Promise.reject(
        new UsageError(
          `the ${label} is needed, but standard input is not a terminal to ask it on: pipe it with --password-stdin (one per line, see --help)`,
        ),
      );
    },
  };
}

function remember(source: SecretSource, seen: string[]): SecretSource {
  return {
    async read(request) {
      const secret = await source.read(request);
      seen.push(secret);
      return secret;
    },
  };
}

function linesSource(lines: StdinLines): SecretSource {
  return {
    async read({ label }) {
      const line = await lines.next();
      if (line === undefined) {
        throw new UsageError(
          `standard input ended before line ${
            lines.lineNumber + 1
          }, the ${label}`,
        );
      }
      if (line === "") {
        throw new UsageError(
          `line ${lines.lineNumber} of standard input, the ${label}, is empty`,
        );
      }
      return line;
    },
  };
}

function terminalSource(): SecretSource {
  return {
    async read({ label, confirm }) {
      const prompts = [`${capitalize(label)}: `];
      if (confirm) prompts.push(`Repeat ${label}: `);
      const [first, second] = await promptHidden(prompts);
      if (first === "" || first === undefined) {
        throw new UsageError(`the ${label} is empty`);
      }
      if (confirm && second !== first) {
        throw new UsageError(
          `the two entries of the ${label} differ; nothing was changed`,
        );
      }
      return first;
    },
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
