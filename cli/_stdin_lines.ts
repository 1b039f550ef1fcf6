// Reads secrets from a pipe or file, one per line, reading only as far as
// needed so that a writer that keeps the pipe open does not block the run.
import { UsageError } from "./_errors.ts";

// A line longer than this is not a password.
const MAX_LINE_BYTES = 4096;

/** Lines of standard input, read on demand. */
export class StdinLines {
  #buffer: number[] = [];
  #ended = false;
  #lineNumber = 0;

  /** The number of the line last returned, from 1. */
  get lineNumber(): number {
    return this.#lineNumber;
  }

  /**
   * The next line without its `\n` or `\r\n`, or `undefined` at the end of
   * input. A last line without a newline still counts.
   */
  async next(): Promise<string | undefined> {
    const chunk = new Uint8Array(1024);
    while (true) {
      const newline = this.#buffer.indexOf(0x0a);
      if (newline !== -1) {
        const line = this.#buffer.splice(0, newline + 1);
        line.pop();
        if (line.at(-1) === 0x0d) line.pop();
        return this.#finish(line);
      }
      if (this.#ended) {
        if (this.#buffer.length === 0) return undefined;
        return this.#finish(this.#buffer.splice(0));
      }
      if (this.#buffer.length > MAX_LINE_BYTES) {
        throw new UsageError(
          `line ${
            this.#lineNumber + 1
          } of standard input is longer than ${MAX_LINE_BYTES} bytes`,
        );
      }

      const count = await Deno.stdin.read(chunk);
      if (count === null) this.#ended = true;
      else this.#buffer.push(...chunk.subarray(0, count));
      chunk.fill(0);
    }
  }

  #finish(bytes: number[]): string {
    this.#lineNumber++;
    const text = new TextDecoder().decode(new Uint8Array(bytes));
    bytes.fill(0);
    return text;
  }
}
