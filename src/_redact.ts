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
  // A server may echo a secret JSON-escaped, so that form is removed too.
  const forms = secrets.flatMap((secret) => [
    secret,
    JSON.stringify(secret).slice(1, -1),
  ]);
  const known = [...new Set(forms)].filter((secret) => secret.length > 0)
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
  // Scrub before folding and cutting: either could break a secret apart so
  // that it no longer matches, and leave part of it in the excerpt.
  const folded = scrub(text, secrets).replace(/\s+/g, " ").trim();
  return folded.length > EXCERPT_LIMIT
    ? `${folded.slice(0, EXCERPT_LIMIT)}...`
    : folded;
}

/**
 * Returns an error safe to keep as a `cause`: the original when nothing in its
 * chain holds a secret, otherwise a scrubbed copy.
 */
export function safeCause(cause: unknown, secrets: readonly string[]): unknown {
  if (!(cause instanceof Error)) {
    return new Error(scrub(textOf(cause), secrets));
  }

  const text = chainText(cause);
  if (text !== undefined && scrub(text, secrets) === text) return cause;

  // The copy drops the deeper causes and any other fields, which may be
  // where the secret sits.
  const copy = new Error(scrub(cause.message, secrets));
  copy.name = cause.name;
  copy.stack = scrub(cause.stack ?? "", secrets);
  return copy;
}

// Everything inspect would print of an error chain, or `undefined` when part
// of it is an object (a request, a Headers) whose printed form cannot be
// checked here, or the chain is too deep to walk.
function chainText(error: Error): string | undefined {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined; depth++) {
    if (depth === 8) return undefined;
    if (!(current instanceof Error)) {
      if (typeof current === "object" && current !== null) return undefined;
      parts.push(textOf(current));
      break;
    }

    parts.push(current.name, current.message, current.stack ?? "");
    for (const value of Object.values(current)) {
      if (typeof value === "object" && value !== null) return undefined;
      parts.push(textOf(value));
    }
    current = current.cause;
  }
  return parts.join("\n");
}

function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "unprintable value";
  }
}
