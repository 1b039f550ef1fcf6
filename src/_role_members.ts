// REST has no route for "the users of a role": users/describe gives the roles
// of one user. The members of roles are therefore found by describing every
// user, a few at a time, within the caller's one budget.
import type { Budget } from "./_budget.ts";
import { mapLimit } from "./_concurrency.ts";
import type { ConnectionState } from "./_connection_state.ts";
import { DESCRIBE_CONCURRENCY, rolesOfUser } from "./_name_lists.ts";

/**
 * Maps each role name to the users that hold it, in the order of `users`.
 * Roles nobody holds are absent.
 */
export async function membersByRole(
  state: ConnectionState,
  users: readonly string[],
  action: string,
  budget: Budget,
): Promise<Map<string, string[]>> {
  const rolesOfUsers = await mapLimit(
    users,
    DESCRIBE_CONCURRENCY,
    (user) => rolesOfUser(state, user, action, budget),
  );

  const members = new Map<string, string[]>();
  users.forEach((user, index) => {
    for (const role of rolesOfUsers[index] ?? []) {
      const list = members.get(role);
      if (list === undefined) members.set(role, [user]);
      else if (!list.includes(user)) list.push(user);
    }
  });
  return members;
}
