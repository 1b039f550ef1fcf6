/**
 * The `roles/*` routes other than grants.
 *
 * @module
 */

import { field } from "./_binding.ts";
import { checkName } from "./_names.ts";
import { Code, failure, type Reply, success } from "./_reply.ts";
import { on26, type RouteContext } from "./_route_context.ts";
import { ROLE_NOT_FOUND } from "./_user_routes.ts";

/** The roles Milvus creates at start and never drops. */
export const DEFAULT_ROLES: readonly string[] = ["admin", "public"];

function checkRoleName(context: RouteContext): Reply | undefined {
  return checkName(
    field(context.body, "roleName"),
    "role name",
    context.config.version,
  );
}

// Go prints a string in protobuf text form with escapes like %q.
function protoText(name: string): string {
  return `name:${JSON.stringify(name)}`;
}

/** `roles/list`: every role, built-in ones included. */
export function listRoles(context: RouteContext): Reply {
  return success(context.state.roles());
}

/**
 * `roles/describe`: the role's grants in the request's database and in `*`,
 * or in every database when the request names `*`.
 */
export function describeRole(context: RouteContext): Reply {
  const problem = checkRoleName(context);
  if (problem !== undefined) return problem;

  const role = field(context.body, "roleName");
  if (!context.state.hasRole(role)) {
    return failure(Code.unexpected, ROLE_NOT_FOUND);
  }

  const db = context.dbName;
  const grants = context.state.grantsOf(role)
    .filter((grant) =>
      db === "*" || grant.dbName === db || grant.dbName === "*"
    )
    .map((grant) => ({
      dbName: grant.dbName,
      grantor: grant.grantor,
      objectName: grant.objectName,
      objectType: grant.objectType,
      privilege: grant.privilege,
    }));
  return success(grants);
}

/** `roles/create`. The name is stored as sent, surrounding spaces too. */
export function createRole(context: RouteContext): Reply {
  const problem = checkRoleName(context);
  if (problem !== undefined) return problem;

  const { state, config } = context;
  const name = field(context.body, "roleName");
  const exists = state.hasRole(name)
    ? failure(Code.unexpected, `role [${protoText(name)}] already exists`)
    : undefined;
  const full = state.roleCount >= config.maxRoles
    ? failure(
      Code.unexpected,
      "unable to create role because the number of roles has reached the limit",
    )
    : undefined;
  const refusal = config.version === "2.6" ? exists ?? full : full ?? exists;
  if (refusal !== undefined) return refusal;

  state.addRole(name);
  return success();
}

/** `roles/drop`: only roles without grants, never `admin` or `public`. */
export function dropRole(context: RouteContext): Reply {
  const problem = checkRoleName(context);
  if (problem !== undefined) return problem;

  const { state } = context;
  const name = field(context.body, "roleName");
  if (DEFAULT_ROLES.includes(name)) {
    return failure(
      Code.notPermitted,
      `the role[${name}] is a default role, which can't be dropped: privilege not permitted`,
    );
  }
  if (!state.hasRole(name)) return failure(Code.unexpected, ROLE_NOT_FOUND);
  if (state.grantsOf(name).length > 0) {
    return failure(
      Code.unexpected,
      on26(
        context,
        "failed to check if drop role",
        "fail to drop the role that it has privileges. Use REVOKE API to revoke privileges",
      ),
    );
  }

  state.deleteRole(name);
  return success();
}
