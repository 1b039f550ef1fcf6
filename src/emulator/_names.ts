/**
 * Name and password rules, with the exact messages Milvus gives when a name
 * breaks them.
 *
 * @module
 */

import type { MilvusVersion } from "./_catalog.ts";
import { Code, type Failure, failure } from "./_reply.ts";

// proxy.maxNameLength and proxy.maxUsernameLength are fixed at their
// defaults; they are not options.
const MAX_NAME_LENGTH = 255;
const MAX_USERNAME_LENGTH = 32;
const encoder = new TextEncoder();

// Go's strings.TrimSpace: Unicode white space, but not the byte order mark
// that String.prototype.trim also removes.
const GO_SPACE =
  "[\\t\\n\\v\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
const LEADING_SPACE = new RegExp(`^${GO_SPACE}+`);
const TRAILING_SPACE = new RegExp(`${GO_SPACE}+$`);

/**
 * Removes surrounding white space the way Go's `strings.TrimSpace` does.
 *
 * @param value The text.
 * @returns The trimmed text.
 */
export function goTrimSpace(value: string): string {
  return value.replace(LEADING_SPACE, "").replace(TRAILING_SPACE, "");
}

/**
 * The length Go reports for a string: its UTF-8 byte count.
 *
 * @param value The text.
 * @returns The number of UTF-8 bytes.
 */
export function byteLength(value: string): number {
  return encoder.encode(value).length;
}

function isLetter(byte: number): boolean {
  return (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122);
}

function isDigit(byte: number): boolean {
  return byte >= 48 && byte <= 57;
}

// Go prints a single byte with %c as the code point of the same number.
function byteAsChar(byte: number): string {
  return String.fromCharCode(byte);
}

function invalid(message: string): Failure {
  return failure(Code.invalidParameter, `${message}: invalid parameter`);
}

/**
 * Checks a user name as Milvus does on create, describe and role grants.
 *
 * @param name The name as sent.
 * @param version The release line, which decides the allowed characters.
 * @returns The failure, or `undefined` when the name is valid.
 */
export function checkUsername(
  name: string,
  version: MilvusVersion,
): Failure | undefined {
  const trimmed = goTrimSpace(name);
  if (trimmed === "") return invalid("username must be not empty");

  const bytes = encoder.encode(trimmed);
  if (bytes.length > MAX_USERNAME_LENGTH) {
    // Milvus hands the configured limit, a string, to a %d verb.
    return invalid(
      `invalid username ${trimmed} with length ${bytes.length}, the length of username must be less than %!d(string=${MAX_USERNAME_LENGTH})`,
    );
  }

  const first = bytes[0] ?? 0;
  if (!isLetter(first)) {
    return invalid(
      `invalid user name ${trimmed}, the first character must be a letter, but got ${
        byteAsChar(first)
      }`,
    );
  }

  const dotsAndHyphens = version === "2.6";
  for (const byte of bytes.subarray(1)) {
    const extra = dotsAndHyphens && (byte === 46 || byte === 45);
    if (isLetter(byte) || isDigit(byte) || byte === 95 || extra) continue;
    const allowed = dotsAndHyphens
      ? "numbers, letters, underscores, dots, and hyphens"
      : "numbers, letters and underscores";
    // Milvus hands a byte to a %s verb.
    return invalid(
      `invalid user name ${trimmed}, username must contain only ${allowed}, but got %!s(uint8=${byte})`,
    );
  }
  return undefined;
}

/**
 * Checks a role name, privilege name, object type or object name with the
 * generic Milvus name rule.
 *
 * @param entity The value as sent.
 * @param kind How the message names it, e.g. `role name` or `Privilege`.
 * @param version The release line, which decides the wording.
 * @returns The failure, or `undefined` when the value is valid.
 */
export function checkName(
  entity: string,
  kind: string,
  version: MilvusVersion,
): Failure | undefined {
  const trimmed = goTrimSpace(entity);
  if (trimmed === "") {
    return failure(
      Code.invalidParameter,
      `${kind} should be not empty: invalid parameter[expected=not empty][actual=]`,
    );
  }

  const bytes = encoder.encode(trimmed);
  if (bytes.length > MAX_NAME_LENGTH) {
    return failure(
      Code.invalidParameter,
      `the length of ${kind} must be not greater than limit: invalid parameter[${bytes.length} out of range 0 <= value <= ${MAX_NAME_LENGTH}]`,
    );
  }

  const first = bytes[0] ?? 0;
  if (first !== 95 && !isLetter(first)) {
    return failure(
      Code.invalidParameter,
      `the first character of ${kind} must be an underscore or letter: invalid parameter[expected=95][actual=${first}]`,
    );
  }

  for (let i = 1; i < bytes.length; i++) {
    const byte = bytes[i] ?? 0;
    if (isLetter(byte) || isDigit(byte) || byte === 95 || byte === 36) {
      continue;
    }
    const allowed = version === "2.6"
      ? "numbers, letters, underscores, and allowed characters ($)"
      : "numbers, letters, dollars and underscores";
    return invalid(
      `${kind} can only contain ${allowed}, found ${byteAsChar(byte)} at ${i}`,
    );
  }
  return undefined;
}

/**
 * Checks a privilege group name.
 *
 * @param name The name as sent.
 * @returns The failure, or `undefined` when the name is valid.
 */
export function checkPrivilegeGroupName(name: string): Failure | undefined {
  const bytes = encoder.encode(name);

  // Milvus passes its format string as a value, so the verbs stay literal.
  if (bytes.length > MAX_NAME_LENGTH) {
    return failure(
      Code.invalidPrivilegeGroupName,
      `${name}->${MAX_NAME_LENGTH}: invalid privilege group name[privilegeGroup=the length of a privilege group name %s must be less than %s characters]`,
    );
  }

  const first = bytes[0] ?? 0;
  if (first !== 95 && !isLetter(first)) {
    return failure(
      Code.invalidPrivilegeGroupName,
      `${name}: invalid privilege group name[privilegeGroup=the first character of a privilege group name %s must be an underscore or letter]`,
    );
  }

  for (const byte of bytes.subarray(1)) {
    if (isLetter(byte) || isDigit(byte) || byte === 95) continue;
    return invalid(
      `privilege group name ${name} can only contain numbers, letters and underscores`,
    );
  }
  return undefined;
}

function invalidDatabase(name: string, message: string): Failure {
  return failure(
    Code.invalidDatabaseName,
    `${message}: invalid database name[database=${name}]`,
  );
}

/**
 * Checks a database name given to the second grant API.
 *
 * @param name The name; callers skip `""` and `*`.
 * @returns The failure, or `undefined` when the name is valid.
 */
export function checkDatabaseName(name: string): Failure | undefined {
  const bytes = encoder.encode(name);
  if (bytes.length > MAX_NAME_LENGTH) {
    return invalidDatabase(
      name,
      `the length of a database name must be less than ${MAX_NAME_LENGTH} characters`,
    );
  }

  const first = bytes[0] ?? 0;
  if (first !== 95 && !isLetter(first)) {
    return invalidDatabase(
      name,
      "the first character of a database name must be an underscore or letter",
    );
  }

  for (const byte of bytes.subarray(1)) {
    if (isLetter(byte) || isDigit(byte) || byte === 95) continue;
    return invalidDatabase(
      name,
      "database name can only contain numbers, letters and underscores",
    );
  }
  return undefined;
}

/**
 * Checks a collection name given to the second grant API; `*` means all.
 *
 * @param name The name as sent.
 * @returns The failure, or `undefined` when the name is valid.
 */
export function checkCollectionName(name: string): Failure | undefined {
  if (name === "*") return undefined;

  const trimmed = goTrimSpace(name);
  if (trimmed === "") {
    return failure(
      Code.invalidParameter,
      "collection name should be not empty: invalid parameter[expected=not empty][actual=]",
    );
  }

  const bytes = encoder.encode(trimmed);
  const prefix = `Invalid collection name: ${trimmed}. `;
  if (bytes.length > MAX_NAME_LENGTH) {
    return invalid(
      `${prefix}The length of a collection name must be less than ${MAX_NAME_LENGTH} characters.`,
    );
  }

  const first = bytes[0] ?? 0;
  if (first !== 95 && !isLetter(first)) {
    return invalid(
      `${prefix}The first character of a collection name must be an underscore or letter.`,
    );
  }

  for (const byte of bytes.subarray(1)) {
    if (isLetter(byte) || isDigit(byte) || byte === 95) continue;
    return invalid(
      `${prefix}Collection name can only contain numbers, letters and underscores.`,
    );
  }
  return undefined;
}

/**
 * Checks the length of a new password, counted in UTF-8 bytes.
 *
 * @param password The password.
 * @param min The smallest allowed length.
 * @param max The largest allowed length.
 * @returns The failure, or `undefined` when the length is allowed.
 */
export function checkPasswordLength(
  password: string,
  min: number,
  max: number,
): Failure | undefined {
  const length = byteLength(password);
  if (length >= min && length <= max) return undefined;
  return failure(
    Code.invalidParameter,
    `invalid password length: invalid parameter[${length} out of range ${min} <= value <= ${max}]`,
  );
}
