// Resolves the `using` option of every operation: an alias name looked up in
// the default alias map, or a Connection object.
import { connections, DEFAULT_ALIAS } from "./connections.ts";
import { ConnectionConfigError } from "./errors.ts";
import { type ConnectionState, openStateOf } from "./_connection_state.ts";

export function resolveUsing(using: unknown, action: string): ConnectionState {
  if (using === undefined) {
    return openStateOf(connections.getConnection(DEFAULT_ALIAS), action);
  }
  if (typeof using === "string") {
    if (using === "") {
      throw new ConnectionConfigError(
        `Cannot ${action}: "using" must be an alias name or a Connection, got an empty string`,
      );
    }
    return openStateOf(connections.getConnection(using), action);
  }
  return openStateOf(using, action);
}
