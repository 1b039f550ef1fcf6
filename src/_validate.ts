// Input checks shared by every public function. They run before any request
// is sent and throw InputError messages that name the field and the expected
// form, never the value (which may be a secret).
import { InputError } from "./errors.ts";
import type { CallOptions } from "./_request.ts";

/** The error class a check throws: InputError, or ConnectionConfigError. */
export type ErrorClass = typeof InputError;

// setTimeout cannot wait longer than a signed 32-bit number of milliseconds.
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Describes a value's type for a message, without showing the value. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number" && Number.isNaN(value)) return "NaN";
  return typeof value;
}

/** Checks that `value` is a plain object with only `allowed` keys. */
export function checkOptions(
  value: unknown,
  allowed: readonly string[],
  action: string,
  what = "options",
  kind: ErrorClass = InputError,
): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new kind(
      `Cannot ${action}: ${what} must be an object, got ${typeName(value)}`,
    );
  }

  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new kind(
        `Cannot ${action}: unknown option "${
          key.slice(0, 40)
        }"; expected one of ${allowed.join(", ")}`,
      );
    }
  }
  return value as Record<string, unknown>;
}

/**
 * A required, non-empty string: a name or a password. The message names the
 * field and the type it got, never the value.
 */
export function requireText(
  value: unknown,
  field: string,
  action: string,
  kind: ErrorClass = InputError,
): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new kind(
      `Cannot ${action}: "${field}" must be a non-empty string, got ${
        value === "" ? "an empty string" : typeName(value)
      }`,
    );
  }
  return value;
}

/** An optional boolean. */
export function optionalBoolean(
  value: unknown,
  field: string,
  action: string,
  kind: ErrorClass = InputError,
): boolean | undefined {
  if (value === undefined || typeof value === "boolean") return value;
  throw new kind(
    `Cannot ${action}: "${field}" must be a boolean, got ${typeName(value)}`,
  );
}

/**
 * A timeout in milliseconds: a positive finite number, `null` for none, or
 * `undefined` for the default.
 */
export function optionalTimeout(
  value: unknown,
  action: string,
  kind: ErrorClass = InputError,
): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (
    typeof value !== "number" || !Number.isFinite(value) || value <= 0 ||
    value > MAX_TIMEOUT_MS
  ) {
    throw new kind(
      `Cannot ${action}: "timeout" must be a number of milliseconds above 0 and at most ${MAX_TIMEOUT_MS}, or null for none, got ${
        typeof value === "number" ? String(value) : typeName(value)
      }`,
    );
  }
  return value;
}

/** An optional `AbortSignal`. */
function optionalSignal(
  value: unknown,
  action: string,
  kind: ErrorClass = InputError,
): AbortSignal | undefined {
  if (value === undefined || value instanceof AbortSignal) return value;
  throw new kind(
    `Cannot ${action}: "signal" must be an AbortSignal, got ${typeName(value)}`,
  );
}

/** An optional whole number within bounds. */
export function optionalInteger(
  value: unknown,
  field: string,
  action: string,
  min: number,
  max: number,
  kind: ErrorClass = InputError,
): number | undefined {
  if (value === undefined) return undefined;
  if (
    !Number.isInteger(value) || (value as number) < min ||
    (value as number) > max
  ) {
    throw new kind(
      `Cannot ${action}: "${field}" must be a whole number from ${min} to ${max}, got ${
        typeof value === "number" ? String(value) : typeName(value)
      }`,
    );
  }
  return value as number;
}

const CALL_KEYS = ["timeout", "signal"];

/** The fields of an options object, and its timeout and signal. */
export interface ReadOptions {
  fields: Record<string, unknown>;
  call: CallOptions;
}

/** Reads an options object with `keys` plus `timeout` and `signal`. */
export function readOptions(
  options: unknown,
  keys: readonly string[],
  action: string,
): ReadOptions {
  const fields = checkOptions(options, [...keys, ...CALL_KEYS], action);
  return {
    fields,
    call: {
      timeout: optionalTimeout(fields.timeout, action),
      signal: optionalSignal(fields.signal, action),
    },
  };
}
