/**
 * JSON text as Go's encoder writes it: object keys sorted, and `<`, `>`,
 * `&`, U+2028 and U+2029 escaped.
 *
 * @module
 */

import type { JsonValue } from "./_reply.ts";

/**
 * Compares two strings in code point order, which is also the byte order of
 * their UTF-8 forms and so the order Go sorts map keys and etcd sorts keys in.
 *
 * @param a The first string.
 * @param b The second string.
 * @returns A negative number, zero or a positive number.
 */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) -
      (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '\\"',
  "\\": "\\\\",
  "\b": "\\b",
  "\f": "\\f",
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
};

function encodeString(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) {
      out += short;
    } else if (
      code < 0x20 || char === "<" || char === ">" || char === "&" ||
      code === 0x2028 || code === 0x2029
    ) {
      out += "\\u" + code.toString(16).padStart(4, "0");
    } else if (code >= 0xd800 && code <= 0xdfff) {
      // A lone surrogate is not valid UTF-8; Go writes the replacement char.
      out += "\ufffd";
    } else {
      out += char;
    }
  }
  return out + '"';
}

/**
 * Encodes a value as Go's `encoding/json` would encode the equivalent map.
 *
 * @param value The value.
 * @returns The JSON text.
 */
export function encodeJson(value: JsonValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return encodeString(value);
  if (typeof value === "number" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(",")}]`;

  const keys = Object.keys(value).sort(compareCodePoints);
  const members = keys.map((key) =>
    `${encodeString(key)}:${encodeJson(value[key] ?? null)}`
  );
  return `{${members.join(",")}}`;
}
