import { assertEquals, assertRejects } from "@std/assert";
import {
  addPrivilegesToGroup,
  AuthenticationError,
  type Connection,
  Connections,
  createPrivilegeGroup,
  createUser,
  deleteUser,
  dropPrivilegeGroup,
  type GrantEntry,
  listPrivilegeGroups,
  listRoles,
  listUsers,
  type PrivilegeGroupInfo,
  Role,
  type RoleInfo,
  updatePassword,
  type UserInfo,
} from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";

interface Snapshot {
  users: UserInfo[];
  roles: RoleInfo[];
  grants: Record<string, GrantEntry[]>;
  groups: PrivilegeGroupInfo[];
}

// Everything the scenario may touch: users and their roles, roles and their
// users, every role's grants in every database, and the privilege groups.
async function snapshot(using: Connection): Promise<Snapshot> {
  const roles = await listRoles({ includeUserInfo: true, using });
  const grants: Record<string, GrantEntry[]> = {};
  for (const { role } of roles) {
    grants[role] = await new Role(role, { using }).listGrants({ dbName: "*" });
  }
  return {
    users: await listUsers({ includeRoleInfo: true, using }),
    roles,
    grants,
    groups: await listPrivilegeGroups({ using }),
  };
}

async function provision(
  registry: Connections,
  connect: (user: string, password: string) => Connection,
): Promise<void> {
  const using = connect("root", "Milvus");
  const before = await snapshot(using);

  // A privilege group and a role holding it plus one single privilege.
  await createPrivilegeGroup({ privilegeGroup: "book_readers", using });
  await addPrivilegesToGroup({
    privilegeGroup: "book_readers",
    privileges: ["Query", "Search"],
    using,
  });
  const librarian = new Role("librarian", { using });
  await librarian.create();
  await librarian.grant({
    objectType: "Collection",
    objectName: "books",
    privilege: "Insert",
  });
  await librarian.grantV2({
    privilege: "book_readers",
    collectionName: "books",
  });

  // Two users holding the role.
  for (const user of ["alice", "bob"]) {
    await createUser({ user, password: `${user}-first-pass`, using });
    await librarian.addUser({ user });
  }

  // Who has what.
  const roles = await listRoles({ includeUserInfo: true, using });
  assertEquals(
    roles.find((info) => info.role === "librarian")?.users,
    ["alice", "bob"],
  );
  assertEquals(await librarian.getUsers(), ["alice", "bob"]);
  assertEquals(await librarian.listGrants(), [
    {
      objectType: "Collection",
      objectName: "books",
      privilege: "Insert",
      dbName: "default",
      grantor: "root",
    },
    {
      objectType: "Global",
      objectName: "books",
      privilege: "book_readers",
      dbName: "default",
      grantor: "root",
    },
  ]);
  const users = await listUsers({ includeRoleInfo: true, using });
  assertEquals(users.find((info) => info.user === "alice")?.roles, [
    "librarian",
  ]);

  // Rotate alice's password: the new one works, the old one no longer does.
  await updatePassword({
    user: "alice",
    oldPassword: "alice-first-pass",
    newPassword: "alice-second-pass",
    using,
  });
  const alice = connect("alice", "alice-second-pass");
  await alice.verify();
  assertEquals(
    (await new Role("librarian", { using: alice }).listGrants()).length,
    2,
  );
  await assertRejects(
    () => connect("alice", "alice-first-pass").verify(),
    AuthenticationError,
  );

  // Take it all down again.
  await librarian.revoke({
    objectType: "Collection",
    objectName: "books",
    privilege: "Insert",
  });
  await librarian.revokeV2({
    privilege: "book_readers",
    collectionName: "books",
  });
  for (const user of ["alice", "bob"]) {
    await librarian.removeUser({ user });
    await deleteUser({ user, using });
  }
  await librarian.drop();
  await dropPrivilegeGroup({ privilegeGroup: "book_readers", using });

  assertEquals(await snapshot(using), before);
  for (const { alias } of registry.listConnections()) {
    registry.removeConnection(alias);
  }
}

Deno.test("provisioning a role, grants, a group and users leaves the server as it was", async () => {
  const emulator = new MilvusEmulator();
  const registry = new Connections();
  let count = 0;

  await provision(registry, (user, password) =>
    registry.connect({
      alias: `${user}-${count++}`,
      user,
      password,
      fetch: emulator.fetch,
    }));
});

Deno.test("provisioning works the same over HTTP", async () => {
  const emulator = new MilvusEmulator();
  const server = await serveEmulator(emulator);
  const registry = new Connections();
  let count = 0;

  try {
    await provision(registry, (user, password) =>
      registry.connect({
        alias: `${user}-${count++}`,
        uri: server.url,
        user,
        password,
      }));
  } finally {
    await server.close();
  }
});
