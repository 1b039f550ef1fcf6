/**
 * The request pipeline shared by every transport: faults, CORS, routing,
 * authentication, timeout, body binding, privilege check and handler. It
 * returns an outcome that each transport renders in its own way.
 *
 * @module
 */

import { authenticate, type Caller } from "./_auth.ts";
import { isPermitted } from "./_authorize.ts";
import { bindBody, field } from "./_binding.ts";
import { type Catalog, catalogFor } from "./_catalog.ts";
import { type ActiveFault, FaultRegistry } from "./_faults.ts";
import { encodeJson } from "./_json.ts";
import type { RbacState } from "./_model.ts";
import type { EmulatorConfig } from "./_options.ts";
import { Code, type JsonValue } from "./_reply.ts";
import { type Route, ROUTES } from "./_routes.ts";
import { wait } from "../_abortable.ts";

/** A request as the pipeline reads it, whatever the transport. */
export interface IncomingCall {
  readonly method: string;
  readonly url: URL;
  readonly headers: Headers;
  readonly body: string;
}

/** An HTTP answer. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Uint8Array<ArrayBuffer>;
}

/** What the transport should do. */
export type Outcome =
  | {
    readonly kind: "answer";
    readonly answer: HttpAnswer;
    /** Pause this long after the first half of the body. */
    readonly stallMs: number | undefined;
  }
  | { readonly kind: "drop" }
  | { readonly kind: "aborted"; readonly reason: unknown };

const BASE_PATH = "/v2/vectordb/";
const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";
const encoder = new TextEncoder();

function answer(
  status: number,
  headers: Headers,
  body: string,
  contentType?: string,
): HttpAnswer {
  if (contentType !== undefined) headers.set("Content-Type", contentType);
  return { status, headers, body: encoder.encode(body) };
}

function jsonAnswer(
  status: number,
  headers: Headers,
  value: JsonValue,
): HttpAnswer {
  return answer(status, headers, encodeJson(value), JSON_TYPE);
}

// Go's strconv.ParseInt in base 10: an optional sign and digits, nothing else.
function parseSeconds(value: string | null): number | undefined {
  if (value === null || !/^[+-]?\d+$/.test(value)) return undefined;
  const seconds = Number(value);
  return Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** The state and pipeline of one emulator. */
export class EmulatorCore {
  readonly config: EmulatorConfig;
  readonly state: RbacState;
  readonly faults: FaultRegistry = new FaultRegistry();
  readonly #catalog: Catalog;
  readonly #apiKeys: Promise<ReadonlyMap<string, string>>;
  // Milvus 2.4 keeps the last Request-Timeout of each route for later
  // requests that send none.
  readonly #stickyTimeouts = new Map<string, number>();

  constructor(
    config: EmulatorConfig,
    state: RbacState,
    apiKeys: Promise<ReadonlyMap<string, string>>,
  ) {
    this.config = config;
    this.state = state;
    this.#catalog = catalogFor(config.version);
    this.#apiKeys = apiKeys;
  }

  /**
   * Runs a request through the pipeline.
   *
   * @param call The request.
   * @param signal Gives the signal that aborts waiting for an injected
   * delay; it is asked for only when there is something to wait for.
   * @returns What to send.
   */
  async dispatch(
    call: IncomingCall,
    signal: () => AbortSignal,
  ): Promise<Outcome> {
    function pause(ms: number): Promise<boolean> {
      return ms > 0 ? wait(ms, signal()) : Promise.resolve(true);
    }

    const path = call.url.pathname;
    const routeName = path.startsWith(BASE_PATH)
      ? path.slice(BASE_PATH.length).replace(/\/$/, "")
      : path;
    const fault = this.faults.take(routeName);

    if (fault?.status !== undefined) {
      if (!await pause(fault.delayMs)) return aborted(signal());
      return finish(this.#replacement(fault), fault);
    }

    const front = await this.#front(call, path);
    if ("status" in front) {
      if (!await pause(fault?.delayMs ?? 0)) return aborted(signal());
      return finish(front, fault);
    }

    const timeoutMs = this.#timeoutMs(front.name, call.headers);
    const delayMs = fault?.delayMs ?? 0;
    if (timeoutMs <= 0 || delayMs > timeoutMs) {
      if (!await pause(timeoutMs)) return aborted(signal());
      return finish(this.#timeout(front.headers), fault);
    }
    if (!await pause(delayMs)) return aborted(signal());

    let result: HttpAnswer;
    try {
      result = await this.#handle(front, call);
    } catch {
      // Milvus answers a handler panic with a bare 500.
      result = jsonAnswer(500, front.headers, { code: 500 });
    }
    return finish(result, fault);
  }

  // HSTS (off by default in Milvus) and the proxy's health check (code 1,
  // "service not ready") are not modelled.
  #baseHeaders(): Headers {
    const headers = new Headers({
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Credentials": "true",
      "Access-Control-Allow-Headers":
        "Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token, Authorization, accept, origin, Cache-Control, X-Requested-With",
      "Access-Control-Allow-Methods":
        "GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH",
    });
    if (this.config.version === "2.6") {
      headers.set("X-Content-Type-Options", "nosniff");
    }
    return headers;
  }

  // Everything before a route handler: redirect, CORS preflight,
  // authentication and the 404 of unknown routes or methods.
  async #front(
    call: IncomingCall,
    path: string,
  ): Promise<HttpAnswer | RoutedCall> {
    const name = path.slice(BASE_PATH.length);
    const isPost = call.method === "POST";
    const trimmed = name.replace(/\/$/, "");
    if (
      isPost && path.startsWith(BASE_PATH) && name !== trimmed &&
      ROUTES.has(trimmed)
    ) {
      const location = BASE_PATH + trimmed + call.url.search;
      return answer(307, new Headers({ Location: location }), "");
    }

    const headers = this.#baseHeaders();
    if (call.method === "OPTIONS") return answer(204, headers, "");

    let caller: Caller | undefined;
    if (this.config.authorization) {
      const auth = await authenticate(
        call.headers.get("Authorization"),
        this.state,
        this.#apiKeys,
      );
      if (auth.basic) {
        headers.set(
          "WWW-Authenticate",
          'Basic realm="restricted", charset="UTF-8"',
        );
      }
      if (auth.caller === undefined) {
        return jsonAnswer(401, headers, {
          code: Code.needAuthenticate,
          message: "user hasn't authenticated",
        });
      }
      caller = auth.caller;
    }

    const route = path.startsWith(BASE_PATH) ? ROUTES.get(name) : undefined;
    if (!isPost || route === undefined) {
      return answer(404, headers, "404 page not found", "text/plain");
    }
    return { name, route, caller, headers };
  }

  #timeoutMs(route: string, headers: Headers): number {
    const sent = parseSeconds(headers.get("Request-Timeout"));
    let seconds = sent ?? this.config.defaultTimeoutSeconds;
    if (this.config.version === "2.4") {
      if (sent !== undefined) this.#stickyTimeouts.set(route, sent);
      seconds = this.#stickyTimeouts.get(route) ?? seconds;
    }
    return seconds * 1000;
  }

  #timeout(headers: Headers): HttpAnswer {
    if (this.config.version === "2.4") {
      return answer(408, headers, "timeout", TEXT_TYPE);
    }
    return jsonAnswer(408, headers, {
      code: Code.timeout,
      message: "request timeout",
    });
  }

  #replacement(fault: ActiveFault): HttpAnswer {
    const headers = new Headers([...fault.headers]);
    if (fault.body !== "" && !headers.has("Content-Type")) {
      headers.set("Content-Type", TEXT_TYPE);
    }
    return answer(fault.status ?? 200, headers, fault.body);
  }

  async #handle(routed: RoutedCall, call: IncomingCall): Promise<HttpAnswer> {
    const { route, caller, headers } = routed;
    const body = bindBody(call.body, route.struct);
    if ("ok" in body) {
      return jsonAnswer(200, headers, {
        code: body.code,
        message: body.message,
      });
    }

    const fromBody = route.bodyDatabase(this.config.version)
      ? field(body, "dbName")
      : "";
    const dbName = fromBody || call.headers.get("DB-Name") || "default";

    if (caller !== undefined) {
      const required = route.privilege(body);
      const ownRole = route.ownRole === true &&
        [...this.state.rolesOf(caller.name), "public"].includes(
          field(body, "roleName"),
        );
      const permitted = ownRole ||
        isPermitted(caller.name, required, dbName, this.#catalog, this.state);
      if (!permitted) {
        const who = caller.viaApiKey ? "apikey user" : caller.name;
        return jsonAnswer(403, headers, {
          code: Code.unexpected,
          message:
            `rpc error: code = PermissionDenied desc = Privilege${required.privilege}: permission deny to ${who} in the \`${dbName}\` database`,
        });
      }
    }

    const reply = await route.handle({
      state: this.state,
      config: this.config,
      catalog: this.#catalog,
      body,
      caller,
      dbName,
    });
    if (!reply.ok) {
      return jsonAnswer(200, headers, {
        code: reply.code,
        message: reply.message,
      });
    }
    const code = this.config.legacySuccessCode ? 200 : 0;
    return jsonAnswer(200, headers, { code, data: reply.data });
  }
}

interface RoutedCall {
  readonly name: string;
  readonly route: Route;
  readonly caller: Caller | undefined;
  readonly headers: Headers;
}

function aborted(signal: AbortSignal): Outcome {
  return { kind: "aborted", reason: signal.reason };
}

function finish(result: HttpAnswer, fault: ActiveFault | undefined): Outcome {
  if (fault?.drop) return { kind: "drop" };
  if (fault !== undefined && fault.status === undefined) {
    for (const [name, value] of fault.headers) result.headers.set(name, value);
  }
  return { kind: "answer", answer: result, stallMs: fault?.stallMs };
}
