// URI and host/port/secure rules of connect(), read back through the
// secret-free address and the requests a recording fetch sees.
import {
  assertEquals,
  assertFalse,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  ConnectionConfigError,
  Connections,
  type ConnectOptions,
  listUsernames,
} from "@milvus-rbac/client";
import { ok, recordingFetch } from "./_helpers/fake_fetch.ts";
import { CANARY_PASSWORD } from "./_helpers/secrets.ts";

function addressOf(options: ConnectOptions) {
  return new Connections().connect(options).toJSON();
}

async function firstRequest(options: ConnectOptions) {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({
    using: new Connections().connect({ ...options, fetch }),
  });
  return requests[0]!;
}

Deno.test("connect() defaults to http://localhost:19530 and the default database", () => {
  const json = addressOf({});
  assertEquals(json.address, "http://localhost:19530");
  assertEquals(json.dbName, "default");
  assertEquals(json.user, undefined);
  assertEquals(new Connections().connect().timeout, 30_000);
});

Deno.test("connect() gives https port 443 and http port 19530 by default", () => {
  assertEquals(
    addressOf({ uri: "https://example.com" }).address,
    "https://example.com:443",
  );
  assertEquals(
    addressOf({ uri: "http://example.com" }).address,
    "http://example.com:19530",
  );
  assertEquals(addressOf({ uri: "HTTPS://Example.COM" }).port, 443);
});

Deno.test("connect() keeps an explicit port, even the scheme's usual one", () => {
  assertEquals(addressOf({ uri: "http://example.com:80" }).port, 80);
  assertEquals(addressOf({ uri: "https://example.com:443" }).port, 443);
  assertEquals(addressOf({ uri: "http://example.com:443" }).port, 443);
  assertEquals(addressOf({ uri: "https://example.com:19530" }).port, 19530);
  assertEquals(addressOf({ uri: "http://u:p@example.com:80/db" }).port, 80);
  assertEquals(
    addressOf({ uri: "http://[::1]:80" }).address,
    "http://[::1]:80",
  );
  assertEquals(
    addressOf({ uri: "http://[::1]" }).address,
    "http://[::1]:19530",
  );
});

Deno.test("connect() sends requests to the address from the URI", async () => {
  const request = await firstRequest({ uri: "https://example.com:8443/" });
  assertEquals(request.url, "https://example.com:8443/v2/vectordb/users/list");
});

Deno.test("connect() reads user:password@ from the URI into Authorization", async () => {
  const request = await firstRequest({
    uri: "http://alice:s%40cret%3Ax@milvus.test",
  });
  assertEquals(request.headers["authorization"], "Bearer alice:s@cret:x");
  assertEquals(addressOf({ uri: "http://alice:pw@milvus.test" }).user, "alice");
});

Deno.test("connect() reads the database from the first path segment; a trailing slash is ignored", () => {
  assertEquals(addressOf({ uri: "http://h:1/sales" }).dbName, "sales");
  assertEquals(addressOf({ uri: "http://h:1/sales/" }).dbName, "sales");
  assertEquals(addressOf({ uri: "http://h:1/" }).dbName, "default");
  assertEquals(addressOf({ uri: "http://h:1/" }).address, "http://h:1");
});

Deno.test("connect() lets explicit user, password and dbName win over the URI", async () => {
  const options = {
    uri: "http://alice:from-uri@milvus.test/uridb",
    user: "bob",
    password: "from-options",
    dbName: "optdb",
  };
  const json = addressOf(options);
  assertEquals(json.user, "bob");
  assertEquals(json.dbName, "optdb");
  const request = await firstRequest(options);
  assertEquals(request.headers["authorization"], "Bearer bob:from-options");
  assertEquals(request.headers["db-name"], "optdb");
});

Deno.test("connect() lets a token replace the URI's credentials", async () => {
  const request = await firstRequest({
    uri: "http://alice:from-uri@milvus.test",
    token: "bob:from-token",
  });
  assertEquals(request.headers["authorization"], "Bearer bob:from-token");
  assertEquals(addressOf({ token: "bob:pw" }).user, "bob");
  assertEquals(addressOf({ token: "an-api-key" }).user, undefined);
});

Deno.test("connect() builds the address from host, port and secure", () => {
  assertEquals(
    addressOf({ host: "db.local" }).address,
    "http://db.local:19530",
  );
  assertEquals(
    addressOf({ host: "db.local", port: 8080 }).address,
    "http://db.local:8080",
  );
  assertEquals(addressOf({ host: "db.local", port: "8080" }).port, 8080);
  assertEquals(addressOf({ host: "db.local", secure: true }).secure, true);
  assertEquals(addressOf({ port: 9000 }).address, "http://localhost:9000");
  assertEquals(addressOf({ host: "[::1]", port: 1 }).address, "http://[::1]:1");
});

Deno.test("connect() honours secure: true without a host", () => {
  const json = addressOf({ secure: true });
  assertEquals(json.secure, true);
  assertEquals(json.host, "localhost");
  assertStringIncludes(json.address, "https://");
});

const BAD_URIS: [string, string][] = [
  ["ftp://example.com", "http:// or https://"],
  ["tcp://example.com:19530", "http:// or https://"],
  ["example.com:19530", "http:// or https://"],
  ["localhost", "http:// or https://"],
  ["http://", "http[s]://"],
  ["http://exa mple.com", "http[s]://"],
  ["http://example.com:99999", "http[s]://"],
  ["http://example.com:0", "port"],
  ["http://example.com/?x=1", "query"],
  ["http://example.com/#frag", "fragment"],
  ["http://example.com/v2/vectordb", "server root"],
  ["http://example.com/db/extra", "database"],
  ["http://al%ZZice:pw@example.com", "percent"],
];

Deno.test("connect() rejects a bad URI with the expected form and no secret", () => {
  for (const [uri, hint] of BAD_URIS) {
    const withSecret = uri.replace("//", `//alice:${CANARY_PASSWORD}@`);
    for (const candidate of [uri, withSecret]) {
      const error = assertThrows(
        () => new Connections().connect({ uri: candidate }),
        ConnectionConfigError,
        undefined,
        candidate,
      );
      assertStringIncludes(error.message, hint, candidate);
      assertFalse(error.message.includes(CANARY_PASSWORD), candidate);
      assertFalse(String(error.stack).includes(CANARY_PASSWORD), candidate);
    }
  }
});

Deno.test("connect() rejects bad host, port and credential combinations", () => {
  const cases: [ConnectOptions, string][] = [
    [{ uri: "http://a", host: "b" }, "not both"],
    [{ uri: "http://a", port: 1 }, "not both"],
    [{ uri: "http://a", secure: true }, "not both"],
    [{ host: "http://a" }, "bare host"],
    [{ host: "a:1" }, "bare host"],
    [{ host: "" }, "non-empty"],
    [{ port: 0 }, "port"],
    [{ port: 65536 }, "port"],
    [{ port: "80a" }, "port"],
    [{ port: 1.5 }, "port"],
    [{ token: "t", user: "u" }, "not both"],
    [{ token: "t", password: CANARY_PASSWORD }, "not both"],
    [{ user: "u" }, "password"],
    [{ password: CANARY_PASSWORD }, "user"],
    [{ user: "a:b", password: CANARY_PASSWORD }, ":"],
    [{ uri: `http://u@h` }, "password"],
    [{ uri: `http://:${CANARY_PASSWORD}@h` }, "user"],
    [{ dbName: "" }, "dbName"],
    [{ timeout: 0 }, "timeout"],
    [{ timeout: -1 }, "timeout"],
    [{ timeout: Infinity }, "timeout"],
    [{ timeout: "5" as unknown as number }, "timeout"],
    [{ retries: -1 }, "retries"],
    [{ fetch: "x" as unknown as typeof fetch }, "fetch"],
    [{ headers: { Authorization: "Bearer x" } }, "Authorization"],
    [{ headers: { "Request-Timeout": "1" } }, "Request-Timeout"],
    [{ headers: { "X-A": 1 as unknown as string } }, "string"],
    [{ passwordPolicy: "strict" as "milvus" }, "passwordPolicy"],
    [{ nope: 1 } as ConnectOptions, "nope"],
  ];
  for (const [options, hint] of cases) {
    const error = assertThrows(
      () => new Connections().connect(options),
      ConnectionConfigError,
      undefined,
      JSON.stringify(options),
    );
    assertStringIncludes(error.message, hint, JSON.stringify(options));
    assertFalse(error.message.includes(CANARY_PASSWORD));
  }
});

Deno.test("connect() takes timeout: null for no timeout", () => {
  assertEquals(new Connections().connect({ timeout: null }).timeout, null);
  assertEquals(new Connections().connect({ timeout: 250 }).timeout, 250);
});
