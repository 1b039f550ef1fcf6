/**
 * Test helpers for clients of the Milvus REST v2 user and role API: an
 * in-memory Milvus emulator with fault injection, usable in process through
 * its `fetch`, as a `Deno.serve`/`Bun.serve` handler, or over real HTTP
 * with {@linkcode serveEmulator}.
 *
 * The emulator imitates Milvus 2.4, 2.5 or 2.6 answer for answer: status
 * codes, Milvus error codes and messages, authentication and privilege
 * checks, and request timeouts.
 *
 * @example Talk to the emulator over HTTP
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";
 *
 * const milvus = new MilvusEmulator({ rootPassword: "s3cret-root" });
 * const server = await serveEmulator(milvus);
 * try {
 *   const response = await fetch(`${server.url}/v2/vectordb/users/list`, {
 *     method: "POST",
 *     headers: { Authorization: "Bearer root:s3cret-root" },
 *     body: "{}",
 *   });
 *   assertEquals(await response.json(), { code: 0, data: ["root"] });
 * } finally {
 *   await server.close();
 * }
 * ```
 *
 * @module
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Outcome } from "./src/emulator/_core.ts";
import { type Dispatch, dispatchOf } from "./src/emulator/_registry.ts";
import { wait } from "./src/_abortable.ts";
import { stallPoint } from "./src/emulator/_web.ts";
import type { MilvusEmulator } from "./src/emulator/emulator.ts";

export {
  type EmulatorSummary,
  type Fault,
  type InjectedFault,
  MilvusEmulator,
  type MilvusEmulatorOptions,
  type MilvusRoute,
  type MilvusVersion,
} from "./src/emulator/emulator.ts";

/** Options of {@linkcode serveEmulator}. */
export interface ServeEmulatorOptions {
  /**
   * The address to listen on.
   *
   * @default {"127.0.0.1"}
   */
  hostname?: string;
  /**
   * The port to listen on; 0 picks a free one.
   *
   * @default {0}
   */
  port?: number;
}

/** A running HTTP server in front of an emulator. */
export interface EmulatorServer {
  /** The base URL, e.g. `http://127.0.0.1:19530`, without a trailing slash. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /**
   * Closes every connection, ends pending delays and stalls, and resolves
   * once the server has stopped. Calling it again returns the same promise.
   */
  close(): Promise<void>;
}

const decoder = new TextDecoder();

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of request) chunks.push(chunk as Uint8Array);

  const bytes = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return decoder.decode(bytes);
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    headers.append(raw[i] ?? "", raw[i + 1] ?? "");
  }
  return headers;
}

async function send(
  outcome: Outcome,
  response: ServerResponse,
  signal: AbortSignal,
): Promise<void> {
  // An abort means the client or the server has gone; a drop fault asks
  // for the same abrupt end.
  if (outcome.kind !== "answer") {
    response.socket?.destroy();
    return;
  }

  const { status, headers, body } = outcome.answer;
  for (const [name, value] of headers) response.setHeader(name, value);
  if (status !== 204 && status !== 304) {
    response.setHeader("Content-Length", body.length);
  }
  response.writeHead(status);
  if (outcome.stallMs === undefined) {
    response.end(body);
    return;
  }

  const cut = stallPoint(body.length);
  response.write(body.subarray(0, cut));
  if (!await wait(outcome.stallMs, signal)) {
    response.socket?.destroy();
    return;
  }
  response.end(body.subarray(cut));
}

async function serveOne(
  dispatch: Dispatch,
  request: IncomingMessage,
  response: ServerResponse,
  pending: Set<AbortController>,
): Promise<void> {
  const controller = new AbortController();
  pending.add(controller);
  function onClose(): void {
    if (!response.writableFinished) {
      controller.abort(new Error("Client closed the connection"));
    }
  }
  response.on("close", onClose);

  try {
    const call = {
      method: request.method ?? "GET",
      url: new URL(request.url ?? "/", "http://emulator.invalid"),
      headers: headersOf(request),
      body: await readBody(request),
    };
    const outcome = await dispatch(call, () => controller.signal);
    await send(outcome, response, controller.signal);
  } catch {
    response.socket?.destroy();
  } finally {
    pending.delete(controller);
    response.off("close", onClose);
  }
}

function checkPort(port: unknown): number {
  if (
    typeof port !== "number" || !Number.isInteger(port) || port < 0 ||
    port > 65535
  ) {
    throw new RangeError(
      `Cannot serve emulator: port must be an integer from 0 to 65535, got ${port}`,
    );
  }
  return port;
}

/**
 * Serves an emulator over real HTTP with `node:http`, which Deno, Node and
 * Bun all provide. `node:http` is loaded only when this is called, so the
 * rest of this module works where it is missing. An injected `drop` fault
 * destroys the socket.
 *
 * @example Serve on a free port
 * ```ts
 * import { assertMatch } from "@std/assert";
 * import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";
 *
 * const server = await serveEmulator(new MilvusEmulator(), { port: 0 });
 * assertMatch(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
 * await server.close();
 * ```
 *
 * @param emulator The emulator to serve.
 * @param options Where to listen.
 * @returns The running server.
 * @throws {TypeError} When `emulator` is not a {@linkcode MilvusEmulator}.
 * @throws {RangeError} When the port is out of range.
 */
export async function serveEmulator(
  emulator: MilvusEmulator,
  options: ServeEmulatorOptions = {},
): Promise<EmulatorServer> {
  const dispatch = dispatchOf(emulator);
  const hostname = options.hostname ?? "127.0.0.1";
  const requestedPort = checkPort(options.port ?? 0);

  const http = await import("node:http");
  const pending = new Set<AbortController>();
  const handling = new Set<Promise<void>>();
  const server = http.createServer((request, response) => {
    const handled = serveOne(dispatch, request, response, pending);
    handling.add(handled);
    handled.finally(() => handling.delete(handled));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(requestedPort, hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });

  const address = server.address();
  const port = typeof address === "object" && address !== null
    ? address.port
    : requestedPort;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;

  let closed: Promise<void> | undefined;
  function close(): Promise<void> {
    closed ??= (async () => {
      const stopped = new Promise<void>((resolve) =>
        server.close(() => resolve())
      );
      for (const controller of pending) {
        controller.abort(new Error("Emulator server closed"));
      }
      server.closeAllConnections();
      await stopped;

      // Handlers end a moment after their sockets; waiting for them means
      // nothing of the server outlives close().
      await Promise.allSettled([...handling]);
    })();
    return closed;
  }

  return { url: `http://${host}:${port}`, port, close };
}
