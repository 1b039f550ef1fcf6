// Offline stand-in for the parts of `@std/testing/mock` that the tests use,
// mapped in only when JSR cannot be reached.
import { strict } from "node:assert";

/** One recorded call of a spy. */
export interface SpyCall<Args extends unknown[], Return> {
  args: Args;
  returned?: Return;
  error?: unknown;
}

/** A function that records its calls. */
export interface Spy<Args extends unknown[], Return> {
  (...args: Args): Return;
  calls: SpyCall<Args, Return>[];
}

export function spy<Args extends unknown[], Return>(
  fn: (...args: Args) => Return,
): Spy<Args, Return> {
  const calls: SpyCall<Args, Return>[] = [];
  const wrapped = function (this: unknown, ...args: Args): Return {
    const call: SpyCall<Args, Return> = { args };
    calls.push(call);
    try {
      call.returned = fn.apply(this, args);
      return call.returned;
    } catch (error) {
      call.error = error;
      throw error;
    }
  };
  return Object.assign(wrapped, { calls });
}

export function assertSpyCalls(
  spied: { calls: unknown[] },
  expected: number,
): void {
  strict.equal(spied.calls.length, expected, "Unexpected number of spy calls");
}
