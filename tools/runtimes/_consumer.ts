/**
 * The two rows about a project that never saw this repository: it installs
 * the packed tarball with npm, makes calls on Node, and type-checks a small
 * TypeScript file against the published `.d.ts` with only the DOM library.
 *
 * @module
 */
import { exec } from "./_exec.ts";
import type { Tools } from "./_npm.ts";
import {
  failedRow,
  type Row,
  rowFromOutput,
  tail,
  versionOf,
} from "./_runners.ts";

const HERE = new URL("./consumer/", import.meta.url).pathname;

/**
 * Packs `packageDir`, installs the tarball into a scratch project under the
 * system temporary directory, and runs the two checks there.
 *
 * @param packageDir The built package.
 * @param packDir Where the tarball goes.
 * @param tools The installed tools.
 * @param url The emulator that answers.
 * @returns The npm consumer row and the types row.
 */
export async function runConsumer(
  packageDir: string,
  packDir: string,
  tools: Tools,
  url: string,
): Promise<Row[]> {
  const nodeVersion = await versionOf("node", ["--version"]);
  const npmVersion = await versionOf("npm", ["--version"]);
  const tscVersion = (await versionOf("node", [tools.tsc, "--version"]))
    .replace("Version ", "");
  const consumerName = "npm consumer (node, tarball)";
  const typesName = "types (tsc, DOM lib only)";
  const consumerVersion = `node ${nodeVersion}, npm ${npmVersion}`;
  const typesVersion = `typescript ${tscVersion}`;
  const both = (why: string) => [
    failedRow(consumerName, consumerVersion, why),
    failedRow(typesName, typesVersion, why),
  ];

  await Deno.remove(packDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(packDir, { recursive: true });
  const packed = await exec("npm", [
    "pack",
    packageDir,
    "--pack-destination",
    packDir,
    "--json",
    "--loglevel=error",
  ], { cwd: packDir });
  if (packed.code !== 0) return both(`npm pack: ${tail(packed.stderr)}`);
  const tarball = `${packDir}/${JSON.parse(packed.stdout)[0].filename}`;

  const project = await Deno.makeTempDir({ prefix: "milvus-rbac-consumer-" });
  try {
    await Deno.writeTextFile(
      `${project}/package.json`,
      JSON.stringify({ name: "consumer", private: true, type: "module" }),
    );
    const installed = await exec("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--loglevel=error",
      tarball,
    ], { cwd: project, timeoutMs: 120_000 });
    if (installed.code !== 0) {
      return both(`npm install <tarball>: ${tail(installed.stderr)}`);
    }

    await Deno.copyFile(`${HERE}consumer.mjs`, `${project}/consumer.mjs`);
    const ran = await exec("node", ["consumer.mjs", url], {
      cwd: project,
      timeoutMs: 60_000,
    });
    const consumerRow = rowFromOutput(consumerName, consumerVersion, ran);

    await Deno.copyFile(`${HERE}consumer.ts`, `${project}/consumer.ts`);
    await Deno.writeTextFile(
      `${project}/tsconfig.json`,
      JSON.stringify({
        compilerOptions: {
          strict: true,
          exactOptionalPropertyTypes: true,
          target: "es2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          lib: ["es2022", "dom"],
          types: [],
          noEmit: true,
          skipLibCheck: false,
        },
        files: ["consumer.ts"],
      }),
    );
    const checked = await exec("node", [tools.tsc, "-p", project], {
      cwd: project,
      timeoutMs: 120_000,
    });
    const typesRow: Row = checked.code === 0
      ? {
        runtime: typesName,
        version: typesVersion,
        passed: 1,
        failed: 0,
        notes: [],
      }
      : failedRow(
        typesName,
        typesVersion,
        tail(checked.stdout + checked.stderr),
      );

    return [consumerRow, typesRow];
  } finally {
    await Deno.remove(project, { recursive: true }).catch(() => {});
  }
}
