// The one request pipeline every operation shares: POST a JSON body to
// /v2/vectordb/<route>, bound the whole exchange (headers and body) by one
// timeout, link the caller's signal and the connection's lifetime without
// leaving listeners behind, and turn every outcome into data or a typed error.
import {
  AuthenticationError,
  ClientTimeoutError,
  ConnectionClosedError,
  NetworkError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
} from "./errors.ts";
import { excerpt, safeCause, scrub } from "./_redact.ts";
import type { FetchFunction } from "./_settings.ts";
import {
  authorizationOf,
  type ConnectionState,
  secretsOf,
} from "./_connection_state.ts";

/** What one operation asks of the pipeline. */
export interface CallSpec {
  /** For messages: "Cannot <action>: ...". */
  action: string;
  /** The route under /v2/vectordb, such as `users/update_password`. */
  route: string;
  /** The JSON body, with only the fields the route defines. */
  body: Record<string, unknown>;
  /** Values in the body that must never appear in an error. */
  secrets?: readonly string[];
  /**
   * Whether the call only reads, so that it may be retried on network
   * errors, 429 and 503. Writes are never retried: a lost reply to a change
   * that succeeded would make the retry fail or apply twice.
   */
  read?: boolean;
}

/** Per-call options every operation accepts. */
export interface CallOptions {
  timeout?: number | null | undefined;
  signal?: AbortSignal | undefined;
}

// Milvus answers these routes with small JSON bodies; anything larger is not
// Milvus (or not a sane answer), and reading it all would cost memory.
export const MAX_BODY_BYTES = 1 << 20;
const BACKOFF_BASE_MS = 100;
const BACKOFF_CAP_MS = 2_000;

type AbortCause = "timeout" | "caller" | "closed";

interface Exchange {
  state: ConnectionState;
  spec: CallSpec;
  /** Computed only when an error is built, which keeps success cheap. */
  secrets: () => readonly string[];
  signal: AbortSignal;
  deadline: number | undefined;
  /** The call's whole time limit, which the first attempt announces. */
  timeout: number | null;
  attempt: number;
}

/**
 * Sends one operation and returns the `data` of a successful response.
 * A caller's abort rejects with the signal's own reason.
 */
export async function call(
  state: ConnectionState,
  spec: CallSpec,
  options: CallOptions,
): Promise<unknown> {
  const timeout = options.timeout === undefined
    ? state.settings.timeout
    : options.timeout;
  const callerSignal = options.signal;
  callerSignal?.throwIfAborted();

  // One controller per call: only it reaches fetch, so listeners on the
  // caller's long-lived signal and on the connection are ours to remove.
  const controller = new AbortController();
  let cause: AbortCause | undefined;
  const abortFor = (why: AbortCause) => {
    if (cause !== undefined) return;
    cause = why;
    controller.abort();
  };
  const onCallerAbort = () => abortFor("caller");
  const onClosed = () => abortFor("closed");
  const lifecycle = state.lifecycle.signal;
  callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  lifecycle.addEventListener("abort", onClosed, { once: true });
  if (lifecycle.aborted) onClosed();
  const timer = timeout === null
    ? undefined
    : setTimeout(() => abortFor("timeout"), timeout);

  const exchange: Exchange = {
    state,
    spec,
    secrets: () => [...secretsOf(state.settings), ...(spec.secrets ?? [])],
    signal: controller.signal,
    deadline: timeout === null ? undefined : Date.now() + timeout,
    timeout,
    attempt: 0,
  };

  try {
    return await withRetries(exchange);
  } catch (error) {
    if (cause === "caller") throw callerSignal?.reason;
    if (cause === "timeout") {
      throw new ClientTimeoutError(
        `Cannot ${spec.action}: no answer to ${spec.route} within ${timeout} ms; it may still have been applied, so check before retrying`,
        timeout ?? 0,
        { route: spec.route },
      );
    }
    if (cause === "closed") {
      throw new ConnectionClosedError(
        `Cannot ${spec.action}: connection "${state.alias}" was disconnected during ${spec.route}; it may or may not have been applied`,
        { route: spec.route },
      );
    }
    throw error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener("abort", onCallerAbort);
    lifecycle.removeEventListener("abort", onClosed);
  }
}

async function withRetries(exchange: Exchange): Promise<unknown> {
  const retries = exchange.spec.read ? exchange.state.settings.retries : 0;

  for (let attempt = 0;; attempt++) {
    exchange.attempt = attempt;
    try {
      return await once(exchange);
    } catch (error) {
      if (attempt >= retries || !isRetriable(error)) throw error;
      if (exchange.signal.aborted) throw error;

      // Full jitter keeps many clients from retrying in step; a wait that
      // would outlast the deadline is pointless, so give up at once.
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      const delay = Math.round(ceiling * (0.5 + Math.random() / 2));
      if (
        exchange.deadline !== undefined &&
        Date.now() + delay >= exchange.deadline
      ) {
        throw error;
      }
      await sleep(delay, exchange.signal);
    }
  }
}

function isRetriable(error: unknown): boolean {
  if (error instanceof NetworkError) return true;
  return error instanceof UnexpectedResponseError &&
    (error.httpStatus === 429 || error.httpStatus === 503);
}

async function once(exchange: Exchange): Promise<unknown> {
  const { state, spec, signal } = exchange;
  const settings = state.settings;
  const url = `${settings.address}/v2/vectordb/${spec.route}`;
  const fetchFunction = settings.fetch ?? globalThis.fetch;

  let response: Response;
  try {
    response = await untilAborted(
      invoke(fetchFunction, url, {
        method: "POST",
        headers: buildHeaders(exchange),
        body: JSON.stringify(spec.body),
        signal,
      }),
      signal,
      discardResponse,
    );
  } catch (error) {
    if (signal.aborted) throw error;
    throw new NetworkError(
      `Cannot ${spec.action}: no response from ${settings.address} for ${spec.route} (${
        describeCause(error, exchange.secrets())
      }); check that Milvus is running and the URI is right`,
      { route: spec.route, cause: safeCause(error, exchange.secrets()) },
    );
  }

  // An injected fetch may hand back anything; only a Response can be read.
  if (typeof response?.status !== "number") {
    throw new UnexpectedResponseError(
      `Cannot ${spec.action}: the fetch function did not return a Response for ${spec.route}`,
      "",
      { route: spec.route },
    );
  }

  const body = await readBody(response, exchange);
  return interpret(response.status, body, exchange);
}

// A fetch that throws instead of rejecting is handled like one that rejects.
function invoke(
  fetchFunction: FetchFunction,
  url: string,
  init: RequestInit,
): Promise<Response> {
  try {
    return fetchFunction(url, init);
  } catch (error) {
    return Promise.reject(error);
  }
}

// A plain object: every runtime's fetch takes one, and it is cheaper to
// build than a Headers.
function buildHeaders(exchange: Exchange): Record<string, string> {
  const settings = exchange.state.settings;
  const headers: Record<string, string> = Object.fromEntries(settings.headers);
  headers["Content-Type"] = "application/json";
  headers["Accept"] = "application/json";

  const authorization = authorizationOf(settings);
  if (authorization !== undefined) headers["Authorization"] = authorization;

  // Milvus reads whole seconds; rounding up keeps the server from giving up
  // before the client does. A retry announces only what is left.
  if (exchange.deadline !== undefined && exchange.timeout !== null) {
    const ms = exchange.attempt === 0
      ? exchange.timeout
      : exchange.deadline - Date.now();
    headers["Request-Timeout"] = String(Math.max(1, Math.ceil(ms / 1000)));
  }

  if (settings.dbName !== "default") headers["DB-Name"] = settings.dbName;
  return headers;
}

interface Body {
  text: string;
  oversized: boolean;
}

async function readBody(response: Response, exchange: Exchange): Promise<Body> {
  const body = response.body;
  if (body === null) return { text: "", oversized: false };

  try {
    // With a declared length the runtime can read the body in one native
    // step, much cheaper than a stream loop; a declared length over the
    // limit is refused without reading.
    const declared = Number(response.headers.get("content-length") ?? NaN);
    if (declared > MAX_BODY_BYTES) {
      body.cancel().catch(() => {});
      return { text: "", oversized: true };
    }
    if (declared >= 0) {
      const bytes = await untilAborted(response.arrayBuffer(), exchange.signal);
      if (bytes.byteLength > MAX_BODY_BYTES) {
        return { text: "", oversized: true };
      }
      return { text: new TextDecoder().decode(bytes), oversized: false };
    }
    return await readStream(body, exchange.signal);
  } catch (error) {
    if (exchange.signal.aborted) throw error;
    throw new NetworkError(
      `Cannot ${exchange.spec.action}: the response to ${exchange.spec.route} was cut short (HTTP ${response.status}); it may or may not have been applied`,
      {
        route: exchange.spec.route,
        httpStatus: response.status,
        cause: safeCause(error, exchange.secrets()),
      },
    );
  }
}

// A body of unknown length is read chunk by chunk so that reading stops at
// the size limit; an abort cancels the pending read.
async function readStream(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): Promise<Body> {
  signal.throwIfAborted();
  const reader = stream.getReader();
  const onAbort = () => reader.cancel().catch(() => {});
  signal.addEventListener("abort", onAbort, { once: true });

  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  let finished = false;
  try {
    while (true) {
      const { done, value } = await reader.read();
      signal.throwIfAborted();
      if (done) {
        finished = true;
        return { text: text + decoder.decode(), oversized: false };
      }
      size += value.byteLength;
      if (size > MAX_BODY_BYTES) return { text, oversized: true };
      text += decoder.decode(value, { stream: true });
    }
  } finally {
    signal.removeEventListener("abort", onAbort);
    if (!finished) reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

// Hints for the codes a user can act on; the server's message says the rest.
const HINTS: Record<number, string> = {
  1100: "check the value against Milvus's rules",
  1400: "check the old password",
  1401: "this object is protected and cannot be changed",
  1801: "the client sent a body Milvus could not read; please report this",
  1802: "the client left out a field Milvus requires; please report this",
};

function interpret(status: number, body: Body, exchange: Exchange): unknown {
  const json = body.oversized ? undefined : parseObject(body.text);
  const code = typeof json?.code === "number" ? json.code : undefined;
  if (status === 200 && (code === 0 || code === 200)) return json?.data;

  const spec = exchange.spec;
  const secrets = exchange.secrets();
  const route = spec.route;
  const short = excerpt(body.text, secrets);

  if (body.oversized) {
    throw new UnexpectedResponseError(
      `Cannot ${spec.action}: the response to ${route} is larger than ${MAX_BODY_BYTES} bytes (HTTP ${status}); is the URI a Milvus server?`,
      short,
      { httpStatus: status, route },
    );
  }

  const message = typeof json?.message === "string"
    ? scrub(json.message, secrets)
    : undefined;
  const said = message ?? (short === "" ? "empty body" : short);
  const options = { httpStatus: status, route, code };

  switch (status) {
    case 200:
      if (json === undefined) {
        throw new UnexpectedResponseError(
          `Cannot ${spec.action}: ${route} answered HTTP 200 without a JSON object; is the URI a Milvus server? ${short}`,
          short,
          options,
        );
      }
      if (code === undefined) {
        throw new UnexpectedResponseError(
          `Cannot ${spec.action}: ${route} answered HTTP 200 without a numeric "code"; is the URI a Milvus server? ${short}`,
          short,
          options,
        );
      }
      throw new ServerError(
        `Cannot ${spec.action}: Milvus refused ${route} with code ${code}: ${said}${
          HINTS[code] ? ` (${HINTS[code]})` : ""
        }`,
        message ?? "",
        { ...options, code },
      );
    case 401:
      throw new AuthenticationError(
        `Cannot ${spec.action}: Milvus did not accept the credentials of connection "${exchange.state.alias}" (HTTP 401${
          code === undefined ? "" : `, code ${code}`
        }); check the user and password, or the token`,
        options,
      );
    case 403:
      throw new PermissionDeniedError(
        `Cannot ${spec.action}: permission denied for ${route} (HTTP 403): ${said}; grant the privilege to one of the user's roles`,
        options,
      );
    case 404:
      throw new RouteNotFoundError(
        `Cannot ${spec.action}: the server has no REST v2 route ${route} (HTTP 404); is the URI a Milvus 2.4+ server with HTTP on?`,
        options,
      );
    case 408:
      throw new ServerTimeoutError(
        `Cannot ${spec.action}: Milvus timed out on ${route} (HTTP 408); it may still have been applied, so check before retrying`,
        options,
      );
    default:
      throw new UnexpectedResponseError(
        `Cannot ${spec.action}: unexpected HTTP ${status} from ${route}: ${said}`,
        short,
        options,
      );
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}

function describeCause(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? error.message : String(error);
  return excerpt(text, secrets) || "network error";
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts, even if the
 * promise never settles (an injected fetch may ignore signals). A late result
 * is disposed of, and a late rejection is not left unhandled.
 */
function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  dispose?: (value: T) => void,
): Promise<T> {
  if (signal.aborted) {
    promise.then(dispose, () => {});
    return Promise.reject(signal.reason);
  }

  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      promise.then(dispose, () => {});
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) dispose?.(value);
        else resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

function discardResponse(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
