import { assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import { read } from "./emulator_helpers_test.ts";

const SCRIPT = new URL("../tools/emulator.ts", import.meta.url).pathname;

function start(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", SCRIPT, ...args],
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return await new Response(stream).text();
}

// Reads standard output up to its first line, then keeps draining it.
async function firstLine(
  child: Deno.ChildProcess,
): Promise<{ line: string; rest: Promise<string> }> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const rest = (async () => {
    for (
      let chunk = await reader.read();
      !chunk.done;
      chunk = await reader.read()
    ) {
      text += chunk.value;
    }
    return text;
  })();
  return { line: text.split("\n")[0] ?? "", rest };
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`cli: prints its URL first, serves, exits 0 on ${signal} (rbac §1.1, §2.3)`, async () => {
    const child = start(["--port", "0", "--no-auth", "--version", "2.4"]);
    const stderr = readAll(child.stderr);
    const { line, rest } = await firstLine(child);
    assertMatch(line, /^http:\/\/127\.0\.0\.1:\d+$/);

    const answer = await read(
      await fetch(`${line}/v2/vectordb/users/list`, {
        method: "POST",
        body: "{}",
      }),
    );
    assertEquals(answer.json, { code: 0, data: ["root"] });

    child.kill(signal);
    const status = await child.status;
    await rest;
    await stderr;
    assertEquals(status.code, 0);
  });
}

Deno.test("cli: --root-password and auth on by default (rbac §2.2, §7)", async () => {
  const child = start(["--port=0", "--root-password", "cli-secret"]);
  const stderr = readAll(child.stderr);
  const { line, rest } = await firstLine(child);
  const denied = await read(
    await fetch(`${line}/v2/vectordb/users/list`, {
      method: "POST",
      body: "{}",
    }),
  );
  assertEquals(denied.status, 401);
  const ok = await read(
    await fetch(`${line}/v2/vectordb/users/list`, {
      method: "POST",
      headers: { Authorization: "Bearer root:cli-secret" },
      body: "{}",
    }),
  );
  assertEquals(ok.json, { code: 0, data: ["root"] });
  child.kill("SIGTERM");
  assertEquals((await child.status).code, 0);
  await rest;
  await stderr;
});

Deno.test("cli: bad flags print usage on stderr and exit 2 (tools)", async () => {
  for (
    const args of [["--bogus"], ["--port", "70000"], ["--version", "2.3"], [
      "--port",
    ]]
  ) {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-net", SCRIPT, ...args],
    }).output();
    assertEquals(code, 2, args.join(" "));
    assertEquals(stdout.length, 0);
    assertStringIncludes(
      new TextDecoder().decode(stderr),
      "Usage: deno task emulator",
    );
  }
});

Deno.test("cli: --help prints usage and exits 0 (tools)", async () => {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", SCRIPT, "--help"],
  }).output();
  assertEquals(code, 0);
  assertStringIncludes(new TextDecoder().decode(stdout), "--root-password X");
});
