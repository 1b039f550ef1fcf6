// createUser, deleteUser, listUsernames, listUser and listUsers: bodies,
// answers, input checks, read retries and the shared budget of listUsers.
import {
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStrictEquals,
} from "@std/assert";
import {
  ClientTimeoutError,
  Connections,
  type ConnectOptions,
  createUser,
  deleteUser,
  InputError,
  listUser,
  listUsernames,
  listUsers,
  ServerError,
  UnexpectedResponseError,
} from "@milvus-rbac/client";
import { MilvusEmulator } from "@milvus-rbac/client/testing";
import {
  countListeners,
  hangingFetch,
  json,
  ok,
  recordingFetch,
  settlesWithin,
  text,
} from "./_helpers/fake_fetch.ts";

function connect(options: ConnectOptions) {
  return new Connections().connect(options);
}

function rootOn(emulator: MilvusEmulator) {
  return connect({ user: "root", password: "Milvus", fetch: emulator.fetch });
}

// Grants a role through the raw REST API, so these tests need nothing but
// the user operations.
async function grantRole(emulator: MilvusEmulator, user: string, role: string) {
  for (
    const [route, body] of [
      ["roles/create", { roleName: role }],
      ["users/grant_role", { userName: user, roleName: role }],
    ] as const
  ) {
    const response = await emulator.fetch(
      `http://milvus.test/v2/vectordb/${route}`,
      {
        method: "POST",
        headers: { Authorization: "Bearer root:Milvus" },
        body: JSON.stringify(body),
      },
    );
    const reply = await response.json();
    if (reply.code !== 0 && !String(reply.message).includes("already exists")) {
      throw new Error(`${route}: ${JSON.stringify(reply)}`);
    }
  }
}

Deno.test("createUser() sends { userName, password } to users/create (rbac §1.2)", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const result = await createUser({
    user: "alice",
    password: "s3cret-pass",
    using: connect({ fetch }),
  });
  assertStrictEquals(result, undefined);
  assertEquals(
    requests[0]?.url,
    "http://localhost:19530/v2/vectordb/users/create",
  );
  assertEquals(
    requests[0]?.body,
    '{"userName":"alice","password":"s3cret-pass"}',
  );
});

Deno.test("deleteUser(), listUsernames() and listUser() send only the fields their routes define (rbac §1.2)", async () => {
  const { fetch, requests } = recordingFetch((request) =>
    request.url.endsWith("/users/drop") ? ok() : ok(["r1"])
  );
  const using = connect({ fetch });
  await deleteUser({ user: "alice", using });
  await listUsernames({ using });
  await listUser({ user: "alice", using });
  assertEquals(requests.map((r) => [new URL(r.url).pathname, r.body]), [
    ["/v2/vectordb/users/drop", '{"userName":"alice"}'],
    ["/v2/vectordb/users/list", "{}"],
    ["/v2/vectordb/users/describe", '{"userName":"alice"}'],
  ]);
});

Deno.test("user operations reject bad input with InputError before any request", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const using = connect({ fetch });
  const attempts: (() => Promise<unknown>)[] = [
    () => createUser({ user: "", password: "s3cret-pass", using }),
    () => createUser({ user: "alice", password: "", using }),
    () => createUser({ user: "alice", using } as never),
    () =>
      createUser(
        { user: "alice", password: "s3cret-pass", using, extra: 1 } as never,
      ),
    () => deleteUser({ using } as never),
    () => deleteUser({ user: 5, using } as never),
    () => listUser({ user: "alice", includeRoleInfo: "yes", using } as never),
    () => listUsers({ includeRoleInfo: 1, using } as never),
    () => listUsernames({ using, timeout: -5 }),
    () => listUsernames("x" as never),
  ];
  for (const attempt of attempts) await assertRejects(attempt, InputError);
  assertEquals(requests.length, 0);
});

Deno.test("createUser() applies the connection's passwordPolicy before sending", async () => {
  const { fetch, requests } = recordingFetch(() => ok());
  const using = connect({ fetch, passwordPolicy: "milvus" });
  await assertRejects(
    () => createUser({ user: "alice", password: "short", using }),
    InputError,
    "password",
  );
  assertEquals(requests.length, 0);
});

Deno.test("createUser(), listUsernames() and deleteUser() round-trip on the emulator (rbac §1.2, §7)", async () => {
  const emulator = new MilvusEmulator();
  const using = rootOn(emulator);
  assertEquals(await listUsernames({ using }), ["root"]);
  await createUser({ user: "alice", password: "s3cret-pass", using });
  assertEquals((await listUsernames({ using })).sort(), ["alice", "root"]);
  await deleteUser({ user: "alice", using });
  await deleteUser({ user: "alice", using });
  assertEquals(await listUsernames({ using }), ["root"]);
});

Deno.test("createUser() of an existing user is ServerError 65535 (emulator, rbac §4.3)", async () => {
  const emulator = new MilvusEmulator();
  const using = rootOn(emulator);
  await createUser({ user: "alice", password: "s3cret-pass", using });
  const error = await assertRejects(
    () => createUser({ user: "alice", password: "s3cret-pass", using }),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertEquals(error.serverMessage, "user already exists: alice");
});

Deno.test("deleteUser() of root is ServerError 1401 (emulator, rbac §4.3)", async () => {
  const error = await assertRejects(
    () => deleteUser({ user: "root", using: rootOn(new MilvusEmulator()) }),
    ServerError,
  );
  assertEquals(error.code, 1401);
});

Deno.test("listUser() returns roles only when asked; an unknown user has none (emulator, rbac §4.3)", async () => {
  const emulator = new MilvusEmulator();
  const using = rootOn(emulator);
  await createUser({ user: "alice", password: "s3cret-pass", using });
  await grantRole(emulator, "alice", "reader");

  assertEquals(await listUser({ user: "alice", using }), {
    user: "alice",
    roles: [],
  });
  assertEquals(
    await listUser({ user: "alice", includeRoleInfo: true, using }),
    {
      user: "alice",
      roles: ["reader"],
    },
  );
  assertEquals(
    await listUser({ user: "ghost", includeRoleInfo: true, using }),
    {
      user: "ghost",
      roles: [],
    },
  );
});

Deno.test("listUsers() lists every user, with roles when asked (emulator)", async () => {
  const emulator = new MilvusEmulator();
  const using = rootOn(emulator);
  for (let i = 0; i < 20; i++) {
    await createUser({ user: `user_${i}`, password: "s3cret-pass", using });
  }
  await grantRole(emulator, "user_3", "reader");

  const plain = await listUsers({ using });
  assertEquals(plain.length, 21);
  assertEquals(plain.every((entry) => entry.roles.length === 0), true);

  const detailed = await listUsers({ includeRoleInfo: true, using });
  assertEquals(detailed.length, 21);
  assertEquals(detailed.find((entry) => entry.user === "user_3")?.roles, [
    "reader",
  ]);
  assertEquals(
    detailed.map((entry) => entry.user),
    plain.map((entry) => entry.user),
  );
});

Deno.test("listUsernames() retries a read on 503 and a network error", async () => {
  const { fetch, requests } = recordingFetch((_, index) =>
    index === 0
      ? text("busy", 503)
      : index === 1
      ? Promise.reject(new TypeError("reset"))
      : ok(["root"])
  );
  assertEquals(await listUsernames({ using: connect({ fetch }) }), ["root"]);
  assertEquals(requests.length, 3);
});

Deno.test("createUser() and deleteUser() are never retried", async () => {
  for (
    const attempt of [
      (using: ReturnType<typeof connect>) =>
        createUser({ user: "a", password: "s3cret-pass", using }),
      (using: ReturnType<typeof connect>) => deleteUser({ user: "a", using }),
    ]
  ) {
    const { fetch, requests } = recordingFetch(() => text("busy", 503));
    await assertRejects(
      () => attempt(connect({ fetch, retries: 5 })),
      UnexpectedResponseError,
    );
    assertEquals(requests.length, 1);
  }
});

Deno.test("listUsernames() and listUser() reject data that is not a list of names", async () => {
  for (const data of [{}, [1], null, "root"]) {
    const { fetch } = recordingFetch(() => json({ code: 0, data }));
    await assertRejects(
      () => listUsernames({ using: connect({ fetch }) }),
      UnexpectedResponseError,
    );
    await assertRejects(
      () => listUser({ user: "a", using: connect({ fetch }) }),
      UnexpectedResponseError,
    );
  }
});

Deno.test("listUsers() with roles keeps one timeout across all its requests", async () => {
  let calls = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    calls++;
    const url = String(input);
    if (url.endsWith("/users/list")) {
      return ok(Array.from({ length: 40 }, (_, i) => `u${i}`));
    }
    // Each describe takes 50 ms; 40 of them, 8 at a time, take 250 ms.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(resolve, 50);
      init?.signal?.addEventListener("abort", () => {
        clearTimeout(timer);
        reject(init.signal?.reason);
      }, { once: true });
    });
    return ok([]);
  };
  const { error } = await settlesWithin(
    5_000,
    () =>
      listUsers({
        includeRoleInfo: true,
        using: connect({ fetch }),
        timeout: 120,
      }),
  );
  assertInstanceOf(error, ClientTimeoutError);
  // Later describes never started once the budget ran out.
  assertEquals(calls < 41, true);
});

Deno.test("listUsers() rejects with the caller's reason and leaves no listeners on its signal", async () => {
  const controller = new AbortController();
  const counter = countListeners(controller.signal);
  const emulator = new MilvusEmulator();
  const using = rootOn(emulator);
  for (let i = 0; i < 30; i++) {
    await listUsers({
      includeRoleInfo: true,
      using,
      signal: controller.signal,
    });
  }
  assertEquals(counter.live(), 0);

  const { fetch } = hangingFetch();
  const pending = listUsers({
    using: connect({ fetch }),
    signal: controller.signal,
  });
  controller.abort("stop listing");
  const { error } = await settlesWithin(5_000, () => pending);
  assertStrictEquals(error, "stop listing");
  assertEquals(counter.live(), 0);
});
