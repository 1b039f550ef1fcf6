// Reading a response body: whole when its length is declared, chunk by
// chunk otherwise, never past a size limit and never past an abort.
import { untilAborted } from "./_abortable.ts";

// Milvus answers these routes with small JSON bodies; anything larger is not
// Milvus (or not a sane answer), and reading it all would cost memory.
export const MAX_BODY_BYTES = 1 << 20;

/** A response body as text, or the note that it was over the limit. */
export interface Body {
  text: string;
  oversized: boolean;
}

/**
 * Reads a response body up to the size limit, giving up when `signal`
 * aborts. A body that breaks off rejects with the transport's error.
 */
export async function readBody(
  response: Response,
  signal: AbortSignal,
): Promise<Body> {
  const body = response.body;
  if (body === null) return { text: "", oversized: false };

  // With a declared length the runtime can read the body in one native
  // step, much cheaper than a stream loop; a declared length over the limit
  // is refused without reading.
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > MAX_BODY_BYTES) {
    body.cancel().catch(() => {});
    return { text: "", oversized: true };
  }
  if (declared >= 0) {
    const bytes = await untilAborted(response.arrayBuffer(), signal);
    if (bytes.byteLength > MAX_BODY_BYTES) return { text: "", oversized: true };
    return { text: new TextDecoder().decode(bytes), oversized: false };
  }
  return await readStream(body, signal);
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
