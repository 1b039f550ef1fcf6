// Waiting that an AbortSignal can cut short, for promises that may never
// settle on their own (an injected fetch may ignore signals) and for the
// pauses between retries.

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts, even if the
 * promise never settles (an injected fetch may ignore signals). A late result
 * is disposed of, and a late rejection is not left unhandled.
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  dispose?: (value: T) => void,
): Promise<T> {
  if (signal.aborted) {
    promise.then(dispose, () => {});
    return Promise.reject(signal.reason);
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.then(dispose, () => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) dispose?.(value);
        else resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

// setTimeout cannot wait longer than this; longer waits last until aborted.
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Waits for a time or until the signal aborts, whichever comes first.
 *
 * @param ms How long to wait; `Infinity` waits for the signal only.
 * @param signal Ends the wait early.
 * @returns `true` when the time passed, `false` when the signal aborted.
 */
export function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  if (ms <= 0) return Promise.resolve(true);

  return new Promise((resolve) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    function onAbort(): void {
      clearTimeout(timer);
      resolve(false);
    }
    signal.addEventListener("abort", onAbort, { once: true });
    if (ms <= MAX_TIMER_MS) {
      timer = setTimeout(() => {
        signal.removeEventListener("abort", onAbort);
        resolve(true);
      }, ms);
    }
  });
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (!await wait(ms, signal)) throw signal.reason;
}
