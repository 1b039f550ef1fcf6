// A deliberately broken HTTP server on 127.0.0.1, written on raw TCP so that
// it can misbehave in ways a real HTTP server library will not: accept and
// never answer, stall or reset in the middle of a body. Every socket it
// accepts is tracked and closed by close(), so tests stay clean under Deno's
// resource sanitizer.

/** How the server treats every connection it accepts. */
export type BrokenBehaviour =
  /** Read the request and never answer. */
  | "silent"
  /** Send the headers and half of a declared body, then stall. */
  | "stall-mid-body"
  /** Send the headers and half of a declared body, then reset. */
  | "reset-mid-body";

/** A running broken server. */
export interface BrokenServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** How many connections it accepted. */
  accepted: number;
  /** Stops listening and closes every accepted connection. */
  close(): Promise<void>;
}

const DECLARED_LENGTH = 4096;
const HALF_BODY = '{"code":0,"data":["root","alice",' + " ".repeat(64);

/**
 * Starts a server that misbehaves as `behaviour` says.
 *
 * @param behaviour What to do with each connection.
 * @returns The server.
 */
export function startBrokenServer(behaviour: BrokenBehaviour): BrokenServer {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const handlers = new Set<Promise<void>>();
  let closed = false;

  const server: BrokenServer = {
    url: `http://127.0.0.1:${listener.addr.port}`,
    port: listener.addr.port,
    accepted: 0,
    async close() {
      if (closed) return;
      closed = true;
      listener.close();
      for (const conn of conns) closeQuietly(conn);
      conns.clear();
      await accepting;
      await Promise.allSettled([...handlers]);
    },
  };

  const accepting = (async () => {
    while (!closed) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      server.accepted++;
      conns.add(conn);
      const handling = handle(conn, behaviour)
        .catch(() => {})
        .finally(() => {
          handlers.delete(handling);
          conns.delete(conn);
          closeQuietly(conn);
        });
      handlers.add(handling);
    }
  })();

  return server;
}

async function handle(conn: Deno.Conn, behaviour: BrokenBehaviour) {
  if (behaviour === "reset-mid-body") {
    // Read only a little: closing a socket that still has unread input makes
    // the kernel answer with RST instead of FIN, which is a true reset.
    await conn.read(new Uint8Array(16));
    await writeAll(conn, head(DECLARED_LENGTH) + HALF_BODY);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return;
  }

  await readRequest(conn);
  if (behaviour === "silent") {
    // Keep reading so that the peer closing is noticed; never write.
    await drain(conn);
    return;
  }

  await writeAll(conn, head(DECLARED_LENGTH) + HALF_BODY);
  await drain(conn);
}

function head(length: number): string {
  return "HTTP/1.1 200 OK\r\n" +
    "Content-Type: application/json; charset=utf-8\r\n" +
    `Content-Length: ${length}\r\n\r\n`;
}

// Reads until the end of the request headers and the body they announce.
async function readRequest(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(64 * 1024);
  let text = "";
  while (true) {
    const n = await conn.read(buffer);
    if (n === null) return;
    text += new TextDecoder().decode(buffer.subarray(0, n));
    const end = text.indexOf("\r\n\r\n");
    if (end < 0) continue;
    const length = Number(
      /content-length:\s*(\d+)/i.exec(text.slice(0, end))?.[1] ?? "0",
    );
    if (text.length - end - 4 >= length) return;
  }
}

async function drain(conn: Deno.Conn): Promise<void> {
  const buffer = new Uint8Array(4096);
  while ((await conn.read(buffer)) !== null) {
    // discard
  }
}

async function writeAll(conn: Deno.Conn, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  let written = 0;
  while (written < bytes.length) {
    written += await conn.write(bytes.subarray(written));
  }
}

function closeQuietly(conn: Deno.Conn): void {
  try {
    conn.close();
  } catch {
    // already closed
  }
}

/**
 * A loopback port that nothing listens on: bound, then released.
 *
 * @returns The port.
 */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  return port;
}
