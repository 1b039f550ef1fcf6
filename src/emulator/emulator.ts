/**
 * An in-memory imitation of the user, role and privilege-group routes of the
 * Milvus REST v2 API, for testing clients without a Milvus server.
 *
 * @module
 */

import { deferred } from "./_deferred.ts";
import type { MilvusVersion } from "./_catalog.ts";
import { EmulatorCore, type IncomingCall, type Outcome } from "./_core.ts";
import type { Fault, InjectedFault } from "./_faults.ts";
import { RbacState } from "./_model.ts";
import {
  configFrom,
  type MilvusEmulatorOptions,
  secretsFrom,
} from "./_options.ts";
import { MaskedSecret } from "./_masked_secret.ts";
import {
  hashPassword,
  type PasswordHash,
  tokenDigest,
} from "./_password_hash.ts";
import { registerDispatch } from "./_registry.ts";
import { DEFAULT_ROLES } from "./_role_routes.ts";
import { toResponse } from "./_web.ts";

export type { MilvusVersion } from "./_catalog.ts";
export type { Fault, InjectedFault } from "./_faults.ts";
export type { MilvusEmulatorOptions } from "./_options.ts";
export type { MilvusRoute } from "./_routes.ts";

/** What printing an emulator shows: counts, never a password. */
export interface EmulatorSummary {
  /** The Milvus release line imitated. */
  readonly version: MilvusVersion;
  /** Whether authentication and privilege checks are on. */
  readonly authorization: boolean;
  /** The number of users, `root` included. */
  readonly users: number;
  /** The number of roles, `admin` and `public` included. */
  readonly roles: number;
  /** The number of custom privilege groups. */
  readonly privilegeGroups: number;
  /** The number of injected faults still active. */
  readonly faults: number;
}

const MAX_REDIRECTS = 20;

// The grants Milvus gives the public role when it starts. Turning them off
// (enablePublicPrivilege) and configured built-in roles are not modelled.
const PUBLIC_GRANTS: readonly [string, string][] = [
  ["Collection", "IndexDetail"],
  ["Global", "DescribeCollection"],
  ["Global", "ListAliases"],
];

// API keys are kept only as digests, like passwords.
async function digestKeys(
  apiKeys: readonly (readonly [MaskedSecret, string])[],
): Promise<ReadonlyMap<string, string>> {
  const digests = new Map<string, string>();
  for (const [key, user] of apiKeys) {
    digests.set(await tokenDigest(key.reveal()), user);
  }
  return digests;
}

function seed(state: RbacState): void {
  for (const role of DEFAULT_ROLES) state.addRole(role);
  for (const [objectType, privilege] of PUBLIC_GRANTS) {
    state.addGrant({
      role: "public",
      objectType,
      dbName: "*",
      objectName: "*",
      privilege,
      stored: `Privilege${privilege}`,
      grantor: "root",
    });
  }
}

/**
 * An emulated Milvus server, reached through {@linkcode MilvusEmulator.fetch}
 * in process, {@linkcode MilvusEmulator.handler} in a `Deno.serve` or
 * `Bun.serve` server, or `serveEmulator` over real HTTP.
 *
 * It starts as a fresh Milvus does: the user `root` with the password
 * `Milvus` (or `rootPassword`), the roles `admin` and `public`, and the
 * three default grants of `public`. Passwords are kept only as salted
 * SHA-256 hashes.
 *
 * @example Change a password in process
 * ```ts
 * import { assertEquals } from "@std/assert";
 * import { MilvusEmulator } from "@milvus-rbac/client/testing";
 *
 * const milvus = new MilvusEmulator();
 * const response = await milvus.fetch(
 *   "http://milvus.test/v2/vectordb/users/update_password",
 *   {
 *     method: "POST",
 *     headers: { Authorization: "Bearer root:Milvus" },
 *     body: JSON.stringify({
 *       userName: "root",
 *       password: "Milvus",
 *       newPassword: "a-longer-secret",
 *     }),
 *   },
 * );
 * assertEquals(await response.json(), { code: 0, data: {} });
 * ```
 */
export class MilvusEmulator {
  readonly #core: EmulatorCore;
  readonly #prepare: () => Promise<void>;
  #prepared: Promise<void> | undefined;

  /**
   * A function with the signature of the global `fetch` that answers from
   * this emulator without a socket. Any scheme and host is accepted; only
   * the path, method, headers and body matter. It is bound, so it can be
   * passed on alone.
   *
   * It rejects with the signal's reason when the request's signal aborts
   * before the answer, and with a `TypeError` for an injected `drop`. A
   * stalled body errors with the signal's reason when the signal aborts.
   * Redirects are followed as `fetch` does, unless `redirect` says not to.
   */
  readonly fetch: (
    input: RequestInfo | URL,
    init?: RequestInit,
  ) => Promise<Response>;

  /**
   * A request handler for `Deno.serve` or `Bun.serve`, bound to this
   * emulator. An injected `drop` cannot close the connection from here: the
   * answer is a 200 whose body errors at once. The request's signal, which
   * ends delays and stalls when the client goes away, is read only when a
   * fault needs it, since `Deno.serve` prints a notice when it is read.
   *
   * @example Serve with Deno
   * ```ts ignore
   * const milvus = new MilvusEmulator();
   * Deno.serve({ port: 19530 }, milvus.handler);
   * ```
   */
  readonly handler: (request: Request) => Promise<Response>;

  /**
   * Creates an emulator.
   *
   * @param options Its behaviour; every option has a default.
   * @throws {TypeError} When an option has the wrong type.
   * @throws {RangeError} When an option is out of range.
   */
  constructor(options: MilvusEmulatorOptions = {}) {
    const config = configFrom(options);
    const { rootPassword, apiKeys } = secretsFrom(options);

    // Hashing is asynchronous. Starting it here would leave work running
    // in tests that never send a request, so the first request does it;
    // until then the secrets are kept masked.
    const state = new RbacState();
    seed(state);
    const rootHash = deferred<PasswordHash>();
    state.setPassword("root", rootHash.promise);
    const keyDigests = deferred<ReadonlyMap<string, string>>();
    this.#core = new EmulatorCore(config, state, keyDigests.promise);

    const root = new MaskedSecret(rootPassword);
    const keys = apiKeys.map(([key, user]) =>
      [new MaskedSecret(key), user] as const
    );
    this.#prepare = async () => {
      rootHash.resolve(await hashPassword(root.reveal()));
      keyDigests.resolve(await digestKeys(keys));
    };

    this.fetch = (input, init) => this.#fetch(input, init);
    this.handler = (request) => this.#handle(request);
    registerDispatch(this, (call, signal) => this.#dispatch(call, signal));
  }

  /** The Milvus release line this emulator imitates. */
  get version(): MilvusVersion {
    return this.#core.config.version;
  }

  /**
   * Injects a fault into the answers to come. See {@linkcode Fault} for
   * what each field does.
   *
   * @example Fail the next password change with a proxy error
   * ```ts
   * import { assertEquals } from "@std/assert";
   * import { MilvusEmulator } from "@milvus-rbac/client/testing";
   *
   * const milvus = new MilvusEmulator({ authorization: false });
   * const fault = milvus.injectFault({
   *   route: "users/update_password",
   *   times: 1,
   *   status: 502,
   *   body: "<html><body>Bad Gateway</body></html>",
   *   headers: { "Content-Type": "text/html" },
   * });
   * const response = await milvus.fetch(
   *   "http://milvus.test/v2/vectordb/users/update_password",
   *   { method: "POST", body: "{}" },
   * );
   * assertEquals(response.status, 502);
   * await response.body?.cancel();
   * assertEquals(fault.active, false);
   * ```
   *
   * @param fault What to do and to which requests.
   * @returns A handle to count the requests it hit or to clear it.
   * @throws {TypeError} When the fault is malformed or names an unknown
   * route.
   * @throws {RangeError} When a number in it is out of range.
   */
  injectFault(fault: Fault): InjectedFault {
    return this.#core.faults.inject(fault);
  }

  /** Removes every injected fault; requests already delayed keep waiting. */
  clearFaults(): void {
    this.#core.faults.clear();
  }

  /**
   * A summary without secrets, which `JSON.stringify` uses.
   *
   * @returns The version, the authorization setting and counts.
   */
  toJSON(): EmulatorSummary {
    const state = this.#core.state;
    return {
      version: this.#core.config.version,
      authorization: this.#core.config.authorization,
      users: state.userCount,
      roles: state.roleCount,
      privilegeGroups: state.groups().length,
      faults: this.#core.faults.size,
    };
  }

  /**
   * How Deno prints the emulator: its summary only.
   *
   * @param inspect Deno's inspect function.
   * @param options Deno's inspect options.
   * @returns The text to print.
   */
  [Symbol.for("Deno.customInspect")](
    inspect: (value: unknown, options?: unknown) => string,
    options?: unknown,
  ): string {
    return `MilvusEmulator ${inspect(this.toJSON(), options)}`;
  }

  /**
   * How Node and Bun print the emulator: its summary only.
   *
   * @param _depth The remaining depth.
   * @param options Node's inspect options.
   * @param inspect Node's inspect function.
   * @returns The text to print.
   */
  [Symbol.for("nodejs.util.inspect.custom")](
    _depth?: number,
    options?: unknown,
    inspect?: (value: unknown, options?: unknown) => string,
  ): string {
    const summary = inspect === undefined
      ? JSON.stringify(this.toJSON())
      : inspect(this.toJSON(), options);
    return `MilvusEmulator ${summary}`;
  }

  async #dispatch(
    call: IncomingCall,
    signal: () => AbortSignal,
  ): Promise<Outcome> {
    this.#prepared ??= this.#prepare();
    await this.#prepared;
    return await this.#core.dispatch(call, signal);
  }

  async #fetch(
    input: RequestInfo | URL,
    init?: RequestInit,
  ): Promise<Response> {
    const request = new Request(input, init);
    const { signal } = request;
    signal.throwIfAborted();
    const body = await request.text();

    let url = new URL(request.url);
    for (let redirects = 0;; redirects++) {
      const call = {
        method: request.method,
        url,
        headers: request.headers,
        body,
      };
      const outcome = await this.#dispatch(call, () => signal);
      if (outcome.kind === "aborted") throw outcome.reason;
      if (outcome.kind === "drop") {
        throw new TypeError(
          `error sending request for url (${url}): connection closed before message completed`,
        );
      }

      const location = outcome.answer.headers.get("Location");
      const redirect = outcome.answer.status === 307 && location !== null;
      if (redirect && request.redirect === "error") {
        throw new TypeError(
          `Redirect from ${url} refused: redirect is "error"`,
        );
      }
      if (redirect && request.redirect === "follow") {
        if (redirects >= MAX_REDIRECTS) {
          throw new TypeError(`Too many redirects from ${request.url}`);
        }
        url = new URL(location, url);
        continue;
      }

      const response = toResponse(
        outcome,
        () => signal,
        request.method === "HEAD",
      );
      // A constructed Response has no URL; give it the one fetch would.
      Object.defineProperty(response, "url", { value: url.href });
      Object.defineProperty(response, "redirected", { value: redirects > 0 });
      return response;
    }
  }

  async #handle(request: Request): Promise<Response> {
    const body = await request.text();
    const call = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body,
    };
    // Deno.serve warns when request.signal is read, so it is read only when
    // a delay or stall needs it.
    const signal = (): AbortSignal => request.signal;
    const outcome = await this.#dispatch(call, signal);
    return toResponse(outcome, signal, request.method === "HEAD");
  }
}
