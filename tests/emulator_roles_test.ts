import { err, OK, runCases } from "./emulator_helpers_test.ts";

const ROLE_MISSING =
  "not found the role, maybe the role isn't existed or internal system error";
const PUBLIC_GRANTS = [
  {
    dbName: "*",
    grantor: "root",
    objectName: "*",
    objectType: "Collection",
    privilege: "IndexDetail",
  },
  {
    dbName: "*",
    grantor: "root",
    objectName: "*",
    objectType: "Global",
    privilege: "DescribeCollection",
  },
  {
    dbName: "*",
    grantor: "root",
    objectName: "*",
    objectType: "Global",
    privilege: "ListAliases",
  },
];

function grant(
  objectType: string,
  objectName: string,
  privilege: string,
  dbName = "default",
) {
  return { dbName, grantor: "root", objectName, objectType, privilege };
}

Deno.test("roles/list and describe: built-in admin and public with its default grants (privileges §7)", async () => {
  await runCases({}, [
    { route: "roles/list", json: { code: 0, data: ["admin", "public"] } },
    {
      route: "roles/describe",
      body: { roleName: "admin" },
      json: { code: 0, data: [] },
    },
    {
      route: "roles/describe",
      body: { roleName: "public" },
      json: { code: 0, data: PUBLIC_GRANTS },
    },
  ]);
});

Deno.test("roles/create: duplicate, limit of 10 counting built-ins (rbac §4.3, privileges §6.3)", async () => {
  const creates = Array.from({ length: 8 }, (_, i) => ({
    route: "roles/create",
    body: { roleName: `r${i}` },
    json: OK,
  }));
  await runCases({}, [
    { route: "roles/create", body: { roleName: "r0" }, json: OK },
    {
      route: "roles/create",
      body: { roleName: "r0" },
      json: err(65535, 'role [name:"r0"] already exists'),
    },
    ...creates.slice(1),
    {
      route: "roles/create",
      body: { roleName: "r8" },
      json: err(
        65535,
        "unable to create role because the number of roles has reached the limit",
      ),
    },
    {
      route: "roles/list",
      json: {
        code: 0,
        data: [
          "admin",
          "public",
          "r0",
          "r1",
          "r2",
          "r3",
          "r4",
          "r5",
          "r6",
          "r7",
        ],
      },
    },
  ]);
});

Deno.test("roles/create: role-name rules and messages by version (rbac §4.4)", async () => {
  const long = "r".repeat(256);
  const common = [
    {
      route: "roles/create",
      body: { roleName: " " },
      json: err(
        1100,
        "role name should be not empty: invalid parameter[expected=not empty][actual=]",
      ),
    },
    {
      route: "roles/create",
      body: { roleName: long },
      json: err(
        1100,
        "the length of role name must be not greater than limit: invalid parameter[256 out of range 0 <= value <= 255]",
      ),
    },
    {
      route: "roles/create",
      body: { roleName: "1r" },
      json: err(
        1100,
        "the first character of role name must be an underscore or letter: invalid parameter[expected=95][actual=49]",
      ),
    },
    { route: "roles/create", body: { roleName: "_r$1" }, json: OK },
  ];
  await runCases({ version: "2.4" }, [
    ...common,
    {
      route: "roles/create",
      body: { roleName: "ro-le" },
      json: err(
        1100,
        "role name can only contain numbers, letters, dollars and underscores, found - at 2: invalid parameter",
      ),
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...common,
    {
      route: "roles/create",
      body: { roleName: "ro-le" },
      json: err(
        1100,
        "role name can only contain numbers, letters, underscores, and allowed characters ($), found - at 2: invalid parameter",
      ),
    },
  ]);
});

Deno.test("roles/drop: protected, missing, or still granted (rbac §4.3, privileges §6.3)", async () => {
  const inUse =
    "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges";
  const steps = [
    {
      route: "roles/drop",
      body: { roleName: "admin" },
      json: err(
        1401,
        "the role[admin] is a default role, which can't be dropped: privilege not permitted",
      ),
    },
    {
      route: "roles/drop",
      body: { roleName: "public" },
      json: err(
        1401,
        "the role[public] is a default role, which can't be dropped: privilege not permitted",
      ),
    },
    {
      route: "roles/drop",
      body: { roleName: "ghost" },
      json: err(65535, ROLE_MISSING),
    },
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "*",
        privilege: "Search",
      },
      json: OK,
    },
  ];
  const revoke = {
    route: "roles/revoke_privilege",
    body: {
      roleName: "r1",
      objectType: "Collection",
      objectName: "*",
      privilege: "Search",
    },
    json: OK,
  };
  await runCases({ version: "2.5" }, [
    ...steps,
    { route: "roles/drop", body: { roleName: "r1" }, json: err(65535, inUse) },
    revoke,
    { route: "roles/drop", body: { roleName: "r1" }, json: OK },
    { route: "roles/list", json: { code: 0, data: ["admin", "public"] } },
  ]);
  await runCases({ version: "2.6" }, [
    ...steps,
    {
      route: "roles/drop",
      body: { roleName: "r1" },
      json: err(65535, `failed to check if drop role: ${inUse}`),
    },
  ]);
});

Deno.test("roles/describe: missing role, db filter and `*` (privileges §5)", async () => {
  await runCases({}, [
    {
      route: "roles/describe",
      body: { roleName: "ghost" },
      json: err(65535, ROLE_MISSING),
    },
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Query",
        dbName: "db1",
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Query",
      },
      json: OK,
    },
    {
      route: "roles/describe",
      body: { roleName: "r1" },
      json: { code: 0, data: [grant("Collection", "col1", "Query")] },
    },
    {
      route: "roles/describe",
      body: { roleName: "r1", dbName: "db1" },
      json: { code: 0, data: [grant("Collection", "col1", "Query", "db1")] },
    },
    {
      route: "roles/describe",
      headers: { "DB-Name": "db1" },
      body: { roleName: "r1" },
      json: { code: 0, data: [grant("Collection", "col1", "Query", "db1")] },
    },
    {
      route: "roles/describe",
      body: { roleName: "r1", dbName: "*" },
      json: {
        code: 0,
        data: [
          grant("Collection", "col1", "Query", "db1"),
          grant("Collection", "col1", "Query"),
        ],
      },
    },
  ]);
});

Deno.test("grant_privilege (v1): Global forced to `*`, Load brings companions, idempotent (privileges §2)", async () => {
  await runCases({}, [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Global",
        objectName: "anything",
        privilege: "CreateCollection",
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Load",
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Load",
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Global",
        objectName: "x",
        privilege: "Admin",
      },
      json: OK,
    },
    {
      route: "roles/describe",
      body: { roleName: "r1" },
      json: {
        code: 0,
        data: [
          grant("Collection", "col1", "GetLoadState"),
          grant("Collection", "col1", "GetLoadingProgress"),
          grant("Collection", "col1", "Load"),
          grant("Global", "*", "CreateCollection"),
          grant("Global", "x", "Admin"),
        ],
      },
    },
    {
      route: "roles/revoke_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Load",
      },
      json: OK,
    },
    {
      route: "roles/revoke_privilege",
      body: {
        roleName: "r1",
        objectType: "Collection",
        objectName: "col1",
        privilege: "Load",
      },
      json: OK,
    },
    {
      route: "roles/describe",
      body: { roleName: "r1" },
      json: {
        code: 0,
        data: [
          grant("Global", "*", "CreateCollection"),
          grant("Global", "x", "Admin"),
        ],
      },
    },
  ]);
});

Deno.test("grant_privilege (v1): validation errors and their order (privileges §2.2, §6.1)", async () => {
  const body = (over: Record<string, string>) => ({
    roleName: "r1",
    objectType: "Collection",
    objectName: "*",
    privilege: "Search",
    ...over,
  });
  const cases = (prefix: string) => [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Database", roleName: "ghost" }),
      json: err(
        65535,
        `${prefix}the object entity in the request is nil or invalid`,
      ),
    },
    {
      route: "roles/grant_privilege",
      body: body({ roleName: "ghost" }),
      json: err(65535, `${prefix}${ROLE_MISSING}`),
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Global" }),
      json: err(
        65535,
        "not found the privilege name[Search] in object[Global]",
      ),
    },
    {
      route: "roles/grant_privilege",
      body: body({ privilege: "search" }),
      json: err(
        65535,
        "not found the privilege name[search] in object[Collection]",
      ),
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Global", privilege: "ClusterAdmin" }),
      json: err(
        65535,
        "can not operate the built-in privilege group [ClusterAdmin]",
      ),
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "User", privilege: "*", objectName: "bob" }),
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Collection", privilege: "All" }),
      json: err(
        65535,
        "not found the privilege name[All] in object[Collection]",
      ),
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Global", privilege: "All" }),
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: body({ objectType: "Collection", privilege: "ReadOnly" }),
      json: OK,
    },
  ];
  await runCases({ version: "2.5" }, [
    ...cases(""),
    {
      route: "roles/grant_privilege",
      body: body({ privilege: "Sea-rch" }),
      json: err(
        1100,
        "Privilege can only contain numbers, letters, dollars and underscores, found - at 3: invalid parameter",
      ),
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...cases("failed to operate privilege common check: "),
    {
      route: "roles/grant_privilege",
      body: body({ privilege: "Sea-rch" }),
      json: err(
        1100,
        "Privilege can only contain numbers, letters, underscores, and allowed characters ($), found - at 3: invalid parameter",
      ),
    },
  ]);
});

Deno.test("grant_privilege (v1): a custom group is refused (privileges §6.1)", async () => {
  await runCases({}, [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
    {
      route: "roles/grant_privilege",
      body: {
        roleName: "r1",
        objectType: "Global",
        objectName: "*",
        privilege: "g1",
      },
      json: err(65535, "can not operate the custom privilege group [g1]"),
    },
  ]);
});

Deno.test("grant_privilege_v2: stored tuples (privileges §3.4)", async () => {
  const v2 = (privilege: string, dbName: string, collectionName: string) => ({
    route: "roles/grant_privilege_v2",
    body: { roleName: "r1", privilege, dbName, collectionName },
    json: OK,
  });
  await runCases({ version: "2.5" }, [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    v2("ClusterReadOnly", "*", "*"),
    v2("DatabaseAdmin", "db1", "*"),
    v2("CollectionReadOnly", "db1", "col1"),
    v2("Search", "", "col1"),
    v2("DescribeCollection", "db1", "col1"),
    v2("Flush", "db1", "col1"),
    {
      route: "roles/describe",
      body: { roleName: "r1", dbName: "*" },
      json: {
        code: 0,
        data: [
          grant("Collection", "col1", "Flush", "db1"),
          grant("Collection", "col1", "GetFlushState", "db1"),
          grant("Collection", "col1", "Search"),
          grant("Global", "*", "ClusterReadOnly", "*"),
          grant("Global", "*", "DatabaseAdmin", "db1"),
          // Stored as PrivilegeDescribeCollection and
          // PrivilegeGroupCollectionReadOnly, in that byte order.
          grant("Global", "col1", "DescribeCollection", "db1"),
          grant("Global", "col1", "CollectionReadOnly", "db1"),
        ],
      },
    },
  ]);
});

Deno.test("grant_privilege_v2: level checks and errors (privileges §3.2, §6.2)", async () => {
  const v2 = (privilege: string, dbName: string, collectionName: string) => ({
    roleName: "r1",
    privilege,
    dbName,
    collectionName,
  });
  const common = [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege_v2",
      body: { roleName: "r1", privilege: "Search", dbName: "db1" },
      json: err(
        1100,
        "collection name should be not empty: invalid parameter[expected=not empty][actual=]",
      ),
    },
    {
      route: "roles/grant_privilege_v2",
      body: v2("Foo", "db1", "*"),
      json: err(65535, "not found the privilege name[Foo]"),
    },
    {
      route: "roles/grant_privilege_v2",
      body: v2("ClusterAdmin", "db1", "*"),
      json: err(
        1100,
        "dbName and collectionName should be * for the cluster level privilege: ClusterAdmin: invalid parameter",
      ),
    },
    {
      route: "roles/grant_privilege_v2",
      body: v2("DatabaseReadOnly", "db1", "col1"),
      json: err(
        1100,
        "collectionName should be * for the database level privilege: DatabaseReadOnly: invalid parameter",
      ),
    },
    {
      route: "roles/grant_privilege_v2",
      body: v2("Search", "1db", "*"),
      json: err(
        802,
        "the first character of a database name must be an underscore or letter: invalid database name[database=1db]",
      ),
    },
  ];
  await runCases({ version: "2.5" }, [
    ...common,
    {
      route: "roles/grant_privilege_v2",
      body: v2("CollectionReadOnly", "*", "col1"),
      json: err(
        1100,
        "please specify database name for the collection level privilege: CollectionReadOnly: invalid parameter",
      ),
    },
    {
      route: "roles/grant_privilege_v2",
      body: { ...v2("Search", "db1", "*"), roleName: "ghost" },
      json: err(65535, ROLE_MISSING),
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...common,
    {
      route: "roles/grant_privilege_v2",
      body: v2("CollectionReadOnly", "*", "col1"),
      json: err(800, "database not found[database=*]"),
    },
    {
      route: "roles/grant_privilege_v2",
      body: { ...v2("Search", "db1", "*"), roleName: "ghost" },
      json: err(
        65535,
        `failed to operate privilege common check: ${ROLE_MISSING}`,
      ),
    },
  ]);
});

Deno.test("grant_privilege_v2: custom group level from its first privilege (privileges §3.2)", async () => {
  await runCases({ version: "2.5" }, [
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "empty" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "reads" },
      json: OK,
    },
    {
      route: "privilege_groups/add_privileges_to_group",
      body: { privilegeGroupName: "reads", privileges: ["Query", "Search"] },
      json: OK,
    },
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "empty",
        dbName: "*",
        collectionName: "col1",
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "reads",
        dbName: "db1",
        collectionName: "col1",
      },
      json: OK,
    },
    {
      route: "roles/describe",
      body: { roleName: "r1", dbName: "db1" },
      json: {
        code: 0,
        data: [
          grant("Global", "col1", "empty", "*"),
          grant("Global", "col1", "reads", "db1"),
        ],
      },
    },
  ]);
});
