/**
 * Decoding a request body into a Milvus request struct, with the errors the
 * server's binder gives: 1801 for text that is not JSON of the right shape,
 * 1802 for required fields that are missing or empty.
 *
 * @module
 */

import { type Member, parseJson } from "./_json_parse.ts";
import { Code, type Failure, failure, type JsonValue } from "./_reply.ts";

/** One field of a request struct. */
export interface FieldSpec {
  /** The JSON key. */
  readonly json: string;
  /** The Go field name, which the 1802 message quotes. */
  readonly go: string;
  readonly required?: boolean;
  /** A list of strings instead of a string. */
  readonly list?: boolean;
}

/** A request struct: its Go name and fields in declaration order. */
export interface StructSpec {
  readonly name: string;
  readonly fields: readonly FieldSpec[];
}

/** A decoded body: every string field (empty when absent) and list field. */
export interface Body {
  readonly strings: ReadonlyMap<string, string>;
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/**
 * A string field of a decoded body.
 *
 * @param body The body.
 * @param field The JSON key.
 * @returns Its value, `""` when absent.
 */
export function field(body: Body, field: string): string {
  return body.strings.get(field) ?? "";
}

const JSON_PREFIX = "can only accept json format request";
// Decoder error texts after the prefix imitate Milvus's JSON codec in shape
// (index, caret, quoting), not word for word.
const CONTEXT = 32;

// Go's %q: the text in double quotes with escapes for what is not printable.
function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === "\\") out += "\\" + char;
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (char === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) {
      out += "\\x" + code.toString(16).padStart(2, "0");
    } else out += char;
  }
  return out + '"';
}

// The decoder points at the offending character inside a window of the text.
function locate(text: string, index: number, what: string): string {
  const from = Math.max(0, index - CONTEXT);
  const to = Math.min(text.length, index + CONTEXT);
  const before = ".".repeat(index - from);
  const after = ".".repeat(Math.max(0, to - index - 1));
  return `at index ${index}: ${what}\n\n\t${
    text.slice(from, to)
  }\n\t${before}^${after}\n`;
}

function kindOf(value: JsonValue): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value === "object" ? "object" : typeof value;
}

function mismatch(
  text: string,
  start: number,
  goType: string,
  value: JsonValue,
): Failure {
  const where = goQuote(locate(text, start, "mismatched type with value"));
  return failure(
    Code.badJson,
    `${JSON_PREFIX}, error: Mismatch type ${goType} with value ${
      kindOf(value)
    } ${where}`,
  );
}

function findField(spec: StructSpec, key: string): FieldSpec | undefined {
  // Go matches keys exactly first, then ignoring case.
  // Go's special case folds (such as the Kelvin sign for k) are not modelled.
  return spec.fields.find((candidate) => candidate.json === key) ??
    spec.fields.find((candidate) =>
      candidate.json.toLowerCase() === key.toLowerCase()
    );
}

function assign(
  text: string,
  spec: FieldSpec,
  member: Member,
  strings: Map<string, string>,
  lists: Map<string, readonly string[]>,
): Failure | undefined {
  const { value } = member;
  if (value === null) {
    if (spec.list) lists.delete(spec.json);
    return undefined;
  }

  if (!spec.list) {
    if (typeof value !== "string") {
      return mismatch(text, member.start, "string", value);
    }
    strings.set(spec.json, value);
    return undefined;
  }

  if (!Array.isArray(value)) {
    return mismatch(text, member.start, "[]string", value);
  }
  const items: string[] = [];
  for (const item of value) {
    if (item !== null && typeof item !== "string") {
      return mismatch(text, member.start, "string", item);
    }
    items.push(item ?? "");
  }
  lists.set(spec.json, items);
  return undefined;
}

function missing(spec: StructSpec, body: Body): Failure | undefined {
  const problems = spec.fields
    .filter((f) => f.required && field(body, f.json) === "")
    .map((f) =>
      `Key: '${spec.name}.${f.go}' Error:Field validation for '${f.go}' failed on the 'required' tag`
    );
  if (problems.length === 0) return undefined;
  return failure(
    Code.missingParameters,
    `missing required parameters, error: ${problems.join("\n")}`,
  );
}

/**
 * Decodes a request body into a struct.
 *
 * @param text The body text.
 * @param spec The struct.
 * @returns The decoded body, or the 1801/1802 failure.
 */
export function bindBody(text: string, spec: StructSpec): Body | Failure {
  const parsed = parseJson(text);
  if (parsed.kind === "empty") {
    return failure(
      Code.badJson,
      `${JSON_PREFIX}, the request body should be nil, however {} is valid`,
    );
  }
  if (parsed.kind === "syntax") {
    const what = parsed.eof ? "eof" : "invalid char";
    const description = `Syntax error ${locate(text, parsed.index, what)}`;
    return failure(
      Code.badJson,
      `${JSON_PREFIX}, error: ${goQuote(description)}`,
    );
  }

  const strings = new Map<string, string>();
  const lists = new Map<string, readonly string[]>();
  if (parsed.members === undefined && parsed.value !== null) {
    return mismatch(
      text,
      parsed.start,
      `httpserver.${spec.name}`,
      parsed.value,
    );
  }

  for (const member of parsed.members ?? []) {
    const target = findField(spec, member.key);
    if (target === undefined) continue;
    const problem = assign(text, target, member, strings, lists);
    if (problem !== undefined) return problem;
  }

  const body: Body = { strings, lists };
  return missing(spec, body) ?? body;
}
