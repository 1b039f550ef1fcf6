/**
 * Waiting that ends early when a signal aborts and leaves no timer behind.
 *
 * @module
 */

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
