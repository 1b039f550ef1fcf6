// The alias map: connect, addConnection, disconnect, removeConnection, the
// lookups, and what disconnect does to calls in flight.
import {
  assert,
  assertEquals,
  assertFalse,
  assertInstanceOf,
  assertRejects,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  AuthenticationError,
  ClientTimeoutError,
  Connection,
  ConnectionClosedError,
  ConnectionConfigError,
  Connections,
  connections,
  DEFAULT_ALIAS,
  InputError,
  listUsernames,
  NetworkError,
  updatePassword,
} from "@milvus-rbac/client";
import {
  hangingFetch,
  json,
  ok,
  recordingFetch,
  settlesWithin,
} from "./_helpers/fake_fetch.ts";

Deno.test("connect() registers the default alias and returns its Connection without network I/O", () => {
  const { fetch, requests } = recordingFetch();
  const registry = new Connections();
  const connection = registry.connect({
    fetch,
    user: "root",
    password: "Milvus",
  });

  assertInstanceOf(connection, Connection);
  assertEquals(connection.alias, DEFAULT_ALIAS);
  assertEquals(DEFAULT_ALIAS, "default");
  assert(connection.connected);
  assert(registry.hasConnection("default"));
  assertStrictEquals(registry.getConnection(), connection);
  assertEquals(requests.length, 0);
});

Deno.test("connect() with the same settings returns the same connection", () => {
  const { fetch } = recordingFetch();
  const registry = new Connections();
  const options = {
    alias: "a",
    uri: "http://h:1",
    user: "u",
    password: "p",
    fetch,
  };
  const first = registry.connect(options);
  assertStrictEquals(registry.connect(options), first);
  assertStrictEquals(registry.connect({ alias: "a" }), first);
  assertStrictEquals(
    registry.connect({ alias: "a", timeout: undefined } as never),
    first,
  );
});

Deno.test("connect() refuses a live alias with another address, user or database until it is disconnected", () => {
  const registry = new Connections();
  registry.connect({
    alias: "a",
    uri: "http://h:1/db1",
    user: "u",
    password: "p",
  });

  const changes = [
    [{ uri: "http://other:1/db1", user: "u", password: "p" }, "address"],
    [{ uri: "http://h:1/db1", user: "v", password: "p" }, "user"],
    [{ uri: "http://h:1/db2", user: "u", password: "p" }, "database"],
  ] as const;
  for (const [change, what] of changes) {
    const error = assertThrows(
      () => registry.connect({ alias: "a", ...change }),
      ConnectionConfigError,
    );
    assertStringIncludes(error.message, what);
    assertStringIncludes(error.message, '"a"');
    assertStringIncludes(error.message, "disconnect");
  }

  registry.disconnect("a");
  const moved = registry.connect({ alias: "a", uri: "http://other:2" });
  assertEquals(moved.address, "http://other:2");
  assertEquals(registry.getConnectionAddr("a")?.address, "http://other:2");
});

Deno.test("connect() keeps several aliases apart", () => {
  const registry = new Connections();
  const a = registry.connect({ alias: "a", uri: "http://a:1" });
  const b = registry.connect({ alias: "b", uri: "https://b" });
  assert(a !== b);
  assertEquals(registry.listConnections(), [
    { alias: "a", connected: true },
    { alias: "b", connected: true },
  ]);
  assertEquals(registry.getConnectionAddr("b")?.port, 443);
});

Deno.test("connect() rejects an empty or non-string alias and non-object options", () => {
  const registry = new Connections();
  assertThrows(
    () => registry.connect({ alias: "" }),
    ConnectionConfigError,
    "alias",
  );
  assertThrows(
    () => registry.connect({ alias: 7 as unknown as string }),
    ConnectionConfigError,
  );
  assertThrows(
    () => registry.connect("http://h" as unknown as object),
    ConnectionConfigError,
  );
  assertEquals(registry.listConnections(), []);
});

Deno.test("addConnection() stores settings that a later connect({ alias }) uses", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  const registry = new Connections();
  registry.addConnection("stored", { uri: "http://h:7/db", token: "k", fetch });

  assertFalse(registry.hasConnection("stored"));
  assertEquals(registry.listConnections(), [{
    alias: "stored",
    connected: false,
  }]);
  assertEquals(registry.getConnectionAddr("stored")?.address, "http://h:7");
  assertThrows(
    () => registry.getConnection("stored"),
    ConnectionConfigError,
    "stored",
  );

  const connection = registry.connect({ alias: "stored" });
  assertEquals(connection.dbName, "db");
  await listUsernames({ using: connection });
  assertEquals(requests[0]?.headers["authorization"], "Bearer k");
});

Deno.test("addConnection() on a live alias must match its settings", () => {
  const registry = new Connections();
  const live = registry.connect({ alias: "a", uri: "http://h:1" });
  registry.addConnection("a", { uri: "http://h:1" });
  assertThrows(
    () => registry.addConnection("a", { uri: "http://h:2" }),
    ConnectionConfigError,
    "address",
  );
  assertStrictEquals(registry.getConnection("a"), live);
  assertThrows(
    () => registry.addConnection("", {}),
    ConnectionConfigError,
    "alias",
  );
  assertThrows(
    () => registry.addConnection("b", { alias: "c" } as never),
    ConnectionConfigError,
    "alias",
  );
});

Deno.test("disconnect() keeps the settings; connect({ alias }) gives a new, working connection", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  const registry = new Connections();
  const old = registry.connect({
    alias: "a",
    uri: "http://h:1",
    user: "u",
    password: "p",
    fetch,
  });
  registry.disconnect("a");

  assertFalse(old.connected);
  assertFalse(registry.hasConnection("a"));
  assertEquals(registry.listConnections(), [{ alias: "a", connected: false }]);
  assertEquals(registry.getConnectionAddr("a")?.user, "u");
  await assertRejects(
    () => listUsernames({ using: old }),
    ConnectionClosedError,
    "a",
  );
  assertEquals(requests.length, 0);

  const fresh = registry.connect({ alias: "a" });
  assert(fresh !== old);
  assert(fresh.connected);
  assertFalse(old.connected);
  await listUsernames({ using: fresh });
  assertEquals(requests[0]?.headers["authorization"], "Bearer u:p");

  registry.disconnect("a");
  registry.disconnect("a");
  registry.disconnect("never-known");
});

Deno.test("removeConnection() disconnects and forgets the alias", () => {
  const registry = new Connections();
  const connection = registry.connect({ alias: "a" });
  registry.removeConnection("a");
  assertFalse(connection.connected);
  assertEquals(registry.listConnections(), []);
  assertEquals(registry.getConnectionAddr("a"), undefined);
  assertThrows(
    () => registry.getConnection("a"),
    ConnectionConfigError,
    "No connection",
  );
  registry.removeConnection("a");
});

Deno.test("getConnection() fails with a clear error naming a missing alias", () => {
  const registry = new Connections();
  const error = assertThrows(
    () => registry.getConnection("nowhere"),
    ConnectionConfigError,
  );
  assertStringIncludes(error.message, '"nowhere"');
  assertStringIncludes(error.message, "connect");
  assertThrows(
    () => registry.getConnection(),
    ConnectionConfigError,
    '"default"',
  );
});

Deno.test("operations with an unknown alias fail with ConnectionConfigError naming it, before any request", async () => {
  const error = await assertRejects(
    () => listUsernames({ using: "no-such-alias-x1" }),
    ConnectionConfigError,
  );
  assertStringIncludes(error.message, '"no-such-alias-x1"');
  await assertRejects(
    () =>
      updatePassword({
        user: "a",
        oldPassword: "old-pass",
        newPassword: "new-pass",
        using: "no-such-alias-x1",
      }),
    ConnectionConfigError,
    "no-such-alias-x1",
  );
});

Deno.test("operations take `using` as an alias of the default connections map", async () => {
  const alias = "connections-test-default-map";
  const { fetch, requests } = recordingFetch(() => ok(["root"]));
  connections.connect({
    alias,
    uri: "http://default-map:1",
    token: "k",
    fetch,
  });
  try {
    assertEquals(await listUsernames({ using: alias }), ["root"]);
    assertEquals(
      requests[0]?.url,
      "http://default-map:1/v2/vectordb/users/list",
    );
    connections.disconnect(alias);
    await assertRejects(
      () => listUsernames({ using: alias }),
      ConnectionConfigError,
      "disconnected",
    );
  } finally {
    connections.removeConnection(alias);
  }
  assertFalse(connections.listConnections().some((e) => e.alias === alias));
});

Deno.test("operations without `using` use the default alias of the default map", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  assertFalse(connections.hasConnection("default"));
  connections.connect({ fetch });
  try {
    await listUsernames();
    assertEquals(requests.length, 1);
  } finally {
    connections.removeConnection("default");
  }
  await assertRejects(
    () => listUsernames(),
    ConnectionConfigError,
    '"default"',
  );
});

Deno.test("operations reject a `using` that is neither an alias nor a Connection", async () => {
  for (const using of [42, {}, null, new Date()]) {
    await assertRejects(
      () => listUsernames({ using: using as unknown as string }),
      InputError,
      "using",
    );
  }
  await assertRejects(
    () => listUsernames({ using: "" }),
    ConnectionConfigError,
  );
});

Deno.test("Connection cannot be constructed directly", () => {
  assertThrows(
    () => new (Connection as unknown as new () => unknown)(),
    TypeError,
    "connect()",
  );
});

Deno.test("disconnect() fails the alias's in-flight requests at once with ConnectionClosedError", async () => {
  const { fetch, requests } = hangingFetch();
  const registry = new Connections();
  const using = registry.connect({ alias: "busy", fetch, timeout: null });
  const other = new Connections().connect({
    alias: "busy",
    fetch,
    timeout: 300,
  });

  const pending = Array.from(
    { length: 10 },
    (_, i) =>
      i % 2 === 0 ? listUsernames({ using }) : updatePassword({
        user: `u${i}`,
        oldPassword: "old-pass",
        newPassword: "new-pass",
        using,
      }),
  );
  const unrelated = listUsernames({ using: other });
  while (requests.length < 11) await new Promise((r) => setTimeout(r, 1));

  registry.disconnect("busy");
  const results = await settlesWithin(5_000, () => Promise.allSettled(pending));
  for (const result of results.value ?? []) {
    assertEquals(result.status, "rejected");
    const reason = (result as PromiseRejectedResult).reason;
    assertInstanceOf(reason, ConnectionClosedError);
    assertStringIncludes(reason.message, '"busy"');
  }
  for (const request of requests.slice(0, 10)) assert(request.signal?.aborted);

  // The same alias name in another map is untouched: its call runs on to
  // its own timeout.
  assert(other.connected);
  assertFalse(requests[10]?.signal?.aborted);
  const { error } = await settlesWithin(5_000, () => unrelated);
  assertInstanceOf(error, ClientTimeoutError);
});

Deno.test("disconnect() during a real HTTP call settles it (loopback server)", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async () => {
      await new Promise((r) => setTimeout(r, 300));
      return json({ code: 0, data: [] });
    },
  );
  try {
    const registry = new Connections();
    const using = registry.connect({
      uri: `http://127.0.0.1:${server.addr.port}`,
    });
    const pending = listUsernames({ using });
    await new Promise((r) => setTimeout(r, 50));
    registry.disconnect("default");
    const { error } = await settlesWithin(5_000, () => pending);
    assertInstanceOf(error, ConnectionClosedError);
  } finally {
    await server.shutdown();
  }
});

Deno.test("Connection.verify() makes one authenticated call and reports bad credentials", async () => {
  const { fetch, requests } = recordingFetch((request) =>
    request.headers["authorization"] === "Bearer alice:right-pass"
      ? ok([])
      : json({ code: 1800, message: "user hasn't authenticated" }, 401)
  );
  const registry = new Connections();
  await registry.connect({
    alias: "good",
    user: "alice",
    password: "right-pass",
    fetch,
  })
    .verify();
  assertEquals(requests.length, 1);
  assertEquals(
    requests[0]?.url,
    "http://localhost:19530/v2/vectordb/users/describe",
  );

  await assertRejects(
    () =>
      registry.connect({
        alias: "bad",
        user: "alice",
        password: "wrong-pass",
        fetch,
      }).verify(),
    AuthenticationError,
  );
  assertEquals(requests.length, 2);
});

Deno.test("Connection.verify() counts a 403 as proof of the credentials (rbac §3)", async () => {
  const { fetch } = recordingFetch(() =>
    json({ code: 65535, message: "permission deny" }, 403)
  );
  const result = await new Connections().connect({ token: "k", fetch })
    .verify();
  assertEquals(result, undefined);
});

Deno.test("Connection.verify() reports an unreachable server as NetworkError and honours timeout and signal", async () => {
  const refused = recordingFetch(() =>
    Promise.reject(new TypeError("refused"))
  );
  await assertRejects(
    () =>
      new Connections().connect({ fetch: refused.fetch, retries: 0 }).verify(),
    NetworkError,
  );

  const { fetch } = hangingFetch();
  const connection = new Connections().connect({ fetch });
  const { error } = await settlesWithin(
    5_000,
    () => connection.verify({ timeout: 50 }),
  );
  assertEquals((error as Error).name, "ClientTimeoutError");
  const reason = new Error("mine");
  await assertRejects(
    () => connection.verify({ signal: AbortSignal.abort(reason) }),
    Error,
    "mine",
  );
  await assertRejects(() => connection.verify({ timeout: -1 }), InputError);
  await assertRejects(
    () => connection.verify({ nope: 1 } as never),
    InputError,
    "nope",
  );
});
