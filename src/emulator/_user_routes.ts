/**
 * The `users/*` routes.
 *
 * @module
 */

import { field } from "./_binding.ts";
import {
  checkName,
  checkPasswordLength,
  checkUsername,
  goTrimSpace,
} from "./_names.ts";
import { hashPassword, verifyPassword } from "./_password_hash.ts";
import { Code, failure, type Reply, success } from "./_reply.ts";
import { on26, type RouteContext } from "./_route_context.ts";

/** The text of a missing role, in every version. */
export const ROLE_NOT_FOUND =
  "not found the role, maybe the role isn't existed or internal system error";
/** The text of a missing user, in every version. */
export const USER_NOT_FOUND =
  "not found the user, maybe the user isn't existed or internal system error";

/** `users/list`: every user name, `root` included. */
export function listUsers(context: RouteContext): Reply {
  return success(context.state.users());
}

/** `users/describe`: the roles of a user; none for an unknown user. */
export function describeUser(context: RouteContext): Reply {
  const name = field(context.body, "userName");
  const problem = checkUsername(name, context.config.version);
  if (problem !== undefined) return problem;

  return success(context.state.rolesOf(name));
}

/** `users/create`. */
export async function createUser(context: RouteContext): Promise<Reply> {
  const { state, config } = context;
  const rawName = field(context.body, "userName");
  const password = field(context.body, "password");

  const problem = checkUsername(rawName, config.version) ??
    checkPasswordLength(
      password,
      config.minPasswordLength,
      config.maxPasswordLength,
    );
  if (problem !== undefined) return problem;

  // 2.6 trims the name before storing it and checks existence first; 2.4
  // and 2.5 store the name as sent and check the limit first.
  const v26 = config.version === "2.6";
  const name = v26 ? goTrimSpace(rawName) : rawName;
  const exists = state.hasUser(name)
    ? failure(Code.unexpected, `user already exists: ${name}`)
    : undefined;
  const full = state.userCount >= config.maxUsers
    ? failure(
      Code.unexpected,
      "unable to add user because the number of users has reached the limit",
    )
    : undefined;
  const refusal = v26 ? exists ?? full : full ?? exists;
  if (refusal !== undefined) return refusal;

  // The user exists at once; the request still waits for its hash.
  const hash = hashPassword(password);
  state.setPassword(name, hash);
  await hash;
  return success();
}

/** `users/update_password`. */
export async function updatePassword(context: RouteContext): Promise<Reply> {
  const { state, config, caller } = context;
  const name = field(context.body, "userName");
  const oldPassword = field(context.body, "password");
  const newPassword = field(context.body, "newPassword");

  const problem = checkPasswordLength(
    newPassword,
    config.minPasswordLength,
    config.maxPasswordLength,
  );
  if (problem !== undefined) return problem;

  // Without authorization there is no caller, so nobody is a superuser.
  const superUser = caller !== undefined && config.superUsers.has(caller.name);
  if (!superUser) {
    const hash = state.passwordOf(name);
    if (hash === undefined || !await verifyPassword(await hash, oldPassword)) {
      return failure(
        Code.notAuthenticated,
        `old password not correct for ${name}: not authenticated`,
      );
    }
  } else if (!state.hasUser(name) && config.version === "2.6") {
    // Before 2.6.6 the update silently created the user; 2.6.18 refuses.
    return failure(
      Code.unexpected,
      "failed to check if update credential: user not found",
    );
  }

  const hash = hashPassword(newPassword);
  state.setPassword(name, hash);
  await hash;
  return success();
}

/** `users/drop`: idempotent, except that root stays. */
export function dropUser(context: RouteContext): Reply {
  const name = field(context.body, "userName");
  if (name === "root") {
    return failure(
      Code.notPermitted,
      "root user cannot be deleted: privilege not permitted",
    );
  }

  context.state.deleteUser(name);
  return success();
}

function checkUserRole(context: RouteContext): Reply | undefined {
  const { version } = context.config;
  return checkUsername(field(context.body, "userName"), version) ??
    checkName(field(context.body, "roleName"), "role name", version);
}

/** `users/grant_role`. */
export function grantRole(context: RouteContext): Reply {
  const problem = checkUserRole(context);
  if (problem !== undefined) return problem;

  const { state } = context;
  const user = field(context.body, "userName");
  const role = field(context.body, "roleName");
  if (!state.hasRole(role)) return failure(Code.unexpected, ROLE_NOT_FOUND);
  if (!state.hasUser(user)) {
    return failure(
      Code.unexpected,
      on26(context, "failed to check if operate user role", USER_NOT_FOUND),
    );
  }

  state.addUserRole(user, role);
  return success();
}

/** `users/revoke_role`: the user need not exist. */
export function revokeRole(context: RouteContext): Reply {
  const problem = checkUserRole(context);
  if (problem !== undefined) return problem;

  const { state } = context;
  const role = field(context.body, "roleName");
  if (!state.hasRole(role)) return failure(Code.unexpected, ROLE_NOT_FOUND);

  state.removeUserRole(field(context.body, "userName"), role);
  return success();
}
