// deno-lint-ignore-file no-console
/**
 * `deno task demo`: the example of pymilvus's `update_password()` page, end
 * to end, against the emulator served on a free loopback port. It connects
 * as root, creates `admin` with `123456`, changes the password to
 * `123456Abc*`, and shows that the server now refuses the old password and
 * accepts the new one.
 *
 * @module
 */
import {
  AuthenticationError,
  Connections,
  createUser,
  listUser,
  MilvusError,
  updatePassword,
} from "@milvus-rbac/client";
import { MilvusEmulator, serveEmulator } from "@milvus-rbac/client/testing";

const server = await serveEmulator(new MilvusEmulator(), {
  hostname: "127.0.0.1",
  port: 0,
});
const connections = new Connections();

try {
  console.log(`emulator: Milvus REST v2 emulator listening on ${server.url}`);

  const root = connections.connect({
    uri: server.url,
    user: "root",
    password: "Milvus",
  });
  await root.verify();
  console.log(`connect: logged in as root at ${root.address}`);

  await createUser({ user: "admin", password: "123456", using: root });
  console.log(`create_user: created user "admin"`);

  await updatePassword({
    user: "admin",
    oldPassword: "123456",
    newPassword: "123456Abc*",
    using: root,
  });
  console.log(`update_password: changed the password of "admin"`);

  const stale = connections.connect({
    alias: "admin-old",
    uri: server.url,
    user: "admin",
    password: "123456",
  });
  try {
    await stale.verify();
    console.log("old password: still accepted (unexpected)");
    Deno.exitCode = 1;
  } catch (error) {
    if (!(error instanceof AuthenticationError)) throw error;
    console.log(
      `old password: refused, ${error.name} (HTTP ${error.httpStatus}, code ${error.code})`,
    );
  }

  const fresh = connections.connect({
    alias: "admin-new",
    uri: server.url,
    user: "admin",
    password: "123456Abc*",
  });
  await fresh.verify();
  const info = await listUser({ user: "admin", using: fresh });
  console.log(`new password: accepted, logged in as "${info.user}"`);
} catch (error) {
  Deno.exitCode = 1;
  console.error(
    error instanceof MilvusError ? `${error.name}: ${error.message}` : error,
  );
} finally {
  for (const { alias } of connections.listConnections()) {
    connections.removeConnection(alias);
  }
  await server.close();
}
