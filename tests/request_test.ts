// The request pipeline, driven through the public API with injected fetch
// functions and a misbehaving loopback server.
import {
  assert,
  assertEquals,
  assertFalse,
  assertInstanceOf,
  assertLess,
  assertRejects,
  assertStrictEquals,
  assertStringIncludes,
} from "@std/assert";
import {
  AuthenticationError,
  ClientTimeoutError,
  Connections,
  type ConnectOptions,
  listUsernames,
  MilvusError,
  NetworkError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
  updatePassword,
} from "@milvus-rbac/client";
import {
  countListeners,
  hangingFetch,
  json,
  ok,
  recordingFetch,
  settlesWithin,
  text,
} from "./_helpers/fake_fetch.ts";
import {
  endlessBody,
  pause,
  serveLoopback,
} from "./_helpers/loopback_server.ts";

function connect(options: ConnectOptions) {
  return new Connections().connect(options);
}

Deno.test("call() POSTs JSON to /v2/vectordb/<route> with Authorization and Request-Timeout (rbac §1.1, §2.4)", async () => {
  const { fetch, requests } = recordingFetch(() => ok(["root"]));
  const using = connect({
    uri: "http://milvus.test:19530",
    user: "root",
    password: "Milvus",
    fetch,
  });

  assertEquals(await listUsernames({ using }), ["root"]);

  assertEquals(requests.length, 1);
  const [request] = requests;
  assertEquals(request?.method, "POST");
  assertEquals(request?.url, "http://milvus.test:19530/v2/vectordb/users/list");
  assertEquals(request?.headers["content-type"], "application/json");
  assertEquals(request?.headers["authorization"], "Bearer root:Milvus");
  assertEquals(request?.headers["request-timeout"], "30");
  assertEquals(request?.json, {});
});

Deno.test("call() sends no Authorization header without credentials (rbac §2.3)", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({ using: connect({ fetch }) });
  assertEquals(requests[0]?.headers["authorization"], undefined);
});

Deno.test("call() sends a token as is: Bearer <token> (rbac §2.2)", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({ using: connect({ token: "an-api-key", fetch }) });
  assertEquals(requests[0]?.headers["authorization"], "Bearer an-api-key");
});

Deno.test("call() rounds Request-Timeout up to whole seconds and leaves it out with no timeout (rbac §8)", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({ using: connect({ timeout: 1500, fetch }) });
  await listUsernames({ using: connect({ timeout: 1, fetch }) });
  await listUsernames({ using: connect({ timeout: null, fetch }) });
  await listUsernames({ using: connect({ fetch }), timeout: 2001 });
  await listUsernames({
    using: connect({ timeout: 5000, fetch }),
    timeout: null,
  });

  assertEquals(requests.map((r) => r.headers["request-timeout"]), [
    "2",
    "1",
    undefined,
    "3",
    undefined,
  ]);
});

Deno.test("call() sends DB-Name only for a database other than default (rbac §2.4)", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({ using: connect({ dbName: "sales", fetch }) });
  await listUsernames({ using: connect({ fetch }) });
  assertEquals(requests[0]?.headers["db-name"], "sales");
  assertEquals(requests[1]?.headers["db-name"], undefined);
});

Deno.test("call() sends extra headers from connect()", async () => {
  const { fetch, requests } = recordingFetch(() => ok([]));
  await listUsernames({
    using: connect({ headers: { "X-Trace": "abc" }, fetch }),
  });
  assertEquals(requests[0]?.headers["x-trace"], "abc");
});

Deno.test("call() accepts code 200 as success, as Milvus 2.4.0-2.4.2 sends (rbac §9)", async () => {
  const { fetch } = recordingFetch(() => json({ code: 200, data: ["root"] }));
  assertEquals(await listUsernames({ using: connect({ fetch }) }), ["root"]);
});

Deno.test("call() turns HTTP 200 with another code into ServerError with code, message, status and route (rbac §4.1)", async () => {
  const { fetch } = recordingFetch(() =>
    json({ code: 65535, message: "unexpected failure" })
  );
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertEquals(error.serverMessage, "unexpected failure");
  assertEquals(error.httpStatus, 200);
  assertEquals(error.route, "users/list");
  assertStringIncludes(error.message, "unexpected failure");
  assertInstanceOf(error, MilvusError);
});

Deno.test("call() maps HTTP 401 to AuthenticationError (rbac §2.2)", async () => {
  const { fetch } = recordingFetch(() =>
    json({ code: 1800, message: "user hasn't authenticated" }, 401)
  );
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    AuthenticationError,
  );
  assertEquals(error.httpStatus, 401);
  assertEquals(error.code, 1800);
  assertEquals(error.route, "users/list");
});

Deno.test("call() maps HTTP 403 to PermissionDeniedError with the server's reason (rbac §3)", async () => {
  const message =
    "rpc error: code = PermissionDenied desc = PrivilegeSelectOwnership: permission deny to bob in the `default` database";
  const { fetch } = recordingFetch(() => json({ code: 65535, message }, 403));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    PermissionDeniedError,
  );
  assertEquals(error.httpStatus, 403);
  assertEquals(error.code, 65535);
  assertStringIncludes(error.message, "PrivilegeSelectOwnership");
});

Deno.test("call() maps HTTP 404 to RouteNotFoundError naming the route (rbac §2.5)", async () => {
  const { fetch } = recordingFetch(() => text("404 page not found", 404));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    RouteNotFoundError,
  );
  assertEquals(error.httpStatus, 404);
  assertStringIncludes(error.message, "users/list");
  assertStringIncludes(error.message, "REST v2");
});

Deno.test("call() maps 408 with the text body `timeout` to ServerTimeoutError (rbac §8, 2.4)", async () => {
  const { fetch } = recordingFetch(() => text("timeout", 408));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch, retries: 0 }) }),
    ServerTimeoutError,
  );
  assertEquals(error.httpStatus, 408);
});

Deno.test("call() maps 408 with JSON code 10001 to ServerTimeoutError (rbac §8, 2.5.4+)", async () => {
  const { fetch } = recordingFetch(() =>
    json({ code: 10001, message: "request timeout" }, 408)
  );
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    ServerTimeoutError,
  );
  assertEquals(error.httpStatus, 408);
  assertEquals(error.code, 10001);
});

Deno.test("call() maps a proxy's HTML 502 page to UnexpectedResponseError with a short excerpt", async () => {
  const page = `<html>\n<head><title>502 Bad Gateway</title></head>\n<body>${
    "<p>upstream unavailable</p>\n".repeat(200)
  }</body></html>`;
  const { fetch } = recordingFetch(() =>
    new Response(page, {
      status: 502,
      headers: { "content-type": "text/html" },
    })
  );
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 502);
  assertStringIncludes(error.message, "502");
  assertStringIncludes(error.excerpt, "502 Bad Gateway");
  assertFalse(error.excerpt.includes("\n"));
  assertLess(error.excerpt.length, 300);
  assertLess(error.message.length, 600);
});

Deno.test("call() rejects HTTP 200 with a JSON array as UnexpectedResponseError", async () => {
  const { fetch } = recordingFetch(() => json([1, 2, 3]));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 200);
  assertEquals(error.excerpt, "[1,2,3]");
});

Deno.test("call() rejects HTTP 200 with a body that is not JSON, empty, or has no numeric code", async () => {
  for (
    const body of ["<html>hello</html>", "", '{"data":[]}', '{"code":"0"}']
  ) {
    const { fetch } = recordingFetch(() => new Response(body, { status: 200 }));
    const error = await assertRejects(
      () => listUsernames({ using: connect({ fetch }) }),
      UnexpectedResponseError,
    );
    assertEquals(error.httpStatus, 200, body);
  }
});

Deno.test("call() maps HTTP 500 with Milvus's panic body to UnexpectedResponseError (rbac §8)", async () => {
  const { fetch } = recordingFetch(() => json({ code: 500 }, 500));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 500);
  assertEquals(error.code, 500);
});

Deno.test("call() stops reading a body over 1 MiB and says so", async () => {
  const big = JSON.stringify({ code: 0, data: ["x".repeat(2 << 20)] });
  const { fetch } = recordingFetch(() => new Response(big, { status: 200 }));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 200);
  assertStringIncludes(error.message, "larger than");
  assertLess(error.excerpt.length, 300);
});

Deno.test("call() turns a rejected fetch into NetworkError with the cause kept", async () => {
  const cause = new TypeError("connection refused");
  const { fetch } = recordingFetch(() => Promise.reject(cause));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch, retries: 0 }) }),
    NetworkError,
  );
  assertStringIncludes(error.message, "connection refused");
  assertStrictEquals(error.cause, cause);
  assertEquals(error.route, "users/list");
});

Deno.test("call() turns a refused TCP connection into NetworkError", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();

  const error = await assertRejects(
    () =>
      listUsernames({
        using: connect({ uri: `http://127.0.0.1:${port}`, retries: 0 }),
      }),
    NetworkError,
  );
  assertStringIncludes(error.message, `127.0.0.1:${port}`);
});

Deno.test("call() turns a fetch that returns no Response into UnexpectedResponseError", async () => {
  const fetch =
    (() => Promise.resolve(undefined)) as unknown as typeof globalThis.fetch;
  await assertRejects(
    () => listUsernames({ using: connect({ fetch }) }),
    UnexpectedResponseError,
  );
});

Deno.test("call() turns a body cut short into NetworkError", async () => {
  const { fetch } = recordingFetch(() => {
    const body = new ReadableStream<Uint8Array>({
      start(stream) {
        stream.enqueue(new TextEncoder().encode('{"code":0,'));
        stream.error(new TypeError("connection reset"));
      },
    });
    return new Response(body, { status: 200 });
  });
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch, retries: 0 }) }),
    NetworkError,
  );
  assertEquals(error.httpStatus, 200);
});

Deno.test("call() times out a fetch that never answers and ignores its signal", async () => {
  const { fetch, requests } = hangingFetch();
  const { error } = await settlesWithin(
    5_000,
    () => listUsernames({ using: connect({ fetch, timeout: 200 }) }),
  );
  assertInstanceOf(error, ClientTimeoutError);
  assertEquals(error.timeoutMs, 200);
  assertEquals(error.route, "users/list");
  assertInstanceOf(error, MilvusError);
  assert(requests[0]?.signal?.aborted, "the signal given to fetch aborts");
});

Deno.test("call() timeout covers a body that never ends (loopback server)", async () => {
  const server = serveLoopback(() => endlessBody());
  try {
    const { error } = await settlesWithin(
      5_000,
      () =>
        updatePassword({
          user: "alice",
          oldPassword: "old-password",
          newPassword: "new-password",
          using: connect({ uri: server.url, timeout: 300 }),
        }),
    );
    assertInstanceOf(error, ClientTimeoutError);
    assertEquals(server.hits, 1);
  } finally {
    await server.close();
  }
});

Deno.test("call() timeout covers response headers that never come (loopback server)", async () => {
  const stop = new AbortController();
  const server = serveLoopback(async () => {
    await pause(10_000, stop.signal);
    return ok();
  });
  try {
    const { error } = await settlesWithin(
      5_000,
      () =>
        listUsernames({ using: connect({ uri: server.url, timeout: 300 }) }),
    );
    assertInstanceOf(error, ClientTimeoutError);
  } finally {
    stop.abort();
    await server.close();
  }
});

Deno.test("call() over HTTP: HTML 502, body over 1 MiB, JSON array, 408 text and JSON, code 200 (loopback server)", async () => {
  const replies: Record<string, () => Response> = {
    "/v2/vectordb/users/list": () =>
      new Response("<html><body><h1>502 Bad Gateway</h1></body></html>", {
        status: 502,
        headers: { "content-type": "text/html" },
      }),
    "/v2/vectordb/users/describe": () => json({ code: 200, data: ["r1"] }),
  };
  let mode = "";
  const server = serveLoopback((request) => {
    const path = new URL(request.url).pathname;
    if (mode === "big") {
      return new Response("x".repeat((1 << 20) + 10), { status: 200 });
    }
    if (mode === "array") return json([{ code: 0 }]);
    if (mode === "408text") return text("timeout", 408);
    if (mode === "408json") {
      return json({ code: 10001, message: "request timeout" }, 408);
    }
    return (replies[path] ?? (() => text("404 page not found", 404)))();
  });
  const using = connect({ uri: server.url, retries: 0 });
  try {
    const bad = await assertRejects(
      () => listUsernames({ using }),
      UnexpectedResponseError,
    );
    assertEquals(bad.httpStatus, 502);
    assertStringIncludes(bad.excerpt, "502 Bad Gateway");

    const { listUser } = await import("@milvus-rbac/client");
    assertEquals(
      await listUser({ user: "alice", includeRoleInfo: true, using }),
      { user: "alice", roles: ["r1"] },
    );

    mode = "big";
    const big = await assertRejects(
      () => listUsernames({ using }),
      UnexpectedResponseError,
    );
    assertStringIncludes(big.message, "larger than");

    mode = "array";
    await assertRejects(
      () => listUsernames({ using }),
      UnexpectedResponseError,
    );

    mode = "408text";
    await assertRejects(() => listUsernames({ using }), ServerTimeoutError);

    mode = "408json";
    const timeout = await assertRejects(
      () => listUsernames({ using }),
      ServerTimeoutError,
    );
    assertEquals(timeout.code, 10001);
  } finally {
    await server.close();
  }
});

Deno.test("call() rejects with the caller's own abort reason, unchanged", async () => {
  const { fetch } = hangingFetch();
  const controller = new AbortController();
  const reason = { mine: true };
  const pending = listUsernames({
    using: connect({ fetch }),
    signal: controller.signal,
  });
  controller.abort(reason);
  const { error } = await settlesWithin(5_000, () => pending);
  assertStrictEquals(error, reason);
});

Deno.test("call() with an already aborted signal rejects with its reason and sends nothing", async () => {
  const { fetch, requests } = recordingFetch();
  const reason = new Error("stop");
  await assertRejects(
    () =>
      updatePassword({
        user: "alice",
        oldPassword: "old-password",
        newPassword: "new-password",
        using: connect({ fetch }),
        signal: AbortSignal.abort(reason),
      }),
    Error,
    "stop",
  );
  assertEquals(requests.length, 0);
});

Deno.test("call() rejects with the caller's reason when it aborts while the body is read", async () => {
  const server = serveLoopback(() => endlessBody());
  const controller = new AbortController();
  try {
    const pending = listUsernames({
      using: connect({ uri: server.url }),
      signal: controller.signal,
    });
    while (server.hits === 0) await pause(10);
    await pause(50);
    controller.abort("caller gave up");
    const { error } = await settlesWithin(5_000, () => pending);
    assertStrictEquals(error, "caller gave up");
  } finally {
    await server.close();
  }
});

Deno.test("call() leaves no listeners on a long-lived caller signal over 200 calls", async () => {
  const controller = new AbortController();
  const counter = countListeners(controller.signal);
  let n = 0;
  const { fetch } = recordingFetch(() => {
    n++;
    if (n % 4 === 0) return json({ code: 1100, message: "bad" });
    if (n % 4 === 1) return text("busy", 503);
    if (n % 4 === 2) return Promise.reject(new TypeError("reset"));
    return ok([]);
  });
  const using = connect({ fetch, retries: 0 });

  for (let i = 0; i < 100; i++) {
    await listUsernames({ using, signal: controller.signal }).catch(() => {});
    await updatePassword({
      user: "alice",
      oldPassword: "old-password",
      newPassword: "new-password",
      using,
      signal: controller.signal,
      updateConnection: false,
    }).catch(() => {});
  }

  assertEquals(counter.live(), 0);
  assertEquals(n, 200);
});

Deno.test("call() leaves no listeners on a long-lived signal after timeouts", async () => {
  const controller = new AbortController();
  const counter = countListeners(controller.signal);
  const { fetch } = hangingFetch();
  const using = connect({ fetch, timeout: 20 });

  await Promise.all(
    Array.from(
      { length: 20 },
      () => listUsernames({ using, signal: controller.signal }).catch(() => {}),
    ),
  );
  assertEquals(counter.live(), 0);
});

Deno.test("call() clears its timer when the call ends (a long timeout does not hold the test open)", async () => {
  const { fetch } = recordingFetch(() => ok([]));
  const started = Date.now();
  await listUsernames({ using: connect({ fetch, timeout: 600_000 }) });
  await assertRejects(() =>
    listUsernames({
      using: connect({
        fetch: () => Promise.resolve(text("no", 500)),
        timeout: 600_000,
      }),
    })
  );
  // The op sanitizer fails this test if either timer were still pending.
  assertLess(Date.now() - started, 60_000);
});

Deno.test("call() retries a read on 503 and a network error, within its timeout", async () => {
  const { fetch, requests } = recordingFetch((_, index) => {
    if (index === 0) return text("busy", 503);
    if (index === 1) return Promise.reject(new TypeError("reset"));
    return ok(["root"]);
  });
  assertEquals(await listUsernames({ using: connect({ fetch }) }), ["root"]);
  assertEquals(requests.length, 3);
});

Deno.test("call() does not retry a read with retries: 0", async () => {
  const { fetch, requests } = recordingFetch(() => text("busy", 503));
  const error = await assertRejects(
    () => listUsernames({ using: connect({ fetch, retries: 0 }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 503);
  assertEquals(requests.length, 1);
});

Deno.test("call() gives up retrying when the caller aborts during the back-off", async () => {
  const controller = new AbortController();
  const { fetch } = recordingFetch(() => {
    queueMicrotask(() => controller.abort("enough"));
    return text("busy", 503);
  });
  const { error } = await settlesWithin(
    5_000,
    () =>
      listUsernames({
        using: connect({ fetch, retries: 10 }),
        signal: controller.signal,
      }),
  );
  assertStrictEquals(error, "enough");
});
