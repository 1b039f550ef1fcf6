// Scrubbing of secrets out of text that may end up in an error: server
// messages, response excerpts and the messages of underlying errors.

const REDACTED = "<redacted>";

// Credentials that can appear in text even when we do not know their value:
// an Authorization scheme and its token, `password=...`-style pairs and the
// user-info part of a URL.
const AUTH_SCHEME_REGEXP = /\b(Bearer|Basic)\s+[^\s"',;]+/gi;
const SECRET_PAIR_REGEXP =
  /((?:password|newPassword|oldPassword|token|apiKey|api_key|authorization)["']?\s*[:=]\s*["']?)[^\s"',;}&]+/gi;
const URL_USER_INFO_REGEXP = /(\/\/)[^\s/@]+@/g;

const EXCERPT_LIMIT = 200;

/**
 * Returns `text` with every known secret and every credential-looking pattern
 * replaced by `<redacted>`.
 */
export function scrub(text: string, secrets: readonly string[]): string {
  let result = text;

  // Longest first, so a secret that contains another is removed whole.
  const known = [...new Set(secrets)].filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) {
    result = result.split(secret).join(REDACTED);
  }

  return result
    .replace(AUTH_SCHEME_REGEXP, `$1 ${REDACTED}`)
    .replace(SECRET_PAIR_REGEXP, `$1${REDACTED}`)
    .replace(URL_USER_INFO_REGEXP, `$1${REDACTED}@`);
}

/** A short, single-line, scrubbed start of a response body. */
export function excerpt(text: string, secrets: readonly string[]): string {
  const folded = text.replace(/\s+/g, " ").trim();
  const short = folded.length > EXCERPT_LIMIT
    ? `${folded.slice(0, EXCERPT_LIMIT)}...`
    : folded;
  return scrub(short, secrets);
}

/**
 * Returns an error safe to keep as a `cause`: the original when nothing in its
 * name, message or stack holds a secret, otherwise a scrubbed copy.
 */
export function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) {
    return new Error(scrub(String(cause), secrets));
  }

  const text = chainText(cause);
  if (scrub(text, secrets) === text) return cause;

  // The copy drops the deeper causes, which may be where the secret sits.

  const copy = new Error(scrub(cause.message, secrets));
  copy.name = cause.name;
  copy.stack = scrub(cause.stack ?? "", secrets);
  return copy;
}

function chainText(error: Error): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined; depth++) {
    if (current instanceof Error) {
      parts.push(current.name, current.message, current.stack ?? "");
      current = current.cause;
    } else {
      parts.push(String(current));
      current = undefined;
    }
  }
  return parts.join("\n");
}
