// deno-lint-ignore-file no-console
/**
 * A Node project that only has the packed tarball installed: it imports the
 * package by name, makes calls against the emulator served by the task
 * (argv[2]), and serves its own emulator with `serveEmulator` from the
 * `./testing` entrypoint (node:http). Prints `SMOKE {json}`.
 *
 * @module
 */
import {
  connections,
  createUser,
  listUsernames,
  updatePassword,
} from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";

const checks = [];
async function check(name, body) {
  try {
    await body();
    checks.push({ name, ok: true });
  } catch (error) {
    checks.push({
      name,
      ok: false,
      detail: `${error?.name}: ${error?.message}`,
    });
  }
}

const user = `consumer_${Math.random().toString(36).slice(2, 8)}`;
await check("calls the task's emulator", async () => {
  const connection = connections.connect({
    alias: "remote",
    uri: process.argv[2],
    user: "root",
    password: "Milvus",
    timeout: 10_000,
  });
  await createUser({ user, password: "Passw0rd-1", using: connection });
  await updatePassword({
    user,
    oldPassword: "Passw0rd-1",
    newPassword: "Passw0rd-2",
    using: connection,
  });
  const names = await listUsernames({ using: connection });
  if (!names.includes(user)) throw new Error(`${user} is not listed`);
});

await check("serves its own emulator (node:http)", async () => {
  const server = await serveEmulator(new MilvusEmulator(), {
    hostname: "127.0.0.1",
    port: 0,
  });
  try {
    const connection = connections.connect({
      alias: "local",
      uri: server.url,
      user: "root",
      password: "Milvus",
      timeout: 10_000,
    });
    const names = await listUsernames({ using: connection });
    if (!names.includes("root")) throw new Error("root is not listed");
  } finally {
    await server.close();
  }
});

console.log(`SMOKE ${JSON.stringify({ checks })}`);
