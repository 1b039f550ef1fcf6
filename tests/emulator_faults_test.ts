import {
  assert,
  assertEquals,
  assertGreaterOrEqual,
  assertInstanceOf,
  assertLess,
  assertRejects,
  assertThrows,
} from "@std/assert";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";
import {
  err,
  OK,
  onBothTransports,
  read,
  ROOT,
} from "./emulator_helpers_test.ts";

const LIST = "http://milvus.test/v2/vectordb/users/list";
const post = (signal?: AbortSignal): RequestInit => ({
  method: "POST",
  headers: { Authorization: ROOT },
  body: "{}",
  ...(signal ? { signal } : {}),
});

Deno.test("faults: a proxy's 502 page for one route, then normal answers (fault injection)", async () => {
  await onBothTransports({}, async (h) => {
    const fault = h.emulator.injectFault({
      route: "users/update_password",
      times: 1,
      status: 502,
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
      headers: { "Content-Type": "text/html" },
    });
    const body = {
      userName: "root",
      password: "Milvus",
      newPassword: "root-new",
    };

    // The fault stands in front of Milvus: no credentials needed, nothing applied.
    const bad = await h.call("users/update_password", body, { auth: null });
    assertEquals(bad.status, 502);
    assertEquals(
      bad.text,
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
    );
    assertEquals(bad.headers.get("content-type"), "text/html");
    assertEquals(fault.hits, 1);
    assertEquals(fault.active, false);

    assertEquals((await h.call("users/list")).json, {
      code: 0,
      data: ["root"],
    });
    assertEquals((await h.call("users/update_password", body)).json, OK);
  });
});

Deno.test("faults: 503 and 429 for every route until cleared (fault injection)", async () => {
  await onBothTransports({}, async (h) => {
    h.emulator.injectFault({ status: 429, headers: { "Retry-After": "1" } });
    h.emulator.injectFault({ status: 503 });
    for (const route of ["users/list", "roles/list", "no/such/route"]) {
      const answer = await h.call(route);
      assertEquals(answer.status, 429);
      assertEquals(answer.headers.get("retry-after"), "1");
    }
    h.emulator.clearFaults();
    assertEquals((await h.call("users/list")).status, 200);
  });
});

Deno.test("faults: extra headers on the real answer (fault injection)", async () => {
  await onBothTransports({}, async (h) => {
    h.emulator.injectFault({
      route: "users/list",
      headers: { "X-Trace": "abc" },
    });
    const answer = await h.call("users/list");
    assertEquals(answer.headers.get("x-trace"), "abc");
    assertEquals(answer.json, { code: 0, data: ["root"] });
  });
});

Deno.test("faults: a delay shorter than the timeout only slows the answer (fault injection, rbac §8)", async () => {
  await onBothTransports({}, async (h) => {
    h.emulator.injectFault({ route: "users/create", delayMs: 60, times: 1 });
    const started = performance.now();
    const answer = await h.call("users/create", {
      userName: "alice",
      password: "123456",
    });
    assertGreaterOrEqual(performance.now() - started, 55);
    assertEquals(answer.json, OK);
  });
});

Deno.test("timeout: Request-Timeout 0 or negative fires at once, not applied (rbac §8)", async () => {
  await onBothTransports({ version: "2.6" }, async (h) => {
    for (const value of ["0", "-3"]) {
      const answer = await h.call(
        "users/create",
        { userName: "alice", password: "123456" },
        { headers: { "Request-Timeout": value } },
      );
      assertEquals(answer.status, 408);
      assertEquals(answer.json, err(10001, "request timeout"));
      assertEquals(
        answer.headers.get("content-type"),
        "application/json; charset=utf-8",
      );
    }
    assertEquals((await h.call("users/list")).json, {
      code: 0,
      data: ["root"],
    });
  });
});

Deno.test("timeout: 2.4 answers text `timeout` and keeps the value per route (rbac §8, §9)", async () => {
  await onBothTransports({ version: "2.4" }, async (h) => {
    const first = await h.call("users/list", {}, {
      headers: { "Request-Timeout": "0" },
    });
    assertEquals(first.status, 408);
    assertEquals(first.text, "timeout");
    assertEquals(
      first.headers.get("content-type"),
      "text/plain; charset=utf-8",
    );

    // The 2.4 bug: the value sticks to the route.
    assertEquals((await h.call("users/list")).status, 408);
    assertEquals((await h.call("roles/list")).status, 200);
    assertEquals(
      (await h.call("users/list", {}, { headers: { "Request-Timeout": "30" } }))
        .status,
      200,
    );
    assertEquals((await h.call("users/list")).status, 200);
  });
});

Deno.test("timeout: 2.5 and 2.6 do not keep the value; non-integers are ignored (rbac §8)", async () => {
  for (const version of ["2.5", "2.6"] as const) {
    await onBothTransports({ version }, async (h) => {
      assertEquals(
        (await h.call("users/list", {}, {
          headers: { "Request-Timeout": "0" },
        })).json,
        err(10001, "request timeout"),
      );
      assertEquals((await h.call("users/list")).status, 200);
      for (const value of ["1.5", "abc", " 0x1"]) {
        const answer = await h.call("users/list", {}, {
          headers: { "Request-Timeout": value },
        });
        assertEquals(answer.status, 200, value);
      }
    });
  }
});

Deno.test("timeout: a delay beyond the deadline gives 408 at the deadline (rbac §8)", async () => {
  const emulator = new MilvusEmulator({
    version: "2.5",
    defaultTimeoutSeconds: 1,
  });
  emulator.injectFault({ route: "users/create", delayMs: 5_000 });
  const started = performance.now();
  const answer = await read(
    await emulator.fetch("http://milvus.test/v2/vectordb/users/create", {
      method: "POST",
      headers: { Authorization: ROOT },
      body: JSON.stringify({ userName: "alice", password: "123456" }),
    }),
  );
  const elapsed = performance.now() - started;
  assertEquals(answer.status, 408);
  assertEquals(answer.json, err(10001, "request timeout"));
  assertGreaterOrEqual(elapsed, 990);
  assertLess(elapsed, 2_500);

  emulator.clearFaults();
  const list = await read(await emulator.fetch(LIST, post()));
  assertEquals(list.json, { code: 0, data: ["root"] });
});

Deno.test("timeout: Request-Timeout overrides the default over HTTP (rbac §8)", async () => {
  const emulator = new MilvusEmulator({ version: "2.4" });
  const server = await serveEmulator(emulator);
  try {
    emulator.injectFault({ route: "users/list", delayMs: 60_000 });
    const started = performance.now();
    const answer = await read(
      await fetch(`${server.url}/v2/vectordb/users/list`, {
        ...post(),
        headers: { Authorization: ROOT, "Request-Timeout": "1" },
      }),
    );
    assertEquals(answer.status, 408);
    assertEquals(answer.text, "timeout");
    assertLess(performance.now() - started, 2_500);
  } finally {
    await server.close();
  }
});

Deno.test("faults: fetch rejects with the signal's reason during a delay (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  emulator.injectFault({ delayMs: Infinity });
  const controller = new AbortController();
  const reason = new Error("caller gave up");
  const pending = emulator.fetch(LIST, post(controller.signal));
  setTimeout(() => controller.abort(reason), 20);
  const error = await assertRejects(() => pending);
  assertEquals(error, reason);

  // An already aborted signal rejects before anything happens.
  await assertRejects(() =>
    emulator.fetch(LIST, post(AbortSignal.abort(reason)))
  );
});

Deno.test("faults: an aborted HTTP request frees the server's delay timer (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  try {
    emulator.injectFault({ delayMs: 10_000 });
    const controller = new AbortController();
    const pending = fetch(
      `${server.url}/v2/vectordb/users/list`,
      post(controller.signal),
    );
    setTimeout(() => controller.abort(), 30);
    await assertRejects(() => pending);
  } finally {
    await server.close();
  }
});

Deno.test("faults: drop applies the change, then fails like a network error (fault injection)", async () => {
  await onBothTransports({}, async (h) => {
    h.emulator.injectFault({ route: "users/create", drop: true, times: 1 });
    const error = await assertRejects(() =>
      h.fetch(`${h.url}/v2/vectordb/users/create`, {
        method: "POST",
        headers: { Authorization: ROOT },
        body: JSON.stringify({ userName: "alice", password: "123456" }),
      })
    );
    assertInstanceOf(error, TypeError);
    assertEquals((await h.call("users/list")).json, {
      code: 0,
      data: ["alice", "root"],
    });
  });
});

Deno.test("faults: a stall sends half the body, pauses, then the rest (fault injection)", async () => {
  await onBothTransports({}, async (h) => {
    h.emulator.injectFault({ route: "users/list", stallMs: 80, times: 1 });
    const started = performance.now();
    const response = await h.fetch(`${h.url}/v2/vectordb/users/list`, post());
    assertEquals(response.status, 200);
    assertLess(performance.now() - started, 70);

    const reader = response.body!.getReader();
    const first = await reader.read();
    assertEquals(new TextDecoder().decode(first.value), '{"code":0,"da');
    let rest = "";
    for (
      let chunk = await reader.read();
      !chunk.done;
      chunk = await reader.read()
    ) {
      rest += new TextDecoder().decode(chunk.value);
    }
    assertEquals(rest, 'ta":["root"]}');
    assertGreaterOrEqual(performance.now() - started, 75);
  });
});

Deno.test("faults: an endless stall errors the body with the abort reason (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  emulator.injectFault({ stallMs: Infinity });
  const controller = new AbortController();
  const response = await emulator.fetch(LIST, post(controller.signal));
  const reason = new DOMException("stop", "AbortError");
  setTimeout(() => controller.abort(reason), 20);
  const error = await assertRejects(() => response.text());
  assertEquals(error, reason);
});

Deno.test("faults: cancelling a stalled body frees its timer (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  emulator.injectFault({ stallMs: 60_000 });
  const response = await emulator.fetch(LIST, post());
  await response.body!.cancel();
});

Deno.test("serveEmulator: close() ends a stalled response and resolves (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  emulator.injectFault({ stallMs: Infinity });
  const response = await fetch(`${server.url}/v2/vectordb/users/list`, post());
  const reader = response.body!.getReader();
  await reader.read();
  await server.close();
  await assertRejects(async () => {
    for (
      let chunk = await reader.read();
      !chunk.done;
      chunk = await reader.read()
    ) {
      // drain until the connection error
    }
  });
  // close() is idempotent.
  await server.close();
});

Deno.test("handler: a drop fault becomes a body that errors (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  emulator.injectFault({ drop: true });
  const response = await emulator.handler(new Request(LIST, post()));
  await assertRejects(() => response.text(), TypeError);
});

Deno.test("handler: answers a Request like the server would (rbac §1.2)", async () => {
  const emulator = new MilvusEmulator();
  const answer = await read(await emulator.handler(new Request(LIST, post())));
  assertEquals(answer.json, { code: 0, data: ["root"] });
});

Deno.test("faults: times counts only matching requests; validation (fault injection)", () => {
  const emulator = new MilvusEmulator();
  assertThrows(
    () => emulator.injectFault({ route: "users/nope" as "users/list" }),
    TypeError,
  );
  assertThrows(() => emulator.injectFault({ times: 0 }), RangeError);
  assertThrows(() => emulator.injectFault({ delayMs: -1 }), RangeError);
  assertThrows(() => emulator.injectFault({ status: 99 }), RangeError);
  assertThrows(
    () => emulator.injectFault({ drop: true, status: 502 }),
    TypeError,
  );
  assertThrows(() => emulator.injectFault({ body: "x" }), TypeError);
  const fault = emulator.injectFault({ route: "roles/list", times: 2 });
  assert(fault.active);
  fault.clear();
  assertEquals(fault.active, false);
});

Deno.test("handler: serves through Deno.serve, stalls included (fault injection)", async () => {
  const emulator = new MilvusEmulator();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    emulator.handler,
  );
  try {
    emulator.injectFault({ route: "users/list", stallMs: 30, times: 1 });
    const url = `http://127.0.0.1:${server.addr.port}/v2/vectordb/users/list`;
    const answer = await read(await fetch(url, post()));
    assertEquals(answer.json, { code: 0, data: ["root"] });
  } finally {
    await server.shutdown();
  }
});
