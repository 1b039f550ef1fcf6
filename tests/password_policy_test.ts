// checkPassword() and the two presets: which rules a password breaks,
// without ever echoing it.
import { assert, assertEquals, assertFalse, assertThrows } from "@std/assert";
import {
  checkPassword,
  InputError,
  MILVUS_PASSWORD_POLICY,
  ZILLIZ_CLOUD_PASSWORD_POLICY,
} from "@milvus-rbac/client";

Deno.test("MILVUS_PASSWORD_POLICY is 6 to 72 UTF-8 bytes and frozen (rbac §6.2)", () => {
  assertEquals(MILVUS_PASSWORD_POLICY.minBytes, 6);
  assertEquals(MILVUS_PASSWORD_POLICY.maxBytes, 72);
  assert(Object.isFrozen(MILVUS_PASSWORD_POLICY));
});

Deno.test("ZILLIZ_CLOUD_PASSWORD_POLICY is 8 to 64 characters with 3 of 4 classes (rbac §6.3)", () => {
  assertEquals(ZILLIZ_CLOUD_PASSWORD_POLICY.minCharacters, 8);
  assertEquals(ZILLIZ_CLOUD_PASSWORD_POLICY.maxCharacters, 64);
  assertEquals(ZILLIZ_CLOUD_PASSWORD_POLICY.minCharacterClasses, 3);
  assert(Object.isFrozen(ZILLIZ_CLOUD_PASSWORD_POLICY));
});

Deno.test("checkPassword() with milvus counts UTF-8 bytes, not characters (rbac §6.2)", () => {
  assertEquals(checkPassword("123456", "milvus"), { ok: true, problems: [] });
  assertEquals(checkPassword("x".repeat(72), "milvus").ok, true);
  assertEquals(checkPassword("12345", "milvus"), {
    ok: false,
    problems: ["must be at least 6 bytes long in UTF-8"],
  });
  assertEquals(checkPassword("x".repeat(73), "milvus").problems, [
    "must be at most 72 bytes long in UTF-8",
  ]);
  // Three characters, six bytes.
  assertEquals(checkPassword("ééé", "milvus").ok, true);
  // 25 characters, 75 bytes.
  assertEquals(checkPassword("€".repeat(25), "milvus").ok, false);
  assertEquals(checkPassword("€".repeat(24), "milvus").ok, true);
});

Deno.test("checkPassword() with zilliz needs 8 to 64 characters and 3 of 4 classes", () => {
  for (
    const good of ["123456Abc*", "Abcdefg1", "abcdef1!", "ABCDEF1!", "Ab!Ab!Ab"]
  ) {
    assertEquals(
      checkPassword(good, "zilliz"),
      { ok: true, problems: [] },
      good,
    );
  }
  assertEquals(checkPassword("Abcdef1", "zilliz").problems, [
    "must be at least 8 characters long",
  ]);
  assertEquals(checkPassword("Aa1!".repeat(16) + "x", "zilliz").problems, [
    "must be at most 64 characters long",
  ]);
  assertEquals(checkPassword("abcdefgh", "zilliz").problems, [
    "must mix at least 3 of upper case letters, lower case letters, digits and special characters (it has 1)",
  ]);
  assertEquals(checkPassword("abcdEFGH", "zilliz").ok, false);
  // Characters, not bytes: eight two-byte letters are eight characters.
  assertEquals(checkPassword("éééééé1A", "zilliz").ok, true);
  assertEquals(checkPassword("😀😀😀😀😀😀a1", "zilliz").ok, true);
});

Deno.test("checkPassword() reports every broken rule and never echoes the password", () => {
  const password = "pw";
  const result = checkPassword(password, "zilliz");
  assertFalse(result.ok);
  assertEquals(result.problems.length, 2);
  for (const problem of result.problems) {
    assertFalse(problem.includes(password));
  }

  const canary = "Zz9-canary";
  const custom = checkPassword(canary, {
    minBytes: 100,
    maxCharacters: 3,
    minCharacterClasses: 4,
  });
  assertEquals(custom.problems.length, 2);
  assertFalse(JSON.stringify(custom).includes(canary));
});

Deno.test("checkPassword() takes a custom policy, every field optional", () => {
  assertEquals(checkPassword("", {}).ok, true);
  assertEquals(
    checkPassword("abc", { name: "x", minCharacters: 3, maxBytes: 3 }).ok,
    true,
  );
  assertEquals(checkPassword("abcd", { maxBytes: 3 }).ok, false);
  assertEquals(checkPassword("ab", { minCharacterClasses: 0 }).ok, true);
});

Deno.test("checkPassword() rejects a malformed policy or a non-string password with InputError", () => {
  const bad: unknown[] = [
    "strict",
    null,
    undefined,
    [],
    42,
    { minBytes: -1 },
    { minBytes: 1.5 },
    { minBytes: "6" },
    { name: 3 },
    { minLength: 6 },
  ];
  for (const policy of bad) {
    assertThrows(
      () => checkPassword("whatever", policy as "milvus"),
      InputError,
      undefined,
      JSON.stringify(policy),
    );
  }
  assertThrows(
    () => checkPassword(123456 as unknown as string, "milvus"),
    InputError,
  );
});
