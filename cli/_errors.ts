// The CLI's own failures, besides the client's typed errors: wrong usage or
// input (exit 2) and a prompt the user cancelled.

/** The command line or the input is wrong; nothing was sent. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The user cancelled at a prompt (Ctrl-C, or Ctrl-D on an empty line). */
export class CancelledError extends Error {
  override name = "CancelledError";
}
