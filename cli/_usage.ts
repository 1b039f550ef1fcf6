// The help texts: one overview and one page per command, each with an
// example that works against a fresh Milvus (root's default password is
// Milvus).

/** The name the CLI goes by in help, once installed with `deno install`. */
export const PROGRAM = "milvus-rbac";

// The options every command takes, with a command's own options (`extra`)
// before the help option.
function options(extra = ""): string {
  return `Options:
  --uri URI          Milvus server root (default http://localhost:19530);
                     it must not hold credentials
  --user NAME        User to log in as (default $MILVUS_USER, then root)
  --db NAME          Database (default "default")
  --timeout MS       Time limit of each call in milliseconds (default 30000)
  --token-env NAME   Log in with the token held in environment variable NAME
  --password-stdin   Read passwords from standard input, one per line
  --json             Print one JSON object on standard output${extra}
  -h, --help         Show this help`;
}

/** The overview printed by `--help` and for a missing command. */
export const OVERVIEW =
  `${PROGRAM}: manage Milvus users and rotate their passwords safely

Usage: ${PROGRAM} <command> [USER] [options]

In a checkout of the repository, run it as "deno task cli <command> ...".
To install it: deno install -g -N -E -n ${PROGRAM} jsr:@milvus-rbac/client/cli

Commands:
  update-password [USER]  Change USER's password (default: the login user)
  create-user USER        Create a user
  delete-user USER        Delete a user
  list-users              List users and their roles
  verify                  Check the address and the login credentials

${
    options(`
  --policy NAME      Check new passwords against the "milvus" or "zilliz"
                     rules before sending them (update-password, create-user)`)
  }

Login: --token-env NAME; else --user with MILVUS_PASSWORD or a prompt; else
MILVUS_TOKEN (user:password or an API key); else MILVUS_USER (default root)
with MILVUS_PASSWORD or a prompt.

Passwords are never taken as options or arguments: they are asked with the
typing hidden when standard input is a terminal, or read from it with
--password-stdin. Options such as --password are refused.

Exit codes: 0 success, 1 refused by the server, 2 usage or bad input,
3 network or timeout (or an answer that is not from Milvus), 130 cancelled
at a prompt.

Run "${PROGRAM} <command> --help" for a command's details and an example.`;

/** The help page of each command. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  "update-password": `Usage: ${PROGRAM} update-password [USER] [options]

Changes the password of USER, by default the login user. Milvus checks the
current password of USER, even when root makes the change. At a terminal
the new password is asked twice. The change is never retried: after a
network error or a timeout, run "verify" to see which password works.

With --password-stdin, one password per line, in this order:
  1. the login password, only when you log in as another user and neither
     MILVUS_PASSWORD nor a token is set
  2. the current password of USER, unless you log in as USER with
     MILVUS_PASSWORD or a user:password token (that password is used)
  3. the new password

${
    options(`
  --policy NAME      Check the new password against the "milvus" (6 to 72
                     bytes) or "zilliz" (8 to 64 characters, 3 classes) rules`)
  }

Examples:
  ${PROGRAM} update-password --uri http://localhost:19530
  printf '%s\\n' "$OLD" "$NEW" | ${PROGRAM} update-password root --password-stdin`,

  "create-user": `Usage: ${PROGRAM} create-user USER [options]

Creates USER. At a terminal its password is asked twice.

With --password-stdin, one password per line, in this order:
  1. the login password, unless MILVUS_PASSWORD or a token is set
  2. the password of USER

${
    options(`
  --policy NAME      Check the password against the "milvus" or "zilliz" rules`)
  }

Example:
  ${PROGRAM} create-user alice --policy zilliz --uri http://localhost:19530`,

  "delete-user": `Usage: ${PROGRAM} delete-user USER [options]

Deletes USER. Deleting a user that does not exist succeeds, as in Milvus;
root cannot be deleted.

With --password-stdin: the login password, unless MILVUS_PASSWORD or a
token is set.

${options()}

Example:
  ${PROGRAM} delete-user alice --uri http://localhost:19530`,

  "list-users": `Usage: ${PROGRAM} list-users [options]

Lists every user with the names of its roles.

With --password-stdin: the login password, unless MILVUS_PASSWORD or a
token is set.

${options()}

Example:
  ${PROGRAM} list-users --json`,

  "verify": `Usage: ${PROGRAM} verify [options]

Checks that the server answers at the address and accepts the login
credentials, with one cheap read. Exit code 1 means the credentials were
refused, 3 that the server could not be reached.

With --password-stdin: the login password, unless MILVUS_PASSWORD or a
token is set.

${options()}

Example:
  echo "$PASSWORD" | ${PROGRAM} verify --user root --password-stdin`,
};
