/**
 * The RBAC routes of the Milvus REST v2 API: request struct, database
 * source, required privilege and handler of each.
 *
 * @module
 */

import type { RequiredPrivilege } from "./_authorize.ts";
import { type Body, field, type StructSpec } from "./_binding.ts";
import type { MilvusVersion } from "./_catalog.ts";
import { operatePrivilegeV1, operatePrivilegeV2 } from "./_grant_routes.ts";
import {
  alterGroup,
  createGroup,
  dropGroup,
  listGroups,
} from "./_group_routes.ts";
import {
  createRole,
  describeRole,
  dropRole,
  listRoles,
} from "./_role_routes.ts";
import type { Handler } from "./_route_context.ts";
import {
  createUser,
  describeUser,
  dropUser,
  grantRole,
  listUsers,
  revokeRole,
  updatePassword,
} from "./_user_routes.ts";

/** The name of a route: its path after `/v2/vectordb/`. */
export type MilvusRoute =
  | "users/list"
  | "users/describe"
  | "users/create"
  | "users/update_password"
  | "users/drop"
  | "users/grant_role"
  | "users/revoke_role"
  | "roles/list"
  | "roles/describe"
  | "roles/create"
  | "roles/drop"
  | "roles/grant_privilege"
  | "roles/revoke_privilege"
  | "roles/grant_privilege_v2"
  | "roles/revoke_privilege_v2"
  | "privilege_groups/create"
  | "privilege_groups/drop"
  | "privilege_groups/list"
  | "privilege_groups/add_privileges_to_group"
  | "privilege_groups/remove_privileges_from_group";

/** How one route works. */
export interface Route {
  readonly struct: StructSpec;
  /** Whether the body's `dbName` names the request's database. */
  readonly bodyDatabase: (version: MilvusVersion) => boolean;
  readonly privilege: (body: Body) => RequiredPrivilege;
  /** Whether a caller holding the described role passes without privilege. */
  readonly ownRole?: boolean;
  readonly handle: Handler;
}

const required = true;
const DATABASE_REQ: StructSpec = {
  name: "DatabaseReq",
  fields: [{ json: "dbName", go: "DbName" }],
};
const USER_REQ: StructSpec = {
  name: "UserReq",
  fields: [{ json: "userName", go: "UserName", required }],
};
const PASSWORD_REQ: StructSpec = {
  name: "PasswordReq",
  fields: [
    { json: "userName", go: "UserName", required },
    { json: "password", go: "Password", required },
  ],
};
const NEW_PASSWORD_REQ: StructSpec = {
  name: "NewPasswordReq",
  fields: [
    { json: "userName", go: "UserName", required },
    { json: "password", go: "Password", required },
    { json: "newPassword", go: "NewPassword", required },
  ],
};
const USER_ROLE_REQ: StructSpec = {
  name: "UserRoleReq",
  fields: [
    { json: "userName", go: "UserName", required },
    { json: "roleName", go: "RoleName", required },
  ],
};
const ROLE_REQ: StructSpec = {
  name: "RoleReq",
  fields: [
    { json: "dbName", go: "DbName" },
    { json: "roleName", go: "RoleName", required },
  ],
};
const GRANT_REQ: StructSpec = {
  name: "GrantReq",
  fields: [
    { json: "roleName", go: "RoleName", required },
    { json: "objectType", go: "ObjectType", required },
    { json: "objectName", go: "ObjectName", required },
    { json: "privilege", go: "Privilege", required },
    { json: "dbName", go: "DbName" },
  ],
};
const GRANT_V2_REQ: StructSpec = {
  name: "GrantV2Req",
  fields: [
    { json: "roleName", go: "RoleName", required },
    { json: "dbName", go: "DbName" },
    { json: "collectionName", go: "CollectionName" },
    { json: "privilege", go: "Privilege", required },
  ],
};
const PRIVILEGE_GROUP_REQ: StructSpec = {
  name: "PrivilegeGroupReq",
  fields: [
    { json: "privilegeGroupName", go: "PrivilegeGroupName", required },
    { json: "privileges", go: "Privileges", list: true },
  ],
};

function never(): boolean {
  return false;
}

function always(): boolean {
  return true;
}

// Only 2.6 reads the database of a v2 grant from its body.
function only26(version: MilvusVersion): boolean {
  return version === "2.6";
}

function global(privilege: string): (body: Body) => RequiredPrivilege {
  return () => ({ objectType: "Global", privilege, objectName: "*" });
}

function onUser(privilege: string): (body: Body) => RequiredPrivilege {
  return (body) => ({
    objectType: "User",
    privilege,
    objectName: field(body, "userName"),
  });
}

/** Every route by name. */
export const ROUTES: ReadonlyMap<string, Route> = new Map<MilvusRoute, Route>([
  ["users/list", {
    struct: DATABASE_REQ,
    bodyDatabase: always,
    privilege: global("SelectOwnership"),
    handle: listUsers,
  }],
  ["users/describe", {
    struct: USER_REQ,
    bodyDatabase: never,
    privilege: onUser("SelectUser"),
    handle: describeUser,
  }],
  ["users/create", {
    struct: PASSWORD_REQ,
    bodyDatabase: never,
    privilege: global("CreateOwnership"),
    handle: createUser,
  }],
  ["users/update_password", {
    struct: NEW_PASSWORD_REQ,
    bodyDatabase: never,
    privilege: onUser("UpdateUser"),
    handle: updatePassword,
  }],
  ["users/drop", {
    struct: USER_REQ,
    bodyDatabase: never,
    privilege: global("DropOwnership"),
    handle: dropUser,
  }],
  ["users/grant_role", {
    struct: USER_ROLE_REQ,
    bodyDatabase: never,
    privilege: global("ManageOwnership"),
    handle: grantRole,
  }],
  ["users/revoke_role", {
    struct: USER_ROLE_REQ,
    bodyDatabase: never,
    privilege: global("ManageOwnership"),
    handle: revokeRole,
  }],
  ["roles/list", {
    struct: DATABASE_REQ,
    bodyDatabase: always,
    privilege: global("SelectOwnership"),
    handle: listRoles,
  }],
  ["roles/describe", {
    struct: ROLE_REQ,
    bodyDatabase: always,
    privilege: global("SelectOwnership"),
    ownRole: true,
    handle: describeRole,
  }],
  ["roles/create", {
    struct: ROLE_REQ,
    bodyDatabase: always,
    privilege: global("CreateOwnership"),
    handle: createRole,
  }],
  ["roles/drop", {
    struct: ROLE_REQ,
    bodyDatabase: always,
    privilege: global("DropOwnership"),
    handle: dropRole,
  }],
  ["roles/grant_privilege", {
    struct: GRANT_REQ,
    bodyDatabase: always,
    privilege: global("ManageOwnership"),
    handle: (context) => operatePrivilegeV1(context, false),
  }],
  ["roles/revoke_privilege", {
    struct: GRANT_REQ,
    bodyDatabase: always,
    privilege: global("ManageOwnership"),
    handle: (context) => operatePrivilegeV1(context, true),
  }],
  ["roles/grant_privilege_v2", {
    struct: GRANT_V2_REQ,
    bodyDatabase: only26,
    privilege: global("ManageOwnership"),
    handle: (context) => operatePrivilegeV2(context, false),
  }],
  ["roles/revoke_privilege_v2", {
    struct: GRANT_V2_REQ,
    bodyDatabase: only26,
    privilege: global("ManageOwnership"),
    handle: (context) => operatePrivilegeV2(context, true),
  }],
  ["privilege_groups/create", {
    struct: PRIVILEGE_GROUP_REQ,
    bodyDatabase: never,
    privilege: global("CreatePrivilegeGroup"),
    handle: createGroup,
  }],
  ["privilege_groups/drop", {
    struct: PRIVILEGE_GROUP_REQ,
    bodyDatabase: never,
    privilege: global("DropPrivilegeGroup"),
    handle: dropGroup,
  }],
  ["privilege_groups/list", {
    struct: DATABASE_REQ,
    bodyDatabase: always,
    privilege: global("ListPrivilegeGroups"),
    handle: listGroups,
  }],
  ["privilege_groups/add_privileges_to_group", {
    struct: PRIVILEGE_GROUP_REQ,
    bodyDatabase: never,
    privilege: global("OperatePrivilegeGroup"),
    handle: (context) => alterGroup(context, true),
  }],
  ["privilege_groups/remove_privileges_from_group", {
    struct: PRIVILEGE_GROUP_REQ,
    bodyDatabase: never,
    privilege: global("OperatePrivilegeGroup"),
    handle: (context) => alterGroup(context, false),
  }],
]);
