/**
 * Salted password hashes, so that the emulator never holds a password in
 * clear text.
 *
 * @module
 */

const encoder = new TextEncoder();
const SALT_BYTES = 16;

/** A salted SHA-256 hash of a password. */
export interface PasswordHash {
  readonly salt: Uint8Array;
  readonly digest: Uint8Array;
}

async function digestOf(
  salt: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const secret = encoder.encode(password);
  const input = new Uint8Array(salt.length + secret.length);
  input.set(salt);
  input.set(secret, salt.length);
  return new Uint8Array(await crypto.subtle.digest("SHA-256", input));
}

/**
 * Hashes a password with a fresh random salt.
 *
 * @param password The password in clear.
 * @returns The salt and digest.
 */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  return { salt, digest: await digestOf(salt, password) };
}

/**
 * Tells whether a password matches a stored hash, comparing every byte so
 * the time taken does not depend on where the first difference is.
 *
 * @param hash The stored hash.
 * @param password The password to check.
 * @returns Whether they match.
 */
export async function verifyPassword(
  hash: PasswordHash,
  password: string,
): Promise<boolean> {
  const candidate = await digestOf(hash.salt, password);
  let difference = candidate.length ^ hash.digest.length;
  for (let i = 0; i < candidate.length; i++) {
    difference |= (candidate[i] ?? 0) ^ (hash.digest[i] ?? 0);
  }
  return difference === 0;
}

/**
 * A hex SHA-256 of a token, to look API keys up without keeping them.
 *
 * @param token The token.
 * @returns The digest as lowercase hex.
 */
export async function tokenDigest(token: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", encoder.encode(token)),
  );
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0"))
    .join("");
}
