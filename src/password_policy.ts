/**
 * Client-side password rules. Open-source Milvus checks only the length of a
 * password, in UTF-8 bytes, and Zilliz Cloud adds character rules; by default
 * this client leaves the decision to the server, and a connection's
 * `passwordPolicy` opts in to checking before a request is sent.
 *
 * @module
 */
import { InputError } from "./errors.ts";

/** Rules a password must follow. Every field is optional. */
export interface PasswordPolicy {
  /** A short name shown in messages, such as `"milvus"`. */
  name?: string;
  /** The minimum length in UTF-8 bytes. */
  minBytes?: number;
  /** The maximum length in UTF-8 bytes. */
  maxBytes?: number;
  /** The minimum length in characters (Unicode code points). */
  minCharacters?: number;
  /** The maximum length in characters (Unicode code points). */
  maxCharacters?: number;
  /**
   * How many of the four classes (upper case letters, lower case letters,
   * digits, other characters) must appear.
   */
  minCharacterClasses?: number;
}

/** The outcome of {@linkcode checkPassword}. */
export interface PasswordCheck {
  /** Whether the password follows every rule. */
  ok: boolean;
  /** One sentence per broken rule; never the password itself. */
  problems: string[];
}

/**
 * Open-source Milvus's defaults: 6 to 72 bytes in UTF-8 (72 is bcrypt's
 * limit; Milvus before 2.4.18 allowed 256). Servers can be configured
 * otherwise.
 */
export const MILVUS_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  name: "milvus",
  minBytes: 6,
  maxBytes: 72,
});

/**
 * Zilliz Cloud's rule: 8 to 64 characters with at least three of upper case
 * letters, lower case letters, digits and special characters.
 */
export const ZILLIZ_CLOUD_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object
  .freeze({
    name: "zilliz",
    minCharacters: 8,
    maxCharacters: 64,
    minCharacterClasses: 3,
  });

/** A policy or the name of a preset, as taken by `passwordPolicy` options. */
export type PasswordPolicyOption = PasswordPolicy | "milvus" | "zilliz";

const CLASS_TESTS: readonly RegExp[] = [
  /\p{Lu}/u,
  /\p{Ll}/u,
  /\p{Nd}/u,
  /[^\p{L}\p{Nd}]/u,
];

const encoder = new TextEncoder();

/**
 * Reports which rules of `policy` a password breaks, without echoing it.
 *
 * @param password The password to check.
 * @param policy The rules, or `"milvus"` or `"zilliz"` for a preset.
 * @returns Whether it passes, and a sentence per broken rule.
 * @throws {InputError} When the password is not a string or the policy is
 * malformed.
 *
 * @example Checking against Zilliz Cloud's rule
 * ```ts
 * import { checkPassword } from "@milvus-rbac/client";
 * import { assertEquals } from "@std/assert";
 *
 * assertEquals(checkPassword("123456Abc*", "zilliz").ok, true);
 * assertEquals(checkPassword("123456", "zilliz").problems, [
 *   "must be at least 8 characters long",
 *   "must mix at least 3 of upper case letters, lower case letters, digits and special characters (it has 1)",
 * ]);
 * ```
 */
export function checkPassword(
  password: string,
  policy: PasswordPolicyOption,
): PasswordCheck {
  const rules = resolvePasswordPolicy(policy);
  if (typeof password !== "string") {
    throw new InputError("Cannot check password: it must be a string");
  }

  const problems: string[] = [];
  const bytes = encoder.encode(password).length;
  const characters = [...password].length;

  if (rules.minBytes !== undefined && bytes < rules.minBytes) {
    problems.push(`must be at least ${rules.minBytes} bytes long in UTF-8`);
  }
  if (rules.maxBytes !== undefined && bytes > rules.maxBytes) {
    problems.push(`must be at most ${rules.maxBytes} bytes long in UTF-8`);
  }
  if (rules.minCharacters !== undefined && characters < rules.minCharacters) {
    problems.push(`must be at least ${rules.minCharacters} characters long`);
  }
  if (rules.maxCharacters !== undefined && characters > rules.maxCharacters) {
    problems.push(`must be at most ${rules.maxCharacters} characters long`);
  }

  if (rules.minCharacterClasses !== undefined) {
    const classes = CLASS_TESTS.filter((test) => test.test(password)).length;
    if (classes < rules.minCharacterClasses) {
      problems.push(
        `must mix at least ${rules.minCharacterClasses} of upper case letters, lower case letters, digits and special characters (it has ${classes})`,
      );
    }
  }

  return { ok: problems.length === 0, problems };
}

/**
 * Turns a preset name into its policy and checks a custom one, throwing
 * {@linkcode InputError} for a malformed policy.
 */
export function resolvePasswordPolicy(
  policy: PasswordPolicyOption,
): Readonly<PasswordPolicy> {
  if (policy === "milvus") return MILVUS_PASSWORD_POLICY;
  if (policy === "zilliz") return ZILLIZ_CLOUD_PASSWORD_POLICY;
  if (typeof policy !== "object" || policy === null || Array.isArray(policy)) {
    throw new InputError(
      'Cannot use password policy: expected "milvus", "zilliz" or a policy object',
    );
  }

  for (const [key, value] of Object.entries(policy)) {
    if (key === "name") {
      if (typeof value !== "string") {
        throw new InputError(
          'Cannot use password policy: "name" must be a string',
        );
      }
    } else if (POLICY_LIMITS.includes(key)) {
      if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
        throw new InputError(
          `Cannot use password policy: "${key}" must be a whole number of at least 0`,
        );
      }
    } else {
      throw new InputError(
        `Cannot use password policy: unknown rule "${key.slice(0, 40)}"`,
      );
    }
  }

  for (
    const [min, max] of [["minBytes", "maxBytes"], [
      "minCharacters",
      "maxCharacters",
    ]] as const
  ) {
    const low = policy[min];
    const high = policy[max];
    if (low !== undefined && high !== undefined && low > high) {
      throw new InputError(
        `Cannot use password policy: "${min}" must not exceed "${max}"`,
      );
    }
  }

  // A copy, so that changing the caller's object later cannot change a rule
  // a connection already applies.
  return Object.freeze({ ...policy });
}

const POLICY_LIMITS: readonly string[] = [
  "minBytes",
  "maxBytes",
  "minCharacters",
  "maxCharacters",
  "minCharacterClasses",
];
