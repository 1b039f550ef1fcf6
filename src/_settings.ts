// Turns the options of connect() into the settings a connection runs with:
// one address, one identity, one database. Every failure is a
// ConnectionConfigError that shows the expected form and never a secret.
import { ConnectionConfigError } from "./errors.ts";
import { fail, parseUri } from "./_uri.ts";
import {
  type PasswordPolicy,
  type PasswordPolicyOption,
  resolvePasswordPolicy,
} from "./password_policy.ts";
import {
  checkOptions,
  optionalBoolean,
  optionalInteger,
  optionalTimeout,
  typeName,
} from "./_validate.ts";

/** The `fetch` a connection calls; the global one unless injected. */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;

/** The settings of one alias. Credentials change after a password update. */
export interface Settings {
  secure: boolean;
  host: string;
  port: number;
  /** `http[s]://host:port`, without credentials or path. */
  address: string;
  dbName: string;
  user: string | undefined;
  password: string | undefined;
  token: string | undefined;
  timeout: number | null;
  retries: number;
  fetch: FetchFunction | undefined;
  headers: ReadonlyArray<readonly [string, string]>;
  passwordPolicy: Readonly<PasswordPolicy> | null;
  /**
   * Passwords this connection used before a password update; still scrubbed
   * from messages, since a server or proxy may echo them later.
   */
  retiredSecrets: string[];
}

export const CONNECT_OPTION_KEYS: readonly string[] = [
  "alias",
  "uri",
  "host",
  "port",
  "secure",
  "user",
  "password",
  "token",
  "dbName",
  "timeout",
  "retries",
  "fetch",
  "headers",
  "passwordPolicy",
];

const DEFAULT_URI = "http://localhost:19530";
const DEFAULT_DB_NAME = "default";
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 2;
const MAX_RETRIES = 10;

const ACTION = "connect";

// Headers the client owns: letting callers set them would break auth,
// timeouts or the JSON body.
const RESERVED_HEADERS = [
  "authorization",
  "content-type",
  "content-length",
  "request-timeout",
  "accept",
  "db-name",
];

function optionalString(
  options: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = options[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    fail(
      `"${key}" must be a non-empty string, got ${
        value === "" ? "an empty string" : typeName(value)
      }`,
    );
  }
  return value;
}

function resolvePort(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const port = typeof value === "string" && /^\d+$/.test(value)
    ? Number(value)
    : value;
  if (
    !Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535
  ) {
    fail(`"port" must be a whole number from 1 to 65535`);
  }
  return port as number;
}

function resolveHeaders(
  value: unknown,
): ReadonlyArray<readonly [string, string]> {
  if (value === undefined) return [];
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(`"headers" must be an object of header names to string values`);
  }

  const headers: [string, string][] = [];
  for (const [name, text] of Object.entries(value)) {
    if (typeof text !== "string") {
      fail(`header "${name.slice(0, 40)}" must have a string value`);
    }
    if (RESERVED_HEADERS.includes(name.toLowerCase())) {
      fail(
        `header "${name}" is set by the client; use the token, user and password, dbName or timeout options instead`,
      );
    }
    try {
      new Headers([[name, text]]);
    } catch {
      fail(`header "${name.slice(0, 40)}" is not a valid HTTP header`);
    }
    headers.push([name, text]);
  }
  return headers.sort(([a], [b]) => a.localeCompare(b));
}

function resolvePolicy(value: unknown): Readonly<PasswordPolicy> | null {
  if (value === undefined || value === null) return null;
  try {
    return resolvePasswordPolicy(value as PasswordPolicyOption);
  } catch (error) {
    fail(
      (error as Error).message.replace(
        /^Cannot use password policy: /,
        "passwordPolicy: ",
      ),
    );
  }
}

/** Validates connect() options and applies defaults and URI precedence. */
export function resolveSettings(raw: unknown): Settings {
  const options = checkOptions(
    raw,
    CONNECT_OPTION_KEYS,
    ACTION,
    "options",
    ConnectionConfigError,
  );

  const uri = optionalString(options, "uri");
  const host = optionalString(options, "host");
  const port = resolvePort(options.port);
  const secure = optionalBoolean(
    options.secure,
    "secure",
    ACTION,
    ConnectionConfigError,
  );
  if (
    uri !== undefined &&
    (host !== undefined || port !== undefined || secure !== undefined)
  ) {
    fail(`give either "uri" or "host", "port" and "secure", not both`);
  }
  if (
    host !== undefined && /[/:@\s]/.test(host) &&
    !/^\[[0-9a-f:.]+\]$/i.test(host)
  ) {
    fail(
      `"host" must be a bare host name such as localhost; put a full address in "uri"`,
    );
  }

  // "secure" without "host" still means https, to the default host.
  const parsed = parseUri(
    uri ??
      (host === undefined && secure === undefined
        ? DEFAULT_URI
        : `${secure ? "https" : "http"}://${host ?? "localhost"}`),
  );
  const finalPort = port ?? parsed.port ?? (parsed.secure ? 443 : 19530);

  const token = optionalString(options, "token");
  const explicitUser = optionalString(options, "user");
  const explicitPassword = optionalString(options, "password");
  if (
    token !== undefined &&
    (explicitUser !== undefined || explicitPassword !== undefined)
  ) {
    fail(`give either "token" or "user" and "password", not both`);
  }

  // Explicit options beat credentials in the URI, field by field; a token
  // replaces them altogether.
  const user = token === undefined ? explicitUser ?? parsed.user : undefined;
  const password = token === undefined
    ? explicitPassword ?? parsed.password
    : undefined;
  if (user !== undefined && password === undefined) {
    fail(`"user" needs a "password" (or give a "token")`);
  }
  if (password !== undefined && user === undefined) {
    fail(`"password" needs a "user"`);
  }
  if (user?.includes(":")) fail(`"user" must not contain ":"`);

  const fetchFunction = options.fetch;
  if (fetchFunction !== undefined && typeof fetchFunction !== "function") {
    fail(`"fetch" must be a function, got ${typeName(fetchFunction)}`);
  }

  const hostForUrl = parsed.host;
  return {
    secure: parsed.secure,
    host: hostForUrl,
    port: finalPort,
    address: `${parsed.secure ? "https" : "http"}://${hostForUrl}:${finalPort}`,
    dbName: optionalString(options, "dbName") ?? parsed.dbName ??
      DEFAULT_DB_NAME,
    user: token === undefined ? user : tokenUser(token),
    password,
    token,
    timeout: optionalTimeout(options.timeout, ACTION, ConnectionConfigError) ??
      (options.timeout === null ? null : DEFAULT_TIMEOUT_MS),
    retries: optionalInteger(
      options.retries,
      "retries",
      ACTION,
      0,
      MAX_RETRIES,
      ConnectionConfigError,
    ) ?? DEFAULT_RETRIES,
    fetch: fetchFunction as FetchFunction | undefined,
    headers: resolveHeaders(options.headers),
    passwordPolicy: resolvePolicy(options.passwordPolicy),
    retiredSecrets: [],
  };
}

/** The user a `user:password` token logs in as; none for an API key. */
export function tokenUser(token: string): string | undefined {
  const colon = token.indexOf(":");
  return colon > 0 ? token.slice(0, colon) : undefined;
}

/**
 * Names the first setting that differs between two settings, for the message
 * of a conflicting connect(); `undefined` when they are the same.
 */
export function differingSetting(a: Settings, b: Settings): string | undefined {
  if (a.address !== b.address) return "a different address";
  if (a.user !== b.user) return "a different user";
  if (a.dbName !== b.dbName) return "a different database";
  if (a.token !== b.token || a.password !== b.password) {
    return "different credentials";
  }
  if (a.timeout !== b.timeout) return "a different timeout";
  if (a.retries !== b.retries) return "a different retries count";
  if (a.fetch !== b.fetch) return "a different fetch function";
  if (JSON.stringify(a.headers) !== JSON.stringify(b.headers)) {
    return "different headers";
  }
  if (JSON.stringify(a.passwordPolicy) !== JSON.stringify(b.passwordPolicy)) {
    return "a different password policy";
  }
  return undefined;
}
