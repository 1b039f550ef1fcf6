/**
 * One function per runtime: each starts the runtime on the smoke suite,
 * collects the `SMOKE {json}` line it prints (or the JSON a worker answers)
 * and turns it into a row of the table.
 *
 * @module
 */
import { exec, type ExecResult } from "./_exec.ts";
import type { Tools } from "./_npm.ts";

/** One row of the table. */
export interface Row {
  runtime: string;
  version: string;
  passed: number;
  failed: number;
  /** Why checks failed, printed under the table. */
  notes: string[];
}

/** Where the servers are and where the built files live. */
export interface Context {
  root: string;
  tools: Tools;
  /** The emulator that answers. */
  url: string;
  /** The emulator that holds every request. */
  stallUrl: string;
  /** A directory with the smoke files and `node_modules/@milvus-rbac/client`. */
  appDir: string;
  /** The cache directory for bundles and configs. */
  workDir: string;
}

interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

const RUN_LIMIT_MS = 90_000;

/**
 * Turns a runtime's output into a row.
 *
 * @param runtime The row's name.
 * @param version The runtime's version.
 * @param result What the process left, or the worker's answer as stdout.
 * @returns The row: one passed or failed count per check.
 */
export function rowFromOutput(
  runtime: string,
  version: string,
  result: ExecResult,
): Row {
  const line = result.stdout.split("\n").find((l) => l.startsWith("SMOKE "));
  if (line === undefined || result.code !== 0) {
    return failedRow(
      runtime,
      version,
      `exit ${result.code}${result.timedOut ? " (killed: time limit)" : ""}: ${
        tail(result.stderr || result.stdout)
      }`,
    );
  }

  let checks: Check[];
  try {
    checks = JSON.parse(line.slice("SMOKE ".length)).checks;
  } catch (error) {
    return failedRow(runtime, version, `unreadable results: ${error}`);
  }
  const failures = checks.filter((check) => !check.ok);
  return {
    runtime,
    version,
    passed: checks.length - failures.length,
    failed: failures.length,
    notes: failures.map((check) => `${check.name}: ${check.detail}`),
  };
}

/**
 * A row for a runtime that could not run at all; it counts as one failure.
 *
 * @param runtime The row's name.
 * @param version The version, or what is known of it.
 * @param why The reason.
 * @returns The row.
 */
export function failedRow(runtime: string, version: string, why: string): Row {
  return { runtime, version, passed: 0, failed: 1, notes: [why] };
}

/**
 * Runs the suite on the system `node` against the built JavaScript, imported
 * by name as an npm user would.
 *
 * @param context Servers and paths.
 * @param expectedMajor The Node major version that must be on PATH.
 * @returns The row.
 */
export async function runSystemNode(
  context: Context,
  expectedMajor: number,
): Promise<Row> {
  const version = await versionOf("node", ["--version"]);
  const name = `node ${expectedMajor} (system, built JS)`;
  if (!version.startsWith(`v${expectedMajor}.`)) {
    return failedRow(
      name,
      version,
      `expected Node ${expectedMajor} on PATH as "node", found ${version}`,
    );
  }
  const result = await exec("node", [
    `${context.appDir}/cli.mjs`,
    "@milvus-rbac/client",
    context.url,
    context.stallUrl,
    "node20",
  ], { cwd: context.appDir, timeoutMs: RUN_LIMIT_MS });
  return rowFromOutput(name, version, result);
}

/**
 * Runs the suite on a current Node straight from the `.ts` sources, which it
 * loads by stripping the types.
 *
 * @param context Servers and paths.
 * @returns The row.
 */
export async function runCurrentNode(context: Context): Promise<Row> {
  const version = await versionOf(context.tools.node, ["--version"]);
  const result = await exec(context.tools.node, [
    `${context.appDir}/cli.mjs`,
    `${context.root}/mod.ts`,
    context.url,
    context.stallUrl,
    "nodets",
  ], { cwd: context.appDir, timeoutMs: RUN_LIMIT_MS });
  return rowFromOutput("node (current, .ts sources)", version, result);
}

/**
 * Runs the suite on Bun against the built JavaScript, imported by name.
 *
 * @param context Servers and paths.
 * @returns The row.
 */
export async function runBun(context: Context): Promise<Row> {
  const version = await versionOf(context.tools.bun, ["--version"]);
  const result = await exec(context.tools.bun, [
    `${context.appDir}/cli.mjs`,
    "@milvus-rbac/client",
    context.url,
    context.stallUrl,
    "bun",
  ], { cwd: context.appDir, timeoutMs: RUN_LIMIT_MS });
  return rowFromOutput("bun (built JS)", version, result);
}

/**
 * Bundles the worker with esbuild (as wrangler would), serves it with
 * workerd on a loopback port and fetches it once to run the suite.
 *
 * @param context Servers and paths.
 * @returns The row.
 */
export async function runWorkerd(context: Context): Promise<Row> {
  const pkg = await packageVersion(`${context.tools.dir}/node_modules/workerd`);
  const version = `${pkg} (${
    (await versionOf(context.tools.workerd, ["--version"])).replace(
      "workerd ",
      "",
    )
  })`;
  const name = "workerd (Cloudflare, bundled)";
  const dir = `${context.workDir}/workerd`;
  await Deno.mkdir(dir, { recursive: true });

  const bundled = await bundle(context, "worker.js", `${dir}/worker.js`, "esm");
  if (bundled !== undefined) return failedRow(name, version, bundled);

  // workerd's default outbound network allows public addresses only; the
  // emulator is on 127.0.0.1, so the worker gets a network service that
  // allows loopback ("local") and nothing else.
  const port = freePort();
  await Deno.writeTextFile(
    `${dir}/config.capnp`,
    `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smokeWorker),
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:${port}", http = (), service = "main"),
  ],
);

const smokeWorker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-01-01",
  globalOutbound = "loopback",
);
`,
  );

  const child = new Deno.Command(context.tools.workerd, {
    args: ["serve", `${dir}/config.capnp`],
    cwd: dir,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const output = child.output();

  try {
    const base = `http://127.0.0.1:${port}`;
    if (!await waitForPort(port, 20_000)) {
      return failedRow(name, version, "workerd did not listen within 20 s");
    }
    const query = new URLSearchParams({
      url: context.url,
      stall: context.stallUrl,
      tag: "workerd",
    });
    const response = await fetch(`${base}/?${query}`, {
      signal: AbortSignal.timeout(RUN_LIMIT_MS),
    });
    const text = await response.text();
    return rowFromOutput(name, version, {
      code: response.ok ? 0 : 1,
      stdout: `SMOKE ${text}`,
      stderr: `HTTP ${response.status}: ${text}`,
      timedOut: false,
    });
  } catch (error) {
    await stop(child, output);
    const stderr = new TextDecoder().decode((await output).stderr);
    return failedRow(name, version, `${error}: ${tail(stderr)}`);
  } finally {
    await stop(child, output);
  }
}

/**
 * Bundles the worker as a service-worker script (as Vercel does) and runs
 * it in edge-runtime's `EdgeRuntime` under the system Node.
 *
 * @param context Servers and paths.
 * @returns The row.
 */
export async function runEdgeRuntime(context: Context): Promise<Row> {
  const version = `${await packageVersion(
    context.tools.edgeRuntime,
  )} (on node ${await versionOf("node", ["--version"])})`;
  const name = "edge-runtime (Vercel, bundled)";
  const dir = `${context.workDir}/edge`;
  await Deno.mkdir(dir, { recursive: true });

  const bundled = await bundle(
    context,
    "edge_script.js",
    `${dir}/script.js`,
    "iife",
  );
  if (bundled !== undefined) return failedRow(name, version, bundled);

  const query = new URLSearchParams({
    url: context.url,
    stall: context.stallUrl,
    tag: "edge",
  });
  const result = await exec("node", [
    `${context.appDir}/edge_main.mjs`,
    context.tools.edgeRuntime,
    `${dir}/script.js`,
    query.toString(),
  ], { cwd: context.appDir, timeoutMs: RUN_LIMIT_MS });
  return rowFromOutput(name, version, result);
}

// SIGTERM, then SIGKILL if it is still there after five seconds.
async function stop(
  child: Deno.ChildProcess,
  output: Promise<Deno.CommandOutput>,
): Promise<void> {
  const signal = (name: Deno.Signal) => {
    try {
      child.kill(name);
    } catch {
      // already gone
    }
  };
  signal("SIGTERM");
  const timer = setTimeout(() => signal("SIGKILL"), 5_000);
  try {
    await output;
  } finally {
    clearTimeout(timer);
  }
}

// Returns why it failed, or undefined.
async function bundle(
  context: Context,
  entry: string,
  outfile: string,
  format: "esm" | "iife",
): Promise<string | undefined> {
  const result = await exec(context.tools.esbuild, [
    `${context.appDir}/${entry}`,
    "--bundle",
    `--format=${format}`,
    "--platform=browser",
    "--target=es2022",
    `--outfile=${outfile}`,
    "--log-level=error",
  ], { cwd: context.appDir });
  return result.code === 0 ? undefined : `esbuild: ${tail(result.stderr)}`;
}

/**
 * The first line a `--version` prints, or why there is none.
 *
 * @param command The program.
 * @param args Its arguments.
 * @returns The version text.
 */
export async function versionOf(
  command: string,
  args: string[],
): Promise<string> {
  try {
    const result = await exec(command, args, { timeoutMs: 30_000 });
    return result.stdout.trim().split("\n")[0] || `exit ${result.code}`;
  } catch (error) {
    return `not runnable (${error instanceof Error ? error.message : error})`;
  }
}

async function packageVersion(dir: string): Promise<string> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/package.json`)).version;
  } catch {
    return "unknown";
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function waitForPort(port: number, limitMs: number): Promise<boolean> {
  const until = Date.now() + limitMs;
  while (Date.now() < until) {
    try {
      const connection = await Deno.connect({ hostname: "127.0.0.1", port });
      connection.close();
      return true;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return false;
}

/**
 * The last lines of some output, folded onto one line.
 *
 * @param text The output.
 * @returns At most 600 characters of its end.
 */
export function tail(text: string): string {
  const folded = text.trim().split("\n").slice(-8).join(" | ");
  return folded.length > 600 ? `...${folded.slice(-600)}` : folded;
}
