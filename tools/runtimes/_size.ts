/**
 * Measures what the `.` entrypoint costs a bundle: mod.ts bundled alone,
 * minified, then gzipped; and checks that none of the `./testing` code came
 * along.
 *
 * @module
 */
import { exec } from "./_exec.ts";
import type { Tools } from "./_npm.ts";

/** The outcome of the size check. */
export interface SizeResult {
  /** Whether `.` stays free of the `./testing` code. */
  ok: boolean;
  /** Whether the gzipped size is within the budget; reported, not enforced. */
  withinBudget: boolean;
  /**
   * Gzipped bytes of a bundle that imports only `connections` and
   * `updatePassword`, as a password-rotation script would; 0 if it failed.
   */
  rotationOnly: number;
  /** Minified bytes. */
  minified: number;
  /** Gzipped bytes. */
  gzipped: number;
  detail: string;
}

// Text that only the emulator side has; none of it may be in the bundle.
const TESTING_MARKERS = [
  "MilvusEmulator",
  "serveEmulator",
  "node:http",
  "injectFault",
];

/**
 * Bundles `root/mod.ts` with esbuild and gzips it.
 *
 * @param root The repository root.
 * @param workDir Where the bundle and its metafile go.
 * @param tools The installed tools.
 * @param budget The most gzipped bytes allowed.
 * @returns The sizes and whether they are within budget.
 */
export async function measureSize(
  root: string,
  workDir: string,
  tools: Tools,
  budget: number,
): Promise<SizeResult> {
  await Deno.mkdir(workDir, { recursive: true });
  const bundle = `${workDir}/mod.min.js`;
  const meta = `${workDir}/mod.meta.json`;
  const result = await exec(tools.esbuild, [
    `${root}/mod.ts`,
    "--bundle",
    "--minify",
    "--format=esm",
    "--platform=neutral",
    "--target=es2022",
    `--outfile=${bundle}`,
    `--metafile=${meta}`,
    "--log-level=error",
  ]);
  if (result.code !== 0) {
    return {
      ok: false,
      withinBudget: false,
      rotationOnly: 0,
      minified: 0,
      gzipped: 0,
      detail: result.stderr,
    };
  }

  const bytes = await Deno.readFile(bundle);
  const gzipped = await gzipSize(bytes);
  const problems: string[] = [];

  const text = new TextDecoder().decode(bytes);
  for (const marker of TESTING_MARKERS) {
    if (text.includes(marker)) problems.push(`bundle contains "${marker}"`);
  }
  const inputs = Object.keys(JSON.parse(await Deno.readTextFile(meta)).inputs);
  for (const input of inputs) {
    if (/(^|\/)testing\.ts$|(^|\/)src\/emulator\//.test(input)) {
      problems.push(`bundle pulls in ${input}`);
    }
  }

  return {
    ok: problems.length === 0,
    withinBudget: gzipped <= budget,
    rotationOnly: await rotationOnlySize(root, workDir, tools),
    minified: bytes.byteLength,
    gzipped,
    detail: problems.join("; "),
  };
}

// What a bundler keeps of `.` for a script that only rotates passwords: the
// rest of the entrypoint is shaken out.
async function rotationOnlySize(
  root: string,
  workDir: string,
  tools: Tools,
): Promise<number> {
  const entry = `${workDir}/rotation_only.ts`;
  const bundle = `${workDir}/rotation_only.min.js`;
  await Deno.writeTextFile(
    entry,
    `export { connections, updatePassword } from "${root}/mod.ts";\n`,
  );
  const result = await exec(tools.esbuild, [
    entry,
    "--bundle",
    "--minify",
    "--format=esm",
    "--platform=neutral",
    "--target=es2022",
    `--outfile=${bundle}`,
    "--log-level=error",
  ]);
  if (result.code !== 0) return 0;
  return await gzipSize(await Deno.readFile(bundle));
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return (await new Response(stream).arrayBuffer()).byteLength;
}
