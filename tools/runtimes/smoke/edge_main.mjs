// deno-lint-ignore-file no-console
/**
 * Runs the bundled edge script in Vercel's edge-runtime:
 * `node edge_main.mjs <edge-runtime dir> <bundle> <query>`. Prints
 * `SMOKE {json}` with the results, and the edge-runtime version first.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const [packageDir, bundlePath, query] = process.argv.slice(2);
const require = createRequire(`${packageDir}/package.json`);
const { EdgeRuntime } = require(packageDir);

const runtime = new EdgeRuntime({
  initialCode: await readFile(bundlePath, "utf8"),
});
const response = await runtime.dispatchFetch(`http://edge.local/?${query}`);
const text = await response.text();
await response.waitUntil();
console.log(`SMOKE ${text}`);
