// A fresh emulator and a root connection to it through a fetch that records
// every request, so tests can check both the outcome and what went over the
// wire.
import { type Connection, Connections } from "@milvus-rbac/client";
import {
  MilvusEmulator,
  type MilvusEmulatorOptions,
} from "@milvus-rbac/client/testing";

/** One request the client sent. */
export interface Sent {
  /** The route under /v2/vectordb. */
  route: string;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
}

/** What {@linkcode setup} returns. */
export interface Setup {
  emulator: MilvusEmulator;
  /** Logged in as root. */
  using: Connection;
  /** The alias map `using` lives in, for more connections. */
  registry: Connections;
  sent: Sent[];
  /** Waits for requests the client gave up on to finish in the emulator. */
  settle: () => Promise<void>;
}

/** Connects as root to a new emulator through a recording fetch. */
export function setup(
  options: MilvusEmulatorOptions = {},
  retries?: number,
): Setup {
  const emulator = new MilvusEmulator(options);
  const sent: Sent[] = [];
  const pending = new Set<Promise<Response>>();

  // The client passes the URL and a string body, so the body can be read
  // without cloning a stream.
  function recordingFetch(
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> {
    sent.push({
      route: new URL(String(input)).pathname.replace("/v2/vectordb/", ""),
      body: JSON.parse(String(init?.body)),
    });
    const answer = emulator.fetch(input, init);
    pending.add(answer);
    answer.then(
      () => pending.delete(answer),
      () => pending.delete(answer),
    );
    return answer;
  }

  async function settle(): Promise<void> {
    await Promise.allSettled(pending);
    // An aborted request can still be tidying up (timers, listeners) for a
    // moment after its promise settles; on a loaded machine the op
    // sanitizer then blamed the next test, so let it finish here.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  const registry = new Connections();
  const using = registry.connect({
    user: "root",
    password: "Milvus",
    fetch: recordingFetch,
    ...(retries === undefined ? {} : { retries }),
  });
  return { emulator, using, registry, sent, settle };
}
