// deno-lint-ignore-file no-console
/**
 * `deno task bench`: measures the client against raw `fetch` and against
 * the official Node SDK's REST client, and the cost of importing each, then
 * writes BENCHMARKS.md. Every comparison runs its contenders side by side in
 * one run, in interleaved rounds, and reports medians and ratios.
 *
 * Needs `node` and `npm` on PATH for the Node sections; the SDK is installed
 * into a scratch directory (BENCH_SCRATCH, default /tmp/milvus-rbac-bench).
 *
 * @module
 */
import { Connections, updatePassword } from "@milvus-rbac/client";
import { MilvusEmulator } from "@milvus-rbac/client/testing";

const ROOT = new URL("../", import.meta.url);
const SCRATCH = Deno.env.get("BENCH_SCRATCH") ?? "/tmp/milvus-rbac-bench";
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 21);
const PER_ROUND = Number(Deno.env.get("BENCH_PER_ROUND") ?? 200);
const PROCESSES = Number(Deno.env.get("BENCH_PROCESSES") ?? 20);
const decoder = new TextDecoder();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[mid]!
    : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const fmt = (value: number, digits = 1) => value.toFixed(digits);

interface Comparison {
  medians: Record<string, number>;
  samples: Record<string, number[]>;
}

/** Per-call µs of each contender, in interleaved rounds. */
async function interleave(
  contenders: Record<string, () => Promise<void>>,
  rounds = ROUNDS,
  perRound = PER_ROUND,
): Promise<Comparison> {
  const names = Object.keys(contenders);
  const samples: Record<string, number[]> = Object.fromEntries(
    names.map((name) => [name, []]),
  );
  const time = async (run: () => Promise<void>) => {
    const start = performance.now();
    for (let i = 0; i < perRound; i++) await run();
    return ((performance.now() - start) * 1000) / perRound;
  };
  for (const run of Object.values(contenders)) await time(run);
  for (let round = 0; round < rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      samples[name]!.push(await time(contenders[name]!));
    }
  }
  return {
    samples,
    medians: Object.fromEntries(names.map((n) => [n, median(samples[n]!)])),
  };
}

/** The median of per-round ratios a/b: drift cancels within a round. */
function roundRatio(c: Comparison, a: string, b: string): number {
  return median(c.samples[a]!.map((value, i) => value / c.samples[b]![i]!));
}

async function run(
  command: string,
  args: string[],
  options: { cwd?: string } = {},
): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    stdout: "piped",
    stderr: "piped",
    ...options,
  }).output();
  return { code, out: decoder.decode(stdout), err: decoder.decode(stderr) };
}

// ---------------------------------------------------------------------------
// 1. In process: the client and raw fetch, both on emulator.fetch.

console.log("1/5 in process (emulator.fetch)");
const emulator = new MilvusEmulator({ authorization: false });
const inProcess = new Connections().connect({ fetch: emulator.fetch });
const PASSWORDS = ["Passw0rd-A", "Passw0rd-B"];
await emulator.fetch("http://emulator/v2/vectordb/users/create", {
  method: "POST",
  body: JSON.stringify({ userName: "clientuser", password: PASSWORDS[0] }),
});
await emulator.fetch("http://emulator/v2/vectordb/users/create", {
  method: "POST",
  body: JSON.stringify({ userName: "rawuser", password: PASSWORDS[0] }),
});
let clientTurn = 0;
let rawTurn = 0;
const inProcessResult = await interleave({
  client: async () => {
    const [oldPassword, newPassword] = clientTurn++ % 2 === 0
      ? PASSWORDS
      : [...PASSWORDS].reverse();
    await updatePassword({
      user: "clientuser",
      oldPassword: oldPassword!,
      newPassword: newPassword!,
      using: inProcess,
    });
  },
  raw: async () => {
    const [password, newPassword] = rawTurn++ % 2 === 0
      ? PASSWORDS
      : [...PASSWORDS].reverse();
    const response = await emulator.fetch(
      "http://localhost:19530/v2/vectordb/users/update_password",
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
        },
        body: JSON.stringify({ userName: "rawuser", password, newPassword }),
      },
    );
    const answer = await response.json();
    if (answer.code !== 0) throw new Error(`raw: ${answer.message}`);
  },
});

// ---------------------------------------------------------------------------
// 2. Over loopback HTTP: a minimal server in its own process.

console.log("2/5 loopback HTTP (minimal server in another process)");
const serverProcess = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "--allow-net=127.0.0.1",
    new URL("_fast_server.ts", import.meta.url).pathname,
  ],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const reader = serverProcess.stdout.getReader();
let firstLine = "";
while (!firstLine.includes("\n")) {
  const { value, done } = await reader.read();
  if (done) throw new Error("the benchmark server did not start");
  firstLine += decoder.decode(value);
}
reader.releaseLock();
serverProcess.stdout.cancel();
const serverUrl = firstLine.trim();

const overHttp = new Connections().connect({
  uri: serverUrl,
  user: "root",
  password: "Milvus",
});
const rawBody = JSON.stringify({
  userName: "admin",
  password: "123456",
  newPassword: "123456Abc*",
});
const loopback = await interleave({
  client: () =>
    updatePassword({
      user: "admin",
      oldPassword: "123456",
      newPassword: "123456Abc*",
      updateConnection: false,
      using: overHttp,
    }),
  raw: async () => {
    const response = await fetch(
      `${serverUrl}/v2/vectordb/users/update_password`,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          Authorization: "Bearer root:Milvus",
        },
        body: rawBody,
      },
    );
    const answer = await response.json();
    if (answer.code !== 0) throw new Error("raw: bad answer");
  },
  // The same request with what the client guarantees on top: one timer that
  // covers headers and body, an AbortSignal, and Request-Timeout. This
  // separates the cost of the guarantee from the cost of the library.
  rawTimeout: async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 30_000);
    try {
      const response = await fetch(
        `${serverUrl}/v2/vectordb/users/update_password`,
        {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            Accept: "application/json",
            Authorization: "Bearer root:Milvus",
            "Request-Timeout": "30",
          },
          body: rawBody,
          signal: controller.signal,
        },
      );
      const answer = await response.json();
      if (answer.code !== 0) throw new Error("raw: bad answer");
    } finally {
      clearTimeout(timer);
    }
  },
});

// ---------------------------------------------------------------------------
// 3. Node: the client's JS build, the SDK and raw fetch, same server.

console.log("3/5 Node: client vs @zilliz/milvus2-sdk-node vs raw fetch");
const nodeVersion =
  (await run("node", ["--version"]).catch(() => ({ out: "" })))
    .out.trim();
const sdkDir = `${SCRATCH}/sdk`;
const clientDir = `${SCRATCH}/client`;
await Deno.mkdir(sdkDir, { recursive: true });
try {
  await Deno.stat(
    `${sdkDir}/node_modules/@zilliz/milvus2-sdk-node/package.json`,
  );
} catch {
  await Deno.writeTextFile(
    `${sdkDir}/package.json`,
    '{"name":"sdk-bench","private":true}',
  );
  const installed = await run("npm", [
    "install",
    "--ignore-scripts",
    "--no-audit",
    "--no-fund",
    "@zilliz/milvus2-sdk-node@3",
  ], { cwd: sdkDir });
  if (installed.code !== 0) {
    throw new Error(`npm install failed: ${installed.err}`);
  }
}
const sdkVersion = JSON.parse(
  await Deno.readTextFile(
    `${sdkDir}/node_modules/@zilliz/milvus2-sdk-node/package.json`,
  ),
).version;

// The client's npm build (deno task test:runtimes makes it in .out/npm);
// otherwise one bundled file from mod.ts.
let clientBuild: string;
await Deno.remove(clientDir, { recursive: true }).catch(() => {});
await Deno.mkdir(clientDir, { recursive: true });
// It may be mid-rebuild, so it is used only if Node can import the copy.
const copied = await run("sh", [
  "-c",
  `cp -r "${new URL(".out/npm", ROOT).pathname}/." "${clientDir}/"`,
]);
const importable = copied.code === 0 &&
  (await run("node", [
      "--input-type=module",
      "-e",
      `const m = await import(${
        JSON.stringify(`file://${clientDir}/mod.js`)
      }); if (typeof m.updatePassword !== "function") process.exit(1);`,
    ])).code === 0;
if (importable) {
  clientBuild =
    "the npm build from `deno task test:runtimes` (.out/npm: mod.js + src/*.js, with .d.ts, README, LICENSE)";
} else {
  await Deno.remove(clientDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(clientDir, { recursive: true });
  const bundled = await run(Deno.execPath(), [
    "bundle",
    "--platform=browser",
    new URL("mod.ts", ROOT).pathname,
    "-o",
    `${clientDir}/mod.js`,
  ]);
  if (bundled.code !== 0) throw new Error(`deno bundle failed: ${bundled.err}`);
  clientBuild = "one file bundled from mod.ts with `deno bundle`";
}
const clientUrl = `file://${clientDir}/mod.js`;

const nodeRun = await run("node", [
  new URL("node_bench.mjs", import.meta.url).pathname,
  serverUrl,
  clientUrl,
  sdkDir,
  String(ROUNDS),
  String(PER_ROUND),
]);
if (nodeRun.code !== 0) throw new Error(`node bench failed: ${nodeRun.err}`);
const nodeSamples: Record<string, number[]> = JSON.parse(
  nodeRun.out.trim().split("\n").at(-1)!,
).samples;
const node: Comparison = {
  samples: nodeSamples,
  medians: Object.fromEntries(
    Object.entries(nodeSamples).map(([k, v]) => [k, median(v)]),
  ),
};

serverProcess.kill();
await serverProcess.status;

// ---------------------------------------------------------------------------
// 4. Import cost: fresh Node processes.

console.log(`4/5 import cost: ${PROCESSES} fresh Node processes each`);
const importers: Record<string, string[]> = {
  "node (empty script)": ["-e", ""],
  "import client": [
    "--input-type=module",
    "-e",
    `await import(${JSON.stringify(clientUrl)})`,
  ],
  "require SDK": [
    "-e",
    `require(${
      JSON.stringify(`${sdkDir}/node_modules/@zilliz/milvus2-sdk-node`)
    })`,
  ],
};
const startup: Record<string, number[]> = Object.fromEntries(
  Object.keys(importers).map((name) => [name, []]),
);
for (let i = 0; i < PROCESSES; i++) {
  for (const [name, args] of Object.entries(importers)) {
    const start = performance.now();
    const result = await run("node", args);
    const elapsed = performance.now() - start;
    if (result.code !== 0) throw new Error(`${name} failed: ${result.err}`);
    startup[name]!.push(elapsed);
  }
}
const startupMedian = Object.fromEntries(
  Object.entries(startup).map(([k, v]) => [k, median(v)]),
);
const bare = startupMedian["node (empty script)"]!;
const clientImport = startupMedian["import client"]!;
const sdkImport = startupMedian["require SDK"]!;

// ---------------------------------------------------------------------------
// 5. Installed size.

console.log("5/5 installed size");
async function du(path: string): Promise<number> {
  const result = await run("du", ["-sb", path]);
  return Number(result.out.split(/\s/)[0]);
}
const clientSize = await du(clientDir);
const clientJsSize = Number(
  (await run("sh", [
    "-c",
    `find ${clientDir} -name '*.js' -print0 | xargs -0 cat | wc -c`,
  ])).out.trim(),
);
const sdkSize = await du(`${sdkDir}/node_modules`);
const sdkPackages = Number(
  (await run("sh", [
    "-c",
    `ls -d ${sdkDir}/node_modules/*/ ${sdkDir}/node_modules/@*/*/ 2>/dev/null | grep -v '/@[^/]*/$' | wc -l`,
  ])).out.trim(),
);

// ---------------------------------------------------------------------------
// Report.

const cpu =
  (await run("sh", ["-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"]))
    .out.trim();
const cores = navigator.hardwareConcurrency;
const kib = (bytes: number) => `${fmt(bytes / 1024)} KiB`;
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024)} MiB`;
const verdict = (met: boolean) => met ? "**met**" : "**not met**";

const loopRatio = loopback.medians.client! / loopback.medians.raw!;
const loopRoundRatio = roundRatio(loopback, "client", "raw");
const inRatio = inProcessResult.medians.client! / inProcessResult.medians.raw!;
const nodeVsSdk = node.medians.client! / node.medians.sdk!;
const nodeVsRaw = node.medians.client! / node.medians.raw!;
const grossRatio = sdkImport / clientImport;
const netClient = clientImport - bare;
const netSdk = sdkImport - bare;
const netRatio = netSdk / Math.max(netClient, 0.001);

const report = `# Benchmarks

Reproduce with \`deno task bench\` (this file is rewritten by it). Needs
\`node\` and \`npm\` on PATH; the official SDK is installed with
\`npm install --ignore-scripts\` into \`${SCRATCH}\`. Knobs:
\`BENCH_ROUNDS\` (${ROUNDS}), \`BENCH_PER_ROUND\` (${PER_ROUND}),
\`BENCH_PROCESSES\` (${PROCESSES}).

Machine: ${cores} cores (${cpu}), shared with other work while this ran,
Linux; Deno ${Deno.version.deno} (V8 ${Deno.version.v8}), Node ${nodeVersion},
@zilliz/milvus2-sdk-node ${sdkVersion}. Run on ${
  new Date().toISOString().slice(0, 10)
}.

Method: every comparison runs its contenders in the same process run, in
${ROUNDS} interleaved rounds of ${PER_ROUND} sequential calls each (the order
rotates every round, after one warm-up round). The figure per contender is
the median over rounds of the mean time per call; "ratio" is client ÷
other on those medians, and "per-round ratio" is the median of the ratios
within each round, which cancels drift between rounds.

## updatePassword against raw fetch

The raw contender sends the same request by hand (\`fetch\`, same URL, headers
and JSON body) and parses the JSON answer; the client adds validation, the
timeout and signal plumbing, the size-limited body reader and error mapping.

| where | client µs/call | raw fetch µs/call | ratio | per-round ratio | target |
| --- | ---: | ---: | ---: | ---: | --- |
| in process (\`emulator.fetch\`, authorization off) | ${
  fmt(inProcessResult.medians.client!)
} | ${fmt(inProcessResult.medians.raw!)} | ${fmt(inRatio, 3)}x | ${
  fmt(roundRatio(inProcessResult, "client", "raw"), 3)
}x | — |
| loopback HTTP (minimal server, own process) | ${
  fmt(loopback.medians.client!)
} | ${fmt(loopback.medians.raw!)} | ${fmt(loopRatio, 3)}x | ${
  fmt(loopRoundRatio, 3)
}x | ≤ 1.03x: ${verdict(loopRatio <= 1.03)} |
| loopback HTTP, against raw fetch with a timeout (AbortController, timer over headers and body, Request-Timeout) | ${
  fmt(loopback.medians.client!)
} | ${fmt(loopback.medians.rawTimeout!)} | ${
  fmt(loopback.medians.client! / loopback.medians.rawTimeout!, 3)
}x | ${fmt(roundRatio(loopback, "client", "rawTimeout"), 3)}x | — |

- In process, the emulator does real work per call (it checks the old
  password and hashes the new one with \`crypto.subtle\`), so the server side
  is part of both figures.
- Over loopback the server is \`bench/_fast_server.ts\`, a \`Deno.serve\`
  handler in a separate process that answers \`{"code":0,"data":{}}\` without
  checking anything, so the client and the network stack dominate. The
  emulator's \`serveEmulator\` was not used here: it would run in the same
  process as the client and add its own hashing cost.

## On Node: client against the official SDK and raw fetch

Same minimal loopback server, same request (\`users/update_password\`), Node
${nodeVersion}; the client is ${clientBuild}; the SDK is
\`new HttpClient({ endpoint, username, password }).updateUserPassword(...)\`.

| contender | µs/call | client ÷ it | per-round ratio |
| --- | ---: | ---: | ---: |
| client (\`updatePassword\`) | ${fmt(node.medians.client!)} | — | — |
| SDK (\`HttpClient.updateUserPassword\`) | ${fmt(node.medians.sdk!)} | ${
  fmt(nodeVsSdk, 3)
}x | ${fmt(roundRatio(node, "client", "sdk"), 3)}x |
| raw \`fetch\` | ${fmt(node.medians.raw!)} | ${fmt(nodeVsRaw, 3)}x | ${
  fmt(roundRatio(node, "client", "raw"), 3)
}x |

Target "faster than the SDK": ${verdict(nodeVsSdk < 1)} (ratio below 1 means
the client is faster).

## Import cost and installed size

Wall time of ${PROCESSES} fresh \`node\` processes each, interleaved; medians.

| process | median ms | minus empty \`node\` |
| --- | ---: | ---: |
| \`node -e ""\` | ${fmt(bare)} | — |
| import the client (\`await import(".../mod.js")\`) | ${fmt(clientImport)} | ${
  fmt(netClient)
} |
| require the SDK (\`require("@zilliz/milvus2-sdk-node")\`) | ${
  fmt(sdkImport)
} | ${fmt(netSdk)} |

- Whole process, SDK ÷ client: ${fmt(grossRatio, 2)}x.
- Import alone (process minus an empty \`node\`), SDK ÷ client: ${
  netClient <= 0.5
    ? `the client's import is within the noise of an empty process (${
      fmt(netClient)
    } ms), so the ratio is ${fmt(netRatio, 0)}x or more`
    : `${fmt(netRatio, 1)}x`
}.
- Target "at least 20x cheaper": on the import alone ${verdict(netRatio >= 20)};
  on whole-process wall time ${verdict(grossRatio >= 20)} (Node's own start-up,
  about ${fmt(bare, 0)} ms, is in both and cannot be cut by a library).

| installed | size |
| --- | ---: |
| the client as measured (${clientBuild.split(" (")[0]}) | ${
  kib(clientSize)
} (JavaScript alone ${kib(clientJsSize)}) |
| the SDK's node_modules (${sdkPackages} packages) | ${mib(sdkSize)} |

Size ratio: ${fmt(sdkSize / clientSize, 0)}x smaller.
`;

const reportPath = new URL("BENCHMARKS.md", ROOT);
await Deno.writeTextFile(reportPath, report);
// The report is committed, so it must pass `deno fmt --check` like the rest.
await new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--quiet", reportPath.pathname],
}).output();
console.log(report);
