/**
 * A small JSON reader that, unlike `JSON.parse`, reports where the text went
 * wrong and where each member of the top-level object starts, which the
 * Milvus error messages quote.
 *
 * @module
 */

import type { JsonValue } from "./_reply.ts";

/** One member of the top-level object. */
export interface Member {
  readonly key: string;
  readonly value: JsonValue;
  /** Offset of the member's value in the text, in UTF-16 units. */
  readonly start: number;
}

/** What reading the text gave. */
export type ParseOutcome =
  | { readonly kind: "empty" }
  | { readonly kind: "syntax"; readonly index: number; readonly eof: boolean }
  | {
    readonly kind: "value";
    readonly value: JsonValue;
    readonly start: number;
    /** The members when the value is an object, in text order. */
    readonly members: readonly Member[] | undefined;
  };

class JsonSyntaxError extends Error {
  readonly index: number;

  constructor(index: number) {
    super("JSON syntax error");
    this.index = index;
  }
}

const ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  readonly #text: string;
  position = 0;

  constructor(text: string) {
    this.#text = text;
  }

  skipSpace(): void {
    while (" \t\n\r".includes(this.#text[this.position] ?? "x")) {
      this.position++;
    }
  }

  atEnd(): boolean {
    return this.position >= this.#text.length;
  }

  #fail(): never {
    throw new JsonSyntaxError(this.position);
  }

  #expect(char: string): void {
    if (this.#text[this.position] !== char) this.#fail();
    this.position++;
  }

  value(): JsonValue {
    this.skipSpace();
    const char = this.#text[this.position];
    if (char === "{") return this.object(undefined);
    if (char === "[") return this.#array();
    if (char === '"') return this.#string();
    if (char === "t") return this.#literal("true", true);
    if (char === "f") return this.#literal("false", false);
    if (char === "n") return this.#literal("null", null);
    return this.#number();
  }

  object(members: Member[] | undefined): { [key: string]: JsonValue } {
    const result: { [key: string]: JsonValue } = {};
    this.#expect("{");
    this.skipSpace();
    if (this.#text[this.position] === "}") {
      this.position++;
      return result;
    }
    for (;;) {
      this.skipSpace();
      const key = this.#string();
      this.skipSpace();
      this.#expect(":");
      this.skipSpace();
      const start = this.position;
      const value = this.value();
      result[key] = value;
      members?.push({ key, value, start });
      this.skipSpace();
      if (this.#text[this.position] === ",") {
        this.position++;
        continue;
      }
      this.#expect("}");
      return result;
    }
  }

  #array(): JsonValue[] {
    const result: JsonValue[] = [];
    this.#expect("[");
    this.skipSpace();
    if (this.#text[this.position] === "]") {
      this.position++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      this.skipSpace();
      if (this.#text[this.position] === ",") {
        this.position++;
        continue;
      }
      this.#expect("]");
      return result;
    }
  }

  #string(): string {
    this.#expect('"');
    let out = "";
    for (;;) {
      const char = this.#text[this.position];
      if (char === undefined || char < " ") this.#fail();
      this.position++;
      if (char === '"') return out;
      if (char !== "\\") {
        out += char;
        continue;
      }
      const escape = this.#text[this.position] ?? "";
      if (escape === "u") {
        const hex = this.#text.slice(this.position + 1, this.position + 5);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.#fail();
        out += String.fromCharCode(parseInt(hex, 16));
        this.position += 5;
        continue;
      }
      const decoded = ESCAPES[escape];
      if (decoded === undefined) this.#fail();
      out += decoded;
      this.position++;
    }
  }

  #literal<T extends JsonValue>(word: string, value: T): T {
    if (!this.#text.startsWith(word, this.position)) this.#fail();
    this.position += word.length;
    return value;
  }

  #number(): number {
    NUMBER.lastIndex = this.position;
    const match = NUMBER.exec(this.#text);
    if (match === null) this.#fail();
    this.position += match[0].length;
    return Number(match[0]);
  }
}

/**
 * Reads the first JSON value of a text and ignores anything after it, as a
 * streaming decoder reading one value does.
 *
 * @param text The request body.
 * @returns The value, an empty-input marker, or where the syntax broke.
 */
export function parseJson(text: string): ParseOutcome {
  const reader = new Reader(text);
  reader.skipSpace();
  if (reader.atEnd()) return { kind: "empty" };

  const start = reader.position;
  try {
    if (text[start] === "{") {
      const members: Member[] = [];
      const value = reader.object(members);
      return { kind: "value", value, start, members };
    }
    return { kind: "value", value: reader.value(), start, members: undefined };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      kind: "syntax",
      index: error.index,
      eof: error.index >= text.length,
    };
  }
}
