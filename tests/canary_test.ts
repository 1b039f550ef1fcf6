// Secrets never leak: with a canary password and a canary token, every
// operation is run down every error path (bad input, bad settings, network
// failures, timeouts, proxies and servers that echo the request back), and
// the canary must not appear in any message, `cause` chain, stack,
// JSON.stringify, Deno.inspect or node:util inspect output, nor in any
// fragment of eight characters or more. Then the demo is run and its output
// checked for the passwords it uses.
import { inspect as nodeInspect } from "node:util";
import {
  addPrivilegesToGroup,
  type Connection,
  Connections,
  connections,
  type ConnectOptions,
  createPrivilegeGroup,
  createUser,
  deleteUser,
  dropPrivilegeGroup,
  type FetchFunction,
  listPrivilegeGroups,
  listRoles,
  listUser,
  listUsernames,
  listUsers,
  removePrivilegesFromGroup,
  resetPassword,
  Role,
  updatePassword,
} from "@milvus-rbac/client";
import { MilvusEmulator } from "@milvus-rbac/client/testing";
import { assert, assertEquals } from "@std/assert";
import { closedPort, startBrokenServer } from "./_broken_server.ts";

const CANARY_PASSWORD = "Cn4ryPassw0rdQ7x";
const CANARY_TOKEN = "cn4ryTokenZ9k2w5";
const CANARY_NEW = "Cn4ryNewPassK3j8";
const USER = "root";

const CANARIES = [
  CANARY_PASSWORD,
  CANARY_TOKEN,
  CANARY_NEW,
  btoa(`${USER}:${CANARY_PASSWORD}`),
  btoa(CANARY_PASSWORD),
  btoa(CANARY_NEW),
];

// Every 8-character piece of every canary: a cut-off secret is still a leak.
const FRAGMENTS = CANARIES.flatMap((canary) => {
  const pieces: string[] = [];
  for (let i = 0; i + 8 <= canary.length; i++) {
    pieces.push(canary.slice(i, i + 8));
  }
  return pieces;
});

const TIMEOUT_MS = 300;

/** Every text form of a value that a user might print or log. */
function renderings(value: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < 10 && current !== undefined; depth++) {
    if (current instanceof Error) {
      texts.push(current.name, current.message, current.stack ?? "");
      texts.push(String(current));
      for (const key of Object.getOwnPropertyNames(current)) {
        const field = (current as unknown as Record<string, unknown>)[key];
        if (typeof field === "string") texts.push(field);
      }
      current = current.cause;
    } else {
      texts.push(String(current));
      current = undefined;
    }
  }
  try {
    texts.push(JSON.stringify(value) ?? "");
  } catch (error) {
    texts.push(String(error));
  }
  texts.push(Deno.inspect(value, { depth: Infinity, showHidden: true }));
  texts.push(nodeInspect(value, { depth: Infinity, showHidden: true }));
  return texts;
}

const leaks: string[] = [];
let checked = 0;

function check(what: string, value: unknown): void {
  checked++;
  const text = renderings(value).join("\n");
  const found = FRAGMENTS.find((fragment) => text.includes(fragment));
  if (found !== undefined) {
    const at = text.indexOf(found);
    leaks.push(
      `${what}: "${found}" in ...${
        text.slice(Math.max(0, at - 60), at + 30)
      }...`,
    );
  }
}

async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    return error;
  }
}

// ---------------------------------------------------------------------------
// Every operation, as a list of named runs against one connection.

type Operation = [string, (using: Connection) => unknown];

interface Extra {
  timeout?: number;
  signal?: AbortSignal;
}

function operations(
  options: Extra = { timeout: TIMEOUT_MS },
): Operation[] {
  const role = (using: Connection) => new Role("canary_role", { using });
  return [
    ["updatePassword", (using) =>
      updatePassword({
        user: USER,
        oldPassword: CANARY_PASSWORD,
        newPassword: CANARY_NEW,
        updateConnection: false,
        using,
        ...options,
      })],
    ["resetPassword", (using) =>
      resetPassword({
        user: "alice",
        oldPassword: CANARY_PASSWORD,
        newPassword: CANARY_NEW,
        using,
        ...options,
      })],
    [
      "createUser",
      (using) =>
        createUser({ user: "alice", password: CANARY_NEW, using, ...options }),
    ],
    ["deleteUser", (using) => deleteUser({ user: "alice", using, ...options })],
    [
      "listUser",
      (using) =>
        listUser({ user: "alice", includeRoleInfo: true, using, ...options }),
    ],
    [
      "listUsers",
      (using) => listUsers({ includeRoleInfo: true, using, ...options }),
    ],
    [
      "listRoles with users",
      (using) => listRoles({ includeUserInfo: true, using, ...options }),
    ],
    ["listUsernames", (using) => listUsernames({ using, ...options })],
    ["verify", (using) => using.verify(options)],
    ["listRoles", (using) => listRoles({ using, ...options })],
    ["Role.create", (using) => role(using).create(options)],
    [
      "Role.addUser",
      (using) => role(using).addUser({ user: "alice", ...options }),
    ],
    ["Role.grant", (using) =>
      role(using).grant({
        objectType: "Global",
        objectName: "*",
        privilege: "CreateCollection",
        ...options,
      })],
    [
      "Role.grantV2",
      (using) =>
        role(using).grantV2({ privilege: "ClusterReadOnly", ...options }),
    ],
    ["Role.listGrants", (using) => role(using).listGrants(options)],
    ["Role.getUsers", (using) => role(using).getUsers(options)],
    [
      "createPrivilegeGroup",
      (using) =>
        createPrivilegeGroup({ privilegeGroup: "g1", using, ...options }),
    ],
    ["addPrivilegesToGroup", (using) =>
      addPrivilegesToGroup(
        { privilegeGroup: "g1", privileges: ["Query"], using, ...options },
      )],
    ["removePrivilegesFromGroup", (using) =>
      removePrivilegesFromGroup(
        { privilegeGroup: "g1", privileges: ["Query"], using, ...options },
      )],
    [
      "listPrivilegeGroups",
      (using) => listPrivilegeGroups({ using, ...options }),
    ],
    [
      "dropPrivilegeGroup",
      (using) =>
        dropPrivilegeGroup({ privilegeGroup: "g1", using, ...options }),
    ],
  ];
}

// The two kinds of credentials the canary rides in.
const IDENTITIES: Record<string, ConnectOptions> = {
  password: { user: USER, password: CANARY_PASSWORD },
  token: { token: CANARY_TOKEN },
  "user:password token": { token: `${USER}:${CANARY_PASSWORD}` },
};

function newEmulator(): MilvusEmulator {
  return new MilvusEmulator({
    rootPassword: CANARY_PASSWORD,
    apiKeys: { [CANARY_TOKEN]: USER },
  });
}

async function runAll(
  label: string,
  connectOptions: ConnectOptions,
  only: string[] = Object.keys(IDENTITIES),
): Promise<void> {
  for (const [identity, credentials] of Object.entries(IDENTITIES)) {
    if (!only.includes(identity)) continue;
    const registry = new Connections();
    const using = registry.connect({
      timeout: TIMEOUT_MS,
      ...credentials,
      ...connectOptions,
    });
    check(`${label}/${identity}: the connection`, using);
    check(`${label}/${identity}: the alias map`, registry);
    // Concurrently, so that the timeout cases cost one timeout, not twenty.
    const results = await Promise.all(
      operations().map(async ([name, run]) =>
        [name, await outcome(() => run(using))] as const
      ),
    );
    for (const [name, value] of results) {
      check(`${label}/${identity}/${name}`, value);
    }
    registry.removeConnection("default");
  }
}

// What a proxy or a broken server might send back: the request's own
// secrets, echoed in the forms such a server would use. The echo is built
// from each request, so it holds exactly the secrets that call sent.
interface Sent {
  /** The Authorization value, the token without its scheme, its parts. */
  credentials: string[];
  /** The request body and the password fields in it. */
  body: string;
  passwords: string[];
}

function sentBy(init: RequestInit | undefined): Sent {
  const authorization = new Headers(init?.headers).get("authorization") ?? "";
  const token = authorization.replace(/^Bearer /, "");
  const body = typeof init?.body === "string" ? init.body : "";
  let passwords: string[] = [];
  try {
    const parsed = JSON.parse(body);
    passwords = [parsed.password, parsed.newPassword].filter((value) =>
      typeof value === "string"
    );
  } catch {
    // not JSON: nothing more to echo
  }
  return {
    credentials: [authorization, token, ...token.split(":")].filter(Boolean),
    body,
    passwords,
  };
}

function echoText(sent: Sent): string {
  const bare = [...sent.credentials, ...sent.passwords];
  return `auth ${sent.credentials[0] ?? ""} ` +
    `as basic auth: Basic ${btoa(sent.credentials[1] ?? "")} ` +
    `body ${sent.body} ` +
    `password=${sent.passwords[0] ?? ""} token: ${sent.credentials[1] ?? ""} ` +
    `bare ${bare.join(" , ")}`;
}

function echoes(): Array<[string, number, (sent: Sent) => string]> {
  const json = (code: number) => (sent: Sent) =>
    JSON.stringify({ code, message: `request was ${echoText(sent)}` });
  const text = (prefix: string) => (sent: Sent) =>
    `${prefix} ${echoText(sent)}`;
  return [
    [
      "502 HTML echo",
      502,
      (sent) => `<html><body><pre>${echoText(sent)}</pre></body></html>`,
    ],
    ["503 echo", 503, text("unavailable:")],
    ["429 echo", 429, text("slow down")],
    ["408 text echo", 408, text("timeout")],
    ["408 JSON echo", 408, json(10001)],
    ["404 echo", 404, text("404 page not found")],
    ["401 echo", 401, json(1800)],
    ["403 echo", 403, json(65535)],
    ["200 code 1400 echo", 200, json(1400)],
    ["200 code 1100 echo", 200, json(1100)],
    ["200 code 65535 echo", 200, json(65535)],
    [
      "200 invalid JSON echo",
      200,
      (sent) => `{"code":0,"data":"${echoText(sent)}`,
    ],
    ["200 non-object echo", 200, (sent) => JSON.stringify([echoText(sent)])],
    [
      "200 no code echo",
      200,
      (sent) => JSON.stringify({ data: echoText(sent) }),
    ],
    [
      "200 secret at the excerpt cut",
      200,
      (sent) => "x".repeat(193) + (sent.credentials[1] ?? ""),
    ],
    [
      "200 secret split by whitespace folding",
      200,
      (sent) => `[${sent.credentials.join("\n\n\t")}`,
    ],
    [
      "200 JSON-escaped echo",
      200,
      (sent) => JSON.stringify(JSON.stringify(sent.credentials)),
    ],
    [
      "200 oversized echo",
      200,
      (sent) =>
        `{"code":0,"message":${JSON.stringify(echoText(sent))},"data":"${
          "y".repeat(1 << 20)
        }"}`,
    ],
  ];
}

function echoingFetch(
  status: number,
  render: (sent: Sent) => string,
): FetchFunction {
  return (_input, init) =>
    Promise.resolve(
      new Response(render(sentBy(init)), {
        status,
        headers: { "content-type": "text/plain" },
      }),
    );
}

// ---------------------------------------------------------------------------

Deno.test("canary: success paths leak nothing (every operation)", async () => {
  const before = leaks.length;
  const emulator = newEmulator();
  await runAll("success", { fetch: emulator.fetch });
  assertEquals(leaks.slice(before), []);
});

for (const identity of Object.keys(IDENTITIES)) {
  Deno.test(`canary: server and proxy answers that echo the secrets leak nothing (${identity})`, async () => {
    const before = leaks.length;
    for (const [name, status, render] of echoes()) {
      await runAll(name, { fetch: echoingFetch(status, render), retries: 0 }, [
        identity,
      ]);
    }
    assertEquals(leaks.slice(before), []);
  });
}

Deno.test("canary: network failures and timeouts leak nothing", async () => {
  const before = leaks.length;
  await runAll("refused", {
    uri: `http://127.0.0.1:${closedPort()}`,
    retries: 0,
  });
  await runAll("unresolvable", {
    uri: "http://milvus.invalid:19530",
    retries: 0,
  });
  for (
    const behaviour of ["silent", "stall-mid-body", "reset-mid-body"] as const
  ) {
    const server = startBrokenServer(behaviour);
    try {
      await runAll(behaviour, { uri: server.url, retries: 0 });
    } finally {
      await server.close();
    }
  }
  // A fetch that fails with the request's secrets in its own error.
  await runAll("echoing fetch error", {
    fetch: (_input, init) => {
      const headers = new Headers(init?.headers);
      return Promise.reject(
        new TypeError(
          `failed: ${headers.get("authorization")} ${String(init?.body)}`,
          { cause: new Error(`inner ${String(init?.body)}`) },
        ),
      );
    },
    retries: 0,
  });
  assertEquals(leaks.slice(before), []);
});

Deno.test("canary: caller aborts and disconnects in flight leak nothing", async () => {
  const before = leaks.length;
  const emulator = newEmulator();
  // Let the emulator finish hashing its passwords before every request is
  // held back, so no crypto operation outlives the test.
  const warm = new Connections().connect({
    token: CANARY_TOKEN,
    fetch: emulator.fetch,
  });
  await warm.verify();
  emulator.injectFault({ delayMs: 5_000 });
  for (const [identity, credentials] of Object.entries(IDENTITIES)) {
    const registry = new Connections();
    const using = registry.connect({ ...credentials, fetch: emulator.fetch });
    const controller = new AbortController();
    const aborted = operations({ signal: controller.signal }).map((
      [name, run],
    ) => outcome(() => run(using)).then((value) => [name, value] as const));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.abort(new Error("stop"));
    for (const [name, value] of await Promise.all(aborted)) {
      check(`abort/${identity}/${name}`, value);
    }
    const pending = operations({}).map(([name, run]) =>
      outcome(() => run(using)).then((value) => [name, value] as const)
    );
    await new Promise((resolve) => setTimeout(resolve, 10));
    registry.disconnect("default");
    for (const [name, value] of await Promise.all(pending)) {
      check(`disconnect/${identity}/${name}`, value);
    }
    for (const [name, run] of operations()) {
      check(`closed/${identity}/${name}`, await outcome(() => run(using)));
    }
    registry.removeConnection("default");
  }
  emulator.clearFaults();
  assertEquals(leaks.slice(before), []);
});

Deno.test("canary: bad input and bad settings leak nothing", async () => {
  const before = leaks.length;
  const emulator = newEmulator();
  const registry = new Connections();
  const using = registry.connect({
    user: USER,
    password: CANARY_PASSWORD,
    fetch: emulator.fetch,
    passwordPolicy: "zilliz",
  });
  // The emulator hashes its passwords in the background; one request waits
  // for that, so no crypto operation outlives the test.
  await listUsernames({ using });
  const bad: Array<[string, () => unknown]> = [
    ["policy", () =>
      updatePassword({
        user: USER,
        oldPassword: CANARY_PASSWORD,
        newPassword: CANARY_NEW.toLowerCase() + "\u0000".repeat(70),
        using,
      })],
    ["wrong type", () =>
      updatePassword({
        user: CANARY_PASSWORD as never,
        oldPassword: 42 as never,
        newPassword: { secret: CANARY_NEW } as never,
        using,
      })],
    ["unknown option", () =>
      updatePassword({
        user: USER,
        oldPassword: CANARY_PASSWORD,
        newPassword: CANARY_NEW,
        password: CANARY_PASSWORD,
        using,
      } as never)],
    ["bad timeout", () =>
      createUser({
        user: "alice",
        password: CANARY_NEW,
        timeout: CANARY_NEW as never,
        using,
      })],
    ["bad signal", () =>
      createUser({
        user: "alice",
        password: CANARY_NEW,
        signal: CANARY_NEW as never,
        using,
      })],
    ["aborted signal", () =>
      createUser({
        user: "alice",
        password: CANARY_NEW,
        signal: AbortSignal.abort(),
        using,
      })],
  ];
  const connectAttempts: ConnectOptions[] = [
    { uri: `ftp://root:${CANARY_PASSWORD}@host` },
    { uri: `http://root:${CANARY_PASSWORD}@host/a/b` },
    { uri: `http://root:${CANARY_PASSWORD}@host/v2/vectordb` },
    { uri: `http://root:${CANARY_PASSWORD}@host?token=${CANARY_TOKEN}` },
    { uri: `http://root:${CANARY_PASSWORD}%zz@host` },
    { uri: `http://root:${CANARY_PASSWORD}@` },
    { uri: `${CANARY_PASSWORD}` },
    { host: `root:${CANARY_PASSWORD}@host` },
    { token: CANARY_TOKEN, user: USER, password: CANARY_PASSWORD },
    { password: CANARY_PASSWORD },
    { user: `root:${CANARY_PASSWORD}`, password: CANARY_PASSWORD },
    {
      token: CANARY_TOKEN,
      headers: { Authorization: `Bearer ${CANARY_TOKEN}` },
    },
    { token: CANARY_TOKEN, headers: { "X-Api-Key": `${CANARY_TOKEN}\n` } },
    { token: CANARY_TOKEN, headers: { "X-Api-Key": 42 as never } },
    { token: CANARY_TOKEN, port: CANARY_PASSWORD },
    { token: CANARY_TOKEN, timeout: CANARY_PASSWORD as never },
    { token: CANARY_TOKEN, retries: CANARY_PASSWORD as never },
    { token: CANARY_TOKEN, fetch: CANARY_PASSWORD as never },
    { token: CANARY_TOKEN, passwordPolicy: CANARY_PASSWORD as never },
    { token: CANARY_TOKEN, dbName: "" },
    { token: CANARY_TOKEN, [CANARY_PASSWORD.slice(0, 3)]: 1 } as never,
  ];
  for (const [name, run] of bad) check(`input/${name}`, await outcome(run));
  for (const [index, options] of connectAttempts.entries()) {
    check(
      `connect #${index}`,
      await outcome(() => new Connections().connect(options)),
    );
    check(
      `addConnection #${index}`,
      await outcome(() => new Connections().addConnection("a", options)),
    );
  }

  // An alias connected with one password, then again with another.
  registry.connect({
    alias: "twice",
    token: CANARY_TOKEN,
    fetch: emulator.fetch,
  });
  check(
    "connect conflict",
    await outcome(() =>
      registry.connect({
        alias: "twice",
        token: CANARY_NEW,
        fetch: emulator.fetch,
      })
    ),
  );
  check("getConnectionAddr", registry.getConnectionAddr("twice"));
  check("listConnections", registry.listConnections());
  registry.removeConnection("twice");
  registry.removeConnection("default");
  assertEquals(leaks.slice(before), []);
});

Deno.test("canary: the default alias map and a connection from a URI with credentials leak nothing", () => {
  const before = leaks.length;
  connections.connect({
    alias: "canary",
    uri: `https://root:${CANARY_PASSWORD}@example.test/db1`,
  });
  check("connections", connections);
  check("connection", connections.getConnection("canary"));
  check("address", connections.getConnectionAddr("canary"));
  connections.removeConnection("canary");
  assertEquals(leaks.slice(before), []);
});

Deno.test("canary: the checks ran and can fail", () => {
  assert(checked > 500, `only ${checked} values checked`);
  // The check itself must be able to see a leak.
  const before = leaks.length;
  check("self-test", new Error(`oops ${CANARY_PASSWORD.slice(2, 12)}`));
  assertEquals(leaks.length, before + 1);
  leaks.length = before;
});

Deno.test("canary: the demo prints no password", async () => {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-net=127.0.0.1",
      "--config",
      new URL("../deno.json", import.meta.url).pathname,
      new URL("../tools/demo.ts", import.meta.url).pathname,
    ],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const output = new TextDecoder().decode(stdout) +
    new TextDecoder().decode(stderr);
  assertEquals(code, 0, output);
  // The demo's own passwords: root's, admin's old and new.
  for (const secret of ["123456Abc*", "123456", "Bearer", "Basic "]) {
    assert(
      !output.includes(secret),
      `the demo printed "${secret}":\n${output}`,
    );
  }
  assert(!/"Milvus"|:Milvus|Milvus@/.test(output), output);
});
