import { assertEquals } from "@std/assert";
import {
  err,
  OK,
  onBothTransports,
  ROOT,
  runCases,
} from "./emulator_helpers_test.ts";

const UNAUTHENTICATED = err(1800, "user hasn't authenticated");
const basic = (user: string, password: string) =>
  `Basic ${btoa(`${user}:${password}`)}`;

function denied(privilege: string, user: string, db = "default"): unknown {
  return err(
    65535,
    `rpc error: code = PermissionDenied desc = ${privilege}: permission deny to ${user} in the \`${db}\` database`,
  );
}

Deno.test("auth: Basic and Bearer user:password, prefix optional (rbac §2.2)", async () => {
  await runCases({}, [
    {
      route: "users/list",
      auth: basic("root", "Milvus"),
      json: { code: 0, data: ["root"] },
    },
    {
      route: "users/list",
      auth: "Bearer root:Milvus",
      json: { code: 0, data: ["root"] },
    },
    {
      route: "users/list",
      auth: "root:Milvus",
      json: { code: 0, data: ["root"] },
    },
    {
      route: "users/create",
      body: { userName: "alice", password: "pa:ss:word" },
      json: OK,
    },
    { route: "users/list", auth: "Bearer alice:pa:ss:word", status: 403 },
  ]);
});

Deno.test("auth: missing, wrong or malformed credentials give 401 (rbac §2.2)", async () => {
  const cases = [
    null,
    "Bearer root:wrong",
    "Bearer ghost:Milvus",
    "Bearer root:",
    "Bearer :Milvus",
    "Bearer some-api-key",
    basic("root", "wrong"),
    "bearer root:Milvus",
  ].map((auth) => ({
    route: "users/list",
    auth,
    status: 401,
    json: UNAUTHENTICATED,
  }));
  await runCases({}, cases);
});

Deno.test("auth: Basic sets WWW-Authenticate even on success (rbac §2.2)", async () => {
  await onBothTransports({}, async (h) => {
    const ok = await h.call("users/list", {}, {
      auth: basic("root", "Milvus"),
    });
    assertEquals(
      ok.headers.get("www-authenticate"),
      'Basic realm="restricted", charset="UTF-8"',
    );
    const bearer = await h.call("users/list", {});
    assertEquals(bearer.headers.get("www-authenticate"), null);
  });
});

Deno.test("auth: unknown routes give 401 before 404 when unauthenticated (rbac §2.2, §2.5)", async () => {
  await runCases({}, [
    { route: "users/nope", auth: null, status: 401, json: UNAUTHENTICATED },
    { route: "users/nope", status: 404, text: "404 page not found" },
    {
      route: "users/list",
      method: "GET",
      auth: null,
      status: 401,
      json: UNAUTHENTICATED,
    },
    {
      route: "users/list",
      method: "GET",
      status: 404,
      text: "404 page not found",
    },
    {
      route: "users/list",
      method: "PUT",
      status: 404,
      text: "404 page not found",
    },
  ]);
});

Deno.test("routing: 404 is text/plain; OPTIONS is 204 before auth (rbac §2.1, §2.5)", async () => {
  await onBothTransports({}, async (h) => {
    const missing = await h.call("nope/nothing", {});
    assertEquals(missing.status, 404);
    assertEquals(missing.headers.get("content-type"), "text/plain");

    const preflight = await h.call("users/list", {}, {
      method: "OPTIONS",
      auth: null,
    });
    assertEquals(preflight.status, 204);
    assertEquals(preflight.text, "");
    assertEquals(preflight.headers.get("access-control-allow-origin"), "*");
    assertEquals(
      preflight.headers.get("access-control-allow-methods"),
      "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH",
    );
  });
});

Deno.test("routing: a trailing slash gets a 307 to the path without it (rbac §2.5)", async () => {
  await onBothTransports({}, async (h) => {
    const response = await h.fetch(`${h.url}/v2/vectordb/users/list/?x=1`, {
      method: "POST",
      headers: { Authorization: ROOT },
      body: "{}",
      redirect: "manual",
    });
    await response.body?.cancel();
    assertEquals(response.status, 307);
    assertEquals(
      response.headers.get("location"),
      "/v2/vectordb/users/list?x=1",
    );

    // fetch follows it, re-sending the body as 307 requires.
    const followed = await h.fetch(`${h.url}/v2/vectordb/users/list/`, {
      method: "POST",
      headers: { Authorization: ROOT },
      body: "{}",
    });
    assertEquals(await followed.json(), { code: 0, data: ["root"] });
  });
});

Deno.test("responses: success headers, sorted keys and Go escaping (rbac §1.1, §2.1)", async () => {
  await onBothTransports({ version: "2.6" }, async (h) => {
    const answer = await h.call("users/create", {
      userName: "alice",
      password: "12345",
    });
    assertEquals(
      answer.headers.get("content-type"),
      "application/json; charset=utf-8",
    );
    assertEquals(answer.headers.get("x-content-type-options"), "nosniff");
    assertEquals(
      answer.text,
      '{"code":1100,"message":"invalid password length: invalid parameter[5 out of range 6 \\u003c= value \\u003c= 72]"}',
    );
  });
  await onBothTransports({ version: "2.5" }, async (h) => {
    const answer = await h.call("users/list", {});
    assertEquals(answer.headers.get("x-content-type-options"), null);
  });
});

Deno.test("auth disabled: header ignored, no privilege checks (rbac §2.3)", async () => {
  await runCases({ authorization: false }, [
    { route: "users/list", auth: null, json: { code: 0, data: ["root"] } },
    {
      route: "users/list",
      auth: "Bearer root:wrong",
      json: { code: 0, data: ["root"] },
    },
    {
      route: "users/create",
      auth: "garbage",
      body: { userName: "alice", password: "123456" },
      json: OK,
    },
    {
      route: "users/nope",
      auth: null,
      status: 404,
      text: "404 page not found",
    },
  ]);
});

Deno.test("auth disabled: grants fail for want of a grantor (rbac §2.3, privileges §2.2)", async () => {
  const noUser = err(
    65535,
    "fail to get authorization from the md, authorization:[token]",
  );
  await runCases({ authorization: false }, [
    { route: "roles/create", auth: null, body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Global",
        objectName: "*",
        privilege: "CreateOwnership",
      },
      json: noUser,
    },
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "Search",
        dbName: "default",
        collectionName: "*",
      },
      json: noUser,
    },
  ]);
});

Deno.test("privileges: ordinary users get 403 with the enum name, caller and db (rbac §3)", async () => {
  const bob = "Bearer bob:bob-pass";
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    {
      route: "users/list",
      auth: bob,
      status: 403,
      json: denied("PrivilegeSelectOwnership", "bob"),
    },
    {
      route: "users/create",
      auth: bob,
      body: { userName: "x", password: "1" },
      status: 403,
      json: denied("PrivilegeCreateOwnership", "bob"),
    },
    {
      route: "users/drop",
      auth: bob,
      headers: { "DB-Name": "db1" },
      body: { userName: "x" },
      status: 403,
      json: denied("PrivilegeDropOwnership", "bob", "db1"),
    },
    {
      route: "users/update_password",
      auth: bob,
      body: { userName: "root", password: "Milvus", newPassword: "hacked!" },
      status: 403,
      json: denied("PrivilegeUpdateUser", "bob"),
    },
    {
      route: "users/describe",
      auth: bob,
      body: { userName: "root" },
      status: 403,
      json: denied("PrivilegeSelectUser", "bob"),
    },
    {
      route: "users/grant_role",
      auth: bob,
      body: { userName: "bob", roleName: "admin" },
      status: 403,
      json: denied("PrivilegeManageOwnership", "bob"),
    },
    {
      route: "roles/list",
      auth: bob,
      body: { dbName: "db2" },
      status: 403,
      json: denied("PrivilegeSelectOwnership", "bob", "db2"),
    },
    {
      route: "privilege_groups/list",
      auth: bob,
      status: 403,
      json: denied("PrivilegeListPrivilegeGroups", "bob"),
    },
    {
      route: "privilege_groups/create",
      auth: bob,
      body: { privilegeGroupName: "g" },
      status: 403,
      json: denied("PrivilegeCreatePrivilegeGroup", "bob"),
    },
  ]);
});

Deno.test("privileges: binding errors come before the 403 (rbac §3)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    {
      route: "users/drop",
      auth: "Bearer bob:bob-pass",
      body: {},
      json: err(
        1802,
        "missing required parameters, error: Key: 'UserReq.UserName' Error:Field validation for 'UserName' failed on the 'required' tag",
      ),
    },
  ]);
});

Deno.test("privileges: self describe and self update_password pass (rbac §3, §6.5)", async () => {
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    {
      route: "users/describe",
      auth: "Bearer bob:bob-pass",
      body: { userName: "bob" },
      json: { code: 0, data: [] },
    },
    {
      route: "users/update_password",
      auth: "Bearer bob:bob-pass",
      body: {
        userName: "bob",
        password: "bob-pass",
        newPassword: "bob-new-pass",
      },
      json: OK,
    },
  ]);
});

Deno.test("privileges: the admin role passes everything (rbac §3)", async () => {
  const carol = "Bearer carol:carol-pass";
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "carol", password: "carol-pass" },
      json: OK,
    },
    {
      route: "users/grant_role",
      body: { userName: "carol", roleName: "admin" },
      json: OK,
    },
    {
      route: "users/list",
      auth: carol,
      json: { code: 0, data: ["carol", "root"] },
    },
    {
      route: "users/create",
      auth: carol,
      body: { userName: "dave", password: "dave-pass" },
      json: OK,
    },
    {
      route: "users/update_password",
      auth: carol,
      body: {
        userName: "dave",
        password: "dave-pass",
        newPassword: "dave-new",
      },
      json: OK,
    },
  ]);
});

Deno.test("privileges: grants to held roles, via `*`, groups and public (rbac §3, privileges §4)", async () => {
  const bob = "Bearer bob:bob-pass";
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    { route: "roles/create", body: { roleName: "ops" }, json: OK },
    {
      route: "users/grant_role",
      body: { userName: "bob", roleName: "ops" },
      json: OK,
    },
    { route: "users/list", auth: bob, status: 403 },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "ops",
        objectType: "Global",
        objectName: "*",
        privilege: "SelectOwnership",
      },
      json: OK,
    },
    {
      route: "users/list",
      auth: bob,
      json: { code: 0, data: ["bob", "root"] },
    },
    // The grant is on the default database only.
    {
      route: "users/list",
      auth: bob,
      body: { dbName: "db1" },
      status: 403,
      json: denied("PrivilegeSelectOwnership", "bob", "db1"),
    },
    {
      route: "users/create",
      auth: bob,
      body: { userName: "x1", password: "123456" },
      status: 403,
    },
    // `*` on User objects covers UpdateUser for any user.
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "ops",
        objectType: "User",
        objectName: "*",
        privilege: "*",
      },
      json: OK,
    },
    {
      route: "users/update_password",
      auth: bob,
      body: { userName: "root", password: "Milvus", newPassword: "root-new" },
      json: OK,
    },
    // ClusterAdmin through v2 covers CreateOwnership on every database.
    {
      route: "roles/grant_privilege_v2",
      auth: "Bearer root:root-new",
      body: {
        roleName: "public",
        privilege: "ClusterAdmin",
        dbName: "*",
        collectionName: "*",
      },
      json: OK,
    },
    {
      route: "users/create",
      auth: bob,
      headers: { "DB-Name": "db9" },
      body: { userName: "x1", password: "123456" },
      json: OK,
    },
  ]);
});

Deno.test("privileges: roles/describe of a held role passes (rbac §3)", async () => {
  const bob = "Bearer bob:bob-pass";
  await runCases({}, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    { route: "roles/create", body: { roleName: "ops" }, json: OK },
    { route: "roles/create", body: { roleName: "other" }, json: OK },
    {
      route: "users/grant_role",
      body: { userName: "bob", roleName: "ops" },
      json: OK,
    },
    {
      route: "roles/describe",
      auth: bob,
      body: { roleName: "ops" },
      json: { code: 0, data: [] },
    },
    {
      route: "roles/describe",
      auth: bob,
      body: { roleName: "other" },
      status: 403,
      json: denied("PrivilegeSelectOwnership", "bob"),
    },
  ]);
});

Deno.test("auth: API keys rejected unless configured, then act as their user (rbac §2.2, §3)", async () => {
  await runCases({}, [
    {
      route: "users/list",
      auth: "Bearer sk-0123456789",
      status: 401,
      json: UNAUTHENTICATED,
    },
  ]);
  await runCases({ apiKeys: { "sk-root": "root", "sk-bob": "bob" } }, [
    {
      route: "users/list",
      auth: "Bearer sk-root",
      json: { code: 0, data: ["root"] },
    },
    { route: "users/list", auth: "sk-root", json: { code: 0, data: ["root"] } },
    {
      route: "users/list",
      auth: "Bearer sk-bob",
      status: 403,
      json: denied("PrivilegeSelectOwnership", "apikey user"),
    },
    {
      route: "users/list",
      auth: "Bearer sk-other",
      status: 401,
      json: UNAUTHENTICATED,
    },
  ]);
});
