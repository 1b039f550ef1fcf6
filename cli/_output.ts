// How a run ends: its exit code, and what it prints on success and failure,
// as short plain lines or one JSON object. Everything printed is scrubbed of
// the secrets this run has read, as a last line of defence; the client's
// messages do not hold them in the first place.
import {
  AuthenticationError,
  ClientTimeoutError,
  ConnectionClosedError,
  ConnectionConfigError,
  InputError,
  MilvusError,
  NetworkError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
} from "../mod.ts";
import { CancelledError, UsageError } from "./_errors.ts";

/** Exit codes, as documented in the help. */
export const EXIT = Object.freeze({
  ok: 0,
  refused: 1,
  usage: 2,
  network: 3,
  cancelled: 130,
});

/** The exit code of a failure. */
export function exitCodeOf(error: unknown): number {
  if (
    error instanceof UsageError || error instanceof InputError ||
    error instanceof ConnectionConfigError
  ) {
    return EXIT.usage;
  }
  if (error instanceof CancelledError) return EXIT.cancelled;
  if (
    error instanceof NetworkError || error instanceof ClientTimeoutError ||
    error instanceof ServerTimeoutError ||
    error instanceof RouteNotFoundError ||
    error instanceof UnexpectedResponseError ||
    error instanceof ConnectionClosedError
  ) {
    return EXIT.network;
  }
  // The server answered and said no; unknown errors land here too, as the
  // run did not do what was asked.
  return EXIT.refused;
}

/** The JSON printed for a failure; absent fields are `null`, not missing. */
export interface FailureJson {
  ok: false;
  command: string | null;
  exitCode: number;
  error: {
    name: string;
    message: string;
    code: number | null;
    httpStatus: number | null;
    route: string | null;
    serverMessage: string | null;
  };
  hint: string | null;
}

/** The JSON and the plain lines of a failure. */
export function describeFailure(
  command: string | undefined,
  error: unknown,
  secrets: readonly string[],
): { json: FailureJson; lines: string[] } {
  const exitCode = exitCodeOf(error);
  const name = error instanceof Error ? error.name : "Error";
  let message = error instanceof Error ? error.message : String(error);
  // The client's errors and ours are written never to hold a secret; and
  // scrubbing them would also blank out words that happen to equal a
  // password (root's default, "Milvus", is one). Anything else is unvetted.
  if (
    !(error instanceof MilvusError) && !(error instanceof UsageError) &&
    !(error instanceof CancelledError)
  ) {
    message = scrubAll(`internal error (${name}): ${message}`, secrets);
  }

  const hint = hintFor(command, exitCode, error);
  const json: FailureJson = {
    ok: false,
    command: command ?? null,
    exitCode,
    error: {
      name,
      message,
      code: error instanceof MilvusError ? error.code ?? null : null,
      httpStatus: error instanceof MilvusError
        ? error.httpStatus ?? null
        : null,
      route: error instanceof MilvusError ? error.route ?? null : null,
      serverMessage: error instanceof ServerError ? error.serverMessage : null,
    },
    hint,
  };

  const lines = [`error: ${message}`];
  if (hint !== null) lines.push(`hint: ${hint}`);
  if (exitCode === EXIT.usage && error instanceof UsageError) {
    lines.push(`see: ${usageHint(command)}`);
  }
  return { json, lines };
}

// A lost reply to a password change leaves the user unsure which password is
// in force; retrying blindly could lock them out.
function hintFor(
  command: string | undefined,
  exitCode: number,
  error: unknown,
): string | null {
  if (command === "update-password" && exitCode === EXIT.network) {
    return "the password may or may not have changed: run verify with the new password, then with the old one, before trying again";
  }
  if (command === "update-password" && error instanceof AuthenticationError) {
    return "the login failed before any change was tried: when you log in as the user whose password changes, check the current password";
  }
  return null;
}

function usageHint(command: string | undefined): string {
  return command === undefined ? "--help" : `${command} --help`;
}

/** `text` with every secret in `secrets` replaced, longest first. */
export function scrubAll(text: string, secrets: readonly string[]): string {
  const known = [...new Set(secrets)].filter((secret) => secret.length > 0)
    .sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of known) result = result.split(secret).join("<redacted>");
  return result;
}
