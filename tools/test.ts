// deno-lint-ignore-file no-console
/**
 * The test command: `deno task test [deno test args]`.
 *
 * The tests import `@std/assert` and `@std/testing/...`, which deno.json maps
 * to JSR. Where JSR cannot be reached (offline machines, closed CI), the
 * run switches to the small `node:assert` stand-ins in `tests/_std` through
 * an import map, and says so on its first line.
 *
 * @module
 */

const JSR_PROBE = "https://jsr.io/@std/assert/meta.json";
const STAND_INS = "tests/_std/import_map.json";
const DEFAULT_TARGETS = ["tests/", "src/", "mod.ts", "testing.ts", "README.md"];

async function canReachJsr(): Promise<boolean> {
  try {
    const response = await fetch(JSR_PROBE, {
      signal: AbortSignal.timeout(5_000),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

const online = await canReachJsr();
if (online) {
  console.log("std: @std/assert and @std/testing from JSR");
} else {
  console.log(
    `std: JSR unreachable, using the node:assert stand-ins (${STAND_INS})`,
  );
}

const targets = Deno.args.length > 0 ? Deno.args : DEFAULT_TARGETS;
const args = [
  "test",
  "--allow-all",
  "--doc",
  "--sanitize-ops",
  "--sanitize-resources",
  ...(online ? [] : ["--import-map", STAND_INS]),
  ...targets,
];
const { code } = await new Deno.Command(Deno.execPath(), { args }).spawn()
  .status;
Deno.exit(code);
