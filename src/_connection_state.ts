// The private state behind each Connection. It lives in a WeakMap rather than
// on the object so that nothing that walks the object (inspect, JSON, a
// debugger's property list) can reach the credentials.
import { ConnectionClosedError, InputError } from "./errors.ts";
import type { Settings } from "./_settings.ts";

export interface ConnectionState {
  alias: string;
  /** Shared with the alias map, so a password update changes both. */
  settings: Settings;
  /** Aborted on disconnect, which fails every call in flight. */
  lifecycle: AbortController;
}

const states = new WeakMap<object, ConnectionState>();

export function attachState(connection: object, state: ConnectionState): void {
  states.set(connection, state);
}

/** The state of a connection, or an InputError for anything else. */
export function stateOf(connection: unknown, action: string): ConnectionState {
  const state = typeof connection === "object" && connection !== null
    ? states.get(connection)
    : undefined;
  if (state === undefined) {
    throw new InputError(
      `Cannot ${action}: "using" must be an alias name or a Connection from connect()`,
    );
  }
  return state;
}

/** The state of a connection that is still open. */
export function openStateOf(
  connection: unknown,
  action: string,
): ConnectionState {
  const state = stateOf(connection, action);
  if (state.lifecycle.signal.aborted) {
    throw new ConnectionClosedError(
      `Cannot ${action}: connection "${state.alias}" was disconnected; call connect({ alias: "${state.alias}" }) again`,
    );
  }
  return state;
}

/** The value of the Authorization header, if the connection has credentials. */
export function authorizationOf(settings: Settings): string | undefined {
  if (settings.token !== undefined) return `Bearer ${settings.token}`;
  if (settings.user !== undefined && settings.password !== undefined) {
    return `Bearer ${settings.user}:${settings.password}`;
  }
  return undefined;
}

/** Every secret a message about this connection must not show. */
export function secretsOf(settings: Settings): string[] {
  const secrets: string[] = [...settings.retiredSecrets];
  if (settings.token !== undefined) {
    // A user:password token holds a password of its own, and a proxy may
    // echo the token in its Basic form.
    const colon = settings.token.indexOf(":");
    if (colon > 0) secrets.push(settings.token.slice(colon + 1));
    secrets.push(settings.token, base64Utf8(settings.token));
  }
  if (settings.password !== undefined) {
    secrets.push(settings.password, `${settings.user}:${settings.password}`);
    secrets.push(base64Utf8(`${settings.user}:${settings.password}`));
  }
  for (const [name, value] of settings.headers) {
    if (/auth|token|key|secret|cookie/i.test(name)) secrets.push(value);
  }
  return secrets;
}

// The Basic form of the same credentials, which a proxy may echo back.
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  return btoa(String.fromCharCode(...bytes));
}
