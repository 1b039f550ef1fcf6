/**
 * The `privilege_groups/*` routes.
 *
 * @module
 */

import { field } from "./_binding.ts";
import { BUILT_IN_GROUP_NAMES } from "./_catalog.ts";
import { checkName, checkPrivilegeGroupName } from "./_names.ts";
import { Code, type Failure, failure, type Reply, success } from "./_reply.ts";
import { on26, type RouteContext } from "./_route_context.ts";

function groupName(context: RouteContext): string {
  return field(context.body, "privilegeGroupName");
}

function invalid(message: string): Failure {
  return failure(Code.invalidParameter, `${message}: invalid parameter`);
}

/** `privilege_groups/create`: always empty at first. */
export function createGroup(context: RouteContext): Reply {
  const name = groupName(context);
  const problem = checkPrivilegeGroupName(name);
  if (problem !== undefined) return problem;

  const prefix = "failed to check if privilege group creatable";
  if (context.state.hasGroup(name)) {
    return failure(
      Code.invalidParameter,
      on26(
        context,
        prefix,
        `privilege group name [${name}] is defined by users: invalid parameter`,
      ),
    );
  }
  if (context.catalog.defined.has(name)) {
    return failure(
      Code.invalidParameter,
      on26(
        context,
        prefix,
        `privilege group name [${name}] is defined by built in privileges or privilege groups in system: invalid parameter`,
      ),
    );
  }

  context.state.setGroup(name, []);
  return success();
}

/** `privilege_groups/drop`: unknown and built-in names succeed silently. */
export function dropGroup(context: RouteContext): Reply {
  const name = groupName(context);
  const problem = checkPrivilegeGroupName(name);
  if (problem !== undefined) return problem;

  if (!context.state.hasGroup(name)) return success();
  const role = context.state.roleGranted(name);
  if (role !== undefined) {
    return failure(
      Code.unexpected,
      on26(
        context,
        "failed to check if privilege group dropable",
        `privilege group [${name}] is used by role [${role}], Use REVOKE API to revoke it first`,
      ),
    );
  }

  context.state.deleteGroup(name);
  return success();
}

/** `privilege_groups/list`: custom groups by name, then the built-ins. */
export function listGroups(context: RouteContext): Reply {
  const { state, catalog } = context;
  const custom = state.groups().map((name) => ({
    privilegeGroupName: name,
    privileges: state.groupMembers(name).join(","),
  }));
  const builtIn = BUILT_IN_GROUP_NAMES.map((name) => ({
    privilegeGroupName: name,
    privileges: (catalog.builtInGroups.get(name) ?? []).join(","),
  }));
  return success({ privilegeGroups: [...custom, ...builtIn] });
}

function levelCount(context: RouteContext, names: readonly string[]): number {
  return new Set(names.map((name) => context.catalog.levelOf(name))).size;
}

// 2.4 and 2.5: the level check runs first (add only, existing groups only),
// then the name checks; every entry must be a defined privilege name.
function checkAlter24(
  context: RouteContext,
  name: string,
  privileges: readonly string[],
  add: boolean,
): Failure | undefined {
  const { state, catalog } = context;
  if (add && state.hasGroup(name)) {
    const union = [...state.groupMembers(name), ...privileges];
    if (levelCount(context, union) > 1) {
      return failure(
        Code.unexpected,
        "privileges are not the same privilege level",
      );
    }
  }

  if (catalog.builtInGroups.has(name) || catalog.legacyGroups.has(name)) {
    return invalid(
      `the privilege group name [${name}] is defined by built in privilege groups in system`,
    );
  }
  if (!state.hasGroup(name)) {
    return invalid(`there is no privilege group name [${name}] to operate`);
  }
  // A custom group name as an entry is not modelled as accepted: 2.4 and 2.5
  // reject it in practice.
  const unknown = privileges.find((privilege) =>
    !catalog.defined.has(privilege)
  );
  if (unknown !== undefined) {
    return invalid(
      `there is no privilege name or privilege group name [${unknown}] defined in system to operate`,
    );
  }
  return undefined;
}

// 2.6: group, then emptiness, then entries, then (add only) levels.
function checkAlter26(
  context: RouteContext,
  name: string,
  privileges: readonly string[],
  add: boolean,
): Failure | undefined {
  const { state, catalog } = context;
  const prefix = "failed to check if privilege group alterable: ";
  if (!state.hasGroup(name)) {
    return invalid(
      `${prefix}there is no privilege group name [${name}] defined in system to operate`,
    );
  }
  if (privileges.length === 0) {
    return invalid(
      `${prefix}privileges is empty when alter the privilege group`,
    );
  }
  const unknown = privileges.find((privilege) =>
    !catalog.defined.has(privilege) && !state.hasGroup(privilege)
  );
  if (unknown !== undefined) {
    return invalid(
      `${prefix}there is no privilege name or privilege group name [${unknown}] defined in system to operate`,
    );
  }
  if (
    add && levelCount(context, [...state.groupMembers(name), ...privileges]) > 1
  ) {
    return invalid(`${prefix}privileges are not the same privilege level`);
  }
  return undefined;
}

/**
 * `privilege_groups/add_privileges_to_group` and
 * `privilege_groups/remove_privileges_from_group`.
 *
 * @param context The request.
 * @param add Whether to add instead of remove.
 * @returns The reply.
 */
export function alterGroup(context: RouteContext, add: boolean): Reply {
  const name = groupName(context);
  const privileges = context.body.lists.get("privileges") ?? [];
  const { version } = context.config;

  const problem = checkPrivilegeGroupName(name) ??
    privileges
      .filter((privilege) => privilege !== "*")
      .map((privilege) => checkName(privilege, "Privilege", version))
      .find((failed) => failed !== undefined);
  if (problem !== undefined) return problem;

  const refusal = version === "2.6"
    ? checkAlter26(context, name, privileges, add)
    : checkAlter24(context, name, privileges, add);
  if (refusal !== undefined) return refusal;

  // Milvus keeps members in a set; the emulator keeps them in the order
  // they were first added so that listings are stable.
  const current = context.state.groupMembers(name);
  const next = add
    ? [...new Set([...current, ...privileges])]
    : current.filter((privilege) => !privileges.includes(privilege));
  context.state.setGroup(name, next);
  return success();
}
