import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertNotMatch,
  assertRejects,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import {
  ClientTimeoutError,
  type Connection,
  ConnectionConfigError,
  Connections,
  connections,
  createUser,
  InputError,
  listRoles,
  PermissionDeniedError,
  Role,
  ServerError,
  UnexpectedResponseError,
} from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";
import { type Sent, type Setup, setup } from "./_helpers/emulator_setup.ts";

function routes(sent: readonly Sent[]): string[] {
  return sent.map((request) => request.route);
}

async function userConnection(
  { emulator, using, registry }: Setup,
  user: string,
): Promise<Connection> {
  await createUser({ user, password: "bob-password", using });
  return registry.connect({
    alias: user,
    user,
    password: "bob-password",
    fetch: emulator.fetch,
  });
}

// ---- listRoles ----

Deno.test("listRoles() lists the built-in admin and public roles (rbac §7)", async () => {
  const { using, sent } = setup();

  assertEquals(await listRoles({ using }), [
    { role: "admin", users: [] },
    { role: "public", users: [] },
  ]);
  assertEquals(sent, [{ route: "roles/list", body: {} }]);
});

Deno.test("listRoles({ includeUserInfo }) composes users/list and users/describe", async () => {
  const s = setup();
  const { using, sent } = s;
  await createUser({ user: "alice", password: "alice-pass", using });
  await createUser({ user: "bob", password: "bob-pass", using });
  const reader = new Role("reader", { using });
  await reader.create();
  await reader.addUser({ user: "alice" });
  await reader.addUser({ user: "bob" });
  await new Role("admin", { using }).addUser({ user: "bob" });
  sent.length = 0;

  const roles = await listRoles({ includeUserInfo: true, using });

  assertEquals(roles, [
    { role: "admin", users: ["bob"] },
    { role: "public", users: [] },
    { role: "reader", users: ["alice", "bob"] },
  ]);
  assertEquals(routes(sent).sort(), [
    "roles/list",
    "users/describe",
    "users/describe",
    "users/describe",
    "users/list",
  ]);
});

Deno.test("listRoles({ includeUserInfo }) keeps every request within one timeout", async () => {
  const { emulator, using, settle } = setup();
  await createUser({ user: "alice", password: "alice-pass", using });

  // Each request alone fits in the timeout; the lists and then the
  // descriptions together do not.
  emulator.injectFault({ route: "users/list", delayMs: 80 });
  emulator.injectFault({ route: "users/describe", delayMs: 80 });
  const error = await assertRejects(
    () => listRoles({ includeUserInfo: true, using, timeout: 130 }),
    ClientTimeoutError,
  );
  assertStringIncludes(error.message, "list roles");
  emulator.clearFaults();
  await settle();

  assertEquals(
    (await listRoles({ includeUserInfo: true, using, timeout: 130 })).length,
    2,
  );
});

Deno.test("listRoles() rejects bad options before sending", async () => {
  const { using, sent } = setup();

  await assertRejects(
    // @ts-expect-error: a string is not a boolean
    () => listRoles({ includeUserInfo: "yes", using }),
    InputError,
    '"includeUserInfo" must be a boolean',
  );
  await assertRejects(
    // @ts-expect-error: unknown option
    () => listRoles({ includeUsers: true, using }),
    InputError,
    'unknown option "includeUsers"',
  );
  assertEquals(sent, []);
});

Deno.test("listRoles() retries roles/list on 503 and gives up after `retries`", async () => {
  const { emulator, using, sent } = setup();
  emulator.injectFault({ route: "roles/list", status: 503, times: 2 });

  assertEquals((await listRoles({ using })).length, 2);
  assertEquals(routes(sent), ["roles/list", "roles/list", "roles/list"]);

  const { emulator: other, using: noRetries } = setup({}, 0);
  other.injectFault({ route: "roles/list", status: 503, times: 1 });
  const error = await assertRejects(
    () => listRoles({ using: noRetries }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 503);
});

// ---- Role: construction and input ----

Deno.test("new Role() rejects a bad name or using before any call", () => {
  assertThrows(() => new Role(""), InputError, '"name" must be a non-empty');
  // @ts-expect-error: not a string
  assertThrows(() => new Role(42), InputError, "got number");
  assertThrows(
    () => new Role("r1", { using: "" }),
    InputError,
    '"using" must be a non-empty string',
  );
  assertThrows(
    // @ts-expect-error: not a connection
    () => new Role("r1", { using: {} }),
    InputError,
    '"using" must be an alias name or a Connection',
  );
});

Deno.test("Role methods reject malformed options and send nothing", async () => {
  const { using, sent } = setup();
  const role = new Role("r1", { using });

  await assertRejects(
    // @ts-expect-error: user missing
    () => role.addUser({}),
    InputError,
    '"user" must be a non-empty string',
  );
  await assertRejects(
    () =>
      role.grant({
        // @ts-expect-error: object types are case-sensitive
        objectType: "collection",
        objectName: "*",
        privilege: "Search",
      }),
    InputError,
    '"objectType" must be one of Collection, Global, User',
  );
  await assertRejects(
    () =>
      role.grant({ objectType: "Global", objectName: "", privilege: "All" }),
    InputError,
    '"objectName" must be a non-empty string',
  );
  await assertRejects(
    () => role.grantV2({ privilege: "Search", collectionName: "" }),
    InputError,
    '"collectionName" must be a non-empty string when given',
  );
  await assertRejects(
    () => role.listGrants({ dbName: "" }),
    InputError,
    '"dbName" must be a non-empty string when given',
  );
  await assertRejects(
    () => role.create({ timeout: -1 }),
    InputError,
    '"timeout" must be a number',
  );
  await assertRejects(
    // @ts-expect-error: using belongs to the constructor
    () => role.create({ using }),
    InputError,
    'unknown option "using"',
  );
  assertEquals(sent, []);
});

Deno.test("Role resolves an alias at call time", async () => {
  const alias = "roles-test-late";
  const role = new Role("r1", { using: alias });
  await assertRejects(
    () => role.isExist(),
    ConnectionConfigError,
    `No connection named "${alias}"`,
  );

  const emulator = new MilvusEmulator();
  connections.connect({
    alias,
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
  });
  try {
    assertEquals(await role.isExist(), false);
  } finally {
    connections.removeConnection(alias);
  }
});

// ---- create, drop, isExist ----

Deno.test("Role.create() sends { roleName } and isExist() then sees it (rbac §1.3)", async () => {
  const { using, sent } = setup();
  const role = new Role("reader", { using });

  assertEquals(await role.isExist(), false);
  await role.create();
  assertEquals(await role.isExist(), true);

  assertEquals(sent, [
    { route: "roles/list", body: {} },
    { route: "roles/create", body: { roleName: "reader" } },
    { route: "roles/list", body: {} },
  ]);
  assertEquals(role.name, "reader");
  assertEquals(JSON.stringify(role), '{"name":"reader"}');
});

Deno.test("Role.create() of an existing role is ServerError 65535 (privileges §6.3)", async () => {
  const { using } = setup();
  await new Role("reader", { using }).create();

  const error = await assertRejects(
    () => new Role("reader", { using }).create(),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "already exists");
  assertEquals(error.route, "roles/create");
});

Deno.test("Role.create() past the role limit is ServerError 65535 (rbac §4.3)", async () => {
  const { using } = setup({ maxRoles: 3 });
  await new Role("r1", { using }).create();

  const error = await assertRejects(
    () => new Role("r2", { using }).create(),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "number of roles has reached");
});

Deno.test("Role.create() with a malformed name is ServerError 1100 (rbac §4.4)", async () => {
  const { using } = setup();

  const first = await assertRejects(
    () => new Role("1role", { using }).create(),
    ServerError,
  );
  assertEquals(first.code, 1100);
  assertStringIncludes(first.serverMessage, "first character of role name");

  const later = await assertRejects(
    () => new Role("ro-le", { using }).create(),
    ServerError,
  );
  assertEquals(later.code, 1100);
  assertStringIncludes(later.serverMessage, "can only contain");
});

Deno.test("Role.drop() refuses admin and public with 1401 (rbac §4.3)", async () => {
  const { using } = setup();

  for (const name of ["admin", "public"]) {
    const error = await assertRejects(
      () => new Role(name, { using }).drop(),
      ServerError,
    );
    assertEquals(error.code, 1401);
    assertStringIncludes(error.serverMessage, `the role[${name}]`);
    assertStringIncludes(error.message, "protected");
  }
});

Deno.test("Role.drop() of an unknown role is ServerError 65535 (privileges §6.3)", async () => {
  const { using } = setup();

  const error = await assertRejects(
    () => new Role("ghost", { using }).drop(),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "not found the role");
});

Deno.test("Role.drop() of a role with grants fails until they are revoked (rbac §4.3)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();
  const grant = {
    objectType: "Collection",
    objectName: "books",
    privilege: "Search",
  } as const;
  await role.grant(grant);

  const error = await assertRejects(() => role.drop(), ServerError);
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "Use REVOKE API");

  await role.revoke(grant);
  await role.drop();
  assertEquals(await role.isExist(), false);
});

// ---- users of a role ----

Deno.test("Role.addUser() and removeUser() send { userName, roleName } and are idempotent (rbac §4.3)", async () => {
  const { using, sent } = setup();
  await createUser({ user: "alice", password: "alice-pass", using });
  const role = new Role("reader", { using });
  await role.create();
  sent.length = 0;

  await role.addUser({ user: "alice" });
  await role.addUser({ user: "alice" });
  assertEquals(await role.getUsers(), ["alice"]);
  await role.removeUser({ user: "alice" });
  await role.removeUser({ user: "alice" });
  assertEquals(await role.getUsers(), []);

  const changes = sent.filter((request) =>
    request.route.startsWith("users/") && request.route.endsWith("_role")
  );
  assertEquals(changes, [
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "reader" },
    },
    {
      route: "users/grant_role",
      body: { userName: "alice", roleName: "reader" },
    },
    {
      route: "users/revoke_role",
      body: { userName: "alice", roleName: "reader" },
    },
    {
      route: "users/revoke_role",
      body: { userName: "alice", roleName: "reader" },
    },
  ]);
});

Deno.test("Role.addUser() with an unknown user or role is ServerError 65535 (rbac §4.3)", async () => {
  const { using } = setup();
  await createUser({ user: "alice", password: "alice-pass", using });
  const role = new Role("reader", { using });
  await role.create();

  const noUser = await assertRejects(
    () => role.addUser({ user: "ghost" }),
    ServerError,
  );
  assertEquals(noUser.code, 65535);
  assertStringIncludes(noUser.serverMessage, "not found the user");

  const noRole = await assertRejects(
    () => new Role("ghost", { using }).addUser({ user: "alice" }),
    ServerError,
  );
  assertEquals(noRole.code, 65535);
  assertStringIncludes(noRole.serverMessage, "not found the role");
});

Deno.test("Role.addUser() with a malformed user name is ServerError 1100 (rbac §5)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();

  const error = await assertRejects(
    () => role.addUser({ user: "1alice" }),
    ServerError,
  );
  assertEquals(error.code, 1100);
  assertStringIncludes(error.serverMessage, "first character must be a letter");
});

Deno.test("Role.getUsers() lists holders in users/list order", async () => {
  const { using, sent } = setup();
  for (const user of ["carol", "alice", "bob"]) {
    await createUser({ user, password: `${user}-pass`, using });
  }
  const role = new Role("reader", { using });
  await role.create();
  await role.addUser({ user: "bob" });
  await role.addUser({ user: "carol" });
  sent.length = 0;

  // users/list is in name order, as etcd lists keys.
  assertEquals(await role.getUsers(), ["bob", "carol"]);
  assertEquals(
    sent.find((request) => request.route === "roles/describe")?.body,
    { roleName: "reader", dbName: "default" },
  );
  assertEquals(
    routes(sent).filter((route) => route === "users/describe").length,
    4,
  );
});

Deno.test("Role.getUsers() of an unknown role is ServerError 65535 (rbac §4.3)", async () => {
  const { using } = setup();

  const error = await assertRejects(
    () => new Role("ghost", { using }).getUsers(),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "not found the role");
});

Deno.test("Role.getUsers() keeps every request within one timeout", async () => {
  const { emulator, using, settle } = setup();
  const role = new Role("reader", { using });
  await role.create();

  emulator.injectFault({ route: "users/list", delayMs: 80 });
  emulator.injectFault({ route: "users/describe", delayMs: 80 });
  await assertRejects(
    () => role.getUsers({ timeout: 130 }),
    ClientTimeoutError,
  );
  emulator.clearFaults();
  await settle();
  assertEquals(await role.getUsers({ timeout: 130 }), []);
});

// ---- grants, v1 ----

Deno.test("Role.grant() sends the v1 body with dbName default and listGrants() reads it (privileges §2)", async () => {
  const { using, sent } = setup();
  const role = new Role("reader", { using });
  await role.create();
  sent.length = 0;

  await role.grant({
    objectType: "Collection",
    objectName: "books",
    privilege: "Search",
  });
  const grants = await role.listGrants();

  assertEquals(sent, [
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "reader",
        objectType: "Collection",
        objectName: "books",
        privilege: "Search",
        dbName: "default",
      },
    },
    {
      route: "roles/describe",
      body: { roleName: "reader", dbName: "default" },
    },
  ]);
  assertEquals(grants, [{
    objectType: "Collection",
    objectName: "books",
    privilege: "Search",
    dbName: "default",
    grantor: "root",
  }]);
});

Deno.test("Role.grant() of Load also grants its related privileges (privileges §2.3)", async () => {
  const { using } = setup();
  const role = new Role("loader", { using });
  await role.create();
  const grant = {
    objectType: "Collection",
    objectName: "books",
    privilege: "Load",
  } as const;

  await role.grant(grant);
  assertEquals(
    (await role.listGrants()).map((entry) => entry.privilege).sort(),
    ["GetLoadState", "GetLoadingProgress", "Load"],
  );

  await role.revoke(grant);
  assertEquals(await role.listGrants(), []);
});

Deno.test("Role.grant() on Global stores objectName * (privileges §2.2)", async () => {
  const { using } = setup();
  const role = new Role("creator", { using });
  await role.create();

  await role.grant({
    objectType: "Global",
    objectName: "anything",
    privilege: "CreateCollection",
  });

  assertEquals(
    await role.listGrant({ objectType: "Global", objectName: "*" }),
    [
      {
        objectType: "Global",
        objectName: "*",
        privilege: "CreateCollection",
        dbName: "default",
        grantor: "root",
      },
    ],
  );
});

Deno.test("Role.grant() and revoke() are idempotent (privileges §4b)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();
  const grant = {
    objectType: "Collection",
    objectName: "books",
    privilege: "Query",
  } as const;

  await role.grant(grant);
  await role.grant(grant);
  assertEquals((await role.listGrants()).length, 1);
  await role.revoke(grant);
  await role.revoke(grant);
  assertEquals(await role.listGrants(), []);
});

Deno.test("Role.grant() refusals are ServerError 65535 (privileges §6.1)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();

  const cases: [Parameters<Role["grant"]>[0], string][] = [
    [
      { objectType: "Global", objectName: "*", privilege: "Search" },
      "not found the privilege name[Search] in object[Global]",
    ],
    [
      { objectType: "Global", objectName: "*", privilege: "ClusterAdmin" },
      "can not operate the built-in privilege group [ClusterAdmin]",
    ],
    [
      { objectType: "Collection", objectName: "*", privilege: "Fly" },
      "not found the privilege name[Fly]",
    ],
  ];
  for (const [options, message] of cases) {
    const error = await assertRejects(() => role.grant(options), ServerError);
    assertEquals(error.code, 65535);
    assertStringIncludes(error.serverMessage, message);
  }

  const noRole = await assertRejects(
    () =>
      new Role("ghost", { using }).grant({
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      }),
    ServerError,
  );
  assertStringIncludes(noRole.serverMessage, "not found the role");
});

Deno.test("Role.grant() with a malformed privilege is ServerError 1100 (privileges §6.1)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();

  const error = await assertRejects(
    () =>
      role.grant({
        objectType: "Collection",
        objectName: "*",
        privilege: "Sea-rch",
      }),
    ServerError,
  );
  assertEquals(error.code, 1100);
});

Deno.test("Role.grant() without authorization is ServerError 65535 (rbac §2.3)", async () => {
  const { using } = setup({ authorization: false });
  const role = new Role("reader", { using });
  await role.create();

  const error = await assertRejects(
    () =>
      role.grant({
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      }),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "fail to get authorization");
});

// ---- grants, v2 ----

Deno.test("Role.grantV2() sends dbName default and collectionName * by default (privileges §3)", async () => {
  const { using, sent } = setup();
  const role = new Role("reader", { using });
  await role.create();
  sent.length = 0;

  await role.grantV2({ privilege: "CollectionReadOnly" });
  await role.revokeV2({
    privilege: "CollectionReadOnly",
    dbName: "db1",
    collectionName: "books",
  });

  assertEquals(sent, [
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "reader",
        privilege: "CollectionReadOnly",
        dbName: "default",
        collectionName: "*",
      },
    },
    {
      route: "roles/revoke_privilege_v2",
      body: {
        roleName: "reader",
        privilege: "CollectionReadOnly",
        dbName: "db1",
        collectionName: "books",
      },
    },
  ]);
  assertEquals(await role.listGrants(), [{
    objectType: "Global",
    objectName: "*",
    privilege: "CollectionReadOnly",
    dbName: "default",
    grantor: "root",
  }]);
});

Deno.test("Role.grantV2() stores grants as privileges §3.4 describes", async () => {
  const { using } = setup();
  const role = new Role("mixed", { using });
  await role.create();

  await role.grantV2({
    privilege: "ClusterReadOnly",
    dbName: "*",
    collectionName: "*",
  });
  await role.grantV2({
    privilege: "Search",
    dbName: "db1",
    collectionName: "books",
  });

  const grants = await role.listGrants({ dbName: "*" });
  assertEquals(
    grants.map(({ objectType, objectName, privilege, dbName }) => ({
      objectType,
      objectName,
      privilege,
      dbName,
    })),
    [
      {
        objectType: "Collection",
        objectName: "books",
        privilege: "Search",
        dbName: "db1",
      },
      {
        objectType: "Global",
        objectName: "*",
        privilege: "ClusterReadOnly",
        dbName: "*",
      },
    ],
  );

  await role.revokeV2({ privilege: "ClusterReadOnly", dbName: "*" });
  await role.revokeV2({
    privilege: "Search",
    dbName: "db1",
    collectionName: "books",
  });
  assertEquals(await role.listGrants({ dbName: "*" }), []);
});

Deno.test("Role.grantV2() level and name errors (privileges §6.2)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();

  const cluster = await assertRejects(
    () => role.grantV2({ privilege: "ClusterAdmin" }),
    ServerError,
  );
  assertEquals(cluster.code, 1100);
  assertStringIncludes(
    cluster.serverMessage,
    "should be * for the cluster level privilege",
  );

  const database = await assertRejects(
    () => role.grantV2({ privilege: "DatabaseReadOnly", collectionName: "c" }),
    ServerError,
  );
  assertEquals(database.code, 1100);

  const unknown = await assertRejects(
    () => role.grantV2({ privilege: "Foo" }),
    ServerError,
  );
  assertEquals(unknown.code, 65535);
  assertStringIncludes(
    unknown.serverMessage,
    "not found the privilege name[Foo]",
  );
});

// ---- listGrants and listGrant ----

Deno.test("Role.listGrants() filters by database, * for all (privileges §5)", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();
  await role.grant({
    objectType: "Collection",
    objectName: "books",
    privilege: "Search",
    dbName: "db1",
  });
  await role.grant({
    objectType: "Collection",
    objectName: "books",
    privilege: "Query",
  });

  const privileges = async (dbName?: string) =>
    (await role.listGrants(dbName === undefined ? {} : { dbName })).map((
      grant,
    ) => grant.privilege);
  assertEquals(await privileges(), ["Query"]);
  assertEquals(await privileges("db1"), ["Search"]);
  assertEquals((await privileges("*")).sort(), ["Query", "Search"]);
});

Deno.test("Role.listGrants() defaults to the connection's database", async () => {
  const emulator = new MilvusEmulator();
  const registry = new Connections();
  const root = registry.connect({
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
  });
  const role = new Role("reader", { using: root });
  await role.create();
  await role.grant({
    objectType: "Collection",
    objectName: "books",
    privilege: "Search",
    dbName: "db1",
  });

  const inDb1 = registry.connect({
    alias: "db1",
    user: "root",
    password: "Milvus",
    dbName: "db1",
    fetch: emulator.fetch,
  });
  const grants = await new Role("reader", { using: inDb1 }).listGrants();
  assertEquals(grants.map((grant) => grant.dbName), ["db1"]);
});

Deno.test("Role.listGrants() of public shows its seeded grants (privileges §7)", async () => {
  const { using } = setup();

  assertEquals(await new Role("public", { using }).listGrants(), [
    {
      objectType: "Collection",
      objectName: "*",
      privilege: "IndexDetail",
      dbName: "*",
      grantor: "root",
    },
    {
      objectType: "Global",
      objectName: "*",
      privilege: "DescribeCollection",
      dbName: "*",
      grantor: "root",
    },
    {
      objectType: "Global",
      objectName: "*",
      privilege: "ListAliases",
      dbName: "*",
      grantor: "root",
    },
  ]);
  assertEquals(await new Role("admin", { using }).listGrants(), []);
});

Deno.test("Role.listGrants() of an unknown role is ServerError 65535 (privileges §6.3)", async () => {
  const { using } = setup();

  const error = await assertRejects(
    () => new Role("ghost", { using }).listGrants(),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertEquals(error.route, "roles/describe");
});

Deno.test("Role.listGrant() keeps one object's grants", async () => {
  const { using } = setup();
  const role = new Role("reader", { using });
  await role.create();
  for (const objectName of ["books", "films"]) {
    await role.grant({
      objectType: "Collection",
      objectName,
      privilege: "Query",
    });
  }
  await role.grant({
    objectType: "Global",
    objectName: "*",
    privilege: "DescribeCollection",
  });

  const books = await role.listGrant({
    objectType: "Collection",
    objectName: "books",
  });
  assertEquals(books.map((grant) => [grant.objectName, grant.privilege]), [
    ["books", "Query"],
  ]);
  assertEquals(
    await role.listGrant({ objectType: "User", objectName: "books" }),
    [],
  );
});

Deno.test("Role.listGrants() rejects data that is not a list of grants", async () => {
  const registry = new Connections();
  const using = registry.connect({
    fetch: () =>
      Promise.resolve(Response.json({ code: 0, data: [{ objectType: 1 }] })),
  });

  const error = await assertRejects(
    () => new Role("r", { using }).listGrants(),
    UnexpectedResponseError,
  );
  assertStringIncludes(error.message, "not a list of grants");
});

// ---- privileges of the caller, retries, abort ----

Deno.test("Role methods map an under-privileged caller to PermissionDeniedError (rbac §3)", async () => {
  const s = setup();
  const bob = await userConnection(s, "bob");
  const role = new Role("reader", { using: bob });

  await assertRejects(() => role.create(), PermissionDeniedError);
  await assertRejects(() => role.isExist(), PermissionDeniedError);
  await assertRejects(() => listRoles({ using: bob }), PermissionDeniedError);

  await new Role("reader", { using: s.using }).create();
  const error = await assertRejects(
    () =>
      role.grant({
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      }),
    PermissionDeniedError,
  );
  assertEquals(error.httpStatus, 403);
  assertNotMatch(error.message, /bob-password/);
});

Deno.test("Role.listGrants() is allowed for a caller who holds the role (rbac §3)", async () => {
  const s = setup();
  const bob = await userConnection(s, "bob");
  const asRoot = new Role("reader", { using: s.using });
  await asRoot.create();
  await asRoot.addUser({ user: "bob" });

  assertEquals(await new Role("reader", { using: bob }).listGrants(), []);
  await assertRejects(
    () => new Role("public", { using: bob }).getUsers(),
    PermissionDeniedError,
  );
});

Deno.test("Role reads retry on 503; changes are never retried", async () => {
  const { emulator, using, sent } = setup();
  const role = new Role("reader", { using });

  emulator.injectFault({ route: "roles/create", status: 503, times: 1 });
  const error = await assertRejects(
    () => role.create(),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 503);
  assertEquals(routes(sent), ["roles/create"]);

  sent.length = 0;
  emulator.injectFault({ route: "roles/list", status: 503, times: 1 });
  emulator.injectFault({ route: "roles/describe", status: 503, times: 1 });
  assertEquals(await role.isExist(), false);
  await new Role("public", { using }).listGrants();
  assertEquals(routes(sent), [
    "roles/list",
    "roles/list",
    "roles/describe",
    "roles/describe",
  ]);
});

Deno.test("Role methods reject with the caller's abort reason", async () => {
  const { using, sent } = setup();
  const controller = new AbortController();
  const reason = new Error("stop");
  controller.abort(reason);

  const role = new Role("reader", { using });
  const error = await assertRejects(() =>
    role.create({ signal: controller.signal })
  );
  assertEquals(error, reason);
  const composite = await assertRejects(() =>
    role.getUsers({ signal: controller.signal })
  );
  assertEquals(composite, reason);
  assertEquals(sent, []);
});

// ---- over HTTP ----

Deno.test("Role and listRoles() work against the emulator over HTTP", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  try {
    const registry = new Connections();
    const using = registry.connect({
      uri: server.url,
      user: "root",
      password: "Milvus",
    });
    await createUser({ user: "alice", password: "alice-pass", using });
    const role = new Role("reader", { using });
    await role.create();
    await role.addUser({ user: "alice" });
    await role.grant({
      objectType: "Collection",
      objectName: "books",
      privilege: "Search",
    });

    assertEquals(await role.getUsers(), ["alice"]);
    assertEquals((await role.listGrants()).length, 1);
    const roles = await listRoles({ includeUserInfo: true, using });
    assert(roles.some((info) => info.role === "reader"));

    await role.revoke({
      objectType: "Collection",
      objectName: "books",
      privilege: "Search",
    });
    await role.removeUser({ user: "alice" });
    await role.drop();
    assertEquals(await role.isExist(), false);
  } finally {
    await server.close();
  }
});

Deno.test("Role errors are MilvusError subclasses with the route", async () => {
  const { using } = setup();
  const error = await assertRejects(
    () => new Role("ghost", { using }).drop(),
    ServerError,
  );
  assertInstanceOf(error, ServerError);
  assertEquals(error.toJSON().route, "roles/drop");
});
