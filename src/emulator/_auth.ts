/**
 * Who sent a request, read from its `Authorization` header the way the
 * Milvus REST server reads it.
 *
 * @module
 */

import type { RbacState } from "./_model.ts";
import { tokenDigest, verifyPassword } from "./_password_hash.ts";

/** An authenticated caller. */
export interface Caller {
  readonly name: string;
  /** Whether an API key identified the caller. */
  readonly viaApiKey: boolean;
}

/** The result of reading the header. */
export interface Authentication {
  /** The caller, or `undefined` when the request is not authenticated. */
  readonly caller: Caller | undefined;
  /** Whether the header parsed as HTTP Basic credentials. */
  readonly basic: boolean;
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const decoder = new TextDecoder();

// HTTP Basic as Go reads it: a case-insensitive scheme, strict padded base64
// and a colon; the user name or password may still be empty.
function parseBasic(header: string): [string, string] | undefined {
  if (header.slice(0, 6).toLowerCase() !== "basic ") return undefined;

  const encoded = header.slice(6);
  if (!BASE64.test(encoded)) return undefined;
  const bytes = Uint8Array.from(atob(encoded), (char) => char.charCodeAt(0));
  const decoded = decoder.decode(bytes);

  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

// The token form: an optional "Bearer " prefix, then user:password split at
// the first colon.
function parseToken(token: string): [string, string] {
  const colon = token.indexOf(":");
  if (colon < 0) return ["", ""];
  return [token.slice(0, colon), token.slice(colon + 1)];
}

/**
 * Identifies the caller of a request.
 *
 * @param header The `Authorization` header, or `null`.
 * @param state The users and their password hashes.
 * @param apiKeys SHA-256 hex digests of API keys to the user each acts as.
 * @returns The caller, if any, and whether the header was HTTP Basic.
 */
export async function authenticate(
  header: string | null,
  state: RbacState,
  apiKeys: Promise<ReadonlyMap<string, string>>,
): Promise<Authentication> {
  const value = header ?? "";
  const token = value.startsWith("Bearer ") ? value.slice(7) : value;

  const basicPair = parseBasic(value);
  const basic = basicPair !== undefined;
  const [user, password] = basicPair ?? parseToken(token);

  if (user !== "" && password !== "") {
    const hash = state.passwordOf(user);
    if (hash !== undefined && await verifyPassword(await hash, password)) {
      return { caller: { name: user, viaApiKey: false }, basic };
    }
  }

  const keys = await apiKeys;
  if (token !== "" && !token.includes(":") && keys.size > 0) {
    const name = keys.get(await tokenDigest(token));
    if (name !== undefined) {
      return { caller: { name, viaApiKey: true }, basic };
    }
  }
  return { caller: undefined, basic };
}
