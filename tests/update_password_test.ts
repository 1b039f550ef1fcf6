// updatePassword() and resetPassword(): the exact request, input checks,
// switching the connection's credentials, no retries, password policies,
// and the emulator in process and over HTTP.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStrictEquals,
  assertStringIncludes,
} from "@std/assert";
import { assertSpyCalls, spy } from "@std/testing/mock";
import {
  AuthenticationError,
  ClientTimeoutError,
  ConnectionClosedError,
  ConnectionConfigError,
  Connections,
  connections,
  type ConnectOptions,
  createUser,
  InputError,
  listUsernames,
  NetworkError,
  PermissionDeniedError,
  resetPassword,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
  updatePassword,
  type UpdatePasswordOptions,
} from "@milvus-rbac/client";
import {
  hangingFetch,
  json,
  ok,
  recordingFetch,
  settlesWithin,
  text,
} from "./_helpers/fake_fetch.ts";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";

function connect(options: ConnectOptions) {
  return new Connections().connect(options);
}

const CHANGE = {
  user: "alice",
  oldPassword: "old-Passw0rd",
  newPassword: "new-Passw0rd",
};

Deno.test("updatePassword() sends exactly { userName, password, newPassword } to users/update_password (rbac §1.2)", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const using = connect({
    uri: "http://milvus.test:19530",
    user: "root",
    password: "Milvus",
    timeout: 10_000,
    fetch,
  });

  const result = await updatePassword({ ...CHANGE, using });

  assertStrictEquals(result, undefined);
  assertEquals(requests.length, 1);
  const [request] = requests;
  assertEquals(request?.method, "POST");
  assertEquals(
    request?.url,
    "http://milvus.test:19530/v2/vectordb/users/update_password",
  );
  assertEquals(
    request?.body,
    '{"userName":"alice","password":"old-Passw0rd","newPassword":"new-Passw0rd"}',
  );
  assertEquals(request?.headers, {
    "accept": "application/json",
    "authorization": "Bearer root:Milvus",
    "content-type": "application/json",
    "request-timeout": "10",
  });
});

Deno.test("updatePassword() without credentials sends no Authorization (rbac §6.5, authorization disabled)", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  await updatePassword({ ...CHANGE, using: connect({ fetch, timeout: null }) });
  assertEquals(requests[0]?.headers, {
    "accept": "application/json",
    "content-type": "application/json",
  });
});

Deno.test("updatePassword() accepts the code-200 success of Milvus 2.4.0-2.4.2 (rbac §9)", async () => {
  const { fetch } = recordingFetch(() => json({ code: 200, data: {} }));
  assertEquals(
    await updatePassword({ ...CHANGE, using: connect({ fetch }) }),
    undefined,
  );
});

Deno.test("updatePassword() rejects bad input with InputError before any request", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const using = connect({ fetch });
  const bad: unknown[] = [
    undefined,
    null,
    "alice",
    { ...CHANGE, user: undefined, using },
    { ...CHANGE, user: "", using },
    { ...CHANGE, user: 7, using },
    { ...CHANGE, oldPassword: "", using },
    { ...CHANGE, oldPassword: undefined, using },
    { ...CHANGE, newPassword: "", using },
    { ...CHANGE, newPassword: ["x"], using },
    { ...CHANGE, timeout: 0, using },
    { ...CHANGE, timeout: "5", using },
    { ...CHANGE, signal: {}, using },
    { ...CHANGE, updateConnection: "no", using },
    { ...CHANGE, using: 42 },
    { ...CHANGE, using: {} },
    { ...CHANGE, userName: "alice", using },
    { ...CHANGE, password: "x", using },
  ];
  for (const options of bad) {
    await assertRejects(
      () => updatePassword(options as UpdatePasswordOptions),
      InputError,
      undefined,
      JSON.stringify(options),
    );
  }
  assertEquals(requests.length, 0);
});

Deno.test("updatePassword() names the field, never the value, in an input error", async () => {
  const error = await assertRejects(
    () =>
      updatePassword({
        user: "alice",
        oldPassword: "secret-old-value",
        newPassword: 5 as unknown as string,
        using: connect({}),
      }),
    InputError,
  );
  assertStringIncludes(error.message, "newPassword");
  assert(!error.message.includes("secret-old-value"));
});

Deno.test("updatePassword() with an unknown alias rejects with ConnectionConfigError naming it", async () => {
  await assertRejects(
    () => updatePassword({ ...CHANGE, using: "update-password-nowhere" }),
    ConnectionConfigError,
    "update-password-nowhere",
  );
});

Deno.test("updatePassword() uses the default alias when `using` is left out", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  connections.connect({ fetch, token: "k" });
  try {
    await updatePassword(CHANGE);
    assertEquals(requests.length, 1);
  } finally {
    connections.removeConnection("default");
  }
});

Deno.test("updatePassword() maps 1400 for a wrong old password to ServerError with code, status and route (rbac §4.3)", async () => {
  const { fetch } = recordingFetch(() =>
    json({
      code: 1400,
      message: "old password not correct for alice: not authenticated",
    })
  );
  const error = await assertRejects(
    () => updatePassword({ ...CHANGE, using: connect({ fetch }) }),
    ServerError,
  );
  assertEquals(error.code, 1400);
  assertEquals(error.httpStatus, 200);
  assertEquals(error.route, "users/update_password");
  assertEquals(
    error.serverMessage,
    "old password not correct for alice: not authenticated",
  );
  assertStringIncludes(error.message, "old password");
});

Deno.test("updatePassword() maps 1100 for a bad new length to ServerError (rbac §4.3)", async () => {
  const { fetch } = recordingFetch(() =>
    json({
      code: 1100,
      message:
        "invalid password length: invalid parameter[5 out of range 6 <= value <= 72]",
    })
  );
  const error = await assertRejects(
    () => updatePassword({ ...CHANGE, using: connect({ fetch }) }),
    ServerError,
  );
  assertEquals(error.code, 1100);
});

Deno.test("updatePassword() maps 401, 403, 404 and 408 to their error classes (rbac §2.2, §3, §2.5, §8)", async () => {
  const cases: [() => Response, new (...a: never[]) => Error][] = [
    [
      () => json({ code: 1800, message: "user hasn't authenticated" }, 401),
      AuthenticationError,
    ],
    [
      () => json({ code: 65535, message: "permission deny" }, 403),
      PermissionDeniedError,
    ],
    [
      () => text("404 page not found", 404),
      (await import("@milvus-rbac/client")).RouteNotFoundError,
    ],
    [() => text("timeout", 408), ServerTimeoutError],
    [
      () => json({ code: 10001, message: "request timeout" }, 408),
      ServerTimeoutError,
    ],
    [() => text("<html>bad gateway</html>", 502), UnexpectedResponseError],
  ];
  for (const [reply, errorClass] of cases) {
    const { fetch } = recordingFetch(reply);
    const error = await assertRejects(
      () => updatePassword({ ...CHANGE, using: connect({ fetch }) }),
      errorClass,
    );
    assertEquals((error as ServerError).route, "users/update_password");
  }
});

Deno.test("updatePassword() is never retried: one request on 503", async () => {
  const { fetch, requests } = recordingFetch(() => text("busy", 503));
  const error = await assertRejects(
    () => updatePassword({ ...CHANGE, using: connect({ fetch, retries: 10 }) }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 503);
  assertEquals(requests.length, 1);
});

Deno.test("updatePassword() is never retried: one request on a network error", async () => {
  const fetch = spy(
    (_input: string | URL | Request, _init?: RequestInit): Promise<Response> =>
      Promise.reject(new TypeError("connection reset")),
  );
  await assertRejects(
    () => updatePassword({ ...CHANGE, using: connect({ fetch, retries: 10 }) }),
    NetworkError,
  );
  assertSpyCalls(fetch, 1);
});

Deno.test("updatePassword() is never retried: one request on 429, 408 and a client timeout", async () => {
  for (
    const reply of [() => text("slow down", 429), () => text("timeout", 408)]
  ) {
    const { fetch, requests } = recordingFetch(reply);
    await assertRejects(() =>
      updatePassword({ ...CHANGE, using: connect({ fetch, retries: 10 }) })
    );
    assertEquals(requests.length, 1);
  }
  const { fetch, requests } = hangingFetch();
  const { error } = await settlesWithin(
    5_000,
    () =>
      updatePassword({
        ...CHANGE,
        using: connect({ fetch, retries: 10 }),
        timeout: 100,
      }),
  );
  assertInstanceOf(error, ClientTimeoutError);
  assertEquals(requests.length, 1);
});

// A fetch that plays a tiny Milvus with one user, alice, and checks the
// Authorization of every request.
function aliceServer(password: string) {
  const state = { password };
  const recorder = recordingFetch((request) => {
    const auth = request.headers["authorization"];
    if (auth !== `Bearer alice:${state.password}`) {
      return json({ code: 1800, message: "user hasn't authenticated" }, 401);
    }
    if (request.url.endsWith("/users/update_password")) {
      const body = request.json as Record<string, string>;
      if (body.password !== state.password) {
        return json({
          code: 1400,
          message: "old password not correct for alice: not authenticated",
        });
      }
      state.password = body.newPassword!;
      return ok();
    }
    return ok(["alice"]);
  });
  return { ...recorder, state };
}

Deno.test("updatePassword() switches a user/password connection of that user to the new password (rbac §6.6)", async () => {
  const server = aliceServer("old-Passw0rd");
  const registry = new Connections();
  const using = registry.connect({
    user: "alice",
    password: "old-Passw0rd",
    fetch: server.fetch,
  });

  await updatePassword({ ...CHANGE, using });
  assertEquals(server.state.password, "new-Passw0rd");

  assertEquals(await listUsernames({ using }), ["alice"]);
  assertEquals(
    server.requests.at(-1)?.headers["authorization"],
    "Bearer alice:new-Passw0rd",
  );

  // The alias map shares the change: a reconnect after disconnect still works.
  registry.disconnect("default");
  await listUsernames({ using: registry.connect({ alias: "default" }) });
  assertEquals(
    server.requests.at(-1)?.headers["authorization"],
    "Bearer alice:new-Passw0rd",
  );
});

Deno.test("updatePassword() switches a user:password token of that user; resetPassword() does the same", async () => {
  const server = aliceServer("old-Passw0rd");
  const using = connect({ token: "alice:old-Passw0rd", fetch: server.fetch });

  await updatePassword({ ...CHANGE, using });
  await listUsernames({ using });
  assertEquals(
    server.requests.at(-1)?.headers["authorization"],
    "Bearer alice:new-Passw0rd",
  );

  assertEquals(
    await resetPassword({
      user: "alice",
      oldPassword: "new-Passw0rd",
      newPassword: "third-Passw0rd",
      using,
    }),
    undefined,
  );
  await listUsernames({ using });
  assertEquals(
    server.requests.at(-1)?.headers["authorization"],
    "Bearer alice:third-Passw0rd",
  );
});

Deno.test("updatePassword() keeps the connection's password with updateConnection: false", async () => {
  const server = aliceServer("old-Passw0rd");
  const using = connect({
    user: "alice",
    password: "old-Passw0rd",
    fetch: server.fetch,
  });
  await updatePassword({ ...CHANGE, using, updateConnection: false });
  await assertRejects(() => listUsernames({ using }), AuthenticationError);
  assertEquals(
    server.requests.at(-1)?.headers["authorization"],
    "Bearer alice:old-Passw0rd",
  );
});

Deno.test("updatePassword() leaves the connection alone for another user, an API key, or a failure", async () => {
  const { fetch, requests } = recordingFetch((request) =>
    request.url.endsWith("update_password") && request.json &&
      (request.json as Record<string, string>).password === "wrong-one"
      ? json({
        code: 1400,
        message: "old password not correct for root: not authenticated",
      })
      : ok([])
  );

  const root = connect({ user: "root", password: "Milvus", fetch });
  await updatePassword({ ...CHANGE, using: root });
  await listUsernames({ using: root });
  assertEquals(requests.at(-1)?.headers["authorization"], "Bearer root:Milvus");

  const apiKey = connect({ token: "alicekey", fetch });
  await updatePassword({ ...CHANGE, using: apiKey });
  await listUsernames({ using: apiKey });
  assertEquals(requests.at(-1)?.headers["authorization"], "Bearer alicekey");

  const self = connect({ user: "root", password: "Milvus", fetch });
  await assertRejects(
    () =>
      updatePassword({
        user: "root",
        oldPassword: "wrong-one",
        newPassword: "whatever-1",
        using: self,
      }),
    ServerError,
  );
  await listUsernames({ using: self });
  assertEquals(requests.at(-1)?.headers["authorization"], "Bearer root:Milvus");
});

Deno.test("updatePassword() applies the connection's passwordPolicy before sending", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const milvus = connect({ fetch, passwordPolicy: "milvus" });
  const zilliz = connect({ fetch, passwordPolicy: "zilliz" });
  const custom = connect({
    fetch,
    passwordPolicy: { name: "house", minCharacters: 12 },
  });

  const short = await assertRejects(
    () => updatePassword({ ...CHANGE, newPassword: "12345", using: milvus }),
    InputError,
  );
  assertStringIncludes(short.message, "newPassword");
  assertStringIncludes(short.message, "milvus");
  assertStringIncludes(short.message, "6 bytes");
  assert(!short.message.includes("12345"));

  await assertRejects(
    () =>
      updatePassword({ ...CHANGE, newPassword: "x".repeat(73), using: milvus }),
    InputError,
    "72 bytes",
  );
  await assertRejects(
    () =>
      updatePassword({ ...CHANGE, newPassword: "alllowercase", using: zilliz }),
    InputError,
    "at least 3",
  );
  await assertRejects(
    () => updatePassword({ ...CHANGE, newPassword: "Short-1", using: custom }),
    InputError,
    "house",
  );
  assertEquals(requests.length, 0);

  await updatePassword({ ...CHANGE, newPassword: "123456", using: milvus });
  await updatePassword({ ...CHANGE, newPassword: "123456Abc*", using: zilliz });
  // The policy checks the new password only; the old one is the server's.
  await updatePassword({
    ...CHANGE,
    oldPassword: "x",
    newPassword: "Long-enough-1",
    using: custom,
  });
  assertEquals(requests.length, 3);
});

Deno.test("updatePassword() rejects at once when the connection was disconnected", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const registry = new Connections();
  const using = registry.connect({ fetch });
  registry.disconnect("default");
  await assertRejects(
    () => updatePassword({ ...CHANGE, using }),
    ConnectionClosedError,
    "default",
  );
  assertEquals(requests.length, 0);
});

Deno.test("updatePassword() in flight settles with ConnectionClosedError when its alias is disconnected", async () => {
  const { fetch, requests } = hangingFetch();
  const registry = new Connections();
  const using = registry.connect({ alias: "rotating", fetch, timeout: null });
  const pending = Array.from(
    { length: 50 },
    (_, i) => updatePassword({ ...CHANGE, user: `user${i}`, using }),
  );
  while (requests.length < 50) await new Promise((r) => setTimeout(r, 1));

  registry.disconnect("rotating");
  const { value } = await settlesWithin(
    5_000,
    () => Promise.allSettled(pending),
  );
  assertEquals(value?.length, 50);
  for (const result of value ?? []) {
    assertEquals(result.status, "rejected");
    assertInstanceOf(
      (result as PromiseRejectedResult).reason,
      ConnectionClosedError,
    );
  }
});

Deno.test("updatePassword() rejects with the caller's abort reason, unchanged", async () => {
  const { fetch } = hangingFetch();
  const controller = new AbortController();
  const reason = new DOMException("user pressed cancel", "AbortError");
  const pending = updatePassword({
    ...CHANGE,
    using: connect({ fetch }),
    signal: controller.signal,
  });
  controller.abort(reason);
  const { error } = await settlesWithin(5_000, () => pending);
  assertStrictEquals(error, reason);
});

// ---- Against the emulator, in process and over HTTP ----

function rootOn(emulator: MilvusEmulator, extra: ConnectOptions = {}) {
  return connect({
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
    ...extra,
  });
}

Deno.test("updatePassword() changes a password; the old one then fails with 401 (emulator, rbac §6.6)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator);
  await createUser({ user: "alice", password: "old-Passw0rd", using: root });
  const alice = connect({
    user: "alice",
    password: "old-Passw0rd",
    fetch: emulator.fetch,
  });
  await alice.verify();

  assertEquals(await updatePassword({ ...CHANGE, using: root }), undefined);

  await assertRejects(() => alice.verify(), AuthenticationError);
  await connect({
    user: "alice",
    password: "new-Passw0rd",
    fetch: emulator.fetch,
  }).verify();
});

Deno.test("updatePassword() on one's own connection keeps it working (emulator, rbac §6.5)", async () => {
  const emulator = new MilvusEmulator();
  await createUser({
    user: "alice",
    password: "old-Passw0rd",
    using: rootOn(emulator),
  });
  for (
    const options of [
      { user: "alice", password: "old-Passw0rd" },
      { token: "alice:old-Passw0rd" },
    ]
  ) {
    const alice = connect({ ...options, fetch: emulator.fetch });
    await updatePassword({ ...CHANGE, using: alice });
    await alice.verify();
    await updatePassword({
      user: "alice",
      oldPassword: "new-Passw0rd",
      newPassword: "old-Passw0rd",
      using: alice,
    });
    await alice.verify();
  }
});

Deno.test("resetPassword() on root keeps the root connection working (emulator)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator);
  await resetPassword({
    user: "root",
    oldPassword: "Milvus",
    newPassword: "N3w-root-pass",
    using: root,
  });
  await root.verify();
  await assertRejects(() => rootOn(emulator).verify(), AuthenticationError);
});

Deno.test("updatePassword() with a wrong old password is ServerError 1400 and leaves the connection alone (emulator, rbac §4.3)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator);
  const error = await assertRejects(
    () =>
      updatePassword({
        user: "root",
        oldPassword: "not-Milvus",
        newPassword: "whatever-1",
        using: root,
      }),
    ServerError,
  );
  assertEquals(error.code, 1400);
  assertEquals(
    error.serverMessage,
    "old password not correct for root: not authenticated",
  );
  await root.verify();
});

Deno.test("updatePassword() with a too short or too long new password is ServerError 1100 (emulator, rbac §6.2)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator);
  for (const newPassword of ["12345", "x".repeat(73)]) {
    const error = await assertRejects(
      () =>
        updatePassword({
          user: "root",
          oldPassword: "Milvus",
          newPassword,
          using: root,
        }),
      ServerError,
    );
    assertEquals(error.code, 1100);
    assertStringIncludes(error.serverMessage, "invalid password length");
  }
  await root.verify();
});

Deno.test("updatePassword() of another user without the privilege is PermissionDeniedError (emulator, rbac §6.5)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator);
  await createUser({ user: "alice", password: "old-Passw0rd", using: root });
  await createUser({ user: "bob", password: "bob-Passw0rd", using: root });
  const bob = connect({
    user: "bob",
    password: "bob-Passw0rd",
    fetch: emulator.fetch,
  });
  const error = await assertRejects(
    () => updatePassword({ ...CHANGE, using: bob }),
    PermissionDeniedError,
  );
  assertEquals(error.httpStatus, 403);
});

Deno.test("updatePassword() works without credentials when authorization is off (emulator, rbac §6.5)", async () => {
  const emulator = new MilvusEmulator({ authorization: false });
  const anonymous = connect({ fetch: emulator.fetch });
  await createUser({
    user: "alice",
    password: "old-Passw0rd",
    using: anonymous,
  });
  await updatePassword({ ...CHANGE, using: anonymous });
  await assertRejects(
    () => updatePassword({ ...CHANGE, using: anonymous }),
    ServerError,
  );
});

Deno.test("updatePassword() by a configured superuser needs no right old password (emulator, rbac §6.4)", async () => {
  const emulator = new MilvusEmulator({ superUsers: ["root"] });
  const root = rootOn(emulator);
  await createUser({ user: "alice", password: "old-Passw0rd", using: root });
  await updatePassword({ ...CHANGE, oldPassword: "anything", using: root });
  await connect({
    user: "alice",
    password: "new-Passw0rd",
    fetch: emulator.fetch,
  }).verify();
});

Deno.test("updatePassword() accepts code 200 from a Milvus 2.4.0-2.4.2 emulator (rbac §9)", async () => {
  const emulator = new MilvusEmulator({
    version: "2.4",
    legacySuccessCode: true,
  });
  const root = rootOn(emulator);
  await resetPassword({
    user: "root",
    oldPassword: "Milvus",
    newPassword: "Milvus-2",
    using: root,
  });
  await root.verify();
});

Deno.test("updatePassword() sends one request only on an injected 503 or a dropped connection (emulator)", async () => {
  const emulator = new MilvusEmulator();
  const root = rootOn(emulator, { retries: 10 });
  const busy = emulator.injectFault({
    route: "users/update_password",
    status: 503,
    body: "busy",
  });
  await assertRejects(
    () =>
      updatePassword({
        user: "root",
        oldPassword: "Milvus",
        newPassword: "other-pass",
        using: root,
      }),
    UnexpectedResponseError,
  );
  assertEquals(busy.hits, 1);
  busy.clear();

  const dropped = emulator.injectFault({
    route: "users/update_password",
    drop: true,
  });
  await assertRejects(
    () =>
      updatePassword({
        user: "root",
        oldPassword: "Milvus",
        newPassword: "other-pass",
        using: root,
      }),
    NetworkError,
  );
  assertEquals(dropped.hits, 1);
  dropped.clear();

  // The drop came after Milvus applied the change, the case a retry would
  // turn into a false 1400: the new password is the one that works now.
  await connect({ user: "root", password: "other-pass", fetch: emulator.fetch })
    .verify();
  await assertRejects(() => rootOn(emulator).verify(), AuthenticationError);
});

Deno.test("updatePassword() over HTTP sends one request on a dropped connection and a 503 (serveEmulator)", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  try {
    const root = connect({
      uri: server.url,
      user: "root",
      password: "Milvus",
      retries: 10,
    });
    const dropped = emulator.injectFault({
      route: "users/update_password",
      drop: true,
      times: 5,
    });
    await assertRejects(
      () =>
        updatePassword({
          user: "root",
          oldPassword: "Milvus",
          newPassword: "other-pass",
          using: root,
        }),
      NetworkError,
    );
    assertEquals(dropped.hits, 1);
    dropped.clear();
    const busy = emulator.injectFault({
      route: "users/update_password",
      status: 503,
      times: 5,
    });
    await assertRejects(
      () =>
        updatePassword({
          user: "root",
          oldPassword: "Milvus",
          newPassword: "other-pass",
          using: root,
        }),
      UnexpectedResponseError,
    );
    assertEquals(busy.hits, 1);
  } finally {
    await server.close();
  }
});

Deno.test("updatePassword() times out on a server that never answers or stalls the body (emulator, in process and over HTTP)", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  try {
    for (const fault of [{ delayMs: Infinity }, { stallMs: Infinity }]) {
      const injected = emulator.injectFault({
        route: "users/update_password",
        ...fault,
      });
      for (
        const using of [
          rootOn(emulator, { timeout: 200 }),
          connect({
            uri: server.url,
            user: "root",
            password: "Milvus",
            timeout: 200,
          }),
        ]
      ) {
        const { error } = await settlesWithin(
          5_000,
          () =>
            updatePassword({
              user: "root",
              oldPassword: "Milvus",
              newPassword: "other-pass",
              using,
            }),
        );
        assertInstanceOf(error, ClientTimeoutError);
      }
      injected.clear();
    }
  } finally {
    await server.close();
  }
});

Deno.test("updatePassword() reports the server's own timeout as ServerTimeoutError (emulator, rbac §8)", async () => {
  for (const version of ["2.4", "2.6"] as const) {
    const emulator = new MilvusEmulator({ version, defaultTimeoutSeconds: 1 });
    emulator.injectFault({ route: "users/update_password", delayMs: 3_000 });
    const { error } = await settlesWithin(
      8_000,
      () =>
        updatePassword({
          user: "root",
          oldPassword: "Milvus",
          newPassword: "other-pass",
          using: rootOn(emulator, { timeout: null }),
        }),
    );
    assertInstanceOf(error, ServerTimeoutError);
    assertEquals(error.httpStatus, 408);
    emulator.clearFaults();
  }
});

async function concurrentUpdates(
  using: ReturnType<typeof connect>,
  count: number,
) {
  const users = Array.from({ length: count }, (_, i) => `user_${i}`);
  for (const user of users) {
    await createUser({ user, password: `${user}-old`, using });
  }
  const results = await Promise.allSettled(
    users.map((user) =>
      updatePassword({
        user,
        oldPassword: `${user}-old`,
        newPassword: `${user}-new`,
        using,
      })
    ),
  );
  for (const result of results) assertEquals(result.status, "fulfilled");
  return users;
}

Deno.test("updatePassword() runs 200 calls at once on distinct users (emulator in process)", async () => {
  const emulator = new MilvusEmulator({ maxUsers: 250 });
  const root = rootOn(emulator);
  const users = await concurrentUpdates(root, 200);
  await Promise.all(
    users.map((user) =>
      connect({ user, password: `${user}-new`, fetch: emulator.fetch }).verify()
    ),
  );
  await root.verify();
});

Deno.test("updatePassword() runs 200 calls at once on distinct users (serveEmulator over HTTP)", async () => {
  const emulator = new MilvusEmulator({ maxUsers: 250 });
  const server = await serveEmulator(emulator);
  try {
    const root = connect({ uri: server.url, user: "root", password: "Milvus" });
    const users = await concurrentUpdates(root, 200);
    for (const user of [users[0]!, users[199]!]) {
      await connect({ uri: server.url, user, password: `${user}-new` })
        .verify();
    }
  } finally {
    await server.close();
  }
});

Deno.test("updatePassword() calls in flight settle when their alias is disconnected (emulator, in process and over HTTP)", async () => {
  const emulator = new MilvusEmulator({ maxUsers: 50 });
  const server = await serveEmulator(emulator);
  try {
    const setup = rootOn(emulator);
    for (let i = 0; i < 20; i++) {
      await createUser({
        user: `u${i}`,
        password: "old-Passw0rd",
        using: setup,
      });
    }
    const held = emulator.injectFault({
      route: "users/update_password",
      delayMs: Infinity,
    });

    for (const base of [{ fetch: emulator.fetch }, { uri: server.url }]) {
      const registry = new Connections();
      const using = registry.connect({
        alias: "ops",
        user: "root",
        password: "Milvus",
        timeout: null,
        ...base,
      });
      const pending = Array.from(
        { length: 20 },
        (_, i) =>
          updatePassword({
            user: `u${i}`,
            oldPassword: "old-Passw0rd",
            newPassword: "new-Passw0rd",
            using,
          }),
      );
      const before = held.hits;
      while (held.hits < before + 20) {
        await new Promise((r) => setTimeout(r, 5));
      }

      registry.disconnect("ops");
      const { value } = await settlesWithin(
        5_000,
        () => Promise.allSettled(pending),
      );
      for (const result of value ?? []) {
        assertEquals(result.status, "rejected");
        assertInstanceOf(
          (result as PromiseRejectedResult).reason,
          ConnectionClosedError,
        );
      }
    }
    held.clear();
  } finally {
    await server.close();
  }
});
