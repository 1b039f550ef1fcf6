/**
 * `roles/grant_privilege`, `roles/revoke_privilege` and their `_v2` forms.
 *
 * @module
 */

import { field } from "./_binding.ts";
import {
  OBJECT_TYPES,
  RELATED_PRIVILEGES,
  storedPrivilegeName,
} from "./_catalog.ts";
import type { Grant } from "./_model.ts";
import { checkCollectionName, checkDatabaseName, checkName } from "./_names.ts";
import { Code, type Failure, failure, type Reply, success } from "./_reply.ts";
import { on26, type RouteContext } from "./_route_context.ts";
import { ROLE_NOT_FOUND, USER_NOT_FOUND } from "./_user_routes.ts";

const COMMON_CHECK = "failed to operate privilege common check";

function checkPrivilegeFormat(context: RouteContext): Failure | undefined {
  const privilege = field(context.body, "privilege");
  if (privilege === "*") return undefined;
  return checkName(privilege, "Privilege", context.config.version);
}

// The grantor is the caller; without authorization there is none.
function grantorOf(context: RouteContext): string | Failure {
  if (context.caller !== undefined) return context.caller.name;
  return failure(
    Code.unexpected,
    "fail to get authorization from the md, authorization:[token]",
  );
}

// 2.6 resolves a concrete collection name as an alias first, which fails
// for the pseudo-database `*`.
// Databases are not modelled: every other database name is taken to exist.
function checkAliasDatabase(
  context: RouteContext,
  dbName: string,
  objectName: string,
): Failure | undefined {
  if (context.config.version !== "2.6") return undefined;
  if (dbName !== "*" || objectName === "*" || objectName === "") {
    return undefined;
  }
  return failure(Code.databaseNotFound, "database not found[database=*]");
}

function checkRoleAndGrantor(
  context: RouteContext,
  grantor: string,
): Failure | undefined {
  const role = field(context.body, "roleName");
  if (!context.state.hasRole(role)) {
    return failure(
      Code.unexpected,
      on26(context, COMMON_CHECK, ROLE_NOT_FOUND),
    );
  }
  if (!context.state.hasUser(grantor)) {
    return failure(
      Code.unexpected,
      on26(context, COMMON_CHECK, USER_NOT_FOUND),
    );
  }
  return undefined;
}

function isGroup(context: RouteContext, name: string): boolean {
  return context.catalog.builtInGroups.has(name) ||
    context.state.hasGroup(name);
}

// Load and Flush bring their companion privileges along, on the same object.
function apply(context: RouteContext, grant: Grant, revoke: boolean): Reply {
  const related = RELATED_PRIVILEGES.get(grant.privilege) ?? [];
  for (const privilege of [grant.privilege, ...related]) {
    const stored = storedPrivilegeName(privilege, isGroup(context, privilege));
    const entry = { ...grant, privilege, stored };
    if (revoke) context.state.removeGrant(entry);
    else context.state.addGrant(entry);
  }
  return success();
}

function checkPrivilegeV1(
  context: RouteContext,
  privilege: string,
  objectType: string,
): Failure | undefined {
  if (privilege === "*") return undefined;
  if (context.state.hasGroup(privilege)) {
    return failure(
      Code.unexpected,
      `can not operate the custom privilege group [${privilege}]`,
    );
  }
  if (context.catalog.builtInGroups.has(privilege)) {
    return failure(
      Code.unexpected,
      `can not operate the built-in privilege group [${privilege}]`,
    );
  }
  const allowed = context.catalog.byObjectType.get(objectType);
  if (context.catalog.defined.has(privilege) && allowed?.has(privilege)) {
    return undefined;
  }
  return failure(
    Code.unexpected,
    `not found the privilege name[${privilege}] in object[${objectType}]`,
  );
}

/**
 * The first grant API: a privilege on an object type and object name.
 *
 * @param context The request.
 * @param revoke Whether to revoke instead of grant.
 * @returns The reply.
 */
export function operatePrivilegeV1(
  context: RouteContext,
  revoke: boolean,
): Reply {
  const { version } = context.config;
  const privilege = field(context.body, "privilege");
  const objectType = field(context.body, "objectType");
  const objectName = field(context.body, "objectName");

  const problem = checkPrivilegeFormat(context) ??
    checkName(objectType, "ObjectType", version) ??
    (objectName === "*"
      ? undefined
      : checkName(objectName, "object name", version)) ??
    checkName(field(context.body, "roleName"), "role name", version);
  if (problem !== undefined) return problem;

  const grantor = grantorOf(context);
  if (typeof grantor !== "string") return grantor;

  const aliasProblem = objectType === "Collection"
    ? checkAliasDatabase(context, context.dbName, objectName)
    : undefined;
  if (aliasProblem !== undefined) return aliasProblem;

  if (!OBJECT_TYPES.includes(objectType)) {
    return failure(
      Code.unexpected,
      on26(
        context,
        COMMON_CHECK,
        "the object entity in the request is nil or invalid",
      ),
    );
  }
  const refusal = checkRoleAndGrantor(context, grantor) ??
    checkPrivilegeV1(context, privilege, objectType);
  if (refusal !== undefined) return refusal;

  // Global grants apply to every object, except the legacy Admin group.
  const forceAll = objectType === "Global" && privilege !== "Admin";
  return apply(context, {
    role: field(context.body, "roleName"),
    objectType,
    dbName: context.dbName,
    objectName: forceAll ? "*" : objectName,
    privilege,
    stored: "",
    grantor,
  }, revoke);
}

function checkLevel(
  context: RouteContext,
  privilege: string,
  dbName: string,
  collectionName: string,
): Failure | undefined {
  const { catalog, state } = context;
  const members = catalog.builtInGroups.get(privilege) ??
    (state.hasGroup(privilege) ? state.groupMembers(privilege) : []);
  const first = members[0];
  if (first === undefined) return undefined;

  switch (catalog.levelOf(first)) {
    case "Cluster":
      if (dbName === "*" && collectionName === "*") return undefined;
      return failure(
        Code.invalidParameter,
        `dbName and collectionName should be * for the cluster level privilege: ${privilege}: invalid parameter`,
      );
    case "Database":
      if (collectionName === "" || collectionName === "*") return undefined;
      return failure(
        Code.invalidParameter,
        `collectionName should be * for the database level privilege: ${privilege}: invalid parameter`,
      );
    case "Collection":
      if (dbName !== "*" || collectionName === "*") return undefined;
      return failure(
        Code.invalidParameter,
        `please specify database name for the collection level privilege: ${privilege}: invalid parameter`,
      );
    case "":
      return failure(Code.unexpected, "not found the privilege level");
  }
}

function objectTypeV2(context: RouteContext, privilege: string): string {
  const lists = context.catalog.byObjectType;
  if (lists.get("Collection")?.has(privilege)) return "Collection";
  if (lists.get("User")?.has(privilege)) return "User";
  return "Global";
}

/**
 * The second grant API: a privilege or group on a database and collection.
 *
 * @param context The request.
 * @param revoke Whether to revoke instead of grant.
 * @returns The reply.
 */
export function operatePrivilegeV2(
  context: RouteContext,
  revoke: boolean,
): Reply {
  const { version } = context.config;
  const privilege = field(context.body, "privilege");
  const dbName = field(context.body, "dbName");
  const collectionName = field(context.body, "collectionName");

  const problem =
    checkName(field(context.body, "roleName"), "role name", version) ??
      checkPrivilegeFormat(context) ??
      (dbName === "" || dbName === "*"
        ? undefined
        : checkDatabaseName(dbName)) ??
      checkCollectionName(collectionName);
  if (problem !== undefined) return problem;

  const grantor = grantorOf(context);
  if (typeof grantor !== "string") return grantor;

  const refusal = checkAliasDatabase(context, dbName, collectionName) ??
    checkRoleAndGrantor(context, grantor);
  if (refusal !== undefined) return refusal;

  const known = privilege === "*" || context.state.hasGroup(privilege) ||
    context.catalog.defined.has(privilege);
  if (!known) {
    return failure(
      Code.unexpected,
      `not found the privilege name[${privilege}]`,
    );
  }
  const levelProblem = checkLevel(context, privilege, dbName, collectionName);
  if (levelProblem !== undefined) return levelProblem;

  return apply(context, {
    role: field(context.body, "roleName"),
    objectType: objectTypeV2(context, privilege),
    dbName: dbName === "" ? "default" : dbName,
    objectName: collectionName,
    privilege,
    stored: "",
    grantor,
  }, revoke);
}
