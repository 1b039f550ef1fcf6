/**
 * A consumer of the built npm package, type-checked with TypeScript from npm
 * with only the DOM library: no Deno types, no Node types. It is never run;
 * the compiler proves the published `.d.ts` files are enough.
 *
 * @module
 */
import {
  type Connection,
  connections,
  createUser,
  listUsernames,
  MilvusError,
  ServerError,
  updatePassword,
} from "@milvus-rbac/client";
import { MilvusEmulator } from "@milvus-rbac/client/testing";

export async function rotate(uri: string): Promise<string[]> {
  const connection: Connection = connections.connect({
    alias: "consumer",
    uri,
    user: "root",
    password: "Milvus",
    timeout: 5_000,
  });
  await createUser({ user: "alice", password: "123456", using: connection });
  try {
    await updatePassword({
      user: "alice",
      oldPassword: "123456",
      newPassword: "654321",
      using: "consumer",
      signal: AbortSignal.timeout(1_000),
    });
  } catch (error) {
    if (error instanceof ServerError && error.code === 1400) return [];
    if (error instanceof MilvusError) throw new Error(error.message);
    throw error;
  }
  const names: string[] = await listUsernames({ using: connection });
  return names;
}

export function inProcess(): Promise<string[]> {
  const emulator = new MilvusEmulator();
  const connection = connections.connect({
    alias: "in-process",
    user: "root",
    password: "Milvus",
    fetch: emulator.fetch,
  });
  return listUsernames({ using: connection });
}
