/**
 * An independent audit of the emulator against the reference: the CLI
 * (`tools/emulator.ts`) runs as a subprocess and is driven with plain
 * `fetch`, case by case, comparing status codes, headers and exact body
 * bytes. Options the CLI does not expose (superUsers, apiKeys, limits,
 * legacySuccessCode) use `serveEmulator`, still over raw HTTP.
 *
 * @module
 */

import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import {
  MilvusEmulator,
  type MilvusEmulatorOptions,
  serveEmulator,
} from "@milvus-rbac/client/testing";

const SCRIPT = new URL("../tools/emulator.ts", import.meta.url).pathname;
const ROOT = "Bearer root:Milvus";
const JSON_TYPE = "application/json; charset=utf-8";
const OK = '{"code":0,"data":{}}';
const CORS: Record<string, string> = {
  "access-control-allow-origin": "*",
  "access-control-allow-credentials": "true",
  "access-control-allow-headers":
    "Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With",
  "access-control-allow-methods":
    "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH",
};
const WWW_AUTHENTICATE = 'Basic realm="restricted", charset="UTF-8"';

interface Server {
  readonly url: string;
  close(): Promise<void>;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

interface Send {
  /** The Authorization header; `null` sends none. Defaults to root. */
  auth?: string | null;
  headers?: Record<string, string>;
  method?: string;
}

// Starts `deno task emulator`'s script and reads the URL it prints first.
async function spawnCli(args: string[]): Promise<Server> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-net", SCRIPT, "--port", "0", ...args],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const drained = (async () => {
    while (!(await reader.read()).done) { /* drain */ }
  })();
  const url = text.split("\n")[0] ?? "";
  assert(url.startsWith("http://127.0.0.1:"), `emulator printed ${text}`);

  return {
    url,
    async close() {
      child.kill("SIGTERM");
      assertEquals((await child.status).code, 0);
      await drained;
    },
  };
}

async function serveInProcess(options: MilvusEmulatorOptions): Promise<Server> {
  return await serveEmulator(new MilvusEmulator(options));
}

async function withServer(
  server: Promise<Server>,
  body: (s: Server) => Promise<void>,
): Promise<void> {
  const s = await server;
  try {
    await body(s);
  } finally {
    await s.close();
  }
}

async function send(
  server: Server,
  route: string,
  body: string | undefined,
  options: Send = {},
): Promise<Answer> {
  const headers = new Headers(options.headers);
  const auth = options.auth === undefined ? ROOT : options.auth;
  if (auth !== null) headers.set("Authorization", auth);
  const init: RequestInit = {
    method: options.method ?? "POST",
    headers,
    redirect: "manual",
  };
  if (body !== undefined) init.body = body;
  const response = await fetch(`${server.url}/v2/vectordb/${route}`, init);
  return {
    status: response.status,
    headers: response.headers,
    text: await response.text(),
  };
}

function post(
  server: Server,
  route: string,
  body: unknown = {},
  options: Send = {},
): Promise<Answer> {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return send(server, route, text, options);
}

// Go's encoder escapes <, > and & in strings.
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&]/g,
    (c) => `\\u00${c.charCodeAt(0).toString(16)}`,
  );
}

function failure(code: number, message: string): string {
  return goJson({ code, message });
}

// The exact status, JSON content type and body bytes.
function expectJson(answer: Answer, status: number, text: string): void {
  assertEquals(
    [answer.status, answer.text],
    [status, text],
    `got ${answer.status} ${answer.text}`,
  );
  assertEquals(answer.headers.get("content-type"), JSON_TYPE);
}

async function check(
  server: Server,
  route: string,
  body: unknown,
  text: string,
  options: Send = {},
): Promise<void> {
  expectJson(await post(server, route, body, options), 200, text);
}

function basic(user: string, password: string): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function denied(privilege: string, user: string, db: string): string {
  return failure(
    65535,
    `rpc error: code = PermissionDenied desc = Privilege${privilege}: permission deny to ${user} in the \`${db}\` database`,
  );
}

const NEED_AUTH = failure(1800, "user hasn't authenticated");
const ROLE_NOT_FOUND =
  "not found the role, maybe the role isn't existed or internal system error";
const USER_NOT_FOUND =
  "not found the user, maybe the user isn't existed or internal system error";
const COMMON_CHECK = "failed to operate privilege common check: ";
const BAD_JSON = "can only accept json format request";
const EMPTY_BODY =
  `${BAD_JSON}, the request body should be nil, however {} is valid`;

function required(struct: string, ...fields: string[]): string {
  const lines = fields.map((f) =>
    `Key: '${struct}.${f}' Error:Field validation for '${f}' failed on the 'required' tag`
  );
  return failure(
    1802,
    `missing required parameters, error: ${lines.join("\n")}`,
  );
}

function grant(
  objectType: string,
  objectName: string,
  privilege: string,
  dbName: string,
  grantor = "root",
): Record<string, string> {
  // Keys in the order Go writes them: sorted.
  return { dbName, grantor, objectName, objectType, privilege };
}

function data(value: unknown): string {
  return JSON.stringify({ code: 0, data: value });
}

const PUBLIC_GRANTS = [
  grant("Collection", "*", "IndexDetail", "*"),
  grant("Global", "*", "DescribeCollection", "*"),
  grant("Global", "*", "ListAliases", "*"),
];

Deno.test("conformance: routes, headers, authentication and body binding on 2.6 (rbac §1, §2, §4.3)", async (t) => {
  await withServer(spawnCli([]), async (s) => {
    await t.step(
      "rbac §1.1: success bodies, content type, CORS and nosniff",
      async () => {
        const list = await post(s, "users/list", {});
        expectJson(list, 200, data(["root"]));
        for (const [name, value] of Object.entries(CORS)) {
          assertEquals(list.headers.get(name), value, name);
        }
        assertEquals(list.headers.get("x-content-type-options"), "nosniff");
        assertEquals(list.headers.get("www-authenticate"), null);
        await check(s, "roles/list", {}, data(["admin", "public"]));
        await check(s, "users/describe", { userName: "root" }, data([]));
        await check(s, "roles/create", { roleName: "audit" }, OK);
        await check(s, "roles/drop", { roleName: "audit" }, OK);
        await check(s, "users/list", "null", data(["root"]));
      },
    );

    await t.step(
      "rbac §1.1: Content-Type is not checked; unknown fields are ignored",
      async () => {
        await check(s, "users/list", "{}", data(["root"]), {
          headers: { "Content-Type": "text/plain" },
        });
        await check(
          s,
          "users/describe",
          { userName: "root", extra: [1] },
          data([]),
        );
      },
    );

    await t.step("rbac §2.2: Authorization header variants", async () => {
      expectJson(
        await post(s, "users/list", {}, { auth: null }),
        401,
        NEED_AUTH,
      );
      await check(s, "users/list", {}, data(["root"]), { auth: "root:Milvus" });
      for (
        const auth of [
          "Bearer root:wrong",
          "bearer root:Milvus",
          "Bearer root:",
          "Bearer :Milvus",
          "Bearer  root:Milvus",
          "Bearer some-api-key",
          "Bearer ghost:Milvus",
        ]
      ) {
        const answer = await post(s, "users/list", {}, { auth });
        expectJson(answer, 401, NEED_AUTH);
        assertEquals(answer.headers.get("www-authenticate"), null, auth);
      }

      const ok = await post(s, "users/list", {}, {
        auth: basic("root", "Milvus"),
      });
      expectJson(ok, 200, data(["root"]));
      assertEquals(ok.headers.get("www-authenticate"), WWW_AUTHENTICATE);
      for (const auth of [basic("root", "nope"), basic("root", "")]) {
        const answer = await post(s, "users/list", {}, { auth });
        expectJson(answer, 401, NEED_AUTH);
        assertEquals(answer.headers.get("www-authenticate"), WWW_AUTHENTICATE);
      }
      // The scheme is case-insensitive for Basic.
      const lower = basic("root", "Milvus").replace("Basic", "basic");
      await check(s, "users/list", {}, data(["root"]), { auth: lower });
    });

    await t.step(
      "rbac §2.5, §2.2: unknown routes, wrong methods, trailing slash",
      async () => {
        const notFound = await post(s, "users/nope", {});
        assertEquals([notFound.status, notFound.text], [
          404,
          "404 page not found",
        ]);
        assertEquals(notFound.headers.get("content-type"), "text/plain");
        assertEquals(notFound.headers.get("access-control-allow-origin"), "*");

        for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
          const body = method === "GET" ? undefined : "{}";
          const answer = await send(s, "users/list", body, { method });
          assertEquals([answer.status, answer.text], [
            404,
            "404 page not found",
          ]);
          assertEquals(
            answer.headers.get("content-type"),
            "text/plain",
            method,
          );
        }
        // Unknown routes still answer 401 first without credentials.
        expectJson(
          await post(s, "users/nope", {}, { auth: null }),
          401,
          NEED_AUTH,
        );
        const get = await send(s, "users/list", undefined, {
          method: "GET",
          auth: "Bearer root:bad",
        });
        expectJson(get, 401, NEED_AUTH);

        const redirect = await post(s, "users/list/", {}, { auth: null });
        assertEquals(redirect.status, 307);
        assertEquals(
          redirect.headers.get("location"),
          "/v2/vectordb/users/list",
        );
        assertEquals(redirect.text, "");
      },
    );

    await t.step(
      "rbac §2.1: OPTIONS is answered 204 with CORS, before authentication",
      async () => {
        for (const route of ["users/list", "no/such/route"]) {
          const answer = await send(s, route, undefined, {
            method: "OPTIONS",
            auth: null,
          });
          assertEquals([answer.status, answer.text], [204, ""]);
          for (const [name, value] of Object.entries(CORS)) {
            assertEquals(answer.headers.get(name), value, name);
          }
          assertEquals(answer.headers.get("x-content-type-options"), "nosniff");
        }
      },
    );

    await t.step(
      "rbac §4.3: 1801 for malformed, empty and whitespace bodies and type mismatches",
      async () => {
        await check(
          s,
          "users/create",
          "{x",
          failure(
            1801,
            `${BAD_JSON}, error: "Syntax error at index 1: invalid char\\n\\n\\t{x\\n\\t.^\\n"`,
          ),
        );
        for (const body of ["", "   ", "\n\t "]) {
          await check(s, "users/create", body, failure(1801, EMPTY_BODY));
          await check(s, "users/list", body, failure(1801, EMPTY_BODY));
        }
        for (
          const body of ['{"userName":123,"password":"abcdef"}', "[]", '"x"']
        ) {
          const answer = await post(s, "users/create", body);
          assertEquals(answer.status, 200);
          const parsed = JSON.parse(answer.text);
          assertEquals(parsed.code, 1801, body);
          assert(parsed.message.startsWith(`${BAD_JSON}, error: `), body);
        }
        const list = await post(s, "privilege_groups/add_privileges_to_group", {
          privilegeGroupName: "g",
          privileges: "Search",
        });
        assertEquals(JSON.parse(list.text).code, 1801);
      },
    );

    await t.step(
      "rbac §4.3: 1802 names the struct and Go fields, joined with \\n; null body too",
      async () => {
        const cases: [string, unknown, string][] = [
          [
            "users/create",
            "null",
            required("PasswordReq", "UserName", "Password"),
          ],
          ["users/create", {}, required("PasswordReq", "UserName", "Password")],
          [
            "users/create",
            { userName: "a", password: "" },
            required("PasswordReq", "Password"),
          ],
          ["users/describe", {}, required("UserReq", "UserName")],
          ["users/drop", { userName: "" }, required("UserReq", "UserName")],
          [
            "users/update_password",
            { userName: "root", password: "Milvus" },
            required("NewPasswordReq", "NewPassword"),
          ],
          [
            "users/update_password",
            {},
            required("NewPasswordReq", "UserName", "Password", "NewPassword"),
          ],
          [
            "users/grant_role",
            {},
            required("UserRoleReq", "UserName", "RoleName"),
          ],
          [
            "users/revoke_role",
            { userName: "a" },
            required("UserRoleReq", "RoleName"),
          ],
          ["roles/describe", {}, required("RoleReq", "RoleName")],
          ["roles/create", { dbName: "x" }, required("RoleReq", "RoleName")],
          ["roles/drop", {}, required("RoleReq", "RoleName")],
          [
            "roles/grant_privilege",
            {},
            required(
              "GrantReq",
              "RoleName",
              "ObjectType",
              "ObjectName",
              "Privilege",
            ),
          ],
          [
            "roles/revoke_privilege",
            { roleName: "r", objectType: "Global", objectName: "*" },
            required("GrantReq", "Privilege"),
          ],
          [
            "roles/grant_privilege_v2",
            {},
            required("GrantV2Req", "RoleName", "Privilege"),
          ],
          [
            "roles/revoke_privilege_v2",
            { roleName: "r" },
            required("GrantV2Req", "Privilege"),
          ],
          [
            "privilege_groups/create",
            {},
            required("PrivilegeGroupReq", "PrivilegeGroupName"),
          ],
          [
            "privilege_groups/drop",
            "null",
            required("PrivilegeGroupReq", "PrivilegeGroupName"),
          ],
          [
            "privilege_groups/add_privileges_to_group",
            { privileges: ["Search"] },
            required("PrivilegeGroupReq", "PrivilegeGroupName"),
          ],
        ];
        for (const [route, body, expected] of cases) {
          await check(s, route, body, expected);
        }
        // Whitespace passes the binder and reaches the name check.
        await check(
          s,
          "users/create",
          { userName: "  ", password: "abcdef" },
          failure(1100, "username must be not empty: invalid parameter"),
        );
      },
    );
  });
});

const USERNAME_CASES: [string, string | null, string | null][] = [
  // name, 2.4/2.5 message (null = accepted), 2.6 message
  ["a234567890123456789012345678901b", null, null],
  [
    "a2345678901234567890123456789012c",
    "invalid username a2345678901234567890123456789012c with length 33, the length of username must be less than %!d(string=32): invalid parameter",
    "invalid username a2345678901234567890123456789012c with length 33, the length of username must be less than %!d(string=32): invalid parameter",
  ],
  [
    "1abc",
    "invalid user name 1abc, the first character must be a letter, but got 1: invalid parameter",
    "invalid user name 1abc, the first character must be a letter, but got 1: invalid parameter",
  ],
  [
    "_abc",
    "invalid user name _abc, the first character must be a letter, but got _: invalid parameter",
    "invalid user name _abc, the first character must be a letter, but got _: invalid parameter",
  ],
  [
    "ab-c",
    "invalid user name ab-c, username must contain only numbers, letters and underscores, but got %!s(uint8=45): invalid parameter",
    null,
  ],
  [
    "ab.c",
    "invalid user name ab.c, username must contain only numbers, letters and underscores, but got %!s(uint8=46): invalid parameter",
    null,
  ],
  [
    "ab c",
    "invalid user name ab c, username must contain only numbers, letters and underscores, but got %!s(uint8=32): invalid parameter",
    "invalid user name ab c, username must contain only numbers, letters, underscores, dots, and hyphens, but got %!s(uint8=32): invalid parameter",
  ],
  ["Ab_9", null, null],
];

async function checkUsernames(s: Server, v26: boolean): Promise<void> {
  for (const [name, old, new26] of USERNAME_CASES) {
    const message = v26 ? new26 : old;
    const expected = message === null ? OK : failure(1100, message);
    await check(
      s,
      "users/create",
      { userName: name, password: "abcdef" },
      expected,
    );
    if (message !== null) {
      // describe and grant_role check the name too; drop does not.
      await check(s, "users/describe", { userName: name }, expected);
      await check(
        s,
        "users/grant_role",
        { userName: name, roleName: "public" },
        expected,
      );
      await check(s, "users/drop", { userName: name }, OK);
    }
  }
  for (const [name, old, new26] of USERNAME_CASES) {
    if ((v26 ? new26 : old) === null) {
      await check(s, "users/drop", { userName: name }, OK);
    }
  }
}

async function checkPasswordLengths(s: Server): Promise<void> {
  const length = (n: number) =>
    failure(
      1100,
      `invalid password length: invalid parameter[${n} out of range 6 <= value <= 72]`,
    );
  await check(
    s,
    "users/create",
    { userName: "pw5", password: "abcde" },
    length(5),
  );
  await check(
    s,
    "users/create",
    { userName: "pw73", password: "a".repeat(73) },
    length(73),
  );
  await check(
    s,
    "users/create",
    { userName: "pw72", password: "a".repeat(72) },
    OK,
  );
  // Bytes, not characters: three two-byte letters make six.
  await check(s, "users/create", { userName: "pwb6", password: "ééé" }, OK);
  await check(
    s,
    "users/create",
    { userName: "pwb4", password: "éé" },
    length(4),
  );
  // The new password is checked on update, the old one is not.
  await check(
    s,
    "users/update_password",
    { userName: "pwb6", password: "ééé", newPassword: "abc" },
    length(3),
  );
  await check(
    s,
    "users/update_password",
    { userName: "pwb6", password: "x", newPassword: "abcdefg" },
    failure(1400, "old password not correct for pwb6: not authenticated"),
  );
  // The JSON escapes < as Go does.
  const answer = await post(s, "users/create", {
    userName: "pwx",
    password: "a",
  });
  assertStringIncludes(answer.text, "6 \\u003c= value \\u003c= 72");
  for (const userName of ["pw72", "pwb6"]) {
    await check(s, "users/drop", { userName }, OK);
  }
}

function roleCharMessage(v26: boolean, char: string, at: number): string {
  const allowed = v26
    ? "numbers, letters, underscores, and allowed characters ($)"
    : "numbers, letters, dollars and underscores";
  return `role name can only contain ${allowed}, found ${char} at ${at}: invalid parameter`;
}

async function checkRoleNames(s: Server, v26: boolean): Promise<void> {
  const cases: [string, string | null][] = [
    [
      " ",
      "role name should be not empty: invalid parameter[expected=not empty][actual=]",
    ],
    [
      "a".repeat(256),
      "the length of role name must be not greater than limit: invalid parameter[256 out of range 0 <= value <= 255]",
    ],
    [
      "1r",
      "the first character of role name must be an underscore or letter: invalid parameter[expected=95][actual=49]",
    ],
    [
      "-r",
      "the first character of role name must be an underscore or letter: invalid parameter[expected=95][actual=45]",
    ],
    ["r-1", roleCharMessage(v26, "-", 1)],
    ["_r$1", null],
  ];
  for (const [name, message] of cases) {
    const expected = message === null ? OK : failure(1100, message);
    await check(s, "roles/create", { roleName: name }, expected);
    if (message !== null) {
      await check(s, "roles/describe", { roleName: name }, expected);
      await check(s, "roles/drop", { roleName: name }, expected);
      await check(
        s,
        "users/grant_role",
        { userName: "root", roleName: name },
        expected,
      );
    }
  }
  await check(s, "roles/drop", { roleName: "_r$1" }, OK);
}

async function checkProtected(s: Server, v26: boolean): Promise<void> {
  await check(
    s,
    "users/drop",
    { userName: "root" },
    failure(1401, "root user cannot be deleted: privilege not permitted"),
  );
  for (const role of ["admin", "public"]) {
    await check(
      s,
      "roles/drop",
      { roleName: role },
      failure(
        1401,
        `the role[${role}] is a default role, which can't be dropped: privilege not permitted`,
      ),
    );
  }
  await check(s, "users/describe", { userName: "nobody" }, data([]));
  await check(s, "users/drop", { userName: "nobody" }, OK);
  await check(
    s,
    "roles/describe",
    { roleName: "nobody" },
    failure(65535, ROLE_NOT_FOUND),
  );
  await check(
    s,
    "roles/drop",
    { roleName: "nobody" },
    failure(65535, ROLE_NOT_FOUND),
  );
  await check(
    s,
    "users/grant_role",
    { userName: "root", roleName: "nobody" },
    failure(65535, ROLE_NOT_FOUND),
  );
  await check(
    s,
    "users/grant_role",
    { userName: "nobody", roleName: "public" },
    failure(
      65535,
      (v26 ? "failed to check if operate user role: " : "") + USER_NOT_FOUND,
    ),
  );
  await check(s, "users/create", { userName: "dup", password: "abcdef" }, OK);
  await check(
    s,
    "users/create",
    { userName: "dup", password: "abcdef" },
    failure(65535, "user already exists: dup"),
  );
  await check(s, "users/drop", { userName: "dup" }, OK);
  await check(s, "roles/create", { roleName: "r1" }, OK);
  await check(
    s,
    "roles/create",
    { roleName: "r1" },
    failure(65535, 'role [name:"r1"] already exists'),
  );
  // Granting and revoking roles are idempotent.
  await check(s, "users/grant_role", { userName: "root", roleName: "r1" }, OK);
  await check(s, "users/grant_role", { userName: "root", roleName: "r1" }, OK);
  await check(s, "users/describe", { userName: "root" }, data(["r1"]));
  await check(s, "users/revoke_role", { userName: "root", roleName: "r1" }, OK);
  await check(s, "users/revoke_role", { userName: "root", roleName: "r1" }, OK);
  await check(s, "users/describe", { userName: "root" }, data([]));
  await check(s, "roles/drop", { roleName: "r1" }, OK);
}

// Permission errors for an under-privileged user, and what such a user may
// still do to itself.
async function checkPermissions(s: Server, v26: boolean): Promise<void> {
  await check(s, "users/create", { userName: "bob", password: "bobpass" }, OK);
  const bob = "Bearer bob:bobpass";

  const forbidden = await post(s, "users/list", {}, { auth: bob });
  expectJson(forbidden, 403, denied("SelectOwnership", "bob", "default"));
  const cases: [string, unknown, string, string?][] = [
    ["users/create", { userName: "1bad", password: "x" }, "CreateOwnership"],
    ["users/drop", { userName: "root" }, "DropOwnership"],
    ["users/describe", { userName: "root" }, "SelectUser"],
    ["users/update_password", {
      userName: "root",
      password: "a",
      newPassword: "b",
    }, "UpdateUser"],
    [
      "users/grant_role",
      { userName: "bob", roleName: "admin" },
      "ManageOwnership",
    ],
    ["roles/list", {}, "SelectOwnership"],
    ["roles/create", { roleName: "x" }, "CreateOwnership"],
    ["roles/drop", { roleName: "x" }, "DropOwnership"],
    ["roles/describe", { roleName: "admin" }, "SelectOwnership"],
    [
      "roles/grant_privilege",
      {
        roleName: "public",
        objectType: "Global",
        objectName: "*",
        privilege: "All",
      },
      "ManageOwnership",
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "g" },
      "CreatePrivilegeGroup",
    ],
    [
      "privilege_groups/drop",
      { privilegeGroupName: "g" },
      "DropPrivilegeGroup",
    ],
    ["privilege_groups/list", {}, "ListPrivilegeGroups"],
    [
      "privilege_groups/add_privileges_to_group",
      { privilegeGroupName: "g", privileges: [] },
      "OperatePrivilegeGroup",
    ],
    ["users/list", { dbName: "db2" }, "SelectOwnership", "db2"],
  ];
  for (const [route, body, privilege, db] of cases) {
    expectJson(
      await post(s, route, body, { auth: bob }),
      403,
      denied(privilege, "bob", db ?? "default"),
    );
  }
  // DB-Name names the database of routes whose body has none.
  expectJson(
    await post(s, "users/describe", { userName: "root" }, {
      auth: bob,
      headers: { "DB-Name": "db9" },
    }),
    403,
    denied("SelectUser", "bob", "db9"),
  );
  // Only 2.6 takes the database of a v2 grant from its body.
  expectJson(
    await post(
      s,
      "roles/grant_privilege_v2",
      {
        roleName: "public",
        privilege: "Search",
        dbName: "bodydb",
        collectionName: "c",
      },
      { auth: bob, headers: { "DB-Name": "hdrdb" } },
    ),
    403,
    denied("ManageOwnership", "bob", v26 ? "bodydb" : "hdrdb"),
  );
  // The body is decoded before the check, and the check runs before
  // validation.
  const malformed = await post(s, "users/create", "{x", { auth: bob });
  assertEquals([malformed.status, JSON.parse(malformed.text).code], [
    200,
    1801,
  ]);
  await check(
    s,
    "users/create",
    {},
    required("PasswordReq", "UserName", "Password"),
    {
      auth: bob,
    },
  );

  // Self-service needs no privilege; roles/describe of a held role neither.
  await check(s, "users/describe", { userName: "bob" }, data([]), {
    auth: bob,
  });
  await check(
    s,
    "roles/describe",
    { roleName: "public" },
    data(PUBLIC_GRANTS),
    {
      auth: bob,
    },
  );
  await check(
    s,
    "users/update_password",
    { userName: "bob", password: "wrong1", newPassword: "bobpass2" },
    failure(1400, "old password not correct for bob: not authenticated"),
    { auth: bob },
  );
  await check(
    s,
    "users/update_password",
    { userName: "bob", password: "bobpass", newPassword: "bobpass2" },
    OK,
    { auth: bob },
  );
  // The old credentials stop working at once.
  expectJson(
    await post(s, "users/describe", { userName: "bob" }, { auth: bob }),
    401,
    NEED_AUTH,
  );
  await check(s, "users/describe", { userName: "bob" }, data([]), {
    auth: "bob:bobpass2",
  });

  // admin may do anything.
  await check(
    s,
    "users/grant_role",
    { userName: "bob", roleName: "admin" },
    OK,
  );
  await check(s, "users/list", {}, data(["bob", "root"]), {
    auth: "bob:bobpass2",
  });
  await check(s, "users/drop", { userName: "bob" }, OK);
  // A dropped user's credentials stop working.
  expectJson(
    await post(s, "users/list", {}, { auth: "bob:bobpass2" }),
    401,
    NEED_AUTH,
  );
}

async function checkUpdatePassword(s: Server): Promise<void> {
  await check(
    s,
    "users/create",
    { userName: "alice", password: "alicepw" },
    OK,
  );
  // The new password's length is checked before the old password.
  await check(
    s,
    "users/update_password",
    { userName: "alice", password: "wrongpw", newPassword: "abc" },
    failure(
      1100,
      "invalid password length: invalid parameter[3 out of range 6 <= value <= 72]",
    ),
  );
  // root is no superuser by default: it must know the old password too.
  await check(
    s,
    "users/update_password",
    { userName: "alice", password: "wrongpw", newPassword: "alicepw2" },
    failure(1400, "old password not correct for alice: not authenticated"),
  );
  await check(
    s,
    "users/update_password",
    { userName: "ghost", password: "whatever", newPassword: "ghostpw2" },
    failure(1400, "old password not correct for ghost: not authenticated"),
  );
  // update_password does not check the user name.
  await check(
    s,
    "users/update_password",
    { userName: "1 bad", password: "whatever", newPassword: "ghostpw2" },
    failure(1400, "old password not correct for 1 bad: not authenticated"),
  );
  await check(
    s,
    "users/update_password",
    { userName: "alice", password: "alicepw", newPassword: "alicepw2" },
    OK,
  );
  await check(s, "users/describe", { userName: "alice" }, data([]), {
    auth: "Bearer alice:alicepw2",
  });
  await check(s, "users/drop", { userName: "alice" }, OK);
}

async function checkTimeouts(s: Server, version: string): Promise<void> {
  const expect408 = (answer: Answer) => {
    assertEquals(answer.status, 408, answer.text);
    if (version === "2.4") {
      assertEquals(answer.text, "timeout");
      assertEquals(
        answer.headers.get("content-type"),
        "text/plain; charset=utf-8",
      );
    } else {
      expectJson(answer, 408, failure(10001, "request timeout"));
    }
  };
  const timed = (value: string | undefined, route = "roles/list") =>
    post(
      s,
      route,
      {},
      value === undefined ? {} : { headers: { "Request-Timeout": value } },
    );

  expect408(await timed("0"));
  expect408(await timed("-1"));
  // The timeout wraps the whole handler, body decoding included.
  expect408(
    await post(s, "users/create", "{x", {
      headers: { "Request-Timeout": "0" },
    }),
  );
  // On 2.4 that value sticks to users/create; send a long one to reset it.
  await check(
    s,
    "users/create",
    {},
    required("PasswordReq", "UserName", "Password"),
    {
      headers: { "Request-Timeout": "30" },
    },
  );
  // Authentication and routing come first.
  expectJson(
    await post(s, "roles/list", {}, {
      auth: null,
      headers: { "Request-Timeout": "0" },
    }),
    401,
    NEED_AUTH,
  );
  assertEquals(
    (await post(s, "no/route", {}, { headers: { "Request-Timeout": "0" } }))
      .status,
    404,
  );

  await check(s, "roles/list", {}, data(["admin", "public"]), {
    headers: { "Request-Timeout": "5" },
  });
  if (version === "2.4") {
    // 2.4 keeps the last value per route: non-integers and absent headers
    // reuse it.
    expect408(await timed("0"));
    expect408(await timed("1.5"));
    expect408(await timed(undefined));
    await check(s, "users/list", {}, data(["root"]));
    await check(s, "roles/list", {}, data(["admin", "public"]), {
      headers: { "Request-Timeout": "30" },
    });
    await check(s, "roles/list", {}, data(["admin", "public"]));
  } else {
    expect408(await timed("0"));
    for (const value of ["1.5", "abc", "", "5s"]) {
      await check(s, "roles/list", {}, data(["admin", "public"]), {
        headers: { "Request-Timeout": value },
      });
    }
    await check(s, "roles/list", {}, data(["admin", "public"]));
  }
}

async function checkLimits(s: Server, v26: boolean): Promise<void> {
  // proxy.maxRoleNum 10, admin and public included.
  for (let i = 0; i < 8; i++) {
    await check(s, "roles/create", { roleName: `lim${i}` }, OK);
  }
  const full = failure(
    65535,
    "unable to create role because the number of roles has reached the limit",
  );
  await check(s, "roles/create", { roleName: "lim8" }, full);
  // 2.6 checks existence first, older lines the limit.
  await check(
    s,
    "roles/create",
    { roleName: "lim0" },
    v26 ? failure(65535, 'role [name:"lim0"] already exists') : full,
  );
  for (let i = 0; i < 8; i++) {
    await check(s, "roles/drop", { roleName: `lim${i}` }, OK);
  }

  // proxy.maxUserNum 100, root included.
  const before = JSON.parse((await post(s, "users/list", {})).text).data.length;
  const names: string[] = [];
  for (let i = before; i < 100; i++) names.push(`limit${i}`);
  for (const name of names) {
    await check(s, "users/create", { userName: name, password: "abcdef" }, OK);
  }
  await check(
    s,
    "users/create",
    { userName: "oneTooMany", password: "abcdef" },
    failure(
      65535,
      "unable to add user because the number of users has reached the limit",
    ),
  );
  for (const name of names) {
    await check(s, "users/drop", { userName: name }, OK);
  }
}

for (const version of ["2.4", "2.5", "2.6"] as const) {
  const v26 = version === "2.6";
  Deno.test(`conformance: users, roles, permissions and timeouts on ${version} (rbac §3, §4, §5, §6, §8)`, async (t) => {
    await withServer(spawnCli(["--version", version]), async (s) => {
      await t.step(
        `rbac §2.1, §9: nosniff only on 2.6 (${version})`,
        async () => {
          const answer = await post(s, "users/list", {});
          assertEquals(
            answer.headers.get("x-content-type-options"),
            v26 ? "nosniff" : null,
          );
        },
      );
      await t.step(
        `rbac §5: username rules (${version})`,
        () => checkUsernames(s, v26),
      );
      await t.step(
        `rbac §5.6: surrounding white space (${version})`,
        async () => {
          await check(s, "users/create", {
            userName: " sp ",
            password: "abcdef",
          }, OK);
          const stored = v26 ? "sp" : " sp ";
          const list = JSON.parse((await post(s, "users/list", {})).text).data;
          assert(list.includes(stored), JSON.stringify(list));
          await check(s, "users/drop", { userName: stored }, OK);
        },
      );
      await t.step(
        `rbac §6.2: password length in bytes (${version})`,
        () => checkPasswordLengths(s),
      );
      await t.step(
        `rbac §4.4: role-name rules (${version})`,
        () => checkRoleNames(s, v26),
      );
      await t.step(
        `rbac §4.3, §7: protected objects and missing ones (${version})`,
        () => checkProtected(s, v26),
      );
      await t.step(
        `rbac §6.4, §6.5: update_password (${version})`,
        () => checkUpdatePassword(s),
      );
      await t.step(
        `rbac §3: 403 and self-service (${version})`,
        () => checkPermissions(s, v26),
      );
      await t.step(
        `rbac §8: Request-Timeout (${version})`,
        () => checkTimeouts(s, version),
      );
      await t.step(
        `rbac §4.3: role and user limits (${version})`,
        () => checkLimits(s, v26),
      );
    });
  });
}

function grantV1(
  roleName: string,
  objectType: string,
  objectName: string,
  privilege: string,
  dbName?: string,
): Record<string, string> {
  return {
    roleName,
    objectType,
    objectName,
    privilege,
    ...(dbName === undefined ? {} : { dbName }),
  };
}

function grantV2(
  roleName: string,
  privilege: string,
  dbName: string,
  collectionName: string,
): Record<string, string> {
  return { roleName, privilege, dbName, collectionName };
}

async function checkGrantsV1(s: Server, v26: boolean): Promise<void> {
  const prefix = v26 ? COMMON_CHECK : "";
  await check(s, "roles/create", { roleName: "g1r" }, OK);
  const accepted: Record<string, string>[] = [
    grantV1("g1r", "Collection", "col1", "Load"),
    grantV1("g1r", "Collection", "col1", "Flush", "db1"),
    // Global grants are stored on `*`, except the legacy Admin group.
    grantV1("g1r", "Global", "col1", "CreateCollection"),
    grantV1("g1r", "Global", "xx", "Admin"),
    grantV1("g1r", "Global", "*", "All"),
    grantV1("g1r", "User", "bob", "UpdateUser"),
    grantV1("g1r", "Collection", "*", "*"),
    grantV1("g1r", "Global", "*", "DescribeCollection"),
    grantV1("g1r", "Collection", "c2", "ReadOnly"),
  ];
  for (const body of accepted) {
    await check(s, "roles/grant_privilege", body, OK);
  }
  // The database falls back to DB-Name.
  await check(
    s,
    "roles/grant_privilege",
    grantV1("g1r", "Collection", "c3", "Query"),
    OK,
    {
      headers: { "DB-Name": "hdr" },
    },
  );
  // A duplicate grant succeeds and keeps the first grantor.
  await check(
    s,
    "users/create",
    { userName: "granter", password: "granterpw" },
    OK,
  );
  await check(
    s,
    "users/grant_role",
    { userName: "granter", roleName: "admin" },
    OK,
  );
  await check(
    s,
    "roles/grant_privilege",
    grantV1("g1r", "Collection", "col1", "Load"),
    OK,
    {
      auth: "granter:granterpw",
    },
  );
  await check(
    s,
    "roles/grant_privilege",
    grantV1("g1r", "Collection", "col9", "Insert"),
    OK,
    {
      auth: "granter:granterpw",
    },
  );

  const inDefault = [
    grant("Collection", "*", "*", "default"),
    grant("Collection", "c2", "ReadOnly", "default"),
    grant("Collection", "col1", "GetLoadState", "default"),
    grant("Collection", "col1", "GetLoadingProgress", "default"),
    grant("Collection", "col1", "Load", "default"),
    grant("Collection", "col9", "Insert", "default", "granter"),
    grant("Global", "*", "All", "default"),
    grant("Global", "*", "CreateCollection", "default"),
    grant("Global", "*", "DescribeCollection", "default"),
    grant("Global", "xx", "Admin", "default"),
    grant("User", "bob", "UpdateUser", "default"),
  ];
  const inDb1 = [
    grant("Collection", "col1", "Flush", "db1"),
    grant("Collection", "col1", "GetFlushState", "db1"),
  ];
  const inHdr = [grant("Collection", "c3", "Query", "hdr")];
  await check(s, "roles/describe", { roleName: "g1r" }, data(inDefault));
  await check(
    s,
    "roles/describe",
    { roleName: "g1r", dbName: "db1" },
    data(inDb1),
  );
  await check(s, "roles/describe", { roleName: "g1r" }, data(inDb1), {
    headers: { "DB-Name": "db1" },
  });
  await check(
    s,
    "roles/describe",
    { roleName: "g1r", dbName: "*" },
    data([
      ...inDb1.slice(0, 2),
      ...inDefault.slice(0, 6),
      ...inHdr,
      ...inDefault.slice(6),
    ]),
  );

  const refused: [Record<string, string>, string][] = [
    [
      grantV1("g1r", "Global", "*", "Search"),
      failure(65535, "not found the privilege name[Search] in object[Global]"),
    ],
    [
      grantV1("g1r", "Collection", "*", "All"),
      failure(65535, "not found the privilege name[All] in object[Collection]"),
    ],
    [
      grantV1("g1r", "Global", "*", "search"),
      failure(65535, "not found the privilege name[search] in object[Global]"),
    ],
    [
      grantV1("g1r", "Collection", "*", "ShowCollections"),
      failure(
        65535,
        "not found the privilege name[ShowCollections] in object[Collection]",
      ),
    ],
    [
      grantV1("g1r", "Database", "*", "Search"),
      failure(
        65535,
        `${prefix}the object entity in the request is nil or invalid`,
      ),
    ],
    [
      grantV1("ghost", "collection", "*", "Search"),
      failure(
        65535,
        `${prefix}the object entity in the request is nil or invalid`,
      ),
    ],
    [
      grantV1("ghost", "Global", "*", "All"),
      failure(65535, prefix + ROLE_NOT_FOUND),
    ],
    [
      grantV1("g1r", "Global", "*", "ClusterAdmin"),
      failure(
        65535,
        "can not operate the built-in privilege group [ClusterAdmin]",
      ),
    ],
    [
      grantV1("g1r", "Global", "*", "Sea-rch"),
      failure(
        1100,
        v26
          ? "Privilege can only contain numbers, letters, underscores, and allowed characters ($), found - at 3: invalid parameter"
          : "Privilege can only contain numbers, letters, dollars and underscores, found - at 3: invalid parameter",
      ),
    ],
  ];
  for (const [body, expected] of refused) {
    await check(s, "roles/grant_privilege", body, expected);
  }

  // Revoking Load takes its companions; revoking what is missing succeeds.
  await check(
    s,
    "roles/revoke_privilege",
    grantV1("g1r", "Collection", "col1", "Load"),
    OK,
  );
  await check(
    s,
    "roles/revoke_privilege",
    grantV1("g1r", "Collection", "col1", "Load"),
    OK,
  );
  const afterRevoke = JSON.parse(
    (await post(s, "roles/describe", { roleName: "g1r" })).text,
  );
  assertEquals(
    afterRevoke.data.filter((g: { objectName: string }) =>
      g.objectName === "col1"
    ),
    [],
  );
  await check(
    s,
    "roles/revoke_privilege",
    grantV1("g1r", "Global", "*", "Search"),
    failure(65535, "not found the privilege name[Search] in object[Global]"),
  );
  await check(
    s,
    "roles/drop",
    { roleName: "g1r" },
    failure(
      65535,
      (v26 ? "failed to check if drop role: " : "") +
        "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges",
    ),
  );
  await check(s, "users/drop", { userName: "granter" }, OK);
}

async function checkGrantsV2(s: Server, v26: boolean): Promise<void> {
  await check(s, "roles/create", { roleName: "g2r" }, OK);
  const accepted = [
    grantV2("g2r", "ClusterReadOnly", "*", "*"),
    grantV2("g2r", "CreateDatabase", "*", "*"),
    grantV2("g2r", "DatabaseAdmin", "db1", "*"),
    grantV2("g2r", "CreateCollection", "db1", "*"),
    grantV2("g2r", "CollectionReadOnly", "db1", "col1"),
    grantV2("g2r", "CollectionReadOnly", "db1", "*"),
    grantV2("g2r", "Search", "db1", "col1"),
    grantV2("g2r", "Search", "", "col1"),
    grantV2("g2r", "DescribeCollection", "db1", "col1"),
    grantV2("g2r", "*", "*", "*"),
    grantV2("g2r", "Load", "db1", "col2"),
    grantV2("g2r", "UpdateUser", "db1", "u1"),
  ];
  for (const body of accepted) {
    await check(s, "roles/grant_privilege_v2", body, OK);
  }
  // DB-Name does not stand in for an empty dbName in v2.
  await check(
    s,
    "roles/grant_privilege_v2",
    grantV2("g2r", "Query", "", "col1"),
    OK,
    {
      headers: { "DB-Name": "hdr" },
    },
  );
  await check(
    s,
    "roles/describe",
    { roleName: "g2r", dbName: "*" },
    data([
      grant("Collection", "col1", "Search", "db1"),
      grant("Collection", "col2", "GetLoadState", "db1"),
      grant("Collection", "col2", "GetLoadingProgress", "db1"),
      grant("Collection", "col2", "Load", "db1"),
      grant("Collection", "col1", "Query", "default"),
      grant("Collection", "col1", "Search", "default"),
      grant("Global", "*", "*", "*"),
      grant("Global", "*", "CreateDatabase", "*"),
      grant("Global", "*", "ClusterReadOnly", "*"),
      grant("Global", "*", "CreateCollection", "db1"),
      grant("Global", "*", "CollectionReadOnly", "db1"),
      grant("Global", "*", "DatabaseAdmin", "db1"),
      grant("Global", "col1", "DescribeCollection", "db1"),
      grant("Global", "col1", "CollectionReadOnly", "db1"),
      grant("User", "u1", "UpdateUser", "db1"),
    ]),
  );

  const empty = failure(
    1100,
    "collection name should be not empty: invalid parameter[expected=not empty][actual=]",
  );
  const refused: [Record<string, string>, string][] = [
    [grantV2("g2r", "Search", "db1", ""), empty],
    [{ roleName: "g2r", privilege: "Search", dbName: "db1" }, empty],
    [
      grantV2("ghost", "Search", "db1", "c"),
      failure(65535, (v26 ? COMMON_CHECK : "") + ROLE_NOT_FOUND),
    ],
    [
      grantV2("g2r", "Foo", "db1", "c"),
      failure(65535, "not found the privilege name[Foo]"),
    ],
    [
      grantV2("g2r", "ClusterAdmin", "db1", "*"),
      failure(
        1100,
        "dbName and collectionName should be * for the cluster level privilege: ClusterAdmin: invalid parameter",
      ),
    ],
    [
      grantV2("g2r", "ClusterAdmin", "", "*"),
      failure(
        1100,
        "dbName and collectionName should be * for the cluster level privilege: ClusterAdmin: invalid parameter",
      ),
    ],
    [
      grantV2("g2r", "DatabaseReadOnly", "db1", "col1"),
      failure(
        1100,
        "collectionName should be * for the database level privilege: DatabaseReadOnly: invalid parameter",
      ),
    ],
    [
      grantV2("g2r", "CollectionReadOnly", "*", "col1"),
      v26 ? failure(800, "database not found[database=*]") : failure(
        1100,
        "please specify database name for the collection level privilege: CollectionReadOnly: invalid parameter",
      ),
    ],
    [
      grantV2("g2r", "Search", "1db", "c"),
      failure(
        802,
        "the first character of a database name must be an underscore or letter: invalid database name[database=1db]",
      ),
    ],
  ];
  for (const [body, expected] of refused) {
    await check(s, "roles/grant_privilege_v2", body, expected);
  }
  await check(
    s,
    "roles/revoke_privilege_v2",
    grantV2("g2r", "Load", "db1", "col2"),
    OK,
  );
  await check(
    s,
    "roles/revoke_privilege_v2",
    grantV2("g2r", "Load", "db1", "col2"),
    OK,
  );
  const after = JSON.parse(
    (await post(s, "roles/describe", { roleName: "g2r", dbName: "db1" })).text,
  );
  assertEquals(
    after.data.filter((g: { objectName: string }) => g.objectName === "col2"),
    [],
  );
}

async function checkGrantEdges(s: Server, v26: boolean): Promise<void> {
  await check(s, "roles/create", { roleName: "edge" }, OK);
  // Names are exact: the enum form is no API name.
  await check(
    s,
    "roles/grant_privilege_v2",
    grantV2("edge", "PrivilegeSearch", "db1", "*"),
    failure(65535, "not found the privilege name[PrivilegeSearch]"),
  );
  // Defined in 2.6 but in no object-type list: v2 takes it, v1 does not.
  await check(
    s,
    "roles/grant_privilege_v2",
    grantV2("edge", "AddFileResource", "db1", "*"),
    v26 ? OK : failure(65535, "not found the privilege name[AddFileResource]"),
  );
  await check(
    s,
    "roles/grant_privilege",
    grantV1("edge", "Global", "*", "AddFileResource"),
    failure(
      65535,
      "not found the privilege name[AddFileResource] in object[Global]",
    ),
  );
  // Single privileges such as All skip the level check.
  await check(
    s,
    "roles/grant_privilege_v2",
    grantV2("edge", "All", "db1", "c1"),
    OK,
  );
  // A group whose first member has no level cannot be granted.
  await check(s, "privilege_groups/create", { privilegeGroupName: "gAll" }, OK);
  await check(
    s,
    "privilege_groups/add_privileges_to_group",
    { privilegeGroupName: "gAll", privileges: ["All"] },
    OK,
  );
  await check(
    s,
    "roles/grant_privilege_v2",
    grantV2("edge", "gAll", "*", "*"),
    failure(65535, "not found the privilege level"),
  );
  await check(s, "privilege_groups/drop", { privilegeGroupName: "gAll" }, OK);
  // v1 checks the object name's format.
  await check(
    s,
    "roles/grant_privilege",
    grantV1("edge", "Collection", "1col", "Search"),
    failure(
      1100,
      "the first character of object name must be an underscore or letter: invalid parameter[expected=95][actual=49]",
    ),
  );
  await check(
    s,
    "roles/describe",
    { roleName: "edge", dbName: "db1" },
    data([
      ...(v26 ? [grant("Global", "*", "AddFileResource", "db1")] : []),
      grant("Global", "c1", "All", "db1"),
    ]),
  );
}

async function checkDefaultGrants(s: Server): Promise<void> {
  await check(s, "roles/describe", { roleName: "public" }, data(PUBLIC_GRANTS));
  await check(
    s,
    "roles/describe",
    { roleName: "public", dbName: "db7" },
    data(PUBLIC_GRANTS),
  );
  await check(
    s,
    "roles/describe",
    { roleName: "public", dbName: "*" },
    data(PUBLIC_GRANTS),
  );
  await check(s, "roles/describe", { roleName: "admin" }, data([]));
}

const BUILT_IN_COUNTS_24 = [6, 10, 24, 2, 3, 5, 12, 25, 27];
const BUILT_IN_COUNTS_26 = [7, 11, 26, 2, 3, 5, 14, 28, 30];
const BUILT_IN_NAMES = [
  "ClusterReadOnly",
  "ClusterReadWrite",
  "ClusterAdmin",
  "DatabaseReadOnly",
  "DatabaseReadWrite",
  "DatabaseAdmin",
  "CollectionReadOnly",
  "CollectionReadWrite",
  "CollectionAdmin",
];

async function checkPrivilegeGroups(s: Server, v26: boolean): Promise<void> {
  const creatable = v26 ? "failed to check if privilege group creatable: " : "";
  const alterable = v26 ? "failed to check if privilege group alterable: " : "";
  const add = "privilege_groups/add_privileges_to_group";
  const remove = "privilege_groups/remove_privileges_from_group";

  // create ignores `privileges`.
  await check(s, "privilege_groups/create", {
    privilegeGroupName: "pg",
    privileges: ["Search"],
  }, OK);
  await check(
    s,
    "privilege_groups/create",
    { privilegeGroupName: "search" },
    OK,
  );
  const list = JSON.parse((await post(s, "privilege_groups/list", {})).text);
  assertEquals(list.code, 0);
  const groups = list.data.privilegeGroups as {
    privilegeGroupName: string;
    privileges: string;
  }[];
  assertEquals(groups.slice(0, 2), [
    { privilegeGroupName: "pg", privileges: "" },
    { privilegeGroupName: "search", privileges: "" },
  ]);
  assertEquals(
    groups.slice(2).map((g) => g.privilegeGroupName),
    BUILT_IN_NAMES,
  );
  assertEquals(
    groups.slice(2).map((g) => g.privileges.split(",").length),
    v26 ? BUILT_IN_COUNTS_26 : BUILT_IN_COUNTS_24,
  );
  assertEquals(
    groups[2]?.privileges.startsWith(
      "ListDatabases,SelectOwnership,SelectUser,DescribeResourceGroup,ListResourceGroups,ListPrivilegeGroups",
    ),
    true,
  );

  const cases: [string, unknown, string][] = [
    [
      "privilege_groups/create",
      { privilegeGroupName: "pg" },
      failure(
        1100,
        `${creatable}privilege group name [pg] is defined by users: invalid parameter`,
      ),
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "Search" },
      failure(
        1100,
        `${creatable}privilege group name [Search] is defined by built in privileges or privilege groups in system: invalid parameter`,
      ),
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "ClusterAdmin" },
      failure(
        1100,
        `${creatable}privilege group name [ClusterAdmin] is defined by built in privileges or privilege groups in system: invalid parameter`,
      ),
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "1g" },
      failure(
        1402,
        "1g: invalid privilege group name[privilegeGroup=the first character of a privilege group name %s must be an underscore or letter]",
      ),
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "g$x" },
      failure(
        1100,
        "privilege group name g$x can only contain numbers, letters and underscores: invalid parameter",
      ),
    ],
    [
      "privilege_groups/create",
      { privilegeGroupName: "g".repeat(256) },
      failure(
        1402,
        `${
          "g".repeat(256)
        }->255: invalid privilege group name[privilegeGroup=the length of a privilege group name %s must be less than %s characters]`,
      ),
    ],
    [add, {
      privilegeGroupName: "pg",
      privileges: ["Search", "Query", "Search"],
    }, OK],
    [
      add,
      { privilegeGroupName: "pg", privileges: ["CreateCollection"] },
      v26
        ? failure(
          1100,
          `${alterable}privileges are not the same privilege level: invalid parameter`,
        )
        : failure(65535, "privileges are not the same privilege level"),
    ],
    [
      add,
      { privilegeGroupName: "search", privileges: ["Foo"] },
      failure(
        1100,
        `${alterable}there is no privilege name or privilege group name [Foo] defined in system to operate: invalid parameter`,
      ),
    ],
    [
      remove,
      { privilegeGroupName: "pg", privileges: ["Foo"] },
      failure(
        1100,
        `${alterable}there is no privilege name or privilege group name [Foo] defined in system to operate: invalid parameter`,
      ),
    ],
    [
      add,
      { privilegeGroupName: "g9", privileges: ["Search"] },
      failure(
        1100,
        v26
          ? `${alterable}there is no privilege group name [g9] defined in system to operate: invalid parameter`
          : "there is no privilege group name [g9] to operate: invalid parameter",
      ),
    ],
    [
      remove,
      { privilegeGroupName: "ClusterAdmin", privileges: ["Search"] },
      failure(
        1100,
        v26
          ? `${alterable}there is no privilege group name [ClusterAdmin] defined in system to operate: invalid parameter`
          : "the privilege group name [ClusterAdmin] is defined by built in privilege groups in system: invalid parameter",
      ),
    ],
    [
      add,
      { privilegeGroupName: "pg", privileges: [] },
      v26
        ? failure(
          1100,
          `${alterable}privileges is empty when alter the privilege group: invalid parameter`,
        )
        : OK,
    ],
    [remove, { privilegeGroupName: "pg", privileges: ["Insert"] }, OK],
    [
      add,
      { privilegeGroupName: "search", privileges: ["pg"] },
      v26 ? OK : failure(
        1100,
        "there is no privilege name or privilege group name [pg] defined in system to operate: invalid parameter",
      ),
    ],
    ["privilege_groups/drop", { privilegeGroupName: "nonexistent" }, OK],
    ["privilege_groups/drop", { privilegeGroupName: "ClusterAdmin" }, OK],
    // Custom groups go through v2 only.
    ["roles/create", { roleName: "pgr" }, OK],
    [
      "roles/grant_privilege",
      grantV1("pgr", "Global", "*", "pg"),
      failure(65535, "can not operate the custom privilege group [pg]"),
    ],
    ["roles/grant_privilege_v2", grantV2("pgr", "pg", "db1", "col1"), OK],
    [
      "privilege_groups/drop",
      { privilegeGroupName: "pg" },
      failure(
        65535,
        `${
          v26 ? "failed to check if privilege group dropable: " : ""
        }privilege group [pg] is used by role [pgr], Use REVOKE API to revoke it first`,
      ),
    ],
    [
      "roles/describe",
      { roleName: "pgr", dbName: "db1" },
      data([grant("Global", "col1", "pg", "db1")]),
    ],
    ["roles/revoke_privilege_v2", grantV2("pgr", "pg", "db1", "col1"), OK],
    ["privilege_groups/drop", { privilegeGroupName: "pg" }, OK],
  ];
  for (const [route, body, expected] of cases) {
    await check(s, route, body, expected);
  }
}

for (const version of ["2.4", "2.5", "2.6"] as const) {
  const v26 = version === "2.6";
  Deno.test(`conformance: grants, describe and privilege groups on ${version} (privileges §2-§7)`, async (t) => {
    await withServer(spawnCli(["--version", version]), async (s) => {
      await t.step(
        `privileges §7: default grants of public, none for admin (${version})`,
        () => checkDefaultGrants(s),
      );
      await t.step(
        `privileges §2, §4b, §5, §6.1: grant v1, stored tuples, describe order (${version})`,
        () => checkGrantsV1(s, v26),
      );
      await t.step(
        `privileges §3, §3.4, §6.2: grant v2 (${version})`,
        () => checkGrantsV2(s, v26),
      );
      await t.step(
        `privileges §1, §3.2: names, levels and 2.6-only names (${version})`,
        () => checkGrantEdges(s, v26),
      );
      await t.step(
        `privileges §4, §6.4: privilege groups (${version})`,
        () => checkPrivilegeGroups(s, v26),
      );
    });
  });
}

Deno.test("conformance: authorization off (rbac §2.3, §6.4, §6.5)", async () => {
  await withServer(spawnCli(["--no-auth"]), async (s) => {
    // Any Authorization header is ignored, valid or not.
    for (
      const auth of [null, "Bearer bad:creds", "garbage", basic("root", "x")]
    ) {
      const answer = await post(s, "users/list", {}, { auth });
      expectJson(answer, 200, data(["root"]));
      assertEquals(answer.headers.get("www-authenticate"), null);
    }
    const notFound = await post(s, "nope", {}, { auth: null });
    assertEquals([notFound.status, notFound.text], [404, "404 page not found"]);

    // The old password is still checked: there is no superuser.
    await check(
      s,
      "users/update_password",
      { userName: "root", password: "wrongpw", newPassword: "newpass1" },
      failure(1400, "old password not correct for root: not authenticated"),
      { auth: null },
    );
    await check(
      s,
      "users/update_password",
      { userName: "root", password: "Milvus", newPassword: "newpass1" },
      OK,
      { auth: null },
    );

    // Grants need a grantor, which an anonymous request lacks.
    const noGrantor = failure(
      65535,
      "fail to get authorization from the md, authorization:[token]",
    );
    await check(s, "roles/create", { roleName: "r" }, OK, { auth: null });
    await check(
      s,
      "roles/grant_privilege",
      grantV1("r", "Global", "*", "All"),
      noGrantor,
      {
        auth: null,
      },
    );
    await check(
      s,
      "roles/grant_privilege_v2",
      grantV2("r", "Search", "db", "c"),
      noGrantor,
      {
        auth: null,
      },
    );
    await check(s, "roles/describe", { roleName: "r" }, data([]), {
      auth: null,
    });
  });
});

Deno.test("conformance: --root-password and passwords with ':' (rbac §2.2, §7)", async () => {
  await withServer(spawnCli(["--root-password", "p:w d:x"]), async (s) => {
    for (
      const auth of [
        "Bearer root:p:w d:x",
        "root:p:w d:x",
        basic("root", "p:w d:x"),
      ]
    ) {
      await check(s, "users/list", {}, data(["root"]), { auth });
    }
    expectJson(await post(s, "users/list", {}, { auth: ROOT }), 401, NEED_AUTH);
  });
});

Deno.test("conformance: superUsers by version (rbac §6.4 step 4, §9)", async () => {
  const reset = {
    userName: "root",
    password: "not-it",
    newPassword: "newroot1",
  };
  for (
    const [version, superUsers, expected] of [
      // 2.4 does not trim the configured names.
      [
        "2.4",
        [" root"],
        failure(1400, "old password not correct for root: not authenticated"),
      ],
      ["2.4", ["root"], OK],
      ["2.5", [" root"], OK],
      ["2.6", ["root "], OK],
    ] as const
  ) {
    await withServer(
      serveInProcess({ version, superUsers: [...superUsers] }),
      async (s) => {
        await check(s, "users/update_password", reset, expected);
      },
    );
  }

  // A superuser updating a missing user: created before 2.6.6, refused after.
  const ghost = { userName: "ghost", password: "any", newPassword: "ghostpw" };
  for (const version of ["2.4", "2.5"] as const) {
    await withServer(
      serveInProcess({ version, superUsers: ["root"] }),
      async (s) => {
        await check(s, "users/update_password", ghost, OK);
        await check(s, "users/list", {}, data(["ghost", "root"]));
        await check(s, "users/describe", { userName: "ghost" }, data([]), {
          auth: "ghost:ghostpw",
        });
      },
    );
  }
  await withServer(
    serveInProcess({ version: "2.6", superUsers: ["root"] }),
    async (s) => {
      await check(
        s,
        "users/update_password",
        ghost,
        failure(65535, "failed to check if update credential: user not found"),
      );
      // The password field stays required.
      await check(
        s,
        "users/update_password",
        { userName: "root", newPassword: "newroot1" },
        required("NewPasswordReq", "Password"),
      );
    },
  );
  // Without authorization nobody is a superuser.
  await withServer(
    serveInProcess({ authorization: false, superUsers: ["root"] }),
    async (s) => {
      await check(
        s,
        "users/update_password",
        reset,
        failure(1400, "old password not correct for root: not authenticated"),
        { auth: null },
      );
    },
  );
});

Deno.test("conformance: API keys, legacy success code, 2.4.0-2.4.17 password limit (rbac §2.2 step 4, §3, §6.2, §9)", async () => {
  await withServer(
    serveInProcess({ apiKeys: { "key-123": "keyuser" } }),
    async (s) => {
      await check(s, "users/create", {
        userName: "keyuser",
        password: "keyuserpw",
      }, OK);
      await check(s, "users/describe", { userName: "keyuser" }, data([]), {
        auth: "Bearer key-123",
      });
      expectJson(
        await post(s, "users/list", {}, { auth: "Bearer key-123" }),
        403,
        denied("SelectOwnership", "apikey user", "default"),
      );
      expectJson(
        await post(s, "users/list", {}, { auth: "Bearer key-999" }),
        401,
        NEED_AUTH,
      );
    },
  );
  await withServer(
    serveInProcess({ version: "2.4", legacySuccessCode: true }),
    async (s) => {
      await check(s, "users/list", {}, '{"code":200,"data":["root"]}');
      await check(
        s,
        "roles/create",
        { roleName: "r" },
        '{"code":200,"data":{}}',
      );
      await check(
        s,
        "roles/describe",
        { roleName: "r" },
        '{"code":200,"data":[]}',
      );
    },
  );
  await withServer(
    serveInProcess({ version: "2.4", maxPasswordLength: 256 }),
    async (s) => {
      await check(s, "users/create", {
        userName: "long",
        password: "a".repeat(256),
      }, OK);
      await check(
        s,
        "users/create",
        { userName: "longer", password: "a".repeat(257) },
        failure(
          1100,
          "invalid password length: invalid parameter[257 out of range 6 <= value <= 256]",
        ),
      );
    },
  );
});
