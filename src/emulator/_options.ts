/**
 * The emulator's options and their validation.
 *
 * @module
 */

import type { MilvusVersion } from "./_catalog.ts";

/** Options of {@linkcode MilvusEmulator}. */
export interface MilvusEmulatorOptions {
  /**
   * Whether authentication and privilege checks are on, as with Milvus's
   * `common.security.authorizationEnabled`.
   *
   * @default {true}
   */
  authorization?: boolean;
  /**
   * The password `root` starts with.
   *
   * @default {"Milvus"}
   */
  rootPassword?: string;
  /**
   * The Milvus release line to imitate: `"2.4"` (2.4.23), `"2.5"` (the 2.5
   * branch head) or `"2.6"` (2.6.18).
   *
   * @default {"2.6"}
   */
  version?: MilvusVersion;
  /**
   * Answer success with `"code":200` instead of `0`, as Milvus 2.4.0 to
   * 2.4.2 did.
   *
   * @default {false}
   */
  legacySuccessCode?: boolean;
  /**
   * Users who may change any password without the old one, as
   * `common.security.superUsers`. On `"2.4"` entries are compared as given;
   * later lines trim them, so `" root"` only works from `"2.5"` on.
   *
   * @default {[]}
   */
  superUsers?: readonly string[];
  /**
   * The shortest password allowed, in UTF-8 bytes.
   *
   * @default {6}
   */
  minPasswordLength?: number;
  /**
   * The longest password allowed, in UTF-8 bytes. Unlike Milvus, values
   * above 72 are kept, so that 2.4.0 to 2.4.17 (256) can be imitated.
   *
   * @default {72}
   */
  maxPasswordLength?: number;
  /**
   * The most users, `root` included.
   *
   * @default {100}
   */
  maxUsers?: number;
  /**
   * The most roles, `admin` and `public` included.
   *
   * @default {10}
   */
  maxRoles?: number;
  /**
   * API keys and the user each one acts as, to imitate Zilliz Cloud. Open
   * source Milvus accepts no API key, which is what an empty map gives.
   *
   * @default {{}}
   */
  apiKeys?: Readonly<Record<string, string>>;
  /**
   * The timeout of a request that sends no `Request-Timeout` header, in
   * seconds.
   *
   * @default {30}
   */
  defaultTimeoutSeconds?: number;
}

/** Options after validation, without the secrets. */
export interface EmulatorConfig {
  readonly authorization: boolean;
  readonly version: MilvusVersion;
  readonly legacySuccessCode: boolean;
  readonly superUsers: ReadonlySet<string>;
  readonly minPasswordLength: number;
  readonly maxPasswordLength: number;
  readonly maxUsers: number;
  readonly maxRoles: number;
  readonly defaultTimeoutSeconds: number;
}

const VERSIONS: readonly string[] = ["2.4", "2.5", "2.6"];

function checkBoolean(
  name: string,
  value: unknown,
  fallback: boolean,
): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot create emulator: ${name} must be a boolean`);
  }
  return value;
}

function checkInteger(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") {
    throw new TypeError(`Cannot create emulator: ${name} must be a number`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(
      `Cannot create emulator: ${name} must be an integer of at least ${min}, got ${value}`,
    );
  }
  return value;
}

function checkStrings(name: string, value: unknown): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string")) {
    throw new TypeError(
      `Cannot create emulator: ${name} must be an array of strings`,
    );
  }
  return value;
}

/**
 * Validates the options.
 *
 * @param options The options as given.
 * @returns The configuration.
 * @throws {TypeError} When an option has the wrong type.
 * @throws {RangeError} When a number or the version is out of range.
 */
export function configFrom(options: MilvusEmulatorOptions): EmulatorConfig {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Cannot create emulator: options must be an object");
  }

  const version = options.version ?? "2.6";
  if (!VERSIONS.includes(version)) {
    throw new RangeError(
      `Cannot create emulator: version must be "2.4", "2.5" or "2.6", got ${
        JSON.stringify(version)
      }`,
    );
  }

  const minPasswordLength = checkInteger(
    "minPasswordLength",
    options.minPasswordLength,
    6,
    0,
  );
  const maxPasswordLength = checkInteger(
    "maxPasswordLength",
    options.maxPasswordLength,
    72,
    1,
  );
  if (minPasswordLength > maxPasswordLength) {
    throw new RangeError(
      `Cannot create emulator: minPasswordLength (${minPasswordLength}) is greater than maxPasswordLength (${maxPasswordLength})`,
    );
  }

  // Milvus 2.5 and later trim the comma-separated list; 2.4 does not.
  const superUsers = checkStrings("superUsers", options.superUsers)
    .map((name) => version === "2.4" ? name : name.trim());

  return {
    authorization: checkBoolean("authorization", options.authorization, true),
    version,
    legacySuccessCode: checkBoolean(
      "legacySuccessCode",
      options.legacySuccessCode,
      false,
    ),
    superUsers: new Set(superUsers),
    minPasswordLength,
    maxPasswordLength,
    maxUsers: checkInteger("maxUsers", options.maxUsers, 100, 1),
    maxRoles: checkInteger("maxRoles", options.maxRoles, 10, 2),
    defaultTimeoutSeconds: checkInteger(
      "defaultTimeoutSeconds",
      options.defaultTimeoutSeconds,
      30,
      0,
    ),
  };
}

/**
 * Validates the secret options, which are kept apart from the configuration.
 *
 * @param options The options as given.
 * @returns The root password and the API key map.
 * @throws {TypeError} When an option has the wrong type.
 * @throws {RangeError} When the root password is empty.
 */
export function secretsFrom(
  options: MilvusEmulatorOptions,
): { rootPassword: string; apiKeys: [string, string][] } {
  const rootPassword = options.rootPassword ?? "Milvus";
  if (typeof rootPassword !== "string") {
    throw new TypeError(
      "Cannot create emulator: rootPassword must be a string",
    );
  }
  if (rootPassword === "") {
    throw new RangeError("Cannot create emulator: rootPassword is empty");
  }

  const apiKeys = options.apiKeys ?? {};
  if (typeof apiKeys !== "object" || apiKeys === null) {
    throw new TypeError("Cannot create emulator: apiKeys must be an object");
  }
  const entries = Object.entries(apiKeys);
  for (const [key, user] of entries) {
    if (typeof user !== "string" || user === "") {
      throw new TypeError(
        "Cannot create emulator: each API key must map to a user name",
      );
    }
    // Milvus tries a token as an API key only when it holds no colon.
    if (key === "" || key.includes(":")) {
      throw new RangeError(
        "Cannot create emulator: an API key must be non-empty and contain no colon",
      );
    }
  }
  return { rootPassword, apiKeys: entries };
}
