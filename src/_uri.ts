// The URI grammar of connect(): http[s]://[user:password@]host[:port][/dbName].
// A failure is a ConnectionConfigError that shows the expected form and never
// repeats the URI, which may hold a password.
import { ConnectionConfigError } from "./errors.ts";

const URI_FORM = "http[s]://[user:password@]host[:port][/dbName]";

/** The parts of a Milvus URI. */
export interface ParsedUri {
  secure: boolean;
  host: string;
  port: number | undefined;
  user: string | undefined;
  password: string | undefined;
  dbName: string | undefined;
}

/** Throws the ConnectionConfigError of a bad connect() setting. */
export function fail(message: string): never {
  throw new ConnectionConfigError(`Cannot connect: ${message}`);
}

/** Parses a Milvus URI; the message of a failure never repeats the URI. */
export function parseUri(uri: string): ParsedUri {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(uri)?.[1]?.toLowerCase();
  if (scheme !== "http" && scheme !== "https") {
    fail(
      `uri must start with http:// or https://${
        scheme ? `, not ${scheme.slice(0, 20)}://` : ""
      }; expected form ${URI_FORM}`,
    );
  }

  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    fail(`uri is not a valid URL; expected form ${URI_FORM}`);
  }
  if (url.hostname === "") fail(`uri has no host; expected form ${URI_FORM}`);
  if (url.search !== "" || url.hash !== "") {
    fail(`uri must not have a query or fragment; expected form ${URI_FORM}`);
  }

  const segments = url.pathname.split("/").filter((part) => part !== "");
  if (segments[0] === "v2" || segments.length > 1) {
    fail(
      `uri path may only name the database; give the server root, such as http://localhost:19530, not the REST path`,
    );
  }

  const port = explicitPort(uri, url);
  if (port === 0) fail(`uri port must be from 1 to 65535`);

  return {
    secure: scheme === "https",
    host: url.hostname,
    port,
    user: url.username === "" ? undefined : safeDecode(url.username),
    password: url.password === "" ? undefined : safeDecode(url.password),
    dbName: segments[0] === undefined ? undefined : safeDecode(segments[0]),
  };
}

// URL drops a port equal to the scheme's default (80 for http, 443 for
// https), but Milvus's default is 19530, so an explicit :80 must be kept.
function explicitPort(uri: string, url: URL): number | undefined {
  if (url.port !== "") return Number(url.port);

  const authority = uri.slice(uri.indexOf("//") + 2).split(/[/?#]/)[0] ?? "";
  const hostAndPort = authority.slice(authority.lastIndexOf("@") + 1);
  const match = /:(\d+)$/.exec(hostAndPort);
  return match === null ? undefined : Number(match[1]);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    fail(`uri has a malformed percent-encoding; expected form ${URI_FORM}`);
  }
}
