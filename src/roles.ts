/**
 * Listing roles, with {@linkcode listRoles}. The operations on one role are
 * methods of {@linkcode Role}.
 *
 * @module
 */
import { withBudget } from "./_budget.ts";
import { membersByRole } from "./_role_members.ts";
import { roleNames, userNames } from "./_name_lists.ts";
import { readOptionsWithUsing } from "./_input.ts";
import { optionalBoolean } from "./_validate.ts";
import type { CallOptions } from "./users.ts";

/** A role and, when asked for, the users that hold it. */
export interface RoleInfo {
  /** The role name. */
  role: string;
  /** The users holding the role; empty unless user information was asked for. */
  users: string[];
}

/** Options of {@linkcode listRoles}. */
export interface ListRolesOptions extends CallOptions {
  /**
   * Whether to include the users holding each role. REST has no route for
   * that, so it costs one `users/list` and one `users/describe` per user.
   * @default {false}
   */
  includeUserInfo?: boolean;
}

/**
 * Lists every role (`roles/list`), the built-in `admin` and `public`
 * included, like pymilvus's `utility.list_roles()`.
 *
 * With `includeUserInfo`, REST has no single route for the users of every
 * role, so this also lists the users (`users/list`) and describes each one
 * (`users/describe`), a few requests at a time, all within one timeout. That
 * needs the privileges of those routes: `SelectOwnership` and `SelectUser`.
 *
 * @param options Whether to include users, and call options.
 * @returns One entry per role, in the server's order; users in the order of
 * `users/list`.
 * @throws {InputError} For malformed options; nothing is sent.
 * @throws {PermissionDeniedError} When the caller may not list roles or
 * users, or describe a user.
 * @throws {ClientTimeoutError} When all the requests together outlast the
 * timeout.
 *
 * @example Listing roles with their users
 * ```ts
 * import { Connections, createUser, listRoles, Role } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createUser({ user: "alice", password: "s3cret-pass", using });
 * const reader = new Role("reader", { using });
 * await reader.create();
 * await reader.addUser({ user: "alice" });
 *
 * assertEquals(await listRoles({ includeUserInfo: true, using }), [
 *   { role: "admin", users: [] },
 *   { role: "public", users: [] },
 *   { role: "reader", users: ["alice"] },
 * ]);
 * ```
 */
export async function listRoles(
  options?: ListRolesOptions,
): Promise<RoleInfo[]> {
  const action = "list roles";
  const { state, fields, call } = readOptionsWithUsing(
    options,
    ["includeUserInfo"],
    action,
  );
  const includeUserInfo = optionalBoolean(
    fields.includeUserInfo,
    "includeUserInfo",
    action,
  );

  if (!includeUserInfo) {
    const roles = await roleNames(state, action, call);
    return roles.map((role) => ({ role, users: [] }));
  }

  return await withBudget(state, call, action, async (budget) => {
    const [roles, users] = await Promise.all([
      roleNames(state, action, budget),
      userNames(state, action, budget),
    ]);
    const members = await membersByRole(state, users, action, budget);
    return roles.map((role) => ({ role, users: members.get(role) ?? [] }));
  });
}
