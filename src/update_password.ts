/**
 * {@linkcode updatePassword} and its pymilvus alias
 * {@linkcode resetPassword}: change a user's password through
 * `POST /v2/vectordb/users/update_password`.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import type { ConnectionState } from "./_connection_state.ts";
import { checkAgainstPolicy } from "./_password_check.ts";
import { call } from "./_request.ts";
import { tokenUser } from "./_settings.ts";
import { resolveUsing } from "./_using.ts";
import { optionalBoolean, requireText } from "./_validate.ts";
import { readOptions } from "./_validate.ts";

/** Options of {@linkcode updatePassword}. */
export interface UpdatePasswordOptions {
  /** The user whose password changes. */
  user: string;
  /** The user's current password; Milvus checks it (unless the caller is a configured superuser). */
  oldPassword: string;
  /** The new password. */
  newPassword: string;
  /**
   * The alias of a connection in the default map, or a connection.
   * @default {"default"}
   */
  using?: string | Connection;
  /**
   * The time limit in milliseconds, or `null` for none.
   * @default {the connection's timeout}
   */
  timeout?: number | null;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Whether a connection that logs in as `user` with a password switches to
   * the new password after success, so its next call still authenticates.
   * @default {true}
   */
  updateConnection?: boolean;
}

/**
 * Changes a user's password, like pymilvus's `utility.update_password()`.
 * It sends exactly `{ userName, password, newPassword }`.
 *
 * When the connection logs in as that same user with a password (user and
 * password, or a `user:password` token), its stored credentials switch to
 * the new password after success; `updateConnection: false` opts out. Other
 * aliases that log in as the same user are not changed.
 *
 * The call is never retried automatically: if the reply to a change that
 * succeeded were lost, a retry would fail on the old password. After a
 * {@linkcode NetworkError}, {@linkcode ClientTimeoutError} or
 * {@linkcode ServerTimeoutError}, check which password works before trying
 * again.
 *
 * @param options The user, old and new password, and call options.
 * @returns Nothing, once Milvus has applied the change.
 * @throws {InputError} For missing or malformed options, or a new password
 * that breaks the connection's `passwordPolicy`; nothing is sent.
 * @throws {ServerError} With code 1400 when the old password is wrong, 1100
 * when the new one is out of the server's length bounds.
 * @throws {AuthenticationError} When the connection's credentials are refused.
 * @throws {PermissionDeniedError} When changing another user's password
 * without the privilege.
 *
 * @example Rotating a password
 * ```ts
 * import { Connections, createUser, updatePassword } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const connection = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 *
 * await createUser({ user: "admin", password: "123456", using: connection });
 * await updatePassword({
 *   user: "admin",
 *   oldPassword: "123456",
 *   newPassword: "123456Abc*",
 *   using: connection,
 * });
 * ```
 */
export async function updatePassword(
  options: UpdatePasswordOptions,
): Promise<void> {
  const action = "update password";
  const { fields: checked, call: budget } = readOptions(
    options,
    ["user", "oldPassword", "newPassword", "using", "updateConnection"],
    action,
  );
  const user = requireText(checked.user, "user", action);
  const oldPassword = requireText(checked.oldPassword, "oldPassword", action);
  const newPassword = requireText(checked.newPassword, "newPassword", action);
  const updateConnection = optionalBoolean(
    checked.updateConnection,
    "updateConnection",
    action,
  );
  const state = resolveUsing(checked.using, action);
  checkAgainstPolicy(state, newPassword, "newPassword", action);

  await call(state, {
    action,
    route: "users/update_password",
    body: { userName: user, password: oldPassword, newPassword },
    secrets: [oldPassword, newPassword],
  }, budget);

  if (updateConnection !== false) switchPassword(state, user, newPassword);
}

/**
 * The pymilvus name for {@linkcode updatePassword}: pymilvus's
 * `reset_password` changes the password and re-arms the connection, which
 * `updatePassword` does by default.
 *
 * @param options As for {@linkcode updatePassword}.
 * @returns Nothing, once Milvus has applied the change.
 *
 * @example Resetting a password
 * ```ts
 * import { Connections, createUser, resetPassword } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const connection = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await resetPassword({
 *   user: "root",
 *   oldPassword: "Milvus",
 *   newPassword: "N3w-root-pass",
 *   using: connection,
 * });
 * await connection.verify(); // still logged in, with the new password
 * ```
 */
export function resetPassword(options: UpdatePasswordOptions): Promise<void> {
  return updatePassword(options);
}

// The connection keeps one copy of its settings, shared with the alias map,
// so this one change is seen everywhere that alias is used.
function switchPassword(
  state: ConnectionState,
  user: string,
  newPassword: string,
): void {
  const settings = state.settings;
  if (settings.token !== undefined) {
    if (tokenUser(settings.token) !== user) return;
    retire(settings, settings.token);
    settings.token = `${user}:${newPassword}`;
  } else if (settings.user === user && settings.password !== undefined) {
    retire(settings, settings.password);
    settings.password = newPassword;
  }
}

// A handful is enough: a long-lived process that rotates often should not
// grow this list without bound.
const MAX_RETIRED_SECRETS = 8;

function retire(settings: ConnectionState["settings"], secret: string): void {
  settings.retiredSecrets.push(secret);
  if (settings.retiredSecrets.length > MAX_RETIRED_SECRETS) {
    settings.retiredSecrets.shift();
  }
}
