// One time limit and one signal across the several requests of a composite
// operation (a role's users, every user's roles): each request gets what is
// left of the budget, and leaving the operation cancels any still running.
import { ClientTimeoutError } from "./errors.ts";
import type { ConnectionState } from "./_connection_state.ts";
import type { CallOptions } from "./_request.ts";

/** What each request of a composite operation is called with. */
export interface Budget extends CallOptions {
  readonly timeout: number | null;
  readonly signal: AbortSignal;
}

export async function withBudget<T>(
  state: ConnectionState,
  options: CallOptions,
  action: string,
  fn: (budget: Budget) => Promise<T>,
): Promise<T> {
  const timeout = options.timeout === undefined
    ? state.settings.timeout
    : options.timeout;
  const callerSignal = options.signal;
  callerSignal?.throwIfAborted();

  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const deadline = timeout === null ? undefined : Date.now() + timeout;
  const timer = timeout === null ? undefined : setTimeout(() => {
    controller.abort(
      new ClientTimeoutError(
        `Cannot ${action}: not finished within ${timeout} ms; raise "timeout" or check the server`,
        timeout,
      ),
    );
  }, timeout);

  const budget: Budget = {
    get timeout() {
      return deadline === undefined ? null : Math.max(1, deadline - Date.now());
    },
    signal: controller.signal,
  };

  try {
    return await fn(budget);
  } catch (error) {
    if (controller.signal.aborted) throw controller.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
    controller.abort();
  }
}
