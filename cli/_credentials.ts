// Who the CLI logs in as. Secrets come from the environment or from a
// prompt, never from an option; an option may only name the variable.
import { UsageError } from "./_errors.ts";

/** The login identity; a missing password is asked for later. */
export interface Login {
  /** The login user; `undefined` for an API key. */
  user: string | undefined;
  /** The password, when known without asking. */
  password: string | undefined;
  /** A `user:password` token or an API key. */
  token: string | undefined;
}

/** The default login user, Milvus's built-in administrator. */
export const DEFAULT_USER = "root";

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Resolves the login, in this order: `--token-env NAME`; `--user` (with
 * MILVUS_PASSWORD or a prompt); MILVUS_TOKEN; MILVUS_USER (default root)
 * with MILVUS_PASSWORD or a prompt.
 */
export function resolveLogin(
  options: { user: string | undefined; tokenEnv: string | undefined },
): Login {
  if (options.tokenEnv !== undefined) {
    if (!ENV_NAME.test(options.tokenEnv)) {
      throw new UsageError(
        "--token-env takes the name of an environment variable, such as MILVUS_TOKEN, not the token itself",
      );
    }
    if (options.user !== undefined) {
      throw new UsageError(
        "--user cannot be combined with --token-env: a token names its own user",
      );
    }
    const token = readEnv(options.tokenEnv);
    if (token === undefined) {
      throw new UsageError(
        `--token-env ${options.tokenEnv}: that environment variable is not set or is empty`,
      );
    }
    return fromToken(token);
  }

  if (options.user === undefined) {
    const token = readEnv("MILVUS_TOKEN");
    if (token !== undefined) return fromToken(token);
  }

  const user = options.user ?? readEnv("MILVUS_USER") ?? DEFAULT_USER;
  if (user === "") throw new UsageError("--user is empty");
  return { user, password: readEnv("MILVUS_PASSWORD"), token: undefined };
}

// `user:password` tokens name their user and hold that user's password; API
// keys do neither.
function fromToken(token: string): Login {
  const colon = token.indexOf(":");
  if (colon <= 0) return { user: undefined, password: undefined, token };
  return {
    user: token.slice(0, colon),
    password: token.slice(colon + 1),
    token,
  };
}

function readEnv(name: string): string | undefined {
  try {
    const value = Deno.env.get(name);
    return value === "" ? undefined : value;
  } catch (error) {
    if (error instanceof Deno.errors.NotCapable) {
      throw new UsageError(
        `cannot read the environment variable ${name}: run with --allow-env`,
      );
    }
    throw error;
  }
}
