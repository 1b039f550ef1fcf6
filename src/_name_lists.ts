// The reads that answer with a list of names (users/list, roles/list,
// users/describe) and the check that the answer really is one.
import { UnexpectedResponseError } from "./errors.ts";
import type { ConnectionState } from "./_connection_state.ts";
import { call, type CallOptions } from "./_request.ts";

/**
 * How many users/describe requests a composite read keeps in flight: enough
 * to be quick, few enough not to flood the server.
 */
export const DESCRIBE_CONCURRENCY = 8;

/** Sends a read whose data must be a list of names, and returns them. */
async function readNames(
  state: ConnectionState,
  route: string,
  body: Record<string, unknown>,
  action: string,
  options: CallOptions,
): Promise<string[]> {
  const data = await call(state, { action, route, body, read: true }, options);
  if (Array.isArray(data) && data.every((item) => typeof item === "string")) {
    return data;
  }
  throw new UnexpectedResponseError(
    `Cannot ${action}: ${route} answered with data that is not a list of names`,
    "",
    { route, httpStatus: 200 },
  );
}

/** The user names of users/list. */
export function userNames(
  state: ConnectionState,
  action: string,
  options: CallOptions,
): Promise<string[]> {
  return readNames(state, "users/list", {}, action, options);
}

/** The role names of roles/list. */
export function roleNames(
  state: ConnectionState,
  action: string,
  options: CallOptions,
): Promise<string[]> {
  return readNames(state, "roles/list", {}, action, options);
}

/** The role names of one user, from users/describe. */
export function rolesOfUser(
  state: ConnectionState,
  user: string,
  action: string,
  options: CallOptions,
): Promise<string[]> {
  return readNames(
    state,
    "users/describe",
    { userName: user },
    action,
    options,
  );
}
