/**
 * Rendering an outcome as a web `Response`, for the in-process `fetch` and
 * for `Deno.serve`/`Bun.serve` handlers.
 *
 * @module
 */

import type { Outcome } from "./_core.ts";
import { wait } from "../_abortable.ts";

const NULL_BODY_STATUSES: readonly number[] = [204, 205, 304];

/**
 * Where a stalled body pauses: after the first half of its bytes.
 *
 * @param length The body length in bytes.
 * @returns How many bytes to send before the pause.
 */
export function stallPoint(length: number): number {
  return Math.floor(length / 2);
}

// A body that sends its first half at once, then the rest after the stall,
// or errors with the abort reason if the request is aborted first.
function stalledBody(
  bytes: Uint8Array<ArrayBuffer>,
  stallMs: number,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const cut = stallPoint(bytes.length);
  const stop = new AbortController();
  let cancelled = false;
  function onAbort(): void {
    stop.abort(signal.reason);
  }

  return new ReadableStream<Uint8Array>({
    start(controller): void {
      if (cut > 0) controller.enqueue(bytes.slice(0, cut));
      signal.addEventListener("abort", onAbort, { once: true });
      if (signal.aborted) onAbort();

      wait(stallMs, stop.signal).then((elapsed) => {
        signal.removeEventListener("abort", onAbort);
        if (cancelled) return;
        if (!elapsed) {
          controller.error(stop.signal.reason);
          return;
        }
        controller.enqueue(bytes.slice(cut));
        controller.close();
      });
    },
    cancel(): void {
      cancelled = true;
      stop.abort();
    },
  });
}

function droppedBody(): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller): void {
      controller.error(
        new TypeError("Connection closed by an injected drop fault"),
      );
    },
  });
}

/**
 * Turns an answer outcome into a `Response`.
 *
 * @param outcome The outcome; drops and aborts become a body that errors.
 * @param signal Gives the request's signal, which ends a stall early;
 * asked for only when the body stalls.
 * @param head Whether the request was a HEAD request, which gets no body.
 * @returns The response.
 */
export function toResponse(
  outcome: Outcome,
  signal: () => AbortSignal,
  head: boolean,
): Response {
  if (outcome.kind !== "answer") {
    return new Response(droppedBody(), { status: 200 });
  }

  const { status, headers, body } = outcome.answer;
  const noBody = head || NULL_BODY_STATUSES.includes(status);
  if (noBody || body.length === 0) {
    return new Response(noBody ? null : body, { status, headers });
  }
  if (outcome.stallMs === undefined) {
    return new Response(body, { status, headers });
  }
  headers.set("Content-Length", String(body.length));
  return new Response(stalledBody(body, outcome.stallMs, signal()), {
    status,
    headers,
  });
}
