/**
 * The smoke suite every runtime runs: plain JavaScript with no imports, so
 * that Node, Bun, workerd and edge-runtime load it as it is. Each runtime's
 * entry imports the client its own way and passes it in.
 *
 * It talks to two emulator servers run by the Deno process of the task: one
 * that answers, and one with a fault that holds every request, for the
 * timeout and abort checks.
 *
 * @module
 */

/**
 * @typedef {object} SmokeTarget
 * @property {string} url The emulator that answers (root / Milvus).
 * @property {string} stallUrl An emulator that never answers in time.
 * @property {string} tag A short name of the runtime, unique per run.
 */

/**
 * @typedef {object} CheckResult
 * @property {string} name
 * @property {boolean} ok
 * @property {string} [detail] Why it failed.
 */

/**
 * Runs every check and reports each one; never throws.
 *
 * @param {Record<string, any>} client The `@milvus-rbac/client` module.
 * @param {SmokeTarget} target Where the servers are.
 * @returns {Promise<{ checks: CheckResult[] }>} One result per check.
 */
export async function runSuite(client, target) {
  /** @type {CheckResult[]} */
  const checks = [];
  const suffix = Math.random().toString(36).slice(2, 8);
  const user = `smoke_${target.tag}_${suffix}`.replace(/[^A-Za-z0-9_]/g, "_");
  const secrets = {
    first: `Fir5t-Secret-${suffix}`,
    second: `Sec0nd-Secret-${suffix}`,
    wrongOld: `Wr0ng-Old-${suffix}`,
    third: `Th1rd-Secret-${suffix}`,
    wrongRoot: `Wr0ng-Root-${suffix}`,
  };
  /** @type {unknown[]} */
  const errors = [];
  const aliases = [];
  const connect = (/** @type {Record<string, unknown>} */ options) => {
    const alias = `${target.tag}_${aliases.length}_${suffix}`;
    aliases.push(alias);
    return client.connections.connect({ alias, timeout: 10_000, ...options });
  };

  async function check(
    /** @type {string} */ name,
    /** @type {() => Promise<void>} */ body,
  ) {
    try {
      await body();
      checks.push({ name, ok: true });
    } catch (error) {
      checks.push({ name, ok: false, detail: describe(error) });
    }
  }

  /** @type {any} */
  let root;
  /** @type {any} */
  let self;

  await check("connect", async () => {
    root = connect({ uri: target.url, user: "root", password: "Milvus" });
    await root.verify();
    expect(root.connected === true, "connection is not connected");
    expect(
      !JSON.stringify(root).includes('Milvus"'),
      "JSON of the connection shows the password",
    );
  });

  await check("createUser", async () => {
    await client.createUser({ user, password: secrets.first, using: root });
    const names = await client.listUsernames({ using: root });
    expect(names.includes(user), `listUsernames() lacks ${user}`);
  });

  await check("updatePassword, connection follows", async () => {
    self = connect({ uri: target.url, user, password: secrets.first });
    await self.verify();
    await client.updatePassword({
      user,
      oldPassword: secrets.first,
      newPassword: secrets.second,
      using: self,
    });
    await self.verify();

    const stale = connect({ uri: target.url, user, password: secrets.first });
    const error = await rejection(stale.verify());
    errors.push(error);
    expect(
      error instanceof client.AuthenticationError,
      `the old password still works: ${describe(error)}`,
    );
  });

  await check("wrong old password is ServerError 1400", async () => {
    const error = await rejection(client.updatePassword({
      user,
      oldPassword: secrets.wrongOld,
      newPassword: secrets.third,
      using: self,
    }));
    errors.push(error);
    expect(error instanceof client.MilvusError, describe(error));
    expect(error instanceof client.ServerError, describe(error));
    expect(error.code === 1400, `code ${error.code}, not 1400`);
    expect(error.httpStatus === 200, `HTTP ${error.httpStatus}, not 200`);
  });

  await check("timeout is ClientTimeoutError", async () => {
    const stalled = connect({
      uri: target.stallUrl,
      user: "root",
      password: "Milvus",
    });
    const started = Date.now();
    const error = await rejection(
      client.createUser({
        user: `${user}_t`,
        password: secrets.third,
        using: stalled,
        timeout: 300,
      }),
    );
    errors.push(error);
    expect(error instanceof client.ClientTimeoutError, describe(error));
    expect(error.timeoutMs === 300, `timeoutMs ${error.timeoutMs}`);
    expect(Date.now() - started < 8_000, "took far longer than the timeout");
  });

  await check("caller abort rejects with signal.reason", async () => {
    const stalled = connect({
      uri: target.stallUrl,
      user: "root",
      password: "Milvus",
    });
    const controller = new AbortController();
    const reason = new Error("smoke: aborted by the caller");
    setTimeout(() => controller.abort(reason), 100);
    const error = await rejection(
      client.listUsernames({ using: stalled, signal: controller.signal }),
    );
    expect(error === reason, `rejected with ${describe(error)}`);
  });

  await check("401 is AuthenticationError", async () => {
    const wrong = connect({
      uri: target.url,
      user: "root",
      password: secrets.wrongRoot,
    });
    const error = await rejection(client.listUsernames({ using: wrong }));
    errors.push(error);
    expect(error instanceof client.AuthenticationError, describe(error));
    expect(error.httpStatus === 401, `HTTP ${error.httpStatus}, not 401`);
  });

  await check("no secret in errors", () => {
    expect(errors.length >= 4, `only ${errors.length} errors were collected`);
    for (const error of errors) {
      const texts = [
        String(error),
        error instanceof Error ? error.message : "",
        error instanceof Error ? String(error.stack) : "",
        JSON.stringify(error),
        error instanceof Error ? String(error.cause) : "",
      ];
      for (const [name, secret] of Object.entries(secrets)) {
        const leak = texts.find((text) => text.includes(secret));
        expect(leak === undefined, `the ${name} password shows in: ${leak}`);
      }
    }
    return Promise.resolve();
  });

  try {
    if (root !== undefined) await client.deleteUser({ user, using: root });
  } catch {
    // the checks above already report what went wrong
  }
  for (const alias of aliases) client.connections.removeConnection(alias);

  return { checks };
}

function expect(
  /** @type {boolean} */ condition,
  /** @type {string} */ message,
) {
  if (!condition) throw new Error(message);
}

/**
 * Waits for `promise` to reject and returns the reason.
 *
 * @param {Promise<unknown>} promise
 * @returns {Promise<any>}
 */
async function rejection(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection, but it resolved");
}

function describe(/** @type {unknown} */ error) {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
