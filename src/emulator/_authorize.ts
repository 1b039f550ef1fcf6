/**
 * Whether a caller may run a route: the privilege check that runs after the
 * body is decoded and before the operation.
 *
 * @module
 */

import type { Catalog } from "./_catalog.ts";
import type { Grant, RbacState } from "./_model.ts";

/** The privilege a route needs, on which object. */
export interface RequiredPrivilege {
  readonly objectType: "Global" | "User";
  /** The API name, e.g. `UpdateUser`. */
  readonly privilege: string;
  /** `*` for Global privileges, the target user for User privileges. */
  readonly objectName: string;
}

function objectMatches(pattern: string, name: string): boolean {
  return pattern === "*" || pattern === name;
}

function groupMembers(
  grant: Grant,
  catalog: Catalog,
  state: RbacState,
): readonly string[] | undefined {
  return catalog.legacyGroups.get(grant.privilege) ??
    catalog.builtInGroups.get(grant.privilege) ??
    (state.hasGroup(grant.privilege)
      ? state.groupMembers(grant.privilege)
      : undefined);
}

// A grant covers the request when its database matches and either it names
// the privilege (or `*`) on the same kind of object, or it is a group that
// contains the privilege, or it is `All`. Groups span object types because
// their members do: ClusterAdmin holds both Global and User privileges.
function covers(
  grant: Grant,
  required: RequiredPrivilege,
  dbName: string,
  catalog: Catalog,
  state: RbacState,
): boolean {
  if (grant.dbName !== "*" && grant.dbName !== dbName) return false;
  if (grant.privilege === "All") return true;
  if (!objectMatches(grant.objectName, required.objectName)) return false;

  if (grant.privilege === required.privilege || grant.privilege === "*") {
    return grant.objectType === required.objectType;
  }
  return groupMembers(grant, catalog, state)?.includes(required.privilege) ??
    false;
}

/**
 * Tells whether a user holds a privilege through its roles. Every user also
 * holds `public`; `root` and holders of `admin` may do anything.
 *
 * @param caller The user name.
 * @param required The privilege and object.
 * @param dbName The database of the request.
 * @param catalog The privilege catalog.
 * @param state The roles and grants.
 * @returns Whether the request may go on.
 */
// common.security.rootShouldBindRole=true (root checked like others) is not
// modelled: root always passes, as with the default.
export function isPermitted(
  caller: string,
  required: RequiredPrivilege,
  dbName: string,
  catalog: Catalog,
  state: RbacState,
): boolean {
  if (caller === "root") return true;

  const roles = [...state.rolesOf(caller), "public"];
  if (roles.includes("admin")) return true;

  // Users may always read and change their own account.
  if (required.objectType === "User" && required.objectName === caller) {
    return true;
  }

  return roles.some((role) =>
    state.grantsOf(role).some((grant) =>
      covers(grant, required, dbName, catalog, state)
    )
  );
}
