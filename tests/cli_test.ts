// The CLI, run as a subprocess against the emulator served over HTTP: with
// piped standard input, and under a pseudo-terminal (util-linux `script`)
// for the hidden prompt.
import {
  assert,
  assertEquals,
  assertMatch,
  assertNotMatch,
  assertStringIncludes,
} from "@std/assert";
import { Connections, createUser } from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";

const CLI = new URL("../cli.ts", import.meta.url).pathname;
const ROOT_DIR = new URL("..", import.meta.url).pathname;
const DENO_ARGS = ["run", "--allow-net", "--allow-env", CLI];

// Only what deno itself needs; MILVUS_* of the machine must not leak in.
const BASE_ENV: Record<string, string> = { NO_COLOR: "1" };
for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME", "TMPDIR"]) {
  const value = Deno.env.get(name);
  if (value !== undefined) BASE_ENV[name] = value;
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  stdin?: string;
  env?: Record<string, string>;
}

async function runCli(
  args: string[],
  options: RunOptions = {},
): Promise<Result> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...DENO_ARGS, ...args],
    cwd: ROOT_DIR,
    clearEnv: true,
    env: { ...BASE_ENV, ...options.env },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const writer = child.stdin.getWriter();
  if (options.stdin !== undefined) {
    await writer.write(new TextEncoder().encode(options.stdin)).catch(
      () => {},
    );
  }
  await writer.close().catch(() => {});

  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return {
    code,
    stdout: decoder.decode(stdout),
    stderr: decoder.decode(stderr),
  };
}

async function withEmulator(
  test: (uri: string, emulator: MilvusEmulator) => Promise<void>,
): Promise<void> {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator, {
    hostname: "127.0.0.1",
    port: 0,
  });
  try {
    await test(server.url, emulator);
  } finally {
    await server.close();
  }
}

async function seedUser(
  emulator: MilvusEmulator,
  user: string,
  password: string,
): Promise<void> {
  const using = new Connections().connect({
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
  });
  await createUser({ user, password, using });
}

function assertNoSecret(result: Result, ...secrets: string[]): void {
  for (const secret of secrets) {
    assert(
      !result.stdout.includes(secret) && !result.stderr.includes(secret),
      `a secret was printed:\n${result.stdout}\n${result.stderr}`,
    );
  }
}

function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("cli update-password rotates root's default password, and verify then logs in with the new one (rbac §6.5)", async () => {
  await withEmulator(async (uri) => {
    const rotated = await runCli(
      ["update-password", "--uri", uri, "--password-stdin"],
      { stdin: "Milvus\nRotated-Canary-1\n" },
    );
    assertEquals(rotated.code, 0, rotated.stderr);
    assertEquals(rotated.stdout, "password of root updated\n");
    assertNoSecret(rotated, "Rotated-Canary-1");

    const fresh = await runCli(["verify", "--uri", uri], {
      env: { MILVUS_PASSWORD: "Rotated-Canary-1" },
    });
    assertEquals(fresh.code, 0, fresh.stderr);
    assertStringIncludes(fresh.stdout, "accepted the login as root");

    const stale = await runCli(["verify", "--uri", uri], {
      env: { MILVUS_PASSWORD: "Milvus" },
    });
    assertEquals(stale.code, 1);
    assertStringIncludes(stale.stderr, "HTTP 401, code 1800");
    assertNoSecret(stale, "Rotated-Canary-1");
  });
});

Deno.test("cli update-password exits 1 with the server's code and message for a wrong current password (rbac §4.3)", async () => {
  await withEmulator(async (uri, emulator) => {
    await seedUser(emulator, "alice", "Alice-Pass-0");
    const result = await runCli(
      ["update-password", "alice", "--uri", uri, "--password-stdin"],
      {
        stdin: "Wrong-Canary-0\nNew-Canary-2\n",
        env: { MILVUS_PASSWORD: "Milvus" },
      },
    );

    assertEquals(result.code, 1);
    assertEquals(result.stdout, "");
    assertStringIncludes(result.stderr, "code 1400");
    assertStringIncludes(result.stderr, "old password not correct for alice");
    assertNotMatch(result.stderr, /\n\s+at /);
    assertNoSecret(result, "Wrong-Canary-0", "New-Canary-2", "Alice-Pass-0");
  });
});

Deno.test("cli update-password of the login user exits 1 when its current password is refused at login (rbac §4.3)", async () => {
  await withEmulator(async (uri) => {
    const result = await runCli(
      ["update-password", "--uri", uri, "--password-stdin"],
      { stdin: "Wrong-Canary-1\nNew-Canary-1\n" },
    );

    assertEquals(result.code, 1);
    assertStringIncludes(result.stderr, "HTTP 401, code 1800");
    assertStringIncludes(result.stderr, "hint: the login failed");
    assertNoSecret(result, "Wrong-Canary-1", "New-Canary-1");
  });
});

Deno.test("cli update-password of another user reads the login, current and new passwords in that order", async () => {
  await withEmulator(async (uri) => {
    const created = await runCli(
      ["create-user", "alice", "--uri", uri, "--password-stdin"],
      { stdin: "Milvus\nAlice-Old-3\n" },
    );
    assertEquals(created.code, 0, created.stderr);
    assertEquals(created.stdout, "user alice created\n");

    const rotated = await runCli(
      ["update-password", "alice", "--uri", uri, "--password-stdin"],
      { stdin: "Milvus\nAlice-Old-3\nAlice-New-3\n" },
    );
    assertEquals(rotated.code, 0, rotated.stderr);
    assertEquals(rotated.stdout, "password of alice updated\n");

    const login = await runCli(["verify", "--uri", uri, "--user", "alice"], {
      env: { MILVUS_PASSWORD: "Alice-New-3" },
    });
    assertEquals(login.code, 0, login.stderr);
  });
});

Deno.test("cli --json prints one object per run, with the same keys on every failure", async () => {
  await withEmulator(async (uri, emulator) => {
    const env = { MILVUS_PASSWORD: "Milvus" };
    const verified = await runCli(["verify", "--uri", uri, "--json"], { env });
    assertEquals(verified.code, 0, verified.stderr);
    assertEquals(JSON.parse(verified.stdout), {
      ok: true,
      command: "verify",
      address: uri.replace(/\/$/, ""),
      user: "root",
      dbName: "default",
    });

    await seedUser(emulator, "alice", "Alice-Pass-4");
    const refused = await runCli(
      ["update-password", "alice", "--uri", uri, "--json", "--password-stdin"],
      { stdin: "Json-Wrong-4\nJson-New-4\n", env },
    );
    assertEquals(refused.code, 1);
    const failure = JSON.parse(refused.stdout);
    assertEquals(failure.ok, false);
    assertEquals(failure.command, "update-password");
    assertEquals(failure.exitCode, 1);
    assertEquals(failure.error.name, "ServerError");
    assertEquals(failure.error.code, 1400);
    assertEquals(failure.error.httpStatus, 200);
    assertEquals(failure.error.route, "users/update_password");
    assertEquals(
      failure.error.serverMessage,
      "old password not correct for alice: not authenticated",
    );
    assertNoSecret(refused, "Json-Wrong-4", "Json-New-4");

    const usage = await runCli(["verify", "--json", "--timeout", "soon"]);
    assertEquals(usage.code, 2);
    const usageFailure = JSON.parse(usage.stdout);
    assertEquals(Object.keys(usageFailure), Object.keys(failure));
    assertEquals(Object.keys(usageFailure.error), Object.keys(failure.error));
    assertEquals(usageFailure.error.name, "UsageError");
    assertEquals(usageFailure.error.code, null);
  });
});

Deno.test("cli create-user, list-users with roles and delete-user", async () => {
  await withEmulator(async (uri) => {
    const env = { MILVUS_PASSWORD: "Milvus" };
    const created = await runCli(
      ["create-user", "bob", "--uri", uri, "--password-stdin", "--json"],
      { stdin: "Bob-Pass-5\n", env },
    );
    assertEquals(created.code, 0, created.stderr);
    assertEquals(JSON.parse(created.stdout), {
      ok: true,
      command: "create-user",
      user: "bob",
    });

    const auth = { Authorization: "Bearer root:Milvus" };
    for (
      const [route, body] of [
        ["roles/create", { roleName: "reader" }],
        ["users/grant_role", { userName: "bob", roleName: "reader" }],
      ] as const
    ) {
      const response = await fetch(`${uri}/v2/vectordb/${route}`, {
        method: "POST",
        headers: auth,
        body: JSON.stringify(body),
      });
      assertEquals((await response.json()).code, 0);
    }

    const listed = await runCli(["list-users", "--uri", uri, "--json"], {
      env,
    });
    assertEquals(listed.code, 0, listed.stderr);
    const users = JSON.parse(listed.stdout).users;
    assertEquals(users.length, 2);
    assertEquals(
      users.find((entry: { user: string }) => entry.user === "bob"),
      { user: "bob", roles: ["reader"] },
    );

    const plain = await runCli(["list-users", "--uri", uri], { env });
    assertEquals(plain.code, 0, plain.stderr);
    assertMatch(plain.stdout, /^USER +ROLES\n/);
    assertMatch(plain.stdout, /^bob +reader$/m);
    assertMatch(plain.stdout, /^root +-$/m);

    const deleted = await runCli(["delete-user", "bob", "--uri", uri], {
      env,
    });
    assertEquals(deleted.code, 0, deleted.stderr);
    assertEquals(deleted.stdout, "user bob deleted\n");

    const root = await runCli(["delete-user", "root", "--uri", uri], { env });
    assertEquals(root.code, 1);
    assertStringIncludes(root.stderr, "code 1401");
  });
});

Deno.test("cli refuses passwords as options or arguments with exit 2, without echoing them", async () => {
  const attempts = [
    ["update-password", "--password", "Flag-Canary-6"],
    ["update-password", "--new-password=Flag-Canary-6"],
    ["update-password", "--old-password", "Flag-Canary-6"],
    ["verify", "--token=root:Flag-Canary-6"],
    ["verify", "-p", "Flag-Canary-6"],
    ["update-password", "root", "Flag-Canary-6"],
    ["verify", "--uri", "http://root:Flag-Canary-6@127.0.0.1:1"],
  ];
  const results = await Promise.all(attempts.map((args) => runCli(args)));

  for (const [index, result] of results.entries()) {
    const args = attempts[index]?.join(" ");
    assertEquals(result.code, 2, `${args}: ${result.stderr}`);
    assertNoSecret(result, "Flag-Canary-6");
    assertMatch(
      result.stderr,
      /not accepted|never taken as arguments|must not hold credentials/,
    );
  }
  assertStringIncludes(results[0]?.stderr ?? "", "--password is not accepted");
  assertStringIncludes(results[0]?.stderr ?? "", "process list");
});

Deno.test("cli exits 2 for bad input before sending anything", async () => {
  await withEmulator(async (uri) => {
    const weak = await runCli(
      [
        "update-password",
        "--uri",
        uri,
        "--policy",
        "zilliz",
        "--password-stdin",
      ],
      { stdin: "Milvus\nweak\n" },
    );
    assertEquals(weak.code, 2);
    assertStringIncludes(weak.stderr, "zilliz password policy");
    assertStringIncludes(weak.stderr, "must be at least 8 characters long");

    const short = await runCli(
      ["update-password", "--uri", uri, "--password-stdin"],
      { stdin: "Milvus\n" },
    );
    assertEquals(short.code, 2);
    assertStringIncludes(short.stderr, "ended before line 2");

    const noTerminal = await runCli(["update-password", "--uri", uri]);
    assertEquals(noTerminal.code, 2);
    assertStringIncludes(noTerminal.stderr, "--password-stdin");

    const same = await runCli(
      ["update-password", "--uri", uri, "--password-stdin"],
      { stdin: "Milvus\nMilvus\n" },
    );
    assertEquals(same.code, 2);

    const noToken = await runCli([
      "verify",
      "--uri",
      uri,
      "--token-env",
      "NOPE",
    ]);
    assertEquals(noToken.code, 2);

    // None of the above reached the server: the default password still works.
    const still = await runCli(["verify", "--uri", uri], {
      env: { MILVUS_PASSWORD: "Milvus" },
    });
    assertEquals(still.code, 0, still.stderr);
  });
});

Deno.test("cli verify logs in with the token named by --token-env", async () => {
  await withEmulator(async (uri) => {
    const result = await runCli(
      ["verify", "--uri", uri, "--token-env", "MY_TOKEN"],
      { env: { MY_TOKEN: "root:Milvus" } },
    );
    assertEquals(result.code, 0, result.stderr);
    assertNoSecret(result, "root:Milvus");
  });
});

Deno.test("cli exits 3 when the server cannot be reached", async () => {
  const port = closedPort();
  const result = await runCli(
    ["verify", "--uri", `http://127.0.0.1:${port}`, "--json"],
    { env: { MILVUS_PASSWORD: "Net-Canary-7" } },
  );
  assertEquals(result.code, 3);
  assertEquals(JSON.parse(result.stdout).error.name, "NetworkError");
  assertNoSecret(result, "Net-Canary-7");
});

Deno.test("cli update-password exits 3 on a timeout and says the change may have been applied", async () => {
  await withEmulator(async (uri, emulator) => {
    emulator.injectFault({ route: "users/update_password", stallMs: Infinity });
    const result = await runCli(
      ["update-password", "--uri", uri, "--timeout", "500", "--password-stdin"],
      { stdin: "Milvus\nStalled-Canary-8\n" },
    );
    emulator.clearFaults();

    assertEquals(result.code, 3);
    assertStringIncludes(result.stderr, "within 500 ms");
    assertStringIncludes(result.stderr, "hint: the password may or may not");
    assertNoSecret(result, "Stalled-Canary-8");
  });
});

Deno.test("cli --help of every command shows its usage and an example", async () => {
  const commands = [
    "update-password",
    "create-user",
    "delete-user",
    "list-users",
    "verify",
  ];
  const results = await Promise.all([
    runCli(["--help"]),
    ...commands.map((command) => runCli([command, "--help"])),
  ]);

  const [overview, ...pages] = results;
  assertEquals(overview?.code, 0);
  for (const command of commands) {
    assertStringIncludes(overview?.stdout ?? "", command);
  }
  for (const [index, page] of pages.entries()) {
    assertEquals(page.code, 0);
    assertStringIncludes(page.stdout, `Usage: milvus-rbac ${commands[index]}`);
    assertMatch(page.stdout, /\nExamples?:\n {2}.*milvus-rbac /);
  }
});

// ---- Under a pseudo-terminal -------------------------------------------

const SCRIPT = await findScript();

async function findScript(): Promise<string | undefined> {
  try {
    const { success } = await new Deno.Command("script", {
      args: ["--version"],
      stdout: "null",
      stderr: "null",
    }).output();
    return success ? "script" : undefined;
  } catch {
    return undefined;
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the CLI under `script`, which gives it a pseudo-terminal; `answers`
 * are typed one by one, each after its prompt shows on the screen, so that
 * nothing is typed while the terminal could still echo it.
 */
async function runInTerminal(
  args: string[],
  answers: [prompt: string, typed: string][],
): Promise<{ code: number; screen: string }> {
  const inner = [Deno.execPath(), ...DENO_ARGS, ...args].map(shellQuote)
    .join(" ");
  const child = new Deno.Command(SCRIPT as string, {
    args: ["-qefc", inner, "/dev/null"],
    cwd: ROOT_DIR,
    clearEnv: true,
    env: { ...BASE_ENV, TERM: "dumb" },
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();

  const writer = child.stdin.getWriter();
  const reader = child.stdout.getReader();
  const stderr = new Response(child.stderr).text();
  const decoder = new TextDecoder();
  let screen = "";
  let seen = 0;

  const timer = setTimeout(() => child.kill(), 30_000);
  try {
    for (const [prompt, typed] of answers) {
      while (screen.indexOf(prompt, seen) === -1) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`no prompt "${prompt}" in:\n${screen}`);
        screen += decoder.decode(value, { stream: true });
      }
      seen = screen.indexOf(prompt, seen) + prompt.length;
      await writer.write(new TextEncoder().encode(typed));
    }
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      screen += decoder.decode(value, { stream: true });
    }
  } finally {
    clearTimeout(timer);
    reader.releaseLock();
    await writer.close().catch(() => {});
  }
  const { code } = await child.status;
  await child.stdout.cancel().catch(() => {});
  return { code, screen: screen + (await stderr) };
}

Deno.test({
  name:
    "cli update-password asks at a terminal without echo, handles backspace, and the new password works",
  ignore: SCRIPT === undefined,
  fn: async () => {
    await withEmulator(async (uri) => {
      const { code, screen } = await runInTerminal(
        ["update-password", "--uri", uri],
        [
          ["Current password of root: ", "Milvus\r"],
          // A typo, erased with backspace.
          ["New password of root: ", "Typed-Canary-9xé\x7f\x7f\x1b[D\r"],
          ["Repeat new password of root: ", "Typed-Canary-9\r"],
        ],
      );

      assertEquals(code, 0, screen);
      assertStringIncludes(screen, "password of root updated");
      assert(!screen.includes("Typed-Canary"), `echoed:\n${screen}`);
      assert(!screen.includes("Milvus"), `echoed:\n${screen}`);

      const login = await runCli(["verify", "--uri", uri], {
        env: { MILVUS_PASSWORD: "Typed-Canary-9" },
      });
      assertEquals(login.code, 0, login.stderr);
    });
  },
});

Deno.test({
  name:
    "cli update-password at a terminal exits 2 when the two entries differ and 130 on Ctrl-C",
  ignore: SCRIPT === undefined,
  fn: async () => {
    await withEmulator(async (uri) => {
      const differ = await runInTerminal(
        ["update-password", "--uri", uri],
        [
          ["Current password of root: ", "Milvus\r"],
          ["New password of root: ", "Differ-Canary-10\r"],
          ["Repeat new password of root: ", "Differ-Canary-11\r"],
        ],
      );
      assertEquals(differ.code, 2, differ.screen);
      assertStringIncludes(differ.screen, "differ; nothing was changed");
      assert(!differ.screen.includes("Differ-Canary"), differ.screen);

      const cancelled = await runInTerminal(
        ["update-password", "--uri", uri],
        [["Current password of root: ", "Mil\x03"]],
      );
      assertEquals(cancelled.code, 130, cancelled.screen);
      assert(!cancelled.screen.includes("Mil\n"), cancelled.screen);
    });
  },
});

if (SCRIPT === undefined) {
  // deno-lint-ignore no-console
  console.warn(
    "cli_test.ts: SKIPPED the terminal tests: util-linux `script` is not installed (apt-get install util-linux / bsdutils)",
  );
}
