// Hand-written fetch functions for tests: they record what the client sent
// and answer whatever the test says, including answers Milvus never gives.
import type { FetchFunction } from "@milvus-rbac/client";

/** One request as the fetch function saw it. */
export interface SeenRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  json: unknown;
  signal: AbortSignal | undefined;
}

/** What a handler gets and may return. */
export type Handler = (
  request: SeenRequest,
  index: number,
) => Response | Promise<Response>;

/** A fetch function that records every call and answers with `handler`. */
export interface RecordingFetch {
  fetch: FetchFunction;
  requests: SeenRequest[];
}

export function recordingFetch(handler: Handler = () => ok()): RecordingFetch {
  const requests: SeenRequest[] = [];
  const fetch: FetchFunction = async (input, init) => {
    const request = new Request(input, init);
    const body = await request.text();
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      json = undefined;
    }
    const seen: SeenRequest = {
      url: request.url,
      method: request.method,
      headers: Object.fromEntries(request.headers),
      body,
      json,
      signal: init?.signal ?? undefined,
    };
    requests.push(seen);
    return await handler(seen, requests.length - 1);
  };
  return { fetch, requests };
}

/** A JSON response, HTTP 200 unless told otherwise. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

/** Milvus's success reply. */
export function ok(data: unknown = {}): Response {
  return json({ code: 0, data });
}

/** A plain-text response. */
export function text(body: string, status: number): Response {
  return new Response(body, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8" },
  });
}

/**
 * A fetch that never settles and ignores its signal, as a broken transport
 * might; the client must still give up on its own.
 */
export function hangingFetch(): RecordingFetch {
  return recordingFetch(() => new Promise<Response>(() => {}));
}

/**
 * Runs `fn` and resolves with how it settled, failing if it has not settled
 * within `ms` (so a hang fails the test instead of stalling the run).
 */
export async function settlesWithin<T>(
  ms: number,
  fn: () => Promise<T>,
): Promise<{ value?: T; error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`did not settle within ${ms} ms`)),
      ms,
    );
  });
  try {
    const value = await Promise.race([fn(), limit]);
    return { value };
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("did not settle")) {
      throw error;
    }
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Wraps a signal's add/removeEventListener so a test can count listeners
 * that were added and not removed.
 */
export function countListeners(signal: AbortSignal): { live: () => number } {
  const listeners = new Set<unknown>();
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ) => {
    if (type === "abort") listeners.add(listener);
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ) => {
    if (type === "abort") listeners.delete(listener);
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { live: () => listeners.size };
}
