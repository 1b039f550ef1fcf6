// The one request pipeline every operation shares: POST a JSON body to
// /v2/vectordb/<route>, bound the whole exchange (headers and body) by one
// timeout, link the caller's signal and the connection's lifetime without
// leaving listeners behind, and turn every outcome into data or a typed error.
import {
  ClientTimeoutError,
  ConnectionClosedError,
  NetworkError,
  UnexpectedResponseError,
} from "./errors.ts";
import { sleep, untilAborted } from "./_abortable.ts";
import { interpret } from "./_interpret.ts";
import { excerpt, safeCause } from "./_redact.ts";
import { type Body, readBody } from "./_response_body.ts";
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

  let body: Body;
  try {
    body = await readBody(response, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new NetworkError(
      `Cannot ${spec.action}: the response to ${spec.route} was cut short (HTTP ${response.status}); it may or may not have been applied`,
      {
        route: spec.route,
        httpStatus: response.status,
        cause: safeCause(error, exchange.secrets()),
      },
    );
  }
  return interpret(response.status, body, {
    action: spec.action,
    route: spec.route,
    alias: state.alias,
    secrets: exchange.secrets,
  });
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

function describeCause(error: unknown, secrets: readonly string[]): string {
  const text = error instanceof Error ? error.message : String(error);
  return excerpt(text, secrets) || "network error";
}

function discardResponse(response: Response): void {
  response.body?.cancel().catch(() => {});
}
