// A deliberately misbehaving HTTP server on 127.0.0.1, for the cases the
// emulator cannot produce: bodies that never end, proxy pages, huge bodies.
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** How many requests arrived. */
  readonly hits: number;
  /** The requests that arrived, with their bodies read. */
  seen: { path: string; headers: Headers; body: string }[];
  close(): Promise<void>;
}

/**
 * Serves `handler` on a random loopback port. Streams a handler opens with
 * {@linkcode endlessBody} are closed when the server closes, so that the
 * resource sanitizer sees nothing left behind.
 */
export function serveLoopback(
  handler: (request: Request) => Response | Promise<Response>,
): LoopbackServer {
  const controller = new AbortController();
  const seen: LoopbackServer["seen"] = [];
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: controller.signal,
    onListen: () => {},
  }, async (request) => {
    const body = await request.text();
    seen.push({
      path: new URL(request.url).pathname,
      headers: request.headers,
      body,
    });
    return await handler(request);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    get hits() {
      return seen.length;
    },
    seen,
    async close() {
      closeEndless();
      controller.abort();
      await server.finished;
    },
  };
}

const endless = new Set<ReadableStreamDefaultController<Uint8Array>>();

function closeEndless(): void {
  for (const stream of endless) {
    try {
      stream.close();
    } catch {
      // Already cancelled by the client.
    }
  }
  endless.clear();
}

/** A 200 response that sends the start of a JSON body and never ends it. */
export function endlessBody(): Response {
  const body = new ReadableStream<Uint8Array>({
    start(stream) {
      endless.add(stream);
      stream.enqueue(new TextEncoder().encode('{"code":0,"data":'));
    },
    cancel() {},
  });
  return new Response(body, {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
