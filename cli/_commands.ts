// The five commands. Each checks everything it can before asking for a
// password, asks for the passwords it needs in a fixed, documented order,
// checks them, and only then sends a request.
import {
  checkPassword,
  type Connection,
  Connections,
  type ConnectOptions,
  createUser,
  deleteUser,
  listUsers,
  updatePassword,
} from "../mod.ts";
import type { ParsedArgs } from "./_args.ts";
import { type Login, resolveLogin } from "./_credentials.ts";
import { UsageError } from "./_errors.ts";
import { type SecretSource, secretSource } from "./_secrets.ts";

/** What a successful command prints. */
export interface Outcome {
  /** Plain lines for standard output. */
  lines: string[];
  /** The JSON object for `--json`, `ok` and `command` included. */
  json: Record<string, unknown>;
}

interface CommandSpec {
  /** How many positional arguments it takes, at least and at most. */
  arity: [number, number];
  /** Whether `--policy` applies. */
  policy: boolean;
  run(context: Context): Promise<Outcome>;
}

interface Context {
  command: string;
  args: ParsedArgs;
  login: Login;
  base: ConnectOptions;
  policy: "milvus" | "zilliz" | undefined;
  secrets: string[];
  source(): SecretSource;
}

/** The command names, in the order the help lists them. */
export const COMMAND_NAMES: readonly string[] = [
  "update-password",
  "create-user",
  "delete-user",
  "list-users",
  "verify",
];

const COMMANDS: Record<string, CommandSpec> = {
  "update-password": { arity: [0, 1], policy: true, run: runUpdatePassword },
  "create-user": { arity: [1, 1], policy: true, run: runCreateUser },
  "delete-user": { arity: [1, 1], policy: false, run: runDeleteUser },
  "list-users": { arity: [0, 0], policy: false, run: runListUsers },
  "verify": { arity: [0, 0], policy: false, run: runVerify },
};

/**
 * Runs `command`. Every secret read is pushed onto `secrets` as soon as it
 * is read, so that a failure can be scrubbed of it.
 */
export async function runCommand(
  command: string,
  args: ParsedArgs,
  secrets: string[],
): Promise<Outcome> {
  const spec = COMMANDS[command];
  if (spec === undefined) {
    throw new UsageError(
      `unknown command "${command.slice(0, 40)}"; expected one of ${
        COMMAND_NAMES.join(", ")
      }`,
    );
  }
  checkArity(command, spec.arity, args.positionals.length);
  if (!spec.policy && args.policy !== undefined) {
    throw new UsageError(`--policy does not apply to ${command}`);
  }

  const context: Context = {
    command,
    args,
    base: baseOptions(args),
    policy: policyOf(args.policy),
    login: resolveLogin(args),
    secrets,
    source: lazySource(args.passwordStdin, secrets),
  };
  if (context.login.token !== undefined) secrets.push(context.login.token);
  if (context.login.password !== undefined) {
    secrets.push(context.login.password);
  }
  return await spec.run(context);
}

function checkArity(
  command: string,
  [min, max]: [number, number],
  count: number,
): void {
  if (count < min) {
    throw new UsageError(`${command} needs the name of the user`);
  }
  // The extra argument is not repeated: it may be a password typed in the
  // wrong place.
  if (count > max) {
    throw new UsageError(
      `${command} takes ${
        max === 0 ? "no arguments" : "one user name"
      }, got ${count}; passwords are never taken as arguments`,
    );
  }
}

function policyOf(value: string | undefined): "milvus" | "zilliz" | undefined {
  if (value === undefined || value === "milvus" || value === "zilliz") {
    return value;
  }
  throw new UsageError('--policy must be "milvus" or "zilliz"');
}

// Checks address, database and timeout now, so that a typo is reported
// before any password is asked for.
function baseOptions(args: ParsedArgs): ConnectOptions {
  const options: ConnectOptions = {};
  if (args.uri !== undefined) {
    if (/^[a-z][a-z0-9+.-]*:\/\/[^/]*@/i.test(args.uri)) {
      throw new UsageError(
        "--uri must not hold credentials (user:password@): they would show in the process list; use --user with a prompt, MILVUS_PASSWORD or --token-env",
      );
    }
    options.uri = args.uri;
  }
  if (args.db !== undefined) options.dbName = args.db;
  if (args.timeout !== undefined) {
    if (!/^[1-9]\d{0,9}$/.test(args.timeout)) {
      throw new UsageError(
        "--timeout must be a whole number of milliseconds, at least 1",
      );
    }
    options.timeout = Number(args.timeout);
  }

  new Connections().connect(options);
  return options;
}

function lazySource(
  passwordStdin: boolean,
  secrets: string[],
): () => SecretSource {
  let source: SecretSource | undefined;
  return () => source ??= secretSource(passwordStdin, secrets);
}

function requireUser(name: string | undefined, what: string): string {
  if (name === undefined || name.trim() === "") {
    throw new UsageError(`${what} is empty`);
  }
  return name;
}

async function loginPassword(context: Context): Promise<string | undefined> {
  const { login } = context;
  if (login.token !== undefined || login.password !== undefined) {
    return login.password;
  }
  return await context.source().read({
    label: `password of ${login.user} (to log in)`,
  });
}

function connect(context: Context, password: string | undefined): Connection {
  const { login, base } = context;
  const credentials: ConnectOptions = login.token !== undefined
    ? { token: login.token }
    : { user: login.user as string, password: password as string };
  return new Connections().connect({ ...base, ...credentials });
}

function checkPolicy(context: Context, password: string, what: string): void {
  if (context.policy === undefined) return;

  const { ok, problems } = checkPassword(password, context.policy);
  if (!ok) {
    throw new UsageError(
      `the ${what} breaks the ${context.policy} password policy: it ${
        problems.join("; it ")
      }; nothing was sent`,
    );
  }
}

async function runUpdatePassword(context: Context): Promise<Outcome> {
  const { login } = context;
  const target = context.args.positionals[0] ?? login.user;
  if (target === undefined) {
    throw new UsageError(
      "an API key does not name a user: give the user whose password changes, as in update-password alice",
    );
  }
  requireUser(target, "the user name");

  // Logging in as the target with a password: that password is the current
  // one, asked once.
  let password: string | undefined;
  let oldPassword: string;
  if (target === login.user) {
    oldPassword = login.password ?? await context.source().read({
      label: `current password of ${target}`,
    });
    password = oldPassword;
  } else {
    password = await loginPassword(context);
    oldPassword = await context.source().read({
      label: `current password of ${target}`,
    });
  }
  const newPassword = await context.source().read({
    label: `new password of ${target}`,
    confirm: true,
  });

  checkPolicy(context, newPassword, "new password");
  if (newPassword === oldPassword) {
    throw new UsageError(
      "the new password is the same as the current one; nothing was sent",
    );
  }

  const using = connect(context, password);
  await updatePassword({ user: target, oldPassword, newPassword, using });
  return {
    lines: [`password of ${target} updated`],
    json: { ok: true, command: context.command, user: target },
  };
}

async function runCreateUser(context: Context): Promise<Outcome> {
  const user = requireUser(context.args.positionals[0], "the user name");
  const password = await loginPassword(context);
  const newPassword = await context.source().read({
    label: `password of the new user ${user}`,
    confirm: true,
  });
  checkPolicy(context, newPassword, "password");

  const using = connect(context, password);
  await createUser({ user, password: newPassword, using });
  return {
    lines: [`user ${user} created`],
    json: { ok: true, command: context.command, user },
  };
}

async function runDeleteUser(context: Context): Promise<Outcome> {
  const user = requireUser(context.args.positionals[0], "the user name");
  const using = connect(context, await loginPassword(context));

  await deleteUser({ user, using });
  return {
    lines: [`user ${user} deleted`],
    json: { ok: true, command: context.command, user },
  };
}

async function runListUsers(context: Context): Promise<Outcome> {
  const using = connect(context, await loginPassword(context));

  const users = await listUsers({ includeRoleInfo: true, using });
  const width = Math.max(4, ...users.map(({ user }) => user.length));
  const lines = [
    `${"USER".padEnd(width)}  ROLES`,
    ...users.map(({ user, roles }) =>
      `${user.padEnd(width)}  ${roles.length === 0 ? "-" : roles.join(", ")}`
    ),
  ];
  return { lines, json: { ok: true, command: context.command, users } };
}

async function runVerify(context: Context): Promise<Outcome> {
  const using = connect(context, await loginPassword(context));

  await using.verify();
  const who = using.user === undefined ? "with an API key" : `as ${using.user}`;
  return {
    lines: [
      `ok: ${using.address} accepted the login ${who} (database ${using.dbName})`,
    ],
    json: {
      ok: true,
      command: context.command,
      address: using.address,
      user: using.user ?? null,
      dbName: using.dbName,
    },
  };
}
