// deno-lint-ignore-file no-console
/**
 * `deno task soak`: a long run of one connection, in process against the
 * emulator, to catch leaks that short tests cannot see.
 *
 * 1. 200,000 sequential-ish calls (`listUsernames`, a few in flight at a
 *    time), each with its own timeout and one long-lived caller signal.
 * 2. 2,000 calls at once.
 * 3. A disconnect with 1,000 calls in flight (held back by a delay fault).
 *
 * Budgets: heap growth under 10 MB (after gc() at start and end), no
 * listener left on the long-lived signal, every call settled. Exits
 * non-zero when a budget is broken.
 *
 * @module
 */
import {
  ConnectionClosedError,
  Connections,
  listUsernames,
} from "@milvus-rbac/client";
import { MilvusEmulator } from "@milvus-rbac/client/testing";

const CALLS = Number(Deno.env.get("SOAK_CALLS") ?? 200_000);
const IN_FLIGHT = 8;
const BURST = 2_000;
const CLOSING = 1_000;
const HEAP_BUDGET = 10 * 1024 * 1024;

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error("run with --v8-flags=--expose-gc (deno task soak does)");
  Deno.exit(2);
}

// Collects garbage a few times with event-loop turns between, since some
// resources (stream and fetch internals) are only freed by callbacks.
async function heap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Deno.memoryUsage().heapUsed;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(2);

// The long-lived caller signal, with its listener traffic counted.
const caller = new AbortController();
const signal = caller.signal;
let added = 0;
let removed = 0;
const live = new Set<unknown>();
const add = signal.addEventListener.bind(signal);
const remove = signal.removeEventListener.bind(signal);
signal.addEventListener =
  ((type: string, listener: unknown, options?: unknown) => {
    added++;
    live.add(listener);
    add(type, listener as EventListener, options as AddEventListenerOptions);
  }) as typeof signal.addEventListener;
signal.removeEventListener =
  ((type: string, listener: unknown, options?: unknown) => {
    removed++;
    live.delete(listener);
    remove(type, listener as EventListener, options as EventListenerOptions);
  }) as typeof signal.removeEventListener;

const emulator = new MilvusEmulator({ authorization: false });
const registry = new Connections();
const using = registry.connect({ fetch: emulator.fetch, timeout: 30_000 });

let started = 0;
let settled = 0;
let failed = 0;
const failures = new Map<string, number>();

async function one(timeout = 10_000): Promise<void> {
  started++;
  try {
    const names = await listUsernames({ using, signal, timeout });
    if (names[0] !== "root") throw new Error("unexpected answer");
  } catch (error) {
    failed++;
    const name = error instanceof Error ? error.name : String(error);
    failures.set(name, (failures.get(name) ?? 0) + 1);
    throw error;
  } finally {
    settled++;
  }
}

// Warm up, so the start figure already holds the code and caches.
for (let i = 0; i < 2_000; i++) await one();
const heapStart = await heap();
const t0 = performance.now();

// 1. The long run.
let next = 0;
async function worker(): Promise<void> {
  while (next < CALLS) {
    next++;
    await one();
  }
}
await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
const t1 = performance.now();
const heapAfterRun = await heap();

// 2. A burst.
const burst = await Promise.allSettled(
  Array.from({ length: BURST }, () => one()),
);
const burstRejected = burst.filter((r) => r.status === "rejected").length;
const t2 = performance.now();

// 3. A disconnect with calls in flight.
emulator.injectFault({ route: "users/list", delayMs: 60_000 });
const failedBefore = failed;
const closing = Array.from(
  { length: CLOSING },
  () => one().then(() => "ok", (error) => error),
);
await new Promise((resolve) => setTimeout(resolve, 50));
const closeAt = performance.now();
registry.disconnect("default");
const closed = await Promise.all(closing);
const closeMs = performance.now() - closeAt;
const closedRight =
  closed.filter((value) => value instanceof ConnectionClosedError).length;
emulator.clearFaults();
const failedExpected = failed - failedBefore;

const heapEnd = await heap();
const growth = heapEnd - heapStart;

const results = {
  calls: started,
  settled,
  unsettled: started - settled,
  "long run": `${CALLS} calls in ${((t1 - t0) / 1000).toFixed(1)} s (${
    Math.round(CALLS / ((t1 - t0) / 1000))
  } calls/s, ${IN_FLIGHT} in flight)`,
  "burst": `${BURST} at once in ${
    (t2 - t1).toFixed(0)
  } ms, ${burstRejected} rejected`,
  "disconnect":
    `${CLOSING} in flight, ${closedRight} ConnectionClosedError, all settled ${
      closeMs.toFixed(0)
    } ms after disconnect`,
  "heap start MB": mb(heapStart),
  "heap after long run MB": mb(heapAfterRun),
  "heap end MB": mb(heapEnd),
  "heap growth MB": mb(growth),
  "listeners added": added,
  "listeners removed": removed,
  "listeners left": live.size,
  "failures (unexpected)": failed - failedExpected,
};
console.log("soak summary");
for (const [key, value] of Object.entries(results)) {
  console.log(`  ${key.padEnd(24)} ${value}`);
}

const broken: string[] = [];
if (growth > HEAP_BUDGET) broken.push(`heap grew ${mb(growth)} MB > 10 MB`);
if (live.size !== 0 || added !== removed) {
  broken.push(`listener growth: ${added} added, ${removed} removed`);
}
if (started !== settled) {
  broken.push(`${started - settled} calls never settled`);
}
if (closedRight !== CLOSING) {
  broken.push(
    `${
      CLOSING - closedRight
    } in-flight calls did not end with ConnectionClosedError`,
  );
}
if (failed - failedExpected !== 0 || burstRejected !== 0) {
  broken.push(`unexpected failures: ${JSON.stringify([...failures])}`);
}
if (broken.length > 0) {
  console.log(`FAIL: ${broken.join("; ")}`);
  Deno.exit(1);
}
console.log("PASS: every budget met");
