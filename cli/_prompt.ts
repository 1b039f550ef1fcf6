// A password prompt that does not echo: the terminal is put in raw mode and
// the bytes are read one chunk at a time until Enter, so nothing typed ever
// reaches the screen. Raw mode also turns off the terminal's own Ctrl-C, so
// it is handled here.
import { CancelledError, UsageError } from "./_errors.ts";

const ENTER_CR = 0x0d;
const ENTER_LF = 0x0a;
const CTRL_C = 0x03;
const CTRL_D = 0x04;
const CTRL_U = 0x15;
const BACKSPACE = 0x7f;
const CTRL_H = 0x08;
const ESCAPE = 0x1b;

// A password longer than this is a paste gone wrong, not a password.
const MAX_BYTES = 4096;

const encoder = new TextEncoder();

// Bytes typed after an Enter (a paste of both lines at once) belong to the
// next prompt.
let leftover: number[] = [];

/**
 * Asks each of `prompts` in turn on standard error and reads one line per
 * prompt from the terminal without echo. Backspace deletes the last
 * character, Ctrl-U the whole line, arrow keys and other escape sequences
 * are ignored; Ctrl-C, or Ctrl-D on an empty line, cancels.
 *
 * Raw mode is on before the first prompt shows and stays on until the last
 * answer, so nothing typed in between is echoed either.
 */
export async function promptHidden(
  prompts: readonly string[],
): Promise<string[]> {
  const answers: string[] = [];
  Deno.stdin.setRaw(true);
  try {
    for (const prompt of prompts) {
      await writeAll(Deno.stderr, encoder.encode(prompt));
      try {
        answers.push(await readHiddenLine());
      } finally {
        // Raw mode may have turned off the newline translation too.
        await writeAll(Deno.stderr, encoder.encode("\r\n"));
      }
    }
    return answers;
  } finally {
    Deno.stdin.setRaw(false);
  }
}

async function readHiddenLine(): Promise<string> {
  const typed: number[] = [];
  const chunk = new Uint8Array(256);
  let escape: 0 | 1 | 2 = 0;

  while (true) {
    let input: number[];
    if (leftover.length > 0) {
      input = leftover;
      leftover = [];
    } else {
      const count = await Deno.stdin.read(chunk);
      if (count === null) {
        throw new CancelledError("standard input closed at the prompt");
      }
      input = [...chunk.subarray(0, count)];
      chunk.fill(0);
    }

    for (let index = 0; index < input.length; index++) {
      const byte = input[index] as number;

      // An escape sequence (arrow keys, function keys): ESC, then `[` or
      // `O`, then parameters up to a final byte from @ to ~.
      if (escape === 1) {
        escape = byte === 0x5b || byte === 0x4f ? 2 : 0;
        continue;
      }
      if (escape === 2) {
        if (byte >= 0x40 && byte <= 0x7e) escape = 0;
        continue;
      }

      if (byte === ENTER_CR || byte === ENTER_LF) {
        // A CR LF pair is one Enter.
        const rest = input.slice(index + 1);
        leftover = byte === ENTER_CR && rest[0] === ENTER_LF
          ? rest.slice(1)
          : rest;
        return decode(typed);
      }
      if (byte === CTRL_C) throw new CancelledError("cancelled");
      if (byte === CTRL_D) {
        if (typed.length === 0) throw new CancelledError("cancelled");
        continue;
      }
      if (byte === BACKSPACE || byte === CTRL_H) {
        deleteLastCharacter(typed);
      } else if (byte === CTRL_U) {
        typed.length = 0;
      } else if (byte === ESCAPE) {
        escape = 1;
      } else if (byte >= 0x20) {
        typed.push(byte);
        if (typed.length > MAX_BYTES) {
          throw new UsageError(
            `the password is longer than ${MAX_BYTES} bytes`,
          );
        }
      }
    }
  }
}

// UTF-8 continuation bytes are 10xxxxxx: drop them, then the lead byte, so
// one backspace removes one character however many bytes it took.
function deleteLastCharacter(typed: number[]): void {
  while (typed.length > 0 && ((typed.at(-1) as number) & 0xc0) === 0x80) {
    typed.pop();
  }
  typed.pop();
}

function decode(bytes: number[]): string {
  const text = new TextDecoder().decode(new Uint8Array(bytes));
  bytes.fill(0);
  return text;
}

async function writeAll(
  writer: { write(p: Uint8Array): Promise<number> },
  data: Uint8Array,
): Promise<void> {
  let written = 0;
  while (written < data.length) {
    written += await writer.write(data.subarray(written));
  }
}
