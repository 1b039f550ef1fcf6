/**
 * User operations: create, delete and list users, and read their roles.
 * Password changes are in {@linkcode updatePassword}.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import { call } from "./_request.ts";
import { DESCRIBE_CONCURRENCY, rolesOfUser, userNames } from "./_name_lists.ts";
import { checkAgainstPolicy } from "./_password_check.ts";
import { mapLimit } from "./_concurrency.ts";
import { withBudget } from "./_budget.ts";
import { optionalBoolean, requireText } from "./_validate.ts";
import { readOptionsWithUsing } from "./_input.ts";

/** Options every operation accepts. */
export interface CallOptions {
  /**
   * The alias of a connection in the default map, or a connection.
   * @default {"default"}
   */
  using?: string | Connection;
  /**
   * The time limit in milliseconds, or `null` for none; it covers retries.
   * @default {the connection's timeout}
   */
  timeout?: number | null;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** A user and, when asked for, the names of its roles. */
export interface UserInfo {
  /** The user name. */
  user: string;
  /** The user's role names; empty unless role information was asked for. */
  roles: string[];
}

/** Options of {@linkcode createUser}. */
export interface CreateUserOptions extends CallOptions {
  /** The new user's name. */
  user: string;
  /** The new user's password. */
  password: string;
}

/** Options of {@linkcode deleteUser}. */
export interface DeleteUserOptions extends CallOptions {
  /** The user to delete. */
  user: string;
}

/** Options of {@linkcode listUser}. */
export interface ListUserOptions extends CallOptions {
  /** The user to describe. */
  user: string;
  /**
   * Whether to include the user's role names.
   * @default {false}
   */
  includeRoleInfo?: boolean;
}

/** Options of {@linkcode listUsers}. */
export interface ListUsersOptions extends CallOptions {
  /**
   * Whether to include each user's role names, at one extra request per
   * user.
   * @default {false}
   */
  includeRoleInfo?: boolean;
}

/**
 * Creates a user (`users/create`).
 *
 * @param options The user name, password and call options.
 * @returns Nothing, once the user exists.
 * @throws {InputError} For missing or malformed options; nothing is sent.
 * @throws {ServerError} For example 65535 when the user already exists or the
 * user limit is reached, 1100 for a bad name or password length.
 *
 * @example Creating a user
 * ```ts
 * import { Connections, createUser, listUsernames } from "@milvus-rbac/client";
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
 * assertEquals((await listUsernames({ using })).includes("alice"), true);
 * ```
 */
export async function createUser(options: CreateUserOptions): Promise<void> {
  const action = "create user";
  const { state, call: budget, fields: checked } = readOptionsWithUsing(
    options,
    ["user", "password"],
    action,
  );
  const user = requireText(checked.user, "user", action);
  const password = requireText(checked.password, "password", action);
  checkAgainstPolicy(state, password, "password", action);

  await call(state, {
    action,
    route: "users/create",
    body: { userName: user, password },
    secrets: [password],
  }, budget);
}

/**
 * Deletes a user (`users/drop`). Deleting a user that does not exist
 * succeeds, as in Milvus.
 *
 * @param options The user name and call options.
 * @returns Nothing, once the user is gone.
 * @throws {ServerError} With code 1401 for `root`.
 *
 * @example Deleting a user
 * ```ts
 * import { Connections, createUser, deleteUser } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createUser({ user: "temp", password: "temporary", using });
 * await deleteUser({ user: "temp", using });
 * ```
 */
export async function deleteUser(options: DeleteUserOptions): Promise<void> {
  const action = "delete user";
  const { state, call: budget, fields: checked } = readOptionsWithUsing(
    options,
    ["user"],
    action,
  );
  const user = requireText(checked.user, "user", action);

  await call(state, {
    action,
    route: "users/drop",
    body: { userName: user },
  }, budget);
}

/**
 * Lists the names of all users (`users/list`), `root` included.
 *
 * @param options Call options.
 * @returns The user names.
 *
 * @example Listing user names
 * ```ts
 * import { Connections, listUsernames } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * assertEquals(await listUsernames({ using }), ["root"]);
 * ```
 */
export async function listUsernames(options?: CallOptions): Promise<string[]> {
  const action = "list usernames";
  const { state, call: budget } = readOptionsWithUsing(options, [], action);

  return await userNames(state, action, budget);
}

/**
 * Describes one user (`users/describe`). Milvus answers an unknown user
 * with no roles rather than an error, so this cannot tell a missing user
 * from one without roles; use {@linkcode listUsernames} for that.
 *
 * @param options The user name, whether to include roles, call options.
 * @returns The user and, if asked for, its role names.
 *
 * @example Reading a user's roles
 * ```ts
 * import { Connections, listUser } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * const info = await listUser({ user: "root", includeRoleInfo: true, using });
 * assertEquals(info, { user: "root", roles: [] });
 * ```
 */
export async function listUser(options: ListUserOptions): Promise<UserInfo> {
  const action = "list user";
  const { state, call: budget, fields: checked } = readOptionsWithUsing(
    options,
    ["user", "includeRoleInfo"],
    action,
  );
  const user = requireText(checked.user, "user", action);
  const includeRoleInfo = optionalBoolean(
    checked.includeRoleInfo,
    "includeRoleInfo",
    action,
  );

  const roles = await rolesOfUser(state, user, action, budget);
  return { user, roles: includeRoleInfo ? roles : [] };
}

/**
 * Lists every user (`users/list`). With `includeRoleInfo`, REST has no single
 * route for the roles of every user, so this also describes each user, a few
 * requests at a time, all within one timeout.
 *
 * @param options Whether to include roles, and call options.
 * @returns One entry per user.
 *
 * @example Listing users with their roles
 * ```ts
 * import { Connections, listUsers } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * assertEquals(await listUsers({ includeRoleInfo: true, using }), [
 *   { user: "root", roles: [] },
 * ]);
 * ```
 */
export async function listUsers(
  options?: ListUsersOptions,
): Promise<UserInfo[]> {
  const action = "list users";
  const { state, call: budget, fields: checked } = readOptionsWithUsing(
    options,
    ["includeRoleInfo"],
    action,
  );
  const includeRoleInfo = optionalBoolean(
    checked.includeRoleInfo,
    "includeRoleInfo",
    action,
  );

  return await withBudget(
    state,
    budget,
    action,
    async (shared) => {
      const users = await userNames(state, action, shared);
      if (!includeRoleInfo) return users.map((user) => ({ user, roles: [] }));

      return await mapLimit(users, DESCRIBE_CONCURRENCY, async (user) => ({
        user,
        roles: await rolesOfUser(state, user, action, shared),
      }));
    },
  );
}
