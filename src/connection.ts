/**
 * {@linkcode Connection}: one named set of settings for a Milvus server,
 * made by `connections.connect()`. REST has nothing to open, so a connection
 * holds settings and a lifetime; {@linkcode Connection.verify} makes a real
 * call for those who want to fail at start-up.
 *
 * @module
 */
import { PermissionDeniedError } from "./errors.ts";
import type { PasswordPolicyOption } from "./password_policy.ts";
import type { FetchFunction } from "./_settings.ts";
import { openStateOf, stateOf } from "./_connection_state.ts";
import { call } from "./_request.ts";
import { readOptions } from "./_validate.ts";

export type { FetchFunction };

/** Options of `connections.connect()` and `connections.addConnection()`. */
export interface ConnectOptions {
  /**
   * The name of this connection, passed as `using` to operations.
   * @default {"default"}
   */
  alias?: string;
  /**
   * The server root, `http[s]://[user:password@]host[:port][/dbName]`. Port
   * 443 is the default for https and 19530 for http. Credentials and the
   * database in the URI apply unless given as options.
   * @default {"http://localhost:19530"}
   */
  uri?: string;
  /** The host name, instead of `uri`. */
  host?: string;
  /**
   * The port, with `host`.
   * @default {19530, or 443 with `secure`}
   */
  port?: number | string;
  /**
   * Whether to use https, with `host`.
   * @default {false}
   */
  secure?: boolean;
  /** The user to log in as; needs `password`. */
  user?: string;
  /** The password of `user`. */
  password?: string;
  /** `user:password`, or a Zilliz Cloud API key, instead of user and password. */
  token?: string;
  /**
   * The database for privilege checks and role operations.
   * @default {"default"}
   */
  dbName?: string;
  /**
   * The time limit of each call, in milliseconds, covering the response
   * headers and body and any retries; `null` for none.
   * @default {30000}
   */
  timeout?: number | null;
  /**
   * How many times a read is retried on a network error, 429 or 503; writes
   * are never retried. `0` turns retries off.
   * @default {2}
   */
  retries?: number;
  /**
   * The `fetch` to call, for tests, proxies and unusual runtimes.
   * @default {globalThis.fetch}
   */
  fetch?: FetchFunction;
  /** Extra headers sent with every request (not Authorization). */
  headers?: Record<string, string>;
  /**
   * Rules that new passwords are checked against before a request is sent:
   * `"milvus"`, `"zilliz"` or a custom policy; `null` leaves it to the server.
   * @default {null}
   */
  passwordPolicy?: PasswordPolicyOption | null;
}

/** Where a connection points, without any secret. */
export interface ConnectionAddress {
  /** `http[s]://host:port`. */
  address: string;
  /** The host name. */
  host: string;
  /** The port. */
  port: number;
  /** Whether it uses https. */
  secure: boolean;
  /** The database. */
  dbName: string;
  /** The user it logs in as, if known (not for API keys). */
  user: string | undefined;
}

/** Per-call options of {@linkcode Connection.verify}. */
export interface VerifyOptions {
  /**
   * The time limit in milliseconds; `null` for none.
   * @default {the connection's timeout}
   */
  timeout?: number | null;
  /** Aborts the call; it then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The secret-free view printed by inspect and `JSON.stringify`. */
export interface ConnectionJson extends ConnectionAddress {
  /** The alias. */
  alias: string;
  /** Whether it is still connected. */
  connected: boolean;
}

/**
 * A named connection to a Milvus server. Get one from
 * `connections.connect()`; it cannot be constructed directly.
 *
 * Credentials are kept out of reach: printing, inspecting or serialising a
 * connection shows its address, database and user only.
 *
 * @example Connecting and checking the settings
 * ```ts
 * import { Connections } from "@milvus-rbac/client";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const emulator = new MilvusEmulator();
 * const connection = new Connections().connect({
 *   user: "root",
 *   password: "Milvus",
 *   fetch: emulator.fetch,
 * });
 * await connection.verify();
 * ```
 */
export class Connection {
  /**
   * Not for use: connections come from `connections.connect()`.
   *
   * @throws {TypeError} Always.
   */
  constructor() {
    throw new TypeError(
      "Cannot construct a Connection: use connections.connect() instead",
    );
  }

  /** The alias this connection is registered under. */
  get alias(): string {
    return stateOf(this, "read alias").alias;
  }

  /** The server address, `http[s]://host:port`. */
  get address(): string {
    return stateOf(this, "read address").settings.address;
  }

  /** The database. */
  get dbName(): string {
    return stateOf(this, "read dbName").settings.dbName;
  }

  /** The user this connection logs in as, if known (not for API keys). */
  get user(): string | undefined {
    return stateOf(this, "read user").settings.user;
  }

  /** The default time limit of each call in milliseconds, or `null`. */
  get timeout(): number | null {
    return stateOf(this, "read timeout").settings.timeout;
  }

  /** Whether the connection is still connected. */
  get connected(): boolean {
    return !stateOf(this, "read connected").lifecycle.signal.aborted;
  }

  /**
   * Proves the address and the credentials with one cheap authenticated call
   * (`users/describe` of the connection's own user). A permission error still
   * proves the credentials, since Milvus checks them first, so it counts as
   * success.
   *
   * @param options A timeout and a signal.
   * @returns Nothing, once the server accepted the credentials.
   * @throws {AuthenticationError} When the credentials are refused.
   * @throws {NetworkError} When the server cannot be reached.
   * @throws {RouteNotFoundError} When the server has no REST v2 API.
   */
  async verify(options?: VerifyOptions): Promise<void> {
    const action = "verify connection";
    const { call: budget } = readOptions(options, [], action);
    const state = openStateOf(this, action);

    try {
      await call(state, {
        action,
        route: "users/describe",
        body: { userName: state.settings.user ?? "root" },
        read: true,
      }, budget);
    } catch (error) {
      if (!(error instanceof PermissionDeniedError)) throw error;
    }
  }

  /**
   * The secret-free view of this connection.
   *
   * @returns Alias, address, database, user and whether it is connected.
   */
  toJSON(): ConnectionJson {
    const state = stateOf(this, "serialize connection");
    const { address, host, port, secure, dbName, user } = state.settings;
    return {
      alias: state.alias,
      address,
      host,
      port,
      secure,
      dbName,
      user,
      connected: !state.lifecycle.signal.aborted,
    };
  }

  /**
   * Deno's inspect hook: prints the secret-free view.
   *
   * @param inspect Deno's inspect function.
   * @param options Deno's inspect options.
   * @returns The printed form.
   */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options: unknown,
  ): string {
    return `Connection ${inspect(this.toJSON(), options)}`;
  }

  /**
   * Node's and Bun's inspect hook: prints the secret-free view.
   *
   * @param _depth The current depth.
   * @param options Node's inspect options.
   * @param inspect Node's inspect function.
   * @returns The printed form.
   */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth: number,
    options: unknown,
    inspect: (value: unknown, options?: unknown) => string,
  ): string {
    return `Connection ${inspect(this.toJSON(), options)}`;
  }
}
