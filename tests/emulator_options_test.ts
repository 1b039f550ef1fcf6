import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { inspect } from "node:util";
import {
  MilvusEmulator,
  type MilvusEmulatorOptions,
} from "@milvus-rbac/client/testing";
import { OK, read, ROOT, runCases } from "./emulator_helpers_test.ts";

Deno.test("options: invalid options throw TypeError or RangeError (brief: options)", () => {
  const bad: [unknown, ErrorConstructor][] = [
    [{ version: "2.3" }, RangeError],
    [{ authorization: "yes" }, TypeError],
    [{ rootPassword: 1 }, TypeError],
    [{ rootPassword: "" }, RangeError],
    [{ minPasswordLength: -1 }, RangeError],
    [{ minPasswordLength: 10, maxPasswordLength: 8 }, RangeError],
    [{ maxPasswordLength: 1.5 }, RangeError],
    [{ maxUsers: "100" }, TypeError],
    [{ maxRoles: 1 }, RangeError],
    [{ superUsers: "root" }, TypeError],
    [{ apiKeys: { "a:b": "root" } }, RangeError],
    [{ apiKeys: { key: 3 } }, TypeError],
    [{ defaultTimeoutSeconds: -1 }, RangeError],
    [null, TypeError],
  ];
  for (const [options, type] of bad) {
    assertThrows(
      () => new MilvusEmulator(options as MilvusEmulatorOptions),
      type,
      "Cannot create emulator",
    );
  }
});

Deno.test("options: rootPassword and version (rbac §6.5, §7)", async () => {
  const emulator = new MilvusEmulator({
    rootPassword: "other-root",
    version: "2.4",
  });
  assertEquals(emulator.version, "2.4");
  const ok = await read(
    await emulator.fetch("http://x/v2/vectordb/users/list", {
      method: "POST",
      headers: { Authorization: "Bearer root:other-root" },
      body: "{}",
    }),
  );
  assertEquals(ok.json, { code: 0, data: ["root"] });
  const denied = await read(
    await emulator.fetch("http://x/v2/vectordb/users/list", {
      method: "POST",
      headers: { Authorization: ROOT },
      body: "{}",
    }),
  );
  assertEquals(denied.status, 401);
});

Deno.test("options: legacySuccessCode answers code 200 as 2.4.0-2.4.2 did (rbac §9)", async () => {
  await runCases({ legacySuccessCode: true }, [
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: { code: 200, data: {} },
    },
    { route: "users/list", json: { code: 200, data: ["alice", "root"] } },
    {
      route: "roles/describe",
      body: { roleName: "admin" },
      json: { code: 200, data: [] },
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: { code: 65535, message: "user already exists: alice" },
    },
  ]);
});

Deno.test("options: fetch and handler work detached (brief: interfaces)", async () => {
  const { fetch: detached } = new MilvusEmulator({ authorization: false });
  const answer = await read(
    await detached("http://any.host:1/v2/vectordb/users/create", {
      method: "POST",
      body: JSON.stringify({ userName: "alice", password: "123456" }),
    }),
  );
  assertEquals(answer.json, OK);
});

Deno.test("secrets: printing the emulator never shows a password (brief: secrets)", async () => {
  const canary = "canary-Pa55word-xyz";
  const emulator = new MilvusEmulator({
    rootPassword: canary,
    apiKeys: { "sk-canary-key": "root" },
  });
  await emulator.fetch("http://x/v2/vectordb/users/create", {
    method: "POST",
    headers: { Authorization: `Bearer root:${canary}` },
    body: JSON.stringify({ userName: "alice", password: canary }),
  }).then((response) => response.body?.cancel());

  const printed = [
    Deno.inspect(emulator, { depth: Infinity, showHidden: true }),
    inspect(emulator, { depth: Infinity, showHidden: true }),
    JSON.stringify(emulator),
    String(emulator),
  ];
  for (const text of printed) {
    assertEquals(text.includes(canary), false, text);
    assertEquals(text.includes("sk-canary-key"), false, text);
  }
  assertStringIncludes(printed[0] ?? "", "MilvusEmulator");
  assertStringIncludes(printed[1] ?? "", "MilvusEmulator");
  assertEquals(JSON.parse(printed[2] ?? ""), {
    version: "2.6",
    authorization: true,
    users: 2,
    roles: 2,
    privilegeGroups: 0,
    faults: 0,
  });
});
