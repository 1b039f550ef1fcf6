/**
 * {@linkcode Role}: one role and what can be done with it — create and drop
 * it, add and remove users, grant and revoke privileges and privilege groups,
 * and read its grants — in the manner of pymilvus's `Role`, with named
 * fields.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import { withBudget } from "./_budget.ts";
import { stateOf } from "./_connection_state.ts";
import { grantEntries, type GrantEntry } from "./_grants.ts";
import { optionalText, requireObjectType } from "./_input.ts";
import { readOptions } from "./_validate.ts";
import { call, type CallOptions } from "./_request.ts";
import { membersByRole } from "./_role_members.ts";
import { roleNames, userNames } from "./_name_lists.ts";
import { resolveUsing } from "./_using.ts";
import { checkOptions, requireText } from "./_validate.ts";

export type { GrantEntry };

/** Options of the {@linkcode Role} constructor. */
export interface RoleOptions {
  /**
   * The alias of a connection in the default map, or a connection. An alias
   * is looked up at each call, so it may be connected later.
   * @default {"default"}
   */
  using?: string | Connection;
}

/** The per-call options every {@linkcode Role} method accepts. */
export interface RoleCallOptions {
  /**
   * The time limit in milliseconds, or `null` for none; it covers retries
   * and, for composite calls, every request.
   * @default {the connection's timeout}
   */
  timeout?: number | null;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of {@linkcode Role.addUser} and {@linkcode Role.removeUser}. */
export interface RoleUserOptions extends RoleCallOptions {
  /** The user name. */
  user: string;
}

/** Options of {@linkcode Role.grant} and {@linkcode Role.revoke}. */
export interface GrantOptions extends RoleCallOptions {
  /** `Collection`, `Global` or `User` (case-sensitive). */
  objectType: "Collection" | "Global" | "User";
  /**
   * The collection or user name, or `*` for all. Milvus stores `*` for
   * `Global` grants whatever is given (except for the `Admin` group).
   */
  objectName: string;
  /** The privilege, such as `Search`, or `*` for all. */
  privilege: string;
  /**
   * The database.
   * @default {"default"}
   */
  dbName?: string;
}

/** Options of {@linkcode Role.grantV2} and {@linkcode Role.revokeV2}. */
export interface GrantV2Options extends RoleCallOptions {
  /**
   * A privilege, a built-in privilege group such as `ClusterReadOnly`, or a
   * custom privilege group.
   */
  privilege: string;
  /**
   * The database, or `*` for all; cluster-level groups need `*`.
   * @default {"default"}
   */
  dbName?: string;
  /**
   * The collection, or `*` for all; cluster- and database-level groups need
   * `*`.
   * @default {"*"}
   */
  collectionName?: string;
}

/** Options of {@linkcode Role.listGrants}. */
export interface ListGrantsOptions extends RoleCallOptions {
  /**
   * The database whose grants to list (grants on `*` are always included),
   * or `*` for every database.
   * @default {the connection's database}
   */
  dbName?: string;
}

/** Options of {@linkcode Role.listGrant}. */
export interface ListGrantOptions extends ListGrantsOptions {
  /** The object type to keep: `Collection`, `Global` or `User`. */
  objectType: "Collection" | "Global" | "User";
  /** The object name to keep, such as a collection name or `*`. */
  objectName: string;
}

// Grants made through the v1 route land in this database unless told
// otherwise, as pymilvus's Role.grant() does.
const DEFAULT_GRANT_DB = "default";
const ALL = "*";

/**
 * A role on a Milvus server. Constructing one sends nothing; each method
 * makes its own calls through the connection given as `using`.
 *
 * Reads (`getUsers`, `isExist`, `listGrant`, `listGrants`) are retried on
 * network errors, 429 and 503 within their timeout; changes never are, so
 * after a {@linkcode NetworkError} or a timeout, check before trying again.
 * Granting a privilege twice, or revoking one that is not held, succeeds.
 *
 * @example Creating a role and granting it a privilege
 * ```ts
 * import { Connections, Role } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * const role = new Role("reader", { using });
 * await role.create();
 * await role.grant({
 *   objectType: "Collection",
 *   objectName: "books",
 *   privilege: "Search",
 * });
 * assertEquals(await role.listGrants(), [{
 *   objectType: "Collection",
 *   objectName: "books",
 *   privilege: "Search",
 *   dbName: "default",
 *   grantor: "root",
 * }]);
 * ```
 */
export class Role {
  #name: string;
  #using: string | Connection | undefined;

  /**
   * Names a role; nothing is sent until a method is called.
   *
   * @param name The role name.
   * @param options The connection to use.
   * @throws {InputError} When the name is not a non-empty string or `using`
   * is neither an alias nor a connection.
   */
  constructor(name: string, options?: RoleOptions) {
    const action = "construct Role";
    this.#name = requireText(name, "name", action);
    const checked = checkOptions(options, ["using"], action);
    const using = checked.using;
    if (typeof using === "string") requireText(using, "using", action);
    else if (using !== undefined) stateOf(using, action);
    this.#using = using as string | Connection | undefined;
  }

  /** The role name. */
  get name(): string {
    return this.#name;
  }

  /**
   * Creates the role (`roles/create`).
   *
   * @param options Call options.
   * @returns Nothing, once the role exists.
   * @throws {ServerError} 65535 when the role exists or the role limit is
   * reached (10 by default, `admin` and `public` included), 1100 for a bad
   * name.
   * @throws {PermissionDeniedError} Without the `CreateOwnership` privilege.
   */
  async create(options?: RoleCallOptions): Promise<void> {
    await this.#send("create role", "roles/create", options, [], () => ({
      roleName: this.#name,
    }));
  }

  /**
   * Drops the role (`roles/drop`). Milvus refuses to drop a role that still
   * has grants; revoke them first.
   *
   * @param options Call options.
   * @returns Nothing, once the role is gone.
   * @throws {ServerError} 1401 for `admin` and `public`, 65535 for an unknown
   * role or one with grants.
   */
  async drop(options?: RoleCallOptions): Promise<void> {
    await this.#send("drop role", "roles/drop", options, [], () => ({
      roleName: this.#name,
    }));
  }

  /**
   * Gives the role to a user (`users/grant_role`); giving it again succeeds.
   *
   * @param options The user, and call options.
   * @returns Nothing, once the user holds the role.
   * @throws {ServerError} 65535 for an unknown user or role, 1100 for a bad
   * user name.
   */
  async addUser(options: RoleUserOptions): Promise<void> {
    const action = "add user to role";
    await this.#send(action, "users/grant_role", options, ["user"], (f) => ({
      userName: requireText(f.user, "user", action),
      roleName: this.#name,
    }));
  }

  /**
   * Takes the role from a user (`users/revoke_role`); taking a role the
   * user does not hold succeeds.
   *
   * @param options The user, and call options.
   * @returns Nothing, once the user no longer holds the role.
   * @throws {ServerError} 65535 for an unknown user or role.
   */
  async removeUser(options: RoleUserOptions): Promise<void> {
    const action = "remove user from role";
    await this.#send(action, "users/revoke_role", options, ["user"], (f) => ({
      userName: requireText(f.user, "user", action),
      roleName: this.#name,
    }));
  }

  /**
   * Lists the users holding the role. REST has no route for this, so it
   * checks the role exists (`roles/describe`), lists the users
   * (`users/list`) and describes each one (`users/describe`), a few at a
   * time, all within one timeout.
   *
   * @param options Call options.
   * @returns The user names, in the order of `users/list`.
   * @throws {ServerError} 65535 for an unknown role.
   * @throws {PermissionDeniedError} Without `SelectOwnership` and
   * `SelectUser`.
   */
  async getUsers(options?: RoleCallOptions): Promise<string[]> {
    const action = "get users of role";
    const { call: callOptions } = readOptions(options, [], action);
    const state = resolveUsing(this.#using, action);

    return await withBudget(state, callOptions, action, async (budget) => {
      const [, users] = await Promise.all([
        call(state, {
          action,
          route: "roles/describe",
          body: { roleName: this.#name, dbName: state.settings.dbName },
          read: true,
        }, budget),
        userNames(state, action, budget),
      ]);
      const members = await membersByRole(state, users, action, budget);
      return members.get(this.#name) ?? [];
    });
  }

  /**
   * Tells whether the role exists (`roles/list`).
   *
   * @param options Call options.
   * @returns `true` when `roles/list` names the role.
   * @throws {PermissionDeniedError} Without `SelectOwnership`.
   */
  async isExist(options?: RoleCallOptions): Promise<boolean> {
    const action = "check role exists";
    const { call: callOptions } = readOptions(options, [], action);
    const state = resolveUsing(this.#using, action);

    const roles = await roleNames(state, action, callOptions);
    return roles.includes(this.#name);
  }

  /**
   * Grants a privilege on an object (`roles/grant_privilege`), like
   * pymilvus's `Role.grant()`. Privilege groups need
   * {@linkcode Role.grantV2}. Granting `Load` also grants `GetLoadState` and
   * `GetLoadingProgress`, and `Flush` also `GetFlushState`.
   *
   * @param options The object type and name, the privilege, the database
   * (default `"default"`) and call options.
   * @returns Nothing, once the grant exists.
   * @throws {InputError} For an object type other than `Collection`,
   * `Global` or `User`; nothing is sent.
   * @throws {ServerError} 65535 for an unknown role, or a privilege that is
   * unknown for that object type or is a group; 1100 for a malformed name.
   */
  async grant(options: GrantOptions): Promise<void> {
    await this.#sendGrant("grant privilege", "roles/grant_privilege", options);
  }

  /**
   * Revokes a privilege on an object (`roles/revoke_privilege`); revoking
   * one that is not held succeeds.
   *
   * @param options As for {@linkcode Role.grant}.
   * @returns Nothing, once the grant is gone.
   * @throws {InputError} For a bad object type; nothing is sent.
   * @throws {ServerError} As for {@linkcode Role.grant}.
   */
  async revoke(options: GrantOptions): Promise<void> {
    await this.#sendGrant(
      "revoke privilege",
      "roles/revoke_privilege",
      options,
    );
  }

  /**
   * Grants a privilege or privilege group on a database and collection
   * (`roles/grant_privilege_v2`, Milvus 2.4.18 and later), like pymilvus's
   * `Role.grant_v2()`. Cluster-level groups such as `ClusterReadOnly` need
   * `dbName: "*"`; database-level groups need `collectionName: "*"`, the
   * default.
   *
   * @param options The privilege, the database (default `"default"`), the
   * collection (default `"*"`) and call options.
   * @returns Nothing, once the grant exists.
   * @throws {ServerError} 65535 for an unknown role or privilege, 1100 when
   * a group's level does not fit the database and collection.
   * @throws {RouteNotFoundError} On servers older than 2.4.18.
   */
  async grantV2(options: GrantV2Options): Promise<void> {
    await this.#sendGrantV2(
      "grant privilege",
      "roles/grant_privilege_v2",
      options,
    );
  }

  /**
   * Revokes a privilege or privilege group on a database and collection
   * (`roles/revoke_privilege_v2`); revoking one that is not held succeeds.
   *
   * @param options As for {@linkcode Role.grantV2}.
   * @returns Nothing, once the grant is gone.
   * @throws {ServerError} As for {@linkcode Role.grantV2}.
   */
  async revokeV2(options: GrantV2Options): Promise<void> {
    await this.#sendGrantV2(
      "revoke privilege",
      "roles/revoke_privilege_v2",
      options,
    );
  }

  /**
   * Lists the role's grants on one object: {@linkcode Role.listGrants}
   * filtered by object type and name.
   *
   * @param options The object type and name, the database, call options.
   * @returns The matching grants.
   * @throws {InputError} For a bad object type; nothing is sent.
   * @throws {ServerError} 65535 for an unknown role.
   */
  async listGrant(options: ListGrantOptions): Promise<GrantEntry[]> {
    const action = "list grant";
    const { fields, call: callOptions } = readOptions(
      options,
      ["objectType", "objectName", "dbName"],
      action,
    );
    const objectType = requireObjectType(
      fields.objectType,
      "objectType",
      action,
    );
    const objectName = requireText(fields.objectName, "objectName", action);
    const dbName = optionalText(fields.dbName, "dbName", action);

    const grants = await this.#describe(action, dbName, callOptions);
    return grants.filter((grant) =>
      grant.objectType === objectType && grant.objectName === objectName
    );
  }

  /**
   * Lists the role's grants (`roles/describe`) in one database, with grants
   * on every database (`*`) included, or in all databases with
   * `dbName: "*"`. Groups are not expanded.
   *
   * @param options The database (default: the connection's), call options.
   * @returns The grants, in the server's order.
   * @throws {ServerError} 65535 for an unknown role.
   * @throws {PermissionDeniedError} Without `SelectOwnership`, unless the
   * caller holds the role.
   */
  async listGrants(options?: ListGrantsOptions): Promise<GrantEntry[]> {
    const action = "list grants";
    const { fields, call: callOptions } = readOptions(
      options,
      ["dbName"],
      action,
    );
    const dbName = optionalText(fields.dbName, "dbName", action);

    return await this.#describe(action, dbName, callOptions);
  }

  /**
   * The plain form `JSON.stringify` writes.
   *
   * @returns The role name.
   */
  toJSON(): { name: string } {
    return { name: this.#name };
  }

  async #describe(
    action: string,
    dbName: string | undefined,
    callOptions: CallOptions,
  ): Promise<GrantEntry[]> {
    const state = resolveUsing(this.#using, action);
    const data = await call(state, {
      action,
      route: "roles/describe",
      body: { roleName: this.#name, dbName: dbName ?? state.settings.dbName },
      read: true,
    }, callOptions);
    return grantEntries(data, action);
  }

  async #sendGrant(
    action: string,
    route: string,
    options: unknown,
  ): Promise<void> {
    await this.#send(
      action,
      route,
      options,
      ["objectType", "objectName", "privilege", "dbName"],
      (fields) => ({
        roleName: this.#name,
        objectType: requireObjectType(fields.objectType, "objectType", action),
        objectName: requireText(fields.objectName, "objectName", action),
        privilege: requireText(fields.privilege, "privilege", action),
        dbName: optionalText(fields.dbName, "dbName", action) ??
          DEFAULT_GRANT_DB,
      }),
    );
  }

  async #sendGrantV2(
    action: string,
    route: string,
    options: unknown,
  ): Promise<void> {
    await this.#send(
      action,
      route,
      options,
      ["privilege", "dbName", "collectionName"],
      (fields) => ({
        roleName: this.#name,
        privilege: requireText(fields.privilege, "privilege", action),
        dbName: optionalText(fields.dbName, "dbName", action) ??
          DEFAULT_GRANT_DB,
        // Milvus rejects a missing collection name, so "all" is spelled out.
        collectionName:
          optionalText(fields.collectionName, "collectionName", action) ??
            ALL,
      }),
    );
  }

  // One change: read and check the options, then send one request, never
  // retried.
  async #send(
    action: string,
    route: string,
    options: unknown,
    keys: readonly string[],
    body: (fields: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<void> {
    const { fields, call: callOptions } = readOptions(options, keys, action);
    const built = body(fields);
    const state = resolveUsing(this.#using, action);

    await call(state, { action, route, body: built }, callOptions);
  }
}
