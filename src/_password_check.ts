// Applies a connection's password policy, when it has one, before a new
// password is sent.
import { InputError } from "./errors.ts";
import { checkPassword } from "./password_policy.ts";
import type { ConnectionState } from "./_connection_state.ts";

/** Rejects a password that breaks the connection's policy, if it has one. */
export function checkAgainstPolicy(
  state: ConnectionState,
  password: string,
  field: string,
  action: string,
): void {
  const policy = state.settings.passwordPolicy;
  if (policy === null) return;

  const { ok, problems } = checkPassword(password, policy);
  if (ok) return;
  throw new InputError(
    `Cannot ${action}: "${field}" breaks the ${
      policy.name ?? "connection's"
    } password policy: it ${problems.join("; it ")}`,
  );
}
