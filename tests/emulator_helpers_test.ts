/**
 * Shared helpers for the emulator tests: run the same case against the
 * emulator in process (`emulator.fetch`) and over real HTTP
 * (`serveEmulator`), and compare exact answers.
 *
 * @module
 */

import { assertEquals } from "@std/assert";
import {
  MilvusEmulator,
  type MilvusEmulatorOptions,
  serveEmulator,
} from "@milvus-rbac/client/testing";

/** The Authorization header of root with the default password. */
export const ROOT = "Bearer root:Milvus";

/** A response read to the end. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or `undefined` when it is not JSON. */
  readonly json: unknown;
}

/** Options of one call. */
export interface CallOptions {
  /** The Authorization header; `null` sends none. Defaults to root. */
  auth?: string | null;
  method?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** An emulator reached through one transport. */
export interface Harness {
  readonly transport: "in-process" | "http";
  readonly emulator: MilvusEmulator;
  /** The base URL: a made-up one in process, the server's over HTTP. */
  readonly url: string;
  /** `emulator.fetch` in process, the global fetch over HTTP. */
  readonly fetch: typeof fetch;
  /** POSTs a body (a string as is, anything else as JSON) to a route. */
  call(route: string, body?: unknown, options?: CallOptions): Promise<Answer>;
}

/** Reads a response to the end. */
export async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

function harness(
  transport: Harness["transport"],
  emulator: MilvusEmulator,
  url: string,
  fetcher: typeof fetch,
): Harness {
  async function call(
    route: string,
    body: unknown = {},
    options: CallOptions = {},
  ): Promise<Answer> {
    const headers = new Headers(options.headers);
    const auth = options.auth === undefined ? ROOT : options.auth;
    if (auth !== null) headers.set("Authorization", auth);
    const init: RequestInit = {
      method: options.method ?? "POST",
      headers,
    };
    if (init.method !== "GET" && init.method !== "HEAD") {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
    }
    if (options.signal !== undefined) init.signal = options.signal;
    return await read(await fetcher(`${url}/v2/vectordb/${route}`, init));
  }
  return { transport, emulator, url, fetch: fetcher, call };
}

/**
 * Runs a test body against a fresh emulator once per transport.
 *
 * @param options Emulator options.
 * @param body The test, given the harness.
 */
export async function onBothTransports(
  options: MilvusEmulatorOptions,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const local = new MilvusEmulator(options);
  await body(harness("in-process", local, "http://milvus.test", local.fetch));

  const remote = new MilvusEmulator(options);
  const server = await serveEmulator(remote);
  try {
    await body(harness("http", remote, server.url, fetch));
  } finally {
    await server.close();
  }
}

/** One request and the exact answer expected. */
export interface Case {
  readonly route: string;
  readonly body?: unknown;
  readonly auth?: string | null;
  readonly headers?: Record<string, string>;
  readonly method?: string;
  readonly status?: number;
  /** The exact JSON body expected. */
  readonly json?: unknown;
  /** The exact text body expected, when it is not JSON. */
  readonly text?: string;
}

/**
 * Runs cases in order against a fresh emulator per transport, asserting
 * status and exact body.
 *
 * @param options Emulator options.
 * @param cases The requests, in order (state carries over).
 */
export async function runCases(
  options: MilvusEmulatorOptions,
  cases: readonly Case[],
): Promise<void> {
  await onBothTransports(options, async (h) => {
    for (const [index, c] of cases.entries()) {
      const callOptions: CallOptions = {};
      if (c.auth !== undefined) callOptions.auth = c.auth;
      if (c.headers !== undefined) callOptions.headers = c.headers;
      if (c.method !== undefined) callOptions.method = c.method;
      const answer = await h.call(c.route, c.body ?? {}, callOptions);
      const label = `${h.transport} case ${index} (${c.route})`;
      assertEquals(answer.status, c.status ?? 200, `${label}: ${answer.text}`);
      if (c.json !== undefined) assertEquals(answer.json, c.json, label);
      if (c.text !== undefined) assertEquals(answer.text, c.text, label);
    }
  });
}

/** The success body of routes that return nothing. */
export const OK = { code: 0, data: {} };

/** A failure body. */
export function err(code: number, message: string): unknown {
  return { code, message };
}

Deno.test("helpers: both transports give byte-identical answers (rbac §1.1)", async () => {
  const texts: string[] = [];
  await onBothTransports({}, async (h) => {
    const answer = await h.call("users/list", {});
    assertEquals(
      answer.headers.get("content-type"),
      "application/json; charset=utf-8",
    );
    texts.push(answer.text);
  });
  assertEquals(texts, [
    '{"code":0,"data":["root"]}',
    '{"code":0,"data":["root"]}',
  ]);
});
