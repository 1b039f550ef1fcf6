import { assertEquals } from "@std/assert";
import {
  err,
  OK,
  onBothTransports,
  runCases,
} from "./emulator_helpers_test.ts";

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

interface GroupList {
  data: {
    privilegeGroups: { privilegeGroupName: string; privileges: string }[];
  };
}

Deno.test("privilege_groups/list: custom groups by name, then the 9 built-ins (privileges §4.1, §4.3)", async () => {
  await onBothTransports({ version: "2.5" }, async (h) => {
    for (const name of ["zeta", "alpha"]) {
      assertEquals(
        (await h.call("privilege_groups/create", { privilegeGroupName: name }))
          .json,
        OK,
      );
    }
    await h.call("privilege_groups/add_privileges_to_group", {
      privilegeGroupName: "alpha",
      privileges: ["Query", "Search", "Query"],
    });

    const { data } = (await h.call("privilege_groups/list")).json as GroupList;
    const names = data.privilegeGroups.map((group) => group.privilegeGroupName);
    assertEquals(names, ["alpha", "zeta", ...BUILT_IN_NAMES]);
    assertEquals(data.privilegeGroups[0], {
      privilegeGroupName: "alpha",
      privileges: "Query,Search",
    });
    assertEquals(data.privilegeGroups[1], {
      privilegeGroupName: "zeta",
      privileges: "",
    });
    assertEquals(data.privilegeGroups[2], {
      privilegeGroupName: "ClusterReadOnly",
      privileges:
        "ListDatabases,SelectOwnership,SelectUser,DescribeResourceGroup,ListResourceGroups,ListPrivilegeGroups",
    });
    const counts = data.privilegeGroups.slice(2).map((group) =>
      group.privileges.split(",").length
    );
    assertEquals(counts, [6, 10, 24, 2, 3, 5, 12, 25, 27]);
  });
});

Deno.test("privilege_groups/list: 2.6 member counts (privileges §4.1)", async () => {
  await onBothTransports({ version: "2.6" }, async (h) => {
    const { data } = (await h.call("privilege_groups/list")).json as GroupList;
    const counts = data.privilegeGroups.map((group) =>
      group.privileges.split(",").length
    );
    assertEquals(counts, [7, 11, 26, 2, 3, 5, 14, 28, 30]);
  });
});

Deno.test("privilege_groups/create: name rules, duplicates, built-in names (privileges §4.3, §6.4)", async () => {
  const common = [
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "search" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "1g" },
      json: err(
        1402,
        "1g: invalid privilege group name[privilegeGroup=the first character of a privilege group name %s must be an underscore or letter]",
      ),
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g$1" },
      json: err(
        1100,
        "privilege group name g$1 can only contain numbers, letters and underscores: invalid parameter",
      ),
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g".repeat(256) },
      json: err(
        1402,
        `${
          "g".repeat(256)
        }->255: invalid privilege group name[privilegeGroup=the length of a privilege group name %s must be less than %s characters]`,
      ),
    },
    {
      route: "privilege_groups/create",
      body: {},
      json: err(
        1802,
        "missing required parameters, error: Key: 'PrivilegeGroupReq.PrivilegeGroupName' Error:Field validation for 'PrivilegeGroupName' failed on the 'required' tag",
      ),
    },
  ];
  await runCases({ version: "2.5" }, [
    ...common,
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: err(
        1100,
        "privilege group name [g1] is defined by users: invalid parameter",
      ),
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "Search" },
      json: err(
        1100,
        "privilege group name [Search] is defined by built in privileges or privilege groups in system: invalid parameter",
      ),
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...common,
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: err(
        1100,
        "failed to check if privilege group creatable: privilege group name [g1] is defined by users: invalid parameter",
      ),
    },
  ]);
});

Deno.test("privilege_groups/drop: silent for unknown and built-in, refused while granted (privileges §4.3, §6.4)", async () => {
  const used =
    "privilege group [g1] is used by role [r1], Use REVOKE API to revoke it first";
  const setup = [
    {
      route: "privilege_groups/drop",
      body: { privilegeGroupName: "nothing" },
      json: OK,
    },
    {
      route: "privilege_groups/drop",
      body: { privilegeGroupName: "ClusterAdmin" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "g1",
        dbName: "db1",
        collectionName: "*",
      },
      json: OK,
    },
  ];
  await runCases({ version: "2.5" }, [
    ...setup,
    {
      route: "privilege_groups/drop",
      body: { privilegeGroupName: "g1" },
      json: err(65535, used),
    },
    {
      route: "roles/revoke_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "g1",
        dbName: "db1",
        collectionName: "*",
      },
      json: OK,
    },
    {
      route: "privilege_groups/drop",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
  ]);
  await runCases({ version: "2.6" }, [
    ...setup,
    {
      route: "privilege_groups/drop",
      body: { privilegeGroupName: "g1" },
      json: err(65535, `failed to check if privilege group dropable: ${used}`),
    },
  ]);
});

Deno.test("privilege_groups/add and remove: 2.4/2.5 rules (privileges §4.3, §6.4)", async () => {
  const add = (privileges: string[], name = "g1") => ({
    route: "privilege_groups/add_privileges_to_group",
    body: { privilegeGroupName: name, privileges },
  });
  await runCases({ version: "2.4" }, [
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
    { ...add([]), json: OK },
    { ...add(["Query"]), json: OK },
    {
      ...add(["CreateDatabase"]),
      json: err(65535, "privileges are not the same privilege level"),
    },
    {
      ...add(["Foo"]),
      json: err(65535, "privileges are not the same privilege level"),
    },
    {
      ...add(["Query"], "ClusterAdmin"),
      json: err(
        1100,
        "the privilege group name [ClusterAdmin] is defined by built in privilege groups in system: invalid parameter",
      ),
    },
    {
      ...add(["Query"], "g9"),
      json: err(
        1100,
        "there is no privilege group name [g9] to operate: invalid parameter",
      ),
    },
    {
      route: "privilege_groups/remove_privileges_from_group",
      body: { privilegeGroupName: "g1", privileges: ["Foo"] },
      json: err(
        1100,
        "there is no privilege name or privilege group name [Foo] defined in system to operate: invalid parameter",
      ),
    },
    {
      route: "privilege_groups/remove_privileges_from_group",
      body: { privilegeGroupName: "g1", privileges: ["Query", "Search"] },
      json: OK,
    },
    {
      ...add(["Se-arch"]),
      json: err(
        1100,
        "Privilege can only contain numbers, letters, dollars and underscores, found - at 2: invalid parameter",
      ),
    },
  ]);
});

Deno.test("privilege_groups/add and remove: 2.6 rules (privileges §4.3, §6.4)", async () => {
  const prefix = "failed to check if privilege group alterable: ";
  const add = (privileges: string[], name = "g1") => ({
    route: "privilege_groups/add_privileges_to_group",
    body: { privilegeGroupName: name, privileges },
  });
  await runCases({ version: "2.6" }, [
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g1" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "g2" },
      json: OK,
    },
    {
      ...add([]),
      json: err(
        1100,
        `${prefix}privileges is empty when alter the privilege group: invalid parameter`,
      ),
    },
    {
      ...add(["Query"], "ClusterAdmin"),
      json: err(
        1100,
        `${prefix}there is no privilege group name [ClusterAdmin] defined in system to operate: invalid parameter`,
      ),
    },
    { ...add(["Query"]), json: OK },
    {
      ...add(["CreateDatabase"]),
      json: err(
        1100,
        `${prefix}privileges are not the same privilege level: invalid parameter`,
      ),
    },
    {
      ...add(["Foo"]),
      json: err(
        1100,
        `${prefix}there is no privilege name or privilege group name [Foo] defined in system to operate: invalid parameter`,
      ),
    },
    // 2.6 accepts another custom group as a member.
    { ...add(["g1"], "g2"), json: OK },
  ]);
});

Deno.test("privilege_groups: a granted custom group gives its privileges (privileges §4.3, rbac §3)", async () => {
  const bob = "Bearer bob:bob-pass";
  await runCases({ version: "2.5" }, [
    {
      route: "users/create",
      body: { userName: "bob", password: "bob-pass" },
      json: OK,
    },
    { route: "roles/create", body: { roleName: "r1" }, json: OK },
    {
      route: "users/grant_role",
      body: { userName: "bob", roleName: "r1" },
      json: OK,
    },
    {
      route: "privilege_groups/create",
      body: { privilegeGroupName: "userAdmin" },
      json: OK,
    },
    {
      route: "privilege_groups/add_privileges_to_group",
      body: {
        privilegeGroupName: "userAdmin",
        privileges: ["CreateOwnership", "SelectOwnership"],
      },
      json: OK,
    },
    {
      route: "roles/grant_privilege_v2",
      body: {
        roleName: "r1",
        privilege: "userAdmin",
        dbName: "*",
        collectionName: "*",
      },
      json: OK,
    },
    {
      route: "users/create",
      auth: bob,
      body: { userName: "carol", password: "carol-pass" },
      json: OK,
    },
    {
      route: "users/list",
      auth: bob,
      json: { code: 0, data: ["bob", "carol", "root"] },
    },
    {
      route: "users/drop",
      auth: bob,
      body: { userName: "carol" },
      status: 403,
    },
  ]);
});
