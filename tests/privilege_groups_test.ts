import {
  assertArrayIncludes,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  addPrivilegesToGroup,
  Connections,
  createPrivilegeGroup,
  createUser,
  dropPrivilegeGroup,
  InputError,
  listPrivilegeGroups,
  PermissionDeniedError,
  type PrivilegeGroupInfo,
  removePrivilegesFromGroup,
  Role,
  ServerError,
  UnexpectedResponseError,
} from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";
import { setup } from "./_helpers/emulator_setup.ts";

const BUILT_IN_GROUPS = [
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

function custom(groups: PrivilegeGroupInfo[]): PrivilegeGroupInfo[] {
  return groups.filter((group) =>
    !BUILT_IN_GROUPS.includes(group.privilegeGroup)
  );
}

Deno.test("listPrivilegeGroups() lists the nine built-in groups with privileges as arrays (privileges §4.1)", async () => {
  const { using, sent } = setup();

  const groups = await listPrivilegeGroups({ using });

  assertEquals(groups.map((group) => group.privilegeGroup), BUILT_IN_GROUPS);
  const clusterReadOnly = groups[0]?.privileges ?? [];
  assertArrayIncludes(clusterReadOnly, ["ListDatabases", "SelectOwnership"]);
  assertEquals(clusterReadOnly.includes(""), false);
  assertEquals(sent, [{ route: "privilege_groups/list", body: {} }]);
});

Deno.test("createPrivilegeGroup() sends { privilegeGroupName }; an empty group lists [] (privileges §4.3)", async () => {
  const { using, sent } = setup();

  await createPrivilegeGroup({ privilegeGroup: "readers", using });

  assertEquals(sent, [{
    route: "privilege_groups/create",
    body: { privilegeGroupName: "readers" },
  }]);
  const groups = await listPrivilegeGroups({ using });
  assertEquals(groups[0], { privilegeGroup: "readers", privileges: [] });
  assertEquals(groups.length, 10);
});

Deno.test("addPrivilegesToGroup() and removePrivilegesFromGroup() send the list and the group reflects it (privileges §4.3)", async () => {
  const { using, sent } = setup();
  await createPrivilegeGroup({ privilegeGroup: "readers", using });
  sent.length = 0;

  await addPrivilegesToGroup({
    privilegeGroup: "readers",
    privileges: ["Query", "Search"],
    using,
  });
  await addPrivilegesToGroup({
    privilegeGroup: "readers",
    privileges: ["Search"],
    using,
  });
  assertEquals(
    custom(await listPrivilegeGroups({ using }))[0]?.privileges.sort(),
    ["Query", "Search"],
  );

  await removePrivilegesFromGroup({
    privilegeGroup: "readers",
    privileges: ["Query", "Insert"],
    using,
  });
  assertEquals(custom(await listPrivilegeGroups({ using })), [
    { privilegeGroup: "readers", privileges: ["Search"] },
  ]);

  assertEquals(sent[0], {
    route: "privilege_groups/add_privileges_to_group",
    body: { privilegeGroupName: "readers", privileges: ["Query", "Search"] },
  });
  assertEquals(sent[3], {
    route: "privilege_groups/remove_privileges_from_group",
    body: { privilegeGroupName: "readers", privileges: ["Query", "Insert"] },
  });
});

Deno.test("createPrivilegeGroup() of an existing or built-in name is ServerError 1100 (privileges §6.4)", async () => {
  const { using } = setup();
  await createPrivilegeGroup({ privilegeGroup: "readers", using });

  const duplicate = await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "readers", using }),
    ServerError,
  );
  assertEquals(duplicate.code, 1100);
  assertStringIncludes(duplicate.serverMessage, "is defined by users");

  for (const name of ["Search", "ClusterAdmin"]) {
    const builtIn = await assertRejects(
      () => createPrivilegeGroup({ privilegeGroup: name, using }),
      ServerError,
    );
    assertEquals(builtIn.code, 1100);
    assertStringIncludes(builtIn.serverMessage, "defined by built in");
  }
});

Deno.test("createPrivilegeGroup() with a malformed name is 1402 or 1100 (privileges §6.4)", async () => {
  const { using } = setup();

  const first = await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "1group", using }),
    ServerError,
  );
  assertEquals(first.code, 1402);

  const later = await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "gr$up", using }),
    ServerError,
  );
  assertEquals(later.code, 1100);
  assertStringIncludes(later.serverMessage, "can only contain");

  const long = await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "g".repeat(256), using }),
    ServerError,
  );
  assertEquals(long.code, 1402);
});

Deno.test("dropPrivilegeGroup() of an unknown or built-in group succeeds (privileges §4.3)", async () => {
  const { using } = setup();

  await dropPrivilegeGroup({ privilegeGroup: "ghost", using });
  await dropPrivilegeGroup({ privilegeGroup: "ClusterAdmin", using });
  assertEquals((await listPrivilegeGroups({ using })).length, 9);
});

Deno.test("dropPrivilegeGroup() of a group in use is ServerError 65535 until revoked (privileges §6.4)", async () => {
  const { using } = setup();
  await createPrivilegeGroup({ privilegeGroup: "readers", using });
  await addPrivilegesToGroup({
    privilegeGroup: "readers",
    privileges: ["Search"],
    using,
  });
  const role = new Role("reader", { using });
  await role.create();
  await role.grantV2({
    privilege: "readers",
    dbName: "default",
    collectionName: "books",
  });
  assertEquals((await role.listGrants()).map((grant) => grant.privilege), [
    "readers",
  ]);

  const error = await assertRejects(
    () => dropPrivilegeGroup({ privilegeGroup: "readers", using }),
    ServerError,
  );
  assertEquals(error.code, 65535);
  assertStringIncludes(error.serverMessage, "is used by role [reader]");

  await role.revokeV2({
    privilege: "readers",
    dbName: "default",
    collectionName: "books",
  });
  await dropPrivilegeGroup({ privilegeGroup: "readers", using });
  assertEquals(custom(await listPrivilegeGroups({ using })), []);
});

Deno.test("addPrivilegesToGroup() refusals are ServerError 1100 (privileges §6.4)", async () => {
  const { using } = setup();
  await createPrivilegeGroup({ privilegeGroup: "readers", using });

  const cases: [string, string[], string][] = [
    ["ClusterAdmin", ["Search"], "ClusterAdmin"],
    ["ghost", ["Search"], "there is no privilege group name [ghost]"],
    ["readers", ["Foo"], "[Foo]"],
  ];
  for (const [privilegeGroup, privileges, message] of cases) {
    const error = await assertRejects(
      () => addPrivilegesToGroup({ privilegeGroup, privileges, using }),
      ServerError,
    );
    assertEquals(error.code, 1100);
    assertStringIncludes(error.serverMessage, message);
  }
});

Deno.test("addPrivilegesToGroup() of mixed levels is 1100 on 2.6 and 65535 on 2.5 (privileges §6.4)", async () => {
  for (const [version, code] of [["2.6", 1100], ["2.5", 65535]] as const) {
    const { using } = setup({ version });
    await createPrivilegeGroup({ privilegeGroup: "mixed", using });

    const error = await assertRejects(
      () =>
        addPrivilegesToGroup({
          privilegeGroup: "mixed",
          privileges: ["Search", "CreateDatabase"],
          using,
        }),
      ServerError,
    );
    assertEquals(error.code, code, version);
    assertStringIncludes(
      error.serverMessage,
      "privileges are not the same privilege level",
    );
  }
});

Deno.test("privilege group functions reject bad input before sending", async () => {
  const { using, sent } = setup();

  await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "", using }),
    InputError,
    '"privilegeGroup" must be a non-empty string',
  );
  await assertRejects(
    () => addPrivilegesToGroup({ privilegeGroup: "g", privileges: [], using }),
    InputError,
    '"privileges" must name at least one privilege',
  );
  await assertRejects(
    () =>
      removePrivilegesFromGroup({
        privilegeGroup: "g",
        // @ts-expect-error: not a string
        privileges: ["Search", 7],
        using,
      }),
    InputError,
    '"privileges[1]" must be a non-empty string, got number',
  );
  await assertRejects(
    () =>
      addPrivilegesToGroup({
        privilegeGroup: "g",
        // @ts-expect-error: not an array
        privileges: "Search,Query",
        using,
      }),
    InputError,
    '"privileges" must be an array',
  );
  await assertRejects(
    // @ts-expect-error: privileges do not belong to create
    () => createPrivilegeGroup({ privilegeGroup: "g", privileges: [], using }),
    InputError,
    'unknown option "privileges"',
  );
  assertEquals(sent, []);
});

Deno.test("listPrivilegeGroups() retries on 503; group changes are not retried", async () => {
  const { emulator, using, sent } = setup();

  emulator.injectFault({
    route: "privilege_groups/list",
    status: 503,
    times: 2,
  });
  assertEquals((await listPrivilegeGroups({ using })).length, 9);
  assertEquals(sent.length, 3);

  sent.length = 0;
  emulator.injectFault({
    route: "privilege_groups/create",
    status: 503,
    times: 1,
  });
  const error = await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "readers", using }),
    UnexpectedResponseError,
  );
  assertEquals(error.httpStatus, 503);
  assertEquals(sent.length, 1);
});

Deno.test("listPrivilegeGroups() with retries 0 fails on the first 503", async () => {
  const { emulator, using, sent } = setup({}, 0);
  emulator.injectFault({
    route: "privilege_groups/list",
    status: 503,
    times: 1,
  });

  await assertRejects(
    () => listPrivilegeGroups({ using }),
    UnexpectedResponseError,
  );
  assertEquals(sent.length, 1);
});

Deno.test("privilege group functions map an under-privileged caller to PermissionDeniedError (rbac §3)", async () => {
  const emulator = new MilvusEmulator();
  const registry = new Connections();
  const root = registry.connect({
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
  });
  await createUser({ user: "bob", password: "bob-password", using: root });
  const bob = registry.connect({
    alias: "bob",
    user: "bob",
    password: "bob-password",
    fetch: emulator.fetch,
  });

  await assertRejects(
    () => createPrivilegeGroup({ privilegeGroup: "g", using: bob }),
    PermissionDeniedError,
  );
  await assertRejects(
    () => listPrivilegeGroups({ using: bob }),
    PermissionDeniedError,
  );

  // ClusterReadOnly holds ListPrivilegeGroups.
  const role = new Role("viewer", { using: root });
  await role.create();
  await role.grantV2({ privilege: "ClusterReadOnly", dbName: "*" });
  await role.addUser({ user: "bob" });
  assertEquals((await listPrivilegeGroups({ using: bob })).length, 9);
});

Deno.test("listPrivilegeGroups() rejects data of another shape", async () => {
  const using = new Connections().connect({
    fetch: () =>
      Promise.resolve(
        Response.json({ code: 0, data: { privilegeGroups: [{ name: "x" }] } }),
      ),
  });

  await assertRejects(
    () => listPrivilegeGroups({ using }),
    UnexpectedResponseError,
    "privilegeGroupName",
  );
});

Deno.test("privilege group functions work over HTTP", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  try {
    const using = new Connections().connect({
      uri: server.url,
      user: "root",
      password: "Milvus",
    });
    await createPrivilegeGroup({ privilegeGroup: "writers", using });
    await addPrivilegesToGroup({
      privilegeGroup: "writers",
      privileges: ["Insert", "Delete"],
      using,
    });
    assertEquals(
      custom(await listPrivilegeGroups({ using }))[0]?.privileges.sort(),
      ["Delete", "Insert"],
    );
    await dropPrivilegeGroup({ privilegeGroup: "writers", using });
    assertEquals(custom(await listPrivilegeGroups({ using })), []);
  } finally {
    await server.close();
  }
});
