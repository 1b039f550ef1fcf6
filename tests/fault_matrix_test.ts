// The fault matrix: every way a request can fail, for one write
// (updatePassword) and one read (listUsernames), against the emulator's fault
// injection and a deliberately broken loopback server. Each case must end
// with the right error class within the timeout plus a small margin, leave
// nothing behind (the sanitizers check) and raise no unhandled rejection.
// The last test prints the matrix.
import {
  AuthenticationError,
  ClientTimeoutError,
  type Connection,
  Connections,
  type ConnectOptions,
  type FetchFunction,
  listUsernames,
  type MilvusError,
  NetworkError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerTimeoutError,
  UnexpectedResponseError,
  updatePassword,
} from "@milvus-rbac/client";
import { MilvusEmulator, type MilvusRoute } from "@milvus-rbac/client/testing";
import {
  assert,
  assertEquals,
  assertGreaterOrEqual,
  assertInstanceOf,
  assertLessOrEqual,
} from "@std/assert";
import {
  type BrokenBehaviour,
  closedPort,
  startBrokenServer,
} from "./_broken_server.ts";

const TIMEOUT_MS = 400;
// Generous for a shared two-core machine: the point is "bounded by the
// timeout", not a tight latency figure.
const MARGIN_MS = 400;

type Operation = "updatePassword" | "listUsernames";
const OPERATIONS: Operation[] = ["updatePassword", "listUsernames"];

// deno-lint-ignore no-explicit-any
type ErrorClass = abstract new (...args: any[]) => MilvusError;

interface Target {
  options: ConnectOptions;
  close(): Promise<void>;
}

interface Case {
  name: string;
  /** Section of the reference the expectation comes from, if any. */
  cite?: string;
  expected: ErrorClass | "success";
  /** Whether a read should retry it (network errors, 429, 503). */
  retriable?: boolean;
  target(operation: Operation): Target | Promise<Target>;
}

interface Row {
  case: string;
  operation: Operation;
  expected: string;
  got: string;
  attempts: number;
  elapsed: number;
  ok: boolean;
}

const rows: Row[] = [];
const unhandled: unknown[] = [];

globalThis.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  unhandled.push(event.reason);
});

const ROUTES: Record<Operation, MilvusRoute> = {
  updatePassword: "users/update_password",
  listUsernames: "users/list",
};

function emulatorWith(
  fault: Parameters<MilvusEmulator["injectFault"]>[0] | undefined,
  emulatorOptions: ConstructorParameters<typeof MilvusEmulator>[0] = {},
): (operation: Operation) => Target {
  return (operation) => {
    const emulator = new MilvusEmulator(emulatorOptions);
    if (fault !== undefined) {
      emulator.injectFault({ route: ROUTES[operation], ...fault });
    }
    return {
      options: { fetch: emulator.fetch },
      close: () => Promise.resolve(emulator.clearFaults()),
    };
  };
}

function brokenServer(behaviour: BrokenBehaviour): () => Target {
  return () => {
    const server = startBrokenServer(behaviour);
    return { options: { uri: server.url }, close: () => server.close() };
  };
}

const HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n" +
  "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n" +
  "<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n";
const OVERSIZED = `{"code":0,"data":"${"x".repeat((1 << 20) + 16)}"}`;

const CASES: Case[] = [
  {
    name: "connection refused",
    expected: NetworkError,
    retriable: true,
    target: () => ({
      options: { uri: `http://127.0.0.1:${closedPort()}` },
      close: () => Promise.resolve(),
    }),
  },
  {
    name: "unresolvable host (.invalid)",
    expected: NetworkError,
    retriable: true,
    target: () => ({
      options: { uri: "http://milvus.invalid:19530" },
      close: () => Promise.resolve(),
    }),
  },
  {
    name: "no response headers",
    expected: ClientTimeoutError,
    target: brokenServer("silent"),
  },
  {
    name: "stall mid-body",
    expected: ClientTimeoutError,
    target: brokenServer("stall-mid-body"),
  },
  {
    name: "reset mid-body",
    expected: NetworkError,
    retriable: true,
    target: brokenServer("reset-mid-body"),
  },
  {
    name: "no response headers (emulator delay)",
    expected: ClientTimeoutError,
    target: emulatorWith({ delayMs: Infinity }),
  },
  {
    name: "stall mid-body (emulator)",
    expected: ClientTimeoutError,
    target: emulatorWith({ stallMs: Infinity }),
  },
  {
    name: "connection dropped (emulator)",
    expected: NetworkError,
    retriable: true,
    target: emulatorWith({ drop: true }),
  },
  {
    name: "502 HTML page",
    expected: UnexpectedResponseError,
    target: emulatorWith({
      status: 502,
      body: HTML_502,
      headers: { "content-type": "text/html" },
    }),
  },
  {
    name: "503",
    expected: UnexpectedResponseError,
    retriable: true,
    target: emulatorWith({
      status: 503,
      body: "upstream connect error",
      headers: { "content-type": "text/plain" },
    }),
  },
  {
    name: "429",
    expected: UnexpectedResponseError,
    retriable: true,
    target: emulatorWith({
      status: 429,
      body: "Too Many Requests",
      headers: { "content-type": "text/plain", "retry-after": "1" },
    }),
  },
  {
    name: "408 text",
    cite: "rbac §8",
    expected: ServerTimeoutError,
    target: emulatorWith({
      status: 408,
      body: "timeout",
      headers: { "content-type": "text/plain; charset=utf-8" },
    }),
  },
  {
    name: "408 JSON",
    cite: "rbac §8",
    expected: ServerTimeoutError,
    target: emulatorWith({
      status: 408,
      body: '{"code":10001,"message":"request timeout"}',
      headers: { "content-type": "application/json; charset=utf-8" },
    }),
  },
  {
    name: "404 text",
    cite: "rbac §2.5",
    expected: RouteNotFoundError,
    target: emulatorWith({
      status: 404,
      body: "404 page not found",
      headers: { "content-type": "text/plain" },
    }),
  },
  {
    name: "401",
    cite: "rbac §2.2",
    expected: AuthenticationError,
    target: emulatorWith({
      status: 401,
      body: '{"code":1800,"message":"user hasn\'t authenticated"}',
      headers: { "content-type": "application/json; charset=utf-8" },
    }),
  },
  {
    name: "403",
    cite: "rbac §3",
    expected: PermissionDeniedError,
    target: emulatorWith({
      status: 403,
      body:
        '{"code":65535,"message":"rpc error: code = PermissionDenied desc = PrivilegeUpdateUser: permission deny to bob in the `default` database"}',
      headers: { "content-type": "application/json; charset=utf-8" },
    }),
  },
  {
    name: "invalid JSON (200)",
    expected: UnexpectedResponseError,
    target: emulatorWith({
      status: 200,
      body: '{"code":0,"data":',
      headers: { "content-type": "application/json" },
    }),
  },
  {
    name: "JSON not an object (200)",
    expected: UnexpectedResponseError,
    target: emulatorWith({
      status: 200,
      body: '["root"]',
      headers: { "content-type": "application/json" },
    }),
  },
  {
    name: "body over 1 MiB (200)",
    expected: UnexpectedResponseError,
    target: emulatorWith({
      status: 200,
      body: OVERSIZED,
      headers: { "content-type": "application/json" },
    }),
  },
  {
    name: "success with code 200",
    cite: "rbac §1.1, §9",
    expected: "success",
    target: emulatorWith(undefined, { legacySuccessCode: true }),
  },
];

function counting(inner: FetchFunction): {
  fetch: FetchFunction;
  count: () => number;
} {
  let calls = 0;
  return {
    fetch: (input, init) => {
      calls++;
      return inner(input, init);
    },
    count: () => calls,
  };
}

function run(operation: Operation, using: Connection): Promise<unknown> {
  if (operation === "updatePassword") {
    return updatePassword({
      user: "root",
      oldPassword: "Milvus",
      newPassword: "Milvus-2",
      using,
    });
  }
  return listUsernames({ using });
}

// Lets late callbacks (a stray rejection, a timer) run inside the test, so
// the sanitizers and the unhandled-rejection check see them.
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

for (const testCase of CASES) {
  for (const operation of OPERATIONS) {
    const expectedName = testCase.expected === "success"
      ? "success"
      : testCase.expected.name;
    const cite = testCase.cite ? ` (${testCase.cite})` : "";
    Deno.test(
      `${operation}() on ${testCase.name}: ${expectedName}${cite}`,
      async () => {
        const target = await testCase.target(operation);
        const registry = new Connections();
        const inner = target.options.fetch ?? globalThis.fetch;
        const counter = counting(inner);
        const using = registry.connect({
          user: "root",
          password: "Milvus",
          timeout: TIMEOUT_MS,
          ...target.options,
          fetch: counter.fetch,
        });
        const before = unhandled.length;

        const started = performance.now();
        let got: unknown;
        let succeeded = false;
        try {
          await run(operation, using);
          succeeded = true;
        } catch (error) {
          got = error;
        }
        const elapsed = Math.round(performance.now() - started);

        registry.removeConnection("default");
        await target.close();
        await settle();

        const gotName = succeeded
          ? "success"
          : got instanceof Error
          ? got.name
          : String(got);
        const row: Row = {
          case: testCase.name,
          operation,
          expected: expectedName,
          got: gotName,
          attempts: counter.count(),
          elapsed,
          ok: gotName === expectedName,
        };
        rows.push(row);

        if (testCase.expected === "success") {
          assert(succeeded, `expected success, got ${gotName}: ${got}`);
        } else {
          assertInstanceOf(got, testCase.expected);
        }
        assertLessOrEqual(elapsed, TIMEOUT_MS + MARGIN_MS);
        assertEquals(unhandled.slice(before), []);

        // Writes are never retried; reads retry what may be transient.
        if (operation === "updatePassword" || !testCase.retriable) {
          assertEquals(row.attempts, 1);
        } else {
          assertGreaterOrEqual(row.attempts, 2);
        }
      },
    );
  }
}

Deno.test("listUsernames() retries a 503 and succeeds; updatePassword() does not retry it", async () => {
  const emulator = new MilvusEmulator();
  const counter = counting(emulator.fetch);
  const registry = new Connections();
  const using = registry.connect({
    user: "root",
    password: "Milvus",
    timeout: 2_000,
    fetch: counter.fetch,
  });

  emulator.injectFault({ route: "users/list", status: 503, times: 1 });
  assertEquals(await listUsernames({ using }), ["root"]);
  assertEquals(counter.count(), 2);

  emulator.injectFault({
    route: "users/update_password",
    status: 503,
    times: 1,
  });
  const error = await updatePassword({
    user: "root",
    oldPassword: "Milvus",
    newPassword: "Milvus-2",
    using,
  }).catch((e) => e);
  assertInstanceOf(error, UnexpectedResponseError);
  assertEquals(error.httpStatus, 503);
  assertEquals(counter.count(), 3);

  // The fault was used up, so the password is unchanged: the old one works.
  await updatePassword({
    user: "root",
    oldPassword: "Milvus",
    newPassword: "Milvus-2",
    using,
  });
  assertEquals(counter.count(), 4);
  registry.removeConnection("default");
});

Deno.test("listUsernames() with retries: 0 does not retry a refused connection", async () => {
  const counter = counting(globalThis.fetch);
  const registry = new Connections();
  const using = registry.connect({
    uri: `http://127.0.0.1:${closedPort()}`,
    retries: 0,
    timeout: TIMEOUT_MS,
    fetch: counter.fetch,
  });
  const error = await listUsernames({ using }).catch((e) => e);
  assertInstanceOf(error, NetworkError);
  assertEquals(counter.count(), 1);
  registry.removeConnection("default");
});

Deno.test("fault matrix: print", () => {
  const header: Row = {
    case: "case",
    operation: "operation" as Operation,
    expected: "expected",
    got: "got",
    attempts: 0,
    elapsed: 0,
    ok: true,
  };
  const widths = {
    case: Math.max(...[header, ...rows].map((row) => row.case.length)),
    operation: 14,
    expected: Math.max(...[header, ...rows].map((row) => row.expected.length)),
    got: Math.max(...[header, ...rows].map((row) => row.got.length)),
  };
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  const lines = [
    line([
      "case".padEnd(widths.case),
      "operation".padEnd(widths.operation),
      "expected".padEnd(widths.expected),
      "got".padEnd(widths.got),
      "attempts",
      "elapsed ms",
    ]),
    line([
      "-".repeat(widths.case),
      "-".repeat(widths.operation),
      "-".repeat(widths.expected),
      "-".repeat(widths.got),
      "--------",
      "----------",
    ]),
    ...rows.map((row) =>
      line([
        row.case.padEnd(widths.case),
        row.operation.padEnd(widths.operation),
        row.expected.padEnd(widths.expected),
        (row.ok ? row.got : `${row.got} !!`).padEnd(widths.got),
        String(row.attempts).padStart(8),
        String(row.elapsed).padStart(10),
      ])
    ),
  ];
  // deno-lint-ignore no-console
  console.log(
    `\nFault matrix (timeout ${TIMEOUT_MS} ms, margin ${MARGIN_MS} ms)\n${
      lines.join("\n")
    }`,
  );
  assertEquals(rows.length, CASES.length * OPERATIONS.length);
});
