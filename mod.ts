/**
 * A dependency-free client for Milvus's user, role and privilege management
 * over its RESTful v2 API, built on `fetch`: pymilvus's `update_password()`
 * and its related operations, with a pymilvus-style map of named
 * connections, `AbortSignal` timeouts and one typed error per failure.
 *
 * Runs on Deno, Node 20+, Bun, Cloudflare Workers, Deno Deploy and other
 * runtimes with `fetch`.
 *
 * ```ts
 * import { connections, createUser, updatePassword } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * // Against a real server: connections.connect({ uri: "http://localhost:19530", ... })
 * const emulator = new MilvusEmulator();
 * connections.connect({ user: "root", password: "Milvus", fetch: emulator.fetch });
 *
 * await createUser({ user: "admin", password: "123456" });
 * await updatePassword({
 *   user: "admin",
 *   oldPassword: "123456",
 *   newPassword: "123456Abc*",
 * });
 * connections.removeConnection("default");
 * ```
 *
 * @module
 */

export {
  Connection,
  type ConnectionAddress,
  type ConnectionJson,
  type ConnectOptions,
  type FetchFunction,
  type VerifyOptions,
} from "./src/connection.ts";
export {
  type ConnectionListEntry,
  Connections,
  connections,
  DEFAULT_ALIAS,
} from "./src/connections.ts";
export {
  AuthenticationError,
  ClientTimeoutError,
  ConnectionClosedError,
  ConnectionConfigError,
  InputError,
  MilvusError,
  type MilvusErrorJson,
  type MilvusErrorOptions,
  NetworkError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
} from "./src/errors.ts";
export {
  checkPassword,
  MILVUS_PASSWORD_POLICY,
  type PasswordCheck,
  type PasswordPolicy,
  type PasswordPolicyOption,
  ZILLIZ_CLOUD_PASSWORD_POLICY,
} from "./src/password_policy.ts";
export {
  resetPassword,
  updatePassword,
  type UpdatePasswordOptions,
} from "./src/update_password.ts";
export {
  type CallOptions,
  createUser,
  type CreateUserOptions,
  deleteUser,
  type DeleteUserOptions,
  listUser,
  listUsernames,
  type ListUserOptions,
  listUsers,
  type ListUsersOptions,
  type UserInfo,
} from "./src/users.ts";
export {
  listRoles,
  type ListRolesOptions,
  type RoleInfo,
} from "./src/roles.ts";
export {
  type GrantEntry,
  type GrantOptions,
  type GrantV2Options,
  type ListGrantOptions,
  type ListGrantsOptions,
  Role,
  type RoleCallOptions,
  type RoleOptions,
  type RoleUserOptions,
} from "./src/role.ts";
export {
  addPrivilegesToGroup,
  createPrivilegeGroup,
  dropPrivilegeGroup,
  listPrivilegeGroups,
  type PrivilegeGroupInfo,
  type PrivilegeGroupOptions,
  type PrivilegeGroupPrivilegesOptions,
  removePrivilegesFromGroup,
} from "./src/privilege_groups.ts";
