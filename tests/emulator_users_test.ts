import { assertEquals } from "@std/assert";
import {
  err,
  OK,
  onBothTransports,
  runCases,
} from "./emulator_helpers_test.ts";

const ALICE = "Bearer alice:alice-pass";

Deno.test("users/list: fresh emulator lists root (rbac §1.2, §7)", async () => {
  await runCases({}, [
    { route: "users/list", json: { code: 0, data: ["root"] } },
  ]);
});

Deno.test("users/create: new user succeeds and is listed in key order (rbac §1.2, §7)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "zed", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "Bob", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/list",
      json: { code: 0, data: ["Bob", "alice", "root", "zed"] },
    },
  ]);
});

Deno.test("users/create: duplicate user gives 65535 (rbac §4.3)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "1234567" },
      json: err(65535, "user already exists: alice"),
    },
  ]);
});

Deno.test("users/create: user limit counts root (rbac §4.3)", async () => {
  await runCases({ maxUsers: 2 }, [
    {
      route: "users/create",
      body: { userName: "a1", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "a2", password: "123456" },
      json: err(
        65535,
        "unable to add user because the number of users has reached the limit",
      ),
    },
  ]);
});

Deno.test("users/create: 2.4 checks the limit before existence, 2.6 existence first (rbac §4.3)", async () => {
  const full =
    "unable to add user because the number of users has reached the limit";
  await runCases({ maxUsers: 2, version: "2.4" }, [
    {
      route: "users/create",
      body: { userName: "a1", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "a1", password: "123456" },
      json: err(65535, full),
    },
  ]);
  await runCases({ maxUsers: 2, version: "2.6" }, [
    {
      route: "users/create",
      body: { userName: "a1", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "a1", password: "123456" },
      json: err(65535, "user already exists: a1"),
    },
  ]);
});

Deno.test("users/create: password length in UTF-8 bytes, 6..72 by default (rbac §4.3, §6.2)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice", password: "12345" },
      json: err(
        1100,
        "invalid password length: invalid parameter[5 out of range 6 <= value <= 72]",
      ),
    },
    // Three two-byte characters are six bytes: allowed.
    {
      route: "users/create",
      body: { userName: "bob", password: "ééé" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "carol", password: "x".repeat(73) },
      json: err(
        1100,
        "invalid password length: invalid parameter[73 out of range 6 <= value <= 72]",
      ),
    },
    {
      route: "users/create",
      body: { userName: "dave", password: "x".repeat(72) },
      json: OK,
    },
  ]);
});

Deno.test("users/create: configured password bounds are used (rbac §6.2)", async () => {
  await runCases({ minPasswordLength: 8, maxPasswordLength: 256 }, [
    {
      route: "users/create",
      body: { userName: "alice", password: "1234567" },
      json: err(
        1100,
        "invalid password length: invalid parameter[7 out of range 8 <= value <= 256]",
      ),
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "y".repeat(200) },
      json: OK,
    },
  ]);
});

Deno.test("users/create: username rules and messages by version (rbac §5)", async () => {
  const long = "a".repeat(33);
  const common = [
    {
      route: "users/create",
      body: { userName: "   ", password: "123456" },
      json: err(1100, "username must be not empty: invalid parameter"),
    },
    {
      route: "users/create",
      body: { userName: long, password: "123456" },
      json: err(
        1100,
        `invalid username ${long} with length 33, the length of username must be less than %!d(string=32): invalid parameter`,
      ),
    },
    {
      route: "users/create",
      body: { userName: "a".repeat(32), password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "_x", password: "123456" },
      json: err(
        1100,
        "invalid user name _x, the first character must be a letter, but got _: invalid parameter",
      ),
    },
  ];
  await runCases({ version: "2.5" }, [
    ...common,
    {
      route: "users/create",
      body: { userName: "a-b", password: "123456" },
      json: err(
        1100,
        "invalid user name a-b, username must contain only numbers, letters and underscores, but got %!s(uint8=45): invalid parameter",
      ),
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...common,
    {
      route: "users/create",
      body: { userName: "a-b.c", password: "123456" },
      json: OK,
    },
    {
      route: "users/create",
      body: { userName: "a@b", password: "123456" },
      json: err(
        1100,
        "invalid user name a@b, username must contain only numbers, letters, underscores, dots, and hyphens, but got %!s(uint8=64): invalid parameter",
      ),
    },
  ]);
});

Deno.test("users/create: 2.4/2.5 store the untrimmed name, 2.6 trims it (rbac §5)", async () => {
  await runCases({ version: "2.4" }, [
    {
      route: "users/create",
      body: { userName: " alice", password: "123456" },
      json: OK,
    },
    { route: "users/list", json: { code: 0, data: [" alice", "root"] } },
  ]);
  await runCases({ version: "2.6" }, [
    {
      route: "users/create",
      body: { userName: " alice", password: "123456" },
      json: OK,
    },
    { route: "users/list", json: { code: 0, data: ["alice", "root"] } },
  ]);
});

Deno.test("users/create: binding errors 1801/1802 come first (rbac §4.3)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice" },
      json: err(
        1802,
        "missing required parameters, error: Key: 'PasswordReq.Password' Error:Field validation for 'Password' failed on the 'required' tag",
      ),
    },
    {
      route: "users/create",
      body: { userName: "", password: "" },
      json: err(
        1802,
        "missing required parameters, error: Key: 'PasswordReq.UserName' Error:Field validation for 'UserName' failed on the 'required' tag\nKey: 'PasswordReq.Password' Error:Field validation for 'Password' failed on the 'required' tag",
      ),
    },
    {
      route: "users/create",
      body: "",
      json: err(
        1801,
        "can only accept json format request, the request body should be nil, however {} is valid",
      ),
    },
    {
      route: "users/create",
      body: "  \n ",
      json: err(
        1801,
        "can only accept json format request, the request body should be nil, however {} is valid",
      ),
    },
    { route: "users/create", body: "null", status: 200 },
  ]);
});

Deno.test("users/create: malformed and mistyped JSON give 1801 (rbac §4.3)", async () => {
  await onBothTransports({}, async (h) => {
    for (
      const body of [
        "{x",
        '{"userName":123,"password":"123456"}',
        "[1]",
        '{"userName":"a"',
      ]
    ) {
      const answer = await h.call("users/create", body);
      assertEquals(answer.status, 200);
      const { code, message } = answer.json as {
        code: number;
        message: string;
      };
      assertEquals(code, 1801, body);
      assertEquals(
        message.startsWith("can only accept json format request, error: "),
        true,
        message,
      );
    }
    assertEquals((await h.call("users/list")).json, {
      code: 0,
      data: ["root"],
    });
  });
});

Deno.test("users/create: unknown fields ignored, Content-Type not required (rbac §1.1)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: {
        userName: "alice",
        password: "123456",
        extra: [1, 2],
        description: "x",
      },
      headers: { "Content-Type": "text/plain" },
      json: OK,
    },
  ]);
});

Deno.test("users/describe: roles of a user, [] for unknown users (rbac §1.2, §4.3, §7)", async () => {
  await runCases({}, [
    {
      route: "users/describe",
      body: { userName: "root" },
      json: { code: 0, data: [] },
    },
    {
      route: "users/describe",
      body: { userName: "ghost" },
      json: { code: 0, data: [] },
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    { route: "roles/create", body: { roleName: "reader" }, json: OK },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "reader" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "admin" },
      json: OK,
    },
    {
      route: "users/describe",
      body: { userName: "alice" },
      json: { code: 0, data: ["admin", "reader"] },
    },
    {
      route: "users/describe",
      body: { userName: "9lives" },
      json: err(
        1100,
        "invalid user name 9lives, the first character must be a letter, but got 9: invalid parameter",
      ),
    },
    {
      route: "users/describe",
      body: {},
      json: err(
        1802,
        "missing required parameters, error: Key: 'UserReq.UserName' Error:Field validation for 'UserName' failed on the 'required' tag",
      ),
    },
  ]);
});

Deno.test("users/drop: idempotent, root protected, memberships removed (rbac §4.3)", async () => {
  await runCases({}, [
    { route: "users/drop", body: { userName: "ghost" }, json: OK },
    {
      route: "users/drop",
      body: { userName: "root" },
      json: err(1401, "root user cannot be deleted: privilege not permitted"),
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "public" },
      json: OK,
    },
    { route: "users/drop", body: { userName: "alice" }, json: OK },
    { route: "users/list", json: { code: 0, data: ["root"] } },
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/describe",
      body: { userName: "alice" },
      json: { code: 0, data: [] },
    },
  ]);
});

Deno.test("users/grant_role and revoke_role: idempotent, missing role or user (rbac §4.3)", async () => {
  const roleMissing =
    "not found the role, maybe the role isn't existed or internal system error";
  const userMissing =
    "not found the user, maybe the user isn't existed or internal system error";
  await runCases({ version: "2.5" }, [
    {
      route: "users/create",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "public" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "public" },
      json: OK,
    },
    {
      route: "users/revoke_role",
      body: { userName: "alice", roleName: "public" },
      json: OK,
    },
    {
      route: "users/revoke_role",
      body: { userName: "alice", roleName: "public" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "nope" },
      json: err(65535, roleMissing),
    },
    {
      route: "users/grant_role",
      body: { userName: "ghost", roleName: "public" },
      json: err(65535, userMissing),
    },
    {
      route: "users/revoke_role",
      body: { userName: "ghost", roleName: "public" },
      json: OK,
    },
  ]);
  await runCases({ version: "2.6" }, [
    {
      route: "users/grant_role",
      body: { userName: "ghost", roleName: "nope" },
      json: err(65535, roleMissing),
    },
    {
      route: "users/grant_role",
      body: { userName: "ghost", roleName: "public" },
      json: err(65535, `failed to check if operate user role: ${userMissing}`),
    },
  ]);
});

Deno.test("users/update_password: own password, old one stops working at once (rbac §6.4, §6.6)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice", password: "alice-pass" },
      json: OK,
    },
    {
      route: "users/update_password",
      auth: ALICE,
      body: {
        userName: "alice",
        password: "alice-pass",
        newPassword: "alice-new",
      },
      json: OK,
    },
    {
      route: "users/describe",
      auth: ALICE,
      body: { userName: "alice" },
      status: 401,
      json: err(1800, "user hasn't authenticated"),
    },
    {
      route: "users/describe",
      auth: "Bearer alice:alice-new",
      body: { userName: "alice" },
      json: { code: 0, data: [] },
    },
  ]);
});

Deno.test("users/update_password: wrong old password gives 1400, length checked first (rbac §4.3, §6.4)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice", password: "alice-pass" },
      json: OK,
    },
    {
      route: "users/update_password",
      body: {
        userName: "alice",
        password: "wrong-pass",
        newPassword: "alice-new",
      },
      json: err(1400, "old password not correct for alice: not authenticated"),
    },
    {
      route: "users/update_password",
      body: { userName: "alice", password: "wrong-pass", newPassword: "short" },
      json: err(
        1100,
        "invalid password length: invalid parameter[5 out of range 6 <= value <= 72]",
      ),
    },
    {
      route: "users/update_password",
      body: {
        userName: "ghost",
        password: "whatever",
        newPassword: "ghost-new",
      },
      json: err(1400, "old password not correct for ghost: not authenticated"),
    },
  ]);
});

Deno.test("users/update_password: root needs the old password unless a superuser (rbac §6.5)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "alice", password: "alice-pass" },
      json: OK,
    },
    {
      route: "users/update_password",
      body: { userName: "alice", password: "not-it", newPassword: "alice-new" },
      json: err(1400, "old password not correct for alice: not authenticated"),
    },
  ]);
  await runCases({ superUsers: ["root"] }, [
    {
      route: "users/create",
      body: { userName: "alice", password: "alice-pass" },
      json: OK,
    },
    {
      route: "users/update_password",
      body: { userName: "alice", password: "not-it", newPassword: "alice-new" },
      json: OK,
    },
    { route: "users/list", auth: "Bearer alice:alice-new", status: 403 },
  ]);
});

Deno.test("users/update_password: superuser on a missing user, per version (rbac §4.3, §9)", async () => {
  for (const version of ["2.4", "2.5"] as const) {
    await runCases({ version, superUsers: ["root"] }, [
      {
        route: "users/update_password",
        body: { userName: "ghost", password: "x", newPassword: "ghost-pass" },
        json: OK,
      },
      { route: "users/list", json: { code: 0, data: ["ghost", "root"] } },
    ]);
  }
  await runCases({ version: "2.6", superUsers: ["root"] }, [
    {
      route: "users/update_password",
      body: { userName: "ghost", password: "x", newPassword: "ghost-pass" },
      json: err(65535, "failed to check if update credential: user not found"),
    },
  ]);
});

Deno.test("users/update_password: 2.4 does not trim superUsers entries, 2.5 does (rbac §6.4)", async () => {
  const body = {
    userName: "root",
    password: "not-it",
    newPassword: "root-new",
  };
  await runCases({ version: "2.4", superUsers: [" root"] }, [
    {
      route: "users/update_password",
      body,
      json: err(1400, "old password not correct for root: not authenticated"),
    },
  ]);
  await runCases({ version: "2.5", superUsers: [" root"] }, [
    { route: "users/update_password", body, json: OK },
  ]);
});

Deno.test("users/update_password: with authorization off the old password is still checked (rbac §6.4, §6.5)", async () => {
  await runCases({ authorization: false, superUsers: ["root"] }, [
    {
      route: "users/update_password",
      auth: null,
      body: { userName: "root", password: "wrong!", newPassword: "root-new" },
      json: err(1400, "old password not correct for root: not authenticated"),
    },
    {
      route: "users/update_password",
      auth: "Bearer nobody:matters",
      body: { userName: "root", password: "Milvus", newPassword: "root-new" },
      json: OK,
    },
  ]);
});

Deno.test("users/update_password: missing fields give 1802 (rbac §4.3)", async () => {
  await runCases({}, [
    {
      route: "users/update_password",
      body: { userName: "root", password: "Milvus" },
      json: err(
        1802,
        "missing required parameters, error: Key: 'NewPasswordReq.NewPassword' Error:Field validation for 'NewPassword' failed on the 'required' tag",
      ),
    },
  ]);
});
