/**
 * Runs a command to completion with a time limit, capturing its output.
 *
 * @module
 */

/** What a finished command left. */
export interface ExecResult {
  /** The exit code; 124 when the time limit killed it. */
  code: number;
  stdout: string;
  stderr: string;
  /** Whether the time limit killed it. */
  timedOut: boolean;
}

/** Options of {@linkcode exec}. */
export interface ExecOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Killed (SIGKILL) after this many milliseconds. */
  timeoutMs?: number;
}

/**
 * Runs `command` with `args` and waits for it.
 *
 * @param command The program.
 * @param args Its arguments.
 * @param options Working directory, extra environment and time limit.
 * @returns Its exit code and output.
 */
export async function exec(
  command: string,
  args: string[],
  options: ExecOptions = {},
): Promise<ExecResult> {
  const child = new Deno.Command(command, {
    args,
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    ...(options.env === undefined ? {} : { env: options.env }),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }, options.timeoutMs ?? 120_000);

  try {
    const output = await child.output();
    const decoder = new TextDecoder();
    return {
      code: timedOut ? 124 : output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
      timedOut,
    };
  } finally {
    clearTimeout(timer);
  }
}
