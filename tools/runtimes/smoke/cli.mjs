// deno-lint-ignore-file no-console
/**
 * The smoke suite's entry on Node and Bun:
 * `<runtime> cli.mjs <client module> <url> <stall url> <tag>`. It prints
 * one line, `SMOKE {json}`, with the results.
 *
 * @module
 */
import { pathToFileURL } from "node:url";
import { runSuite } from "./suite.js";

const [specifier, url, stallUrl, tag] = process.argv.slice(2);
const client = await import(
  specifier.startsWith("/") ? pathToFileURL(specifier).href : specifier
);
const report = await runSuite(client, { url, stallUrl, tag });
console.log(`SMOKE ${JSON.stringify(report)}`);
