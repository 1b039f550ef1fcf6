/**
 * The smoke suite's entry on workerd and edge-runtime: a fetch handler that
 * runs the suite against `?url=...&stall=...&tag=...` and answers with the
 * results as JSON. Bundled with the built package by esbuild, as wrangler
 * and Vercel bundle a worker.
 *
 * @module
 */
import * as client from "@milvus-rbac/client";
import { runSuite } from "./suite.js";

/**
 * Runs the suite for one request.
 *
 * @param {Request} request Carries the targets in its query.
 * @returns {Promise<Response>} The results as JSON.
 */
export async function handle(request) {
  const query = new URL(request.url).searchParams;
  const report = await runSuite(client, {
    url: query.get("url") ?? "",
    stallUrl: query.get("stall") ?? "",
    tag: query.get("tag") ?? "worker",
  });
  return new Response(JSON.stringify(report), {
    headers: { "content-type": "application/json" },
  });
}

export default { fetch: handle };
