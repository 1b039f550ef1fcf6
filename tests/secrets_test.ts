// Canary secrets must never show in a connection or an error, whatever a
// server or a transport echoes back, and the client never logs.
import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertRejects,
} from "@std/assert";
import { inspect } from "node:util";
import {
  ConnectionConfigError,
  Connections,
  InputError,
  listUsernames,
  MilvusError,
  NetworkError,
  ServerError,
  UnexpectedResponseError,
  updatePassword,
} from "@milvus-rbac/client";
import {
  hangingFetch,
  json,
  recordingFetch,
  settlesWithin,
} from "./_helpers/fake_fetch.ts";
import {
  assertNoSecret,
  CANARY_NEW_PASSWORD,
  CANARY_PASSWORD,
  CANARY_TOKEN,
} from "./_helpers/secrets.ts";

const ALL = [CANARY_PASSWORD, CANARY_NEW_PASSWORD, CANARY_TOKEN];

Deno.test("a Connection prints, inspects and serialises without password or token", () => {
  const registry = new Connections();
  const byPassword = registry.connect({
    alias: "pw",
    user: "root",
    password: CANARY_PASSWORD,
  });
  const byToken = registry.connect({ alias: "token", token: CANARY_TOKEN });
  const byUserToken = registry.connect({
    alias: "usertoken",
    token: `root:${CANARY_PASSWORD}`,
  });
  const byUri = registry.connect({
    alias: "uri",
    uri: `https://root:${CANARY_PASSWORD}@db.example.com/sales`,
    headers: { "X-Api-Key": CANARY_TOKEN },
  });

  for (const connection of [byPassword, byToken, byUserToken, byUri]) {
    assertNoSecret(connection, ALL);
    assertNoSecret({ nested: { connection } }, ALL);
    assertNoSecret(Object.entries(connection), ALL);
    assertNoSecret(connection.toJSON(), ALL);
    assert(Deno.inspect(connection).includes(connection.alias));
    assert(inspect(connection).includes(connection.address));
  }
  for (const alias of ["pw", "token", "usertoken", "uri"]) {
    assertNoSecret(registry.getConnectionAddr(alias), ALL);
  }
  assertNoSecret(registry.listConnections(), ALL);
  assertNoSecret(registry, ALL);
  assertEquals(byUri.toJSON().user, "root");
});

// Replies from a server (or a proxy) that echo every secret it was sent.
function echoingReplies(
  request: { headers: Record<string, string>; body: string },
) {
  const auth = request.headers["authorization"] ?? "";
  const basic = `Basic ${btoa(`root:${CANARY_PASSWORD}`)}`;
  // A proxy may also echo the password alone or the Basic value bare.
  const credential = auth.replace(/^Bearer /, "");
  const bare = `${credential.split(":")[1] ?? ""} ${btoa(credential)}`;
  const echo = `auth=${auth} basic=${basic} bare=${bare} body=${request.body}`;
  return [
    json({ code: 65535, message: `failed: ${echo}` }),
    json({ code: 1400, message: `bad ${echo}` }, 200),
    json({ code: 65535, message: `denied ${echo}` }, 403),
    json({ code: 1800, message: `no ${echo}` }, 401),
    new Response(`<html><pre>\n${echo}\n</pre></html>`, { status: 502 }),
    new Response(`${"x".repeat(190)}${CANARY_PASSWORD}${CANARY_NEW_PASSWORD}`, {
      status: 502,
    }),
    new Response(`<p>${echo}</p>`, { status: 200 }),
    json([echo]),
    new Response(echo.repeat(20_000), { status: 200 }),
    json({ code: 65535, message: JSON.stringify({ echoed: request.body }) }),
    json({
      code: 5,
      message: `password=${CANARY_NEW_PASSWORD}; token: ${CANARY_TOKEN}`,
    }),
  ];
}

Deno.test("errors never show secrets a server echoes back, in any reply shape", async () => {
  const count = echoingReplies({ headers: {}, body: "" }).length;
  for (let i = 0; i < count; i++) {
    for (
      const credentials of [
        { user: "root", password: CANARY_PASSWORD },
        { token: `root:${CANARY_PASSWORD}` },
        { token: CANARY_TOKEN },
      ]
    ) {
      const { fetch } = recordingFetch((request) =>
        echoingReplies(request)[i]!
      );
      const using = new Connections().connect({ ...credentials, fetch });
      const error = await assertRejects(
        () =>
          updatePassword({
            user: "root",
            oldPassword: CANARY_PASSWORD,
            newPassword: CANARY_NEW_PASSWORD,
            using,
          }),
        MilvusError,
      );
      assertNoSecret(error, ALL);
      const listError = await assertRejects(
        () => listUsernames({ using }),
        MilvusError,
      );
      assertNoSecret(listError, ALL);
    }
  }
});

Deno.test("an excerpt never keeps part of a secret cut at its length limit", async () => {
  for (let pad = 180; pad <= 200; pad++) {
    const body = `${"y".repeat(pad)}${CANARY_PASSWORD} tail`;
    const { fetch } = recordingFetch(() => new Response(body, { status: 502 }));
    const using = new Connections().connect({
      user: "root",
      password: CANARY_PASSWORD,
      fetch,
    });
    const error = await assertRejects(
      () => listUsernames({ using }),
      UnexpectedResponseError,
    );
    for (let cut = 6; cut <= CANARY_PASSWORD.length; cut++) {
      assert(
        !error.excerpt.includes(CANARY_PASSWORD.slice(0, cut)),
        `pad ${pad}: excerpt keeps ${cut} characters of the password`,
      );
    }
  }
});

Deno.test("secrets with whitespace or JSON-escaped characters are scrubbed too", async () => {
  const tricky = 'Tab\there "quoted" \\slash\\ Zz9';
  const { fetch } = recordingFetch((request) =>
    new Response(`<html>\n  <pre>${request.body}</pre>\n  ${tricky}\n</html>`, {
      status: 500,
    })
  );
  const using = new Connections().connect({
    user: "root",
    password: tricky,
    fetch,
  });
  const error = await assertRejects(
    () => listUsernames({ using }),
    UnexpectedResponseError,
  );
  assertNoSecret(error, [
    tricky,
    JSON.stringify(tricky).slice(1, -1),
    "Tab here",
  ]);

  const server = recordingFetch((request) =>
    json({ code: 65535, message: `echo ${request.body}` })
  );
  const other = new Connections().connect({ token: "k", fetch: server.fetch });
  const echoed = await assertRejects(
    () =>
      updatePassword({
        user: "alice",
        oldPassword: "old-pass-1",
        newPassword: tricky,
        using: other,
      }),
    ServerError,
  );
  assertNoSecret(echoed, [
    tricky,
    JSON.stringify(tricky).slice(1, -1),
    "slash",
  ]);
});

Deno.test("a transport error that quotes the request never leaks it through message, cause or inspect", async () => {
  const throwers: ((init: RequestInit | undefined) => never)[] = [
    (init) => {
      const headers = new Headers(init?.headers);
      throw new TypeError(
        `send failed: Authorization: ${
          headers.get("authorization")
        } body ${init?.body}`,
      );
    },
    (init) => {
      throw new Error("outer", {
        cause: new Error(
          `inner ${new Headers(init?.headers).get("authorization")}`,
        ),
      });
    },
    (init) => {
      throw `raw string ${init?.body}`;
    },
    (init) => {
      const error = new Error("with a property");
      Object.assign(error, { request: String(init?.body) });
      throw error;
    },
  ];
  for (const thrower of throwers) {
    const fetch = (_: string | URL | Request, init?: RequestInit) =>
      Promise.resolve().then(() => thrower(init));
    const using = new Connections().connect({
      user: "root",
      password: CANARY_PASSWORD,
      fetch,
      retries: 0,
    });
    const error = await assertRejects(
      () =>
        updatePassword({
          user: "root",
          oldPassword: CANARY_PASSWORD,
          newPassword: CANARY_NEW_PASSWORD,
          using,
        }),
      NetworkError,
    );
    assertNoSecret(error, ALL);
  }
});

Deno.test("timeouts, closed connections, bad input and bad settings carry no secret", async () => {
  const { fetch } = hangingFetch();
  const registry = new Connections();
  const using = registry.connect({
    user: "root",
    password: CANARY_PASSWORD,
    fetch,
    timeout: 50,
    passwordPolicy: "zilliz",
  });
  const change = {
    user: "root",
    oldPassword: CANARY_PASSWORD,
    newPassword: CANARY_NEW_PASSWORD,
    using,
  };

  const timedOut = await settlesWithin(5_000, () => updatePassword(change));
  assertNoSecret(timedOut.error, ALL);

  const weak = await assertRejects(
    () => updatePassword({ ...change, newPassword: "weak-canary-pw" }),
    InputError,
  );
  assertNoSecret(weak, [...ALL, "weak-canary-pw"]);

  const pending = updatePassword({ ...change, timeout: null });
  registry.disconnect("default");
  const closed = await settlesWithin(5_000, () => pending);
  assertNoSecret(closed.error, ALL);

  const conflict = new Connections();
  conflict.connect({ user: "root", password: CANARY_PASSWORD });
  try {
    conflict.connect({ user: "root", password: CANARY_NEW_PASSWORD });
  } catch (error) {
    assertInstanceOf(error, ConnectionConfigError);
    assertNoSecret(error, ALL);
  }
});

Deno.test("the client never logs, on success or on failure", async () => {
  const methods = ["log", "info", "warn", "error", "debug", "trace"] as const;
  // The test replaces console's methods to count calls; it prints nothing.
  const sink: Console = globalThis["console"];
  const saved = methods.map((name) => sink[name]);
  let calls = 0;
  for (const name of methods) sink[name] = () => void calls++;
  try {
    const { fetch } = recordingFetch((_, i) =>
      [
        json({ code: 0, data: [] }),
        json({ code: 1400, message: "no" }),
        new Response("<html>", { status: 502 }),
        json({}, 401),
      ][i % 4]!
    );
    const using = new Connections().connect({
      user: "root",
      password: CANARY_PASSWORD,
      fetch,
      retries: 0,
    });
    for (let i = 0; i < 8; i++) {
      await listUsernames({ using }).catch(() => {});
    }
    await settlesWithin(
      5_000,
      () =>
        listUsernames({
          using: new Connections().connect({
            fetch: hangingFetch().fetch,
            timeout: 20,
          }),
        }),
    );
  } finally {
    methods.forEach((name, i) => (sink[name] = saved[i]!));
  }
  assertEquals(calls, 0);
});
