// deno-lint-ignore-file no-console
/**
 * A minimal loopback server for the benchmarks, run as its own process so
 * its cost lands on the other core: it answers every POST with Milvus's
 * success body and checks nothing. Prints its URL on the first line.
 *
 * @module
 */
const BODY = new TextEncoder().encode('{"code":0,"data":{}}');
const HEADERS = { "content-type": "application/json; charset=utf-8" };

const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  async (request) => {
    await request.arrayBuffer();
    return new Response(BODY, { headers: HEADERS });
  },
);
console.log(`http://127.0.0.1:${server.addr.port}`);
await server.finished;
