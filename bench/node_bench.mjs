// deno-lint-ignore-file no-console
// Run by bench/run.ts under Node: the client (its JS build), the official
// Node SDK's REST client and raw fetch, each sending the same
// users/update_password request to the same loopback server, in
// interleaved rounds. Prints one JSON line of per-call times (µs) per round.
//
// usage: node node_bench.mjs <serverUrl> <clientModUrl> <sdkDir> <rounds> <perRound>
import { createRequire } from "node:module";

const [serverUrl, clientUrl, sdkDir, roundsText, perRoundText] = process.argv
  .slice(2);
const rounds = Number(roundsText);
const perRound = Number(perRoundText);

const client = await import(clientUrl);
const require = createRequire(`${sdkDir}/package.json`);
const { HttpClient } = require("@zilliz/milvus2-sdk-node");

const registry = new client.Connections();
const using = registry.connect({
  uri: serverUrl,
  user: "root",
  password: "Milvus",
  timeout: 10_000,
});
const sdk = new HttpClient({
  endpoint: serverUrl,
  username: "root",
  password: "Milvus",
  timeout: 10_000,
});
const params = {
  userName: "admin",
  password: "123456",
  newPassword: "123456Abc*",
};

const contenders = {
  client: () =>
    client.updatePassword({
      user: "admin",
      oldPassword: "123456",
      newPassword: "123456Abc*",
      updateConnection: false,
      using,
    }),
  sdk: async () => {
    const answer = await sdk.updateUserPassword(params);
    if (answer.code !== 0) throw new Error("sdk: bad answer");
  },
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
        body: JSON.stringify(params),
      },
    );
    const answer = await response.json();
    if (answer.code !== 0) throw new Error("raw: bad answer");
  },
};

async function time(run) {
  const start = performance.now();
  for (let i = 0; i < perRound; i++) await run();
  return ((performance.now() - start) * 1000) / perRound;
}

// Warm-up: JIT, connection pool.
for (const run of Object.values(contenders)) await time(run);

const names = Object.keys(contenders);
const samples = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  // Rotate the order so no contender always runs first or last.
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) samples[name].push(await time(contenders[name]));
}
console.log(JSON.stringify({ node: process.version, samples }));
