/**
 * Privilege groups (Milvus 2.4.16 and later): named sets of privileges that
 * {@linkcode Role.grantV2} can grant in one go.
 *
 * @module
 */
import { UnexpectedResponseError } from "./errors.ts";
import { readOptionsWithUsing, requireTextList } from "./_input.ts";
import { call } from "./_request.ts";
import { requireText } from "./_validate.ts";
import type { CallOptions } from "./users.ts";

/** A privilege group and its privileges. */
export interface PrivilegeGroupInfo {
  /** The group name. */
  privilegeGroup: string;
  /** The privileges in the group, in the server's order (which may vary). */
  privileges: string[];
}

/** Options of {@linkcode createPrivilegeGroup} and {@linkcode dropPrivilegeGroup}. */
export interface PrivilegeGroupOptions extends CallOptions {
  /** The group name. */
  privilegeGroup: string;
}

/**
 * Options of {@linkcode addPrivilegesToGroup} and
 * {@linkcode removePrivilegesFromGroup}.
 */
export interface PrivilegeGroupPrivilegesOptions extends PrivilegeGroupOptions {
  /** The privilege names, at least one. */
  privileges: string[];
}

/**
 * Creates an empty privilege group (`privilege_groups/create`).
 *
 * @param options The group name, and call options.
 * @returns Nothing, once the group exists.
 * @throws {InputError} For a missing or malformed name; nothing is sent.
 * @throws {ServerError} 1100 when the group exists or the name is a built-in
 * privilege or group; 1402 or 1100 for a malformed name.
 *
 * @example Creating a privilege group
 * ```ts
 * import {
 *   addPrivilegesToGroup,
 *   Connections,
 *   createPrivilegeGroup,
 *   listPrivilegeGroups,
 * } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createPrivilegeGroup({ privilegeGroup: "search_only", using });
 * await addPrivilegesToGroup({
 *   privilegeGroup: "search_only",
 *   privileges: ["Search"],
 *   using,
 * });
 * const groups = await listPrivilegeGroups({ using });
 * assertEquals(groups[0], { privilegeGroup: "search_only", privileges: ["Search"] });
 * ```
 */
export async function createPrivilegeGroup(
  options: PrivilegeGroupOptions,
): Promise<void> {
  await sendGroupChange("create privilege group", "create", options, false);
}

/**
 * Drops a privilege group (`privilege_groups/drop`). Dropping an unknown or
 * built-in group succeeds, as in Milvus.
 *
 * @param options The group name, and call options.
 * @returns Nothing, once the group is gone.
 * @throws {ServerError} 65535 while a role still holds a grant of the group.
 *
 * @example Dropping a privilege group
 * ```ts
 * import {
 *   Connections,
 *   createPrivilegeGroup,
 *   dropPrivilegeGroup,
 * } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createPrivilegeGroup({ privilegeGroup: "temporary", using });
 * await dropPrivilegeGroup({ privilegeGroup: "temporary", using });
 * ```
 */
export async function dropPrivilegeGroup(
  options: PrivilegeGroupOptions,
): Promise<void> {
  await sendGroupChange("drop privilege group", "drop", options, false);
}

/**
 * Lists the privilege groups (`privilege_groups/list`): the custom groups,
 * then the nine built-in ones (`ClusterReadOnly` ... `CollectionAdmin`).
 * Milvus sends each group's privileges as one comma-joined string; they come
 * back here as an array, empty for an empty group.
 *
 * @param options Call options.
 * @returns The groups, in the server's order.
 * @throws {PermissionDeniedError} Without `ListPrivilegeGroups`.
 *
 * @example Listing privilege groups
 * ```ts
 * import { Connections, listPrivilegeGroups } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 * import { assertEquals } from "@std/assert";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * const groups = await listPrivilegeGroups({ using });
 * assertEquals(groups.map((group) => group.privilegeGroup).slice(0, 3), [
 *   "ClusterReadOnly",
 *   "ClusterReadWrite",
 *   "ClusterAdmin",
 * ]);
 * ```
 */
export async function listPrivilegeGroups(
  options?: CallOptions,
): Promise<PrivilegeGroupInfo[]> {
  const action = "list privilege groups";
  const { state, call: callOptions } = readOptionsWithUsing(
    options,
    [],
    action,
  );

  const data = await call(state, {
    action,
    route: "privilege_groups/list",
    body: {},
    read: true,
  }, callOptions);
  return groupList(data, action);
}

/**
 * Adds privileges to a custom privilege group
 * (`privilege_groups/add_privileges_to_group`). Privileges already in the
 * group are kept once. Milvus requires every privilege of a group to be of
 * one level (cluster, database or collection).
 *
 * @param options The group name, the privileges, and call options.
 * @returns Nothing, once the group holds the privileges.
 * @throws {InputError} For an empty list or a non-string entry; nothing is
 * sent.
 * @throws {ServerError} 1100 for an unknown or built-in group or an unknown
 * privilege; 65535 or 1100 for privileges of mixed levels.
 *
 * @example Adding privileges to a group
 * ```ts
 * import {
 *   addPrivilegesToGroup,
 *   Connections,
 *   createPrivilegeGroup,
 * } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createPrivilegeGroup({ privilegeGroup: "readers", using });
 * await addPrivilegesToGroup({
 *   privilegeGroup: "readers",
 *   privileges: ["Query", "Search"],
 *   using,
 * });
 * ```
 */
export async function addPrivilegesToGroup(
  options: PrivilegeGroupPrivilegesOptions,
): Promise<void> {
  await sendGroupChange(
    "add privileges to group",
    "add_privileges_to_group",
    options,
    true,
  );
}

/**
 * Removes privileges from a custom privilege group
 * (`privilege_groups/remove_privileges_from_group`). Removing a privilege
 * the group does not hold succeeds.
 *
 * @param options The group name, the privileges, and call options.
 * @returns Nothing, once the group no longer holds the privileges.
 * @throws {InputError} For an empty list or a non-string entry; nothing is
 * sent.
 * @throws {ServerError} 1100 for an unknown or built-in group.
 *
 * @example Removing privileges from a group
 * ```ts
 * import {
 *   addPrivilegesToGroup,
 *   Connections,
 *   createPrivilegeGroup,
 *   removePrivilegesFromGroup,
 * } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const using = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await createPrivilegeGroup({ privilegeGroup: "readers", using });
 * await addPrivilegesToGroup({
 *   privilegeGroup: "readers",
 *   privileges: ["Query", "Search"],
 *   using,
 * });
 * await removePrivilegesFromGroup({
 *   privilegeGroup: "readers",
 *   privileges: ["Query"],
 *   using,
 * });
 * ```
 */
export async function removePrivilegesFromGroup(
  options: PrivilegeGroupPrivilegesOptions,
): Promise<void> {
  await sendGroupChange(
    "remove privileges from group",
    "remove_privileges_from_group",
    options,
    true,
  );
}

async function sendGroupChange(
  action: string,
  route: string,
  options: unknown,
  withPrivileges: boolean,
): Promise<void> {
  const keys = withPrivileges
    ? ["privilegeGroup", "privileges"]
    : ["privilegeGroup"];
  const { state, fields, call: callOptions } = readOptionsWithUsing(
    options,
    keys,
    action,
  );
  const name = requireText(fields.privilegeGroup, "privilegeGroup", action);
  const body: Record<string, unknown> = { privilegeGroupName: name };
  if (withPrivileges) {
    body.privileges = requireTextList(fields.privileges, "privileges", action);
  }

  await call(state, {
    action,
    route: `privilege_groups/${route}`,
    body,
  }, callOptions);
}

function groupList(data: unknown, action: string): PrivilegeGroupInfo[] {
  const groups = typeof data === "object" && data !== null
    ? (data as Record<string, unknown>).privilegeGroups
    : undefined;
  // Go writes an empty list as null.
  if (groups === null) return [];
  if (!Array.isArray(groups)) throw malformed(action);

  return groups.map((item: unknown) => {
    const record = typeof item === "object" && item !== null
      ? item as Record<string, unknown>
      : {};
    const name = record.privilegeGroupName;
    if (typeof name !== "string") throw malformed(action);
    return { privilegeGroup: name, privileges: privilegeList(record, action) };
  });
}

// Milvus joins the names with commas; an empty group has "". A list is
// accepted too, in case a later release sends one.
function privilegeList(
  record: Record<string, unknown>,
  action: string,
): string[] {
  const privileges = record.privileges;
  if (typeof privileges === "string") {
    return privileges.split(",").map((name) => name.trim()).filter((name) =>
      name !== ""
    );
  }
  if (
    Array.isArray(privileges) &&
    privileges.every((name) => typeof name === "string")
  ) {
    return [...privileges];
  }
  if (privileges === undefined || privileges === null) return [];
  throw malformed(action);
}

function malformed(action: string): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `Cannot ${action}: privilege_groups/list answered with data that is not { privilegeGroups: [{ privilegeGroupName, privileges }] }`,
    "",
    { route: "privilege_groups/list", httpStatus: 200 },
  );
}
