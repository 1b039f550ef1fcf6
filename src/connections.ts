/**
 * The alias map: {@linkcode Connections} and its default instance
 * {@linkcode connections}, in the manner of pymilvus's `connections`.
 * Operations take `using`, an alias name (default `"default"`) looked up in
 * the default instance, or a {@linkcode Connection}.
 *
 * @module
 */
import { Connection, type ConnectionAddress } from "./connection.ts";
import type { ConnectOptions } from "./connection.ts";
import { ConnectionClosedError, ConnectionConfigError } from "./errors.ts";
import {
  attachState,
  type ConnectionState,
  openStateOf,
} from "./_connection_state.ts";
import {
  CONNECT_OPTION_KEYS,
  differingSetting,
  resolveSettings,
  type Settings,
} from "./_settings.ts";
import { checkOptions, typeName } from "./_validate.ts";

/** The alias used when none is given. */
export const DEFAULT_ALIAS = "default";

/** One entry of {@linkcode Connections.listConnections}. */
export interface ConnectionListEntry {
  /** The alias. */
  alias: string;
  /** Whether it is connected (settings may be kept while it is not). */
  connected: boolean;
}

function checkAlias(alias: unknown, action: string): string {
  if (typeof alias !== "string" || alias.length === 0) {
    throw new ConnectionConfigError(
      `Cannot ${action}: the alias must be a non-empty string, got ${
        alias === "" ? "an empty string" : typeName(alias)
      }`,
    );
  }
  return alias;
}

/**
 * A map of named connections. Most programs use the default instance,
 * {@linkcode connections}; make your own to keep separate sets of aliases.
 *
 * @example Two aliases
 * ```ts
 * import { Connections } from "@milvus-rbac/client";
 * import { assertEquals } from "@std/assert";
 *
 * const registry = new Connections();
 * registry.connect({ uri: "http://localhost:19530" });
 * registry.connect({ alias: "cloud", uri: "https://example.com", token: "key" });
 * assertEquals(registry.getConnectionAddr("cloud")?.port, 443);
 * assertEquals(registry.listConnections().map((entry) => entry.alias), [
 *   "default",
 *   "cloud",
 * ]);
 * ```
 */
export class Connections {
  #settings = new Map<string, Settings>();
  #live = new Map<string, Connection>();

  /**
   * Registers an alias and returns its connection, without any network I/O.
   * Connecting an alias that is connected with the same settings returns the
   * same connection; with other settings it is an error until the alias is
   * disconnected. `connect({ alias })` alone reconnects with the settings the
   * alias had.
   *
   * @param options Where and how to connect.
   * @returns The connection.
   * @throws {ConnectionConfigError} For bad settings, or an alias already
   * connected with other settings.
   */
  connect(options?: ConnectOptions): Connection {
    const action = "connect";
    const raw = checkOptions(
      options,
      CONNECT_OPTION_KEYS,
      action,
      "options",
      ConnectionConfigError,
    );
    const alias = checkAlias(raw.alias ?? DEFAULT_ALIAS, action);
    const { alias: _, ...rest } = raw;

    const stored = this.#settings.get(alias);
    const settings =
      Object.values(rest).every((value) => value === undefined) &&
        stored !== undefined
        ? stored
        : resolveSettings(rest);

    const live = this.#live.get(alias);
    if (live !== undefined) {
      this.#checkSame(alias, live, settings);
      return live;
    }

    const connection = Object.create(Connection.prototype) as Connection;
    const state: ConnectionState = {
      alias,
      settings,
      lifecycle: new AbortController(),
    };
    attachState(connection, state);
    this.#settings.set(alias, settings);
    this.#live.set(alias, connection);
    return connection;
  }

  /**
   * Stores settings under an alias without connecting it; a later
   * `connect({ alias })` uses them.
   *
   * @param alias The alias.
   * @param options The settings, as for {@linkcode Connections.connect}.
   * @throws {ConnectionConfigError} For bad settings, or an alias already
   * connected with other settings.
   */
  addConnection(alias: string, options?: Omit<ConnectOptions, "alias">): void {
    const action = "add connection";
    checkAlias(alias, action);
    const raw = checkOptions(
      options,
      CONNECT_OPTION_KEYS.filter((key) => key !== "alias"),
      action,
      "options",
      ConnectionConfigError,
    );
    const settings = resolveSettings(raw);

    const live = this.#live.get(alias);
    if (live !== undefined) {
      this.#checkSame(alias, live, settings);
      return;
    }
    this.#settings.set(alias, settings);
  }

  /**
   * Disconnects an alias: its settings are kept for a later `connect`, the
   * {@linkcode Connection} object stops working, and its calls in flight
   * fail at once with {@linkcode ConnectionClosedError}. Does nothing for an
   * alias that is not connected.
   *
   * @param alias The alias.
   */
  disconnect(alias: string): void {
    const live = this.#live.get(checkAlias(alias, "disconnect"));
    if (live === undefined) return;

    this.#live.delete(alias);
    const state = openStateOf(live, "disconnect");
    state.lifecycle.abort(
      new ConnectionClosedError(`Connection "${alias}" was disconnected`),
    );
  }

  /**
   * Disconnects an alias and forgets its settings.
   *
   * @param alias The alias.
   */
  removeConnection(alias: string): void {
    this.disconnect(alias);
    this.#settings.delete(alias);
  }

  /**
   * Lists every alias with settings, in the order they were added.
   *
   * @returns The aliases and whether each is connected.
   */
  listConnections(): ConnectionListEntry[] {
    return [...this.#settings.keys()].map((alias) => ({
      alias,
      connected: this.#live.has(alias),
    }));
  }

  /**
   * Tells whether an alias is connected.
   *
   * @param alias The alias.
   * @returns `true` when connected.
   */
  hasConnection(alias: string): boolean {
    return this.#live.has(checkAlias(alias, "check connection"));
  }

  /**
   * Where an alias points, without password or token.
   *
   * @param alias The alias.
   * @returns The address, or `undefined` for an unknown alias.
   */
  getConnectionAddr(alias: string): ConnectionAddress | undefined {
    const settings = this.#settings.get(checkAlias(alias, "get address"));
    if (settings === undefined) return undefined;

    const { address, host, port, secure, dbName, user } = settings;
    return { address, host, port, secure, dbName, user };
  }

  /**
   * The connected connection of an alias.
   *
   * @param alias The alias.
   * @returns The connection.
   * @throws {ConnectionConfigError} When the alias is unknown or
   * disconnected, naming it.
   */
  getConnection(alias: string = DEFAULT_ALIAS): Connection {
    checkAlias(alias, "use connection");
    const live = this.#live.get(alias);
    if (live !== undefined) return live;

    if (this.#settings.has(alias)) {
      throw new ConnectionConfigError(
        `Connection "${alias}" is disconnected: call connections.connect({ alias: "${alias}" }) to reconnect`,
      );
    }
    throw new ConnectionConfigError(
      `No connection named "${alias}": call connections.connect({ alias: "${alias}", uri: ... }) first`,
    );
  }

  #checkSame(alias: string, live: Connection, settings: Settings): void {
    const current = openStateOf(live, "connect").settings;
    const differs = differingSetting(current, settings);
    if (differs === undefined) return;

    throw new ConnectionConfigError(
      `Cannot connect: alias "${alias}" is already connected with ${differs}; call disconnect("${alias}") first or use another alias`,
    );
  }
}

/**
 * The default alias map, which `using: "<alias>"` refers to.
 *
 * @example Connecting the default alias
 * ```ts
 * import { connections } from "@milvus-rbac/client";
 *
 * connections.connect({ uri: "http://localhost:19530", user: "root", password: "Milvus" });
 * connections.disconnect("default");
 * ```
 */
export const connections: Connections = new Connections();
