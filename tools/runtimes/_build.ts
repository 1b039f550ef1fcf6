/**
 * Builds what JSR's npm layer hands a Node or Bun user: ES modules in
 * JavaScript with `.d.ts` types next to them, and a package.json whose
 * exports map `.` and `./testing`, compiled with TypeScript from npm.
 *
 * @module
 */
import { exec } from "./_exec.ts";
import type { Tools } from "./_npm.ts";

/** The outcome of the build. */
export interface BuildResult {
  ok: boolean;
  /** The TypeScript version used. */
  version: string;
  /** Whether both entrypoints were emitted, even with type errors. */
  emitted: boolean;
  /** Compiler diagnostics or the reason it failed. */
  detail: string;
}

/** The published entrypoints, as in deno.json's exports. */
export const ENTRYPOINTS = { ".": "mod.ts", "./testing": "testing.ts" };

/**
 * Compiles the published entrypoints into `outDir`.
 *
 * @param root The repository root.
 * @param outDir Where the package goes (emptied first).
 * @param workDir A scratch directory for the compiler's config.
 * @param tools The installed tools.
 * @returns Whether it compiled without errors.
 */
export async function buildPackage(
  root: string,
  outDir: string,
  workDir: string,
  tools: Tools,
): Promise<BuildResult> {
  const version = (await exec("node", [tools.tsc, "--version"])).stdout
    .replace("Version", "").trim();
  await Deno.remove(outDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(workDir, { recursive: true });

  // The library's own compiler settings, plus what emitting for npm needs:
  // .ts specifiers rewritten to .js and declarations. The `.` entrypoint is
  // compiled with the DOM library only (no Deno or Node types), so that a
  // runtime-specific API in the library fails the build; `./testing` also
  // gets Node's types, for its node:http server.
  const denoJson = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  const passes = [
    { name: "mod", files: [ENTRYPOINTS["."]], types: [] },
    { name: "testing", files: [ENTRYPOINTS["./testing"]], types: ["node"] },
  ];
  const details: string[] = [];
  for (const pass of passes) {
    const config = {
      compilerOptions: {
        ...denoJson.compilerOptions,
        target: "es2022",
        module: "esnext",
        moduleResolution: "bundler",
        lib: ["es2022", "dom", "dom.iterable"],
        types: pass.types,
        declaration: true,
        rewriteRelativeImportExtensions: true,
        allowImportingTsExtensions: true,
        verbatimModuleSyntax: true,
        newLine: "lf",
        rootDir: root,
        outDir,
      },
      files: pass.files.map((file) => `${root}/${file}`),
    };
    const configPath = `${workDir}/tsconfig.${pass.name}.json`;
    await Deno.writeTextFile(configPath, JSON.stringify(config, null, 2));

    const result = await exec("node", [tools.tsc, "-p", configPath], {
      timeoutMs: 120_000,
    });
    if (result.code !== 0) {
      details.push(
        `${pass.files.join(", ")}: ${result.stdout}${result.stderr}`,
      );
    }
  }
  // tsc emits despite type errors; the runtimes still run on that output,
  // so that one type error does not hide how the code behaves.
  const emitted = await exists(`${outDir}/mod.js`) &&
    await exists(`${outDir}/testing.js`);
  if (emitted) await writeManifest(root, outDir, denoJson);
  return {
    ok: details.length === 0 && emitted,
    emitted,
    version,
    detail: details.join("\n").trim(),
  };
}

// Like JSR's npm tarballs: an ES module package, types first in each export.
async function writeManifest(
  root: string,
  outDir: string,
  denoJson: { name: string; version: string; license?: string },
): Promise<void> {
  const exports: Record<string, { types: string; default: string }> = {};
  for (const [key, file] of Object.entries(ENTRYPOINTS)) {
    const base = `./${file.replace(/\.ts$/, "")}`;
    exports[key] = { types: `${base}.d.ts`, default: `${base}.js` };
  }
  const manifest = {
    name: denoJson.name,
    version: denoJson.version,
    license: denoJson.license,
    type: "module",
    exports,
  };
  await Deno.writeTextFile(
    `${outDir}/package.json`,
    JSON.stringify(manifest, null, 2) + "\n",
  );
  for (const file of ["README.md", "LICENSE"]) {
    await Deno.copyFile(`${root}/${file}`, `${outDir}/${file}`).catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch {
    return false;
  }
}
