/**
 * Injected faults: slow, stalled, dropped or replaced responses, to test how
 * a client copes with the network and proxies in front of Milvus.
 *
 * @module
 */

import { type MilvusRoute, ROUTES } from "./_routes.ts";

/**
 * A fault to inject into the emulator's answers.
 *
 * A fault is picked after the route is known and before authentication, so
 * it models the network or a proxy: it applies to any request on its route,
 * authenticated or not. When several faults match a request, the one
 * injected first applies and only it counts the request.
 *
 * - `delayMs` holds the request before Milvus handles it. If the delay
 *   outlasts the request's timeout (the `Request-Timeout` header or the
 *   default), the answer is the 408 of the emulated version, sent at the
 *   deadline, and the request is not applied.
 * - `status` (with `body` and `headers`) replaces the answer, after the
 *   delay, as a proxy would; Milvus never sees the request.
 * - `drop` handles the request, then closes the connection without an
 *   answer, so the change is applied but the client cannot know.
 * - `stallMs` handles the request, sends the head and the first half of the
 *   body, pauses, then sends the rest.
 * - `headers` without `status` are added to the real answer.
 *
 * A delay or stall ends early when the request is aborted or the server
 * closes.
 */
export interface Fault {
  /**
   * The route to affect, e.g. `"users/update_password"`.
   *
   * @default {every request, known route or not}
   */
  route?: MilvusRoute;
  /**
   * How many requests to affect before the fault clears itself.
   *
   * @default {Infinity}
   */
  times?: number;
  /** Milliseconds to hold the request first; may be `Infinity`. */
  delayMs?: number;
  /** Milliseconds to pause in the middle of the body; may be `Infinity`. */
  stallMs?: number;
  /** Close the connection instead of answering. */
  drop?: boolean;
  /** Answer with this HTTP status instead of Milvus's answer (200–599). */
  status?: number;
  /**
   * The body of the replacing answer.
   *
   * @default {""}
   */
  body?: string;
  /** Headers of the replacing answer, or extra headers of the real one. */
  headers?: Record<string, string>;
}

/** A handle on an injected fault. */
export interface InjectedFault {
  /** How many requests the fault has affected so far. */
  readonly hits: number;
  /** Whether it still applies to new requests. */
  readonly active: boolean;
  /** Stops it applying to new requests. */
  clear(): void;
}

/** A validated fault, as the dispatcher uses it. */
export interface ActiveFault {
  readonly delayMs: number;
  readonly stallMs: number | undefined;
  readonly drop: boolean;
  readonly status: number | undefined;
  readonly body: string;
  readonly headers: readonly [string, string][];
}

interface Entry {
  readonly route: string | undefined;
  readonly fault: ActiveFault;
  remaining: number;
  hits: number;
}

function checkDuration(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `Cannot inject fault: ${name} must be a non-negative number of milliseconds`,
    );
  }
  return value;
}

function checkTimes(value: unknown): number {
  if (value === undefined) return Infinity;
  if (
    typeof value !== "number" ||
    !(Number.isSafeInteger(value) || value === Infinity) || value < 1
  ) {
    throw new RangeError(
      "Cannot inject fault: times must be a positive integer or Infinity",
    );
  }
  return value;
}

function checkStatus(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (
    !Number.isInteger(value) || (value as number) < 200 ||
    (value as number) > 599
  ) {
    throw new RangeError(
      "Cannot inject fault: status must be an integer from 200 to 599",
    );
  }
  return value as number;
}

function checkFault(fault: Fault): ActiveFault {
  if (typeof fault !== "object" || fault === null) {
    throw new TypeError("Cannot inject fault: fault must be an object");
  }
  if (fault.route !== undefined && !ROUTES.has(fault.route)) {
    throw new TypeError(
      `Cannot inject fault: unknown route ${JSON.stringify(fault.route)}`,
    );
  }
  if (fault.drop !== undefined && typeof fault.drop !== "boolean") {
    throw new TypeError("Cannot inject fault: drop must be a boolean");
  }
  if (fault.body !== undefined && typeof fault.body !== "string") {
    throw new TypeError("Cannot inject fault: body must be a string");
  }

  const status = checkStatus(fault.status);
  const stallMs = checkDuration("stallMs", fault.stallMs);
  const drop = fault.drop ?? false;
  if (drop && (status !== undefined || stallMs !== undefined)) {
    throw new TypeError(
      "Cannot inject fault: drop cannot be combined with status or stallMs",
    );
  }
  if (fault.body !== undefined && status === undefined) {
    throw new TypeError("Cannot inject fault: body needs a status");
  }

  // Headers throws a TypeError for names or values HTTP cannot carry.
  const headers = [...new Headers(fault.headers ?? {})];
  return {
    delayMs: checkDuration("delayMs", fault.delayMs) ?? 0,
    stallMs,
    drop,
    status,
    body: fault.body ?? "",
    headers,
  };
}

/** The faults injected into one emulator. */
export class FaultRegistry {
  #entries: Entry[] = [];

  /** The number of faults still active. */
  get size(): number {
    return this.#entries.length;
  }

  /**
   * Adds a fault.
   *
   * @param fault The fault.
   * @returns A handle on it.
   * @throws {TypeError} When the fault is malformed.
   * @throws {RangeError} When a number is out of range.
   */
  inject(fault: Fault): InjectedFault {
    const entry: Entry = {
      route: fault.route,
      fault: checkFault(fault),
      remaining: checkTimes(fault.times),
      hits: 0,
    };
    this.#entries.push(entry);

    const entries = (): Entry[] => this.#entries;
    const remove = (): void => {
      this.#entries = this.#entries.filter((other) => other !== entry);
    };
    return {
      get hits(): number {
        return entry.hits;
      },
      get active(): boolean {
        return entries().includes(entry);
      },
      clear: remove,
    };
  }

  /** Removes every fault. */
  clear(): void {
    this.#entries = [];
  }

  /**
   * Picks the fault for a request and counts the request against it.
   *
   * @param route The route name, or the path of an unknown route.
   * @returns The fault, or `undefined` when none applies.
   */
  take(route: string): ActiveFault | undefined {
    const entry = this.#entries.find((candidate) =>
      candidate.route === undefined || candidate.route === route
    );
    if (entry === undefined) return undefined;

    entry.hits++;
    entry.remaining--;
    if (entry.remaining <= 0) {
      this.#entries = this.#entries.filter((other) => other !== entry);
    }
    return entry.fault;
  }
}
