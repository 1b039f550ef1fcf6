/**
 * A link from an emulator to its pipeline that stays out of the public API,
 * for the HTTP server adapter.
 *
 * @module
 */

import type { IncomingCall, Outcome } from "./_core.ts";

/** Runs one request through an emulator's pipeline. */
export type Dispatch = (
  call: IncomingCall,
  signal: () => AbortSignal,
) => Promise<Outcome>;

const dispatchers = new WeakMap<object, Dispatch>();

/**
 * Records the pipeline of an emulator.
 *
 * @param emulator The emulator.
 * @param dispatch Its pipeline.
 */
export function registerDispatch(emulator: object, dispatch: Dispatch): void {
  dispatchers.set(emulator, dispatch);
}

/**
 * The pipeline of an emulator.
 *
 * @param emulator The emulator.
 * @returns Its pipeline.
 * @throws {TypeError} When the value is not an emulator.
 */
export function dispatchOf(emulator: object): Dispatch {
  const dispatch = dispatchers.get(emulator);
  if (dispatch === undefined) {
    throw new TypeError("Cannot serve: the value is not a MilvusEmulator");
  }
  return dispatch;
}
