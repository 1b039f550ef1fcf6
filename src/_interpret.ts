// Turns a status and a body into data or a typed error. Milvus answers
// application errors with HTTP 200 and a code; everything else is told apart
// by its status.
import {
  AuthenticationError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
} from "./errors.ts";
import { excerpt, scrub } from "./_redact.ts";
import { type Body, MAX_BODY_BYTES } from "./_response_body.ts";

// Hints for the codes a user can act on; the server's message says the rest.
const HINTS: Record<number, string> = {
  1100: "check the value against Milvus's rules",
  1400: "check the old password",
  1401: "this object is protected and cannot be changed",
  1801: "the client sent a body Milvus could not read; please report this",
  1802: "the client left out a field Milvus requires; please report this",
};

/** What a response is judged against: the call it answers. */
export interface ResponseContext {
  action: string;
  route: string;
  alias: string;
  secrets(): readonly string[];
}

/**
 * Returns the `data` of a successful response, or throws the typed error
 * that fits its status and body.
 */
export function interpret(
  status: number,
  body: Body,
  context: ResponseContext,
): unknown {
  const json = body.oversized ? undefined : parseObject(body.text);
  const code = typeof json?.code === "number" ? json.code : undefined;
  if (status === 200 && (code === 0 || code === 200)) return json?.data;

  const spec = context;
  const secrets = context.secrets();
  const route = spec.route;
  const short = excerpt(body.text, secrets);

  if (body.oversized) {
    throw new UnexpectedResponseError(
      `Cannot ${spec.action}: the response to ${route} is larger than ${MAX_BODY_BYTES} bytes (HTTP ${status}); is the URI a Milvus server?`,
      short,
      { httpStatus: status, route },
    );
  }

  const message = typeof json?.message === "string"
    ? scrub(json.message, secrets)
    : undefined;
  const said = message ?? (short === "" ? "empty body" : short);
  const options = { httpStatus: status, route, code };

  switch (status) {
    case 200:
      if (json === undefined) {
        throw new UnexpectedResponseError(
          `Cannot ${spec.action}: ${route} answered HTTP 200 without a JSON object; is the URI a Milvus server? ${short}`,
          short,
          options,
        );
      }
      if (code === undefined) {
        throw new UnexpectedResponseError(
          `Cannot ${spec.action}: ${route} answered HTTP 200 without a numeric "code"; is the URI a Milvus server? ${short}`,
          short,
          options,
        );
      }
      throw new ServerError(
        `Cannot ${spec.action}: Milvus refused ${route} with code ${code}: ${said}${
          HINTS[code] ? ` (${HINTS[code]})` : ""
        }`,
        message ?? "",
        { ...options, code },
      );
    case 401:
      throw new AuthenticationError(
        `Cannot ${spec.action}: Milvus did not accept the credentials of connection "${context.alias}" (HTTP 401${
          code === undefined ? "" : `, code ${code}`
        }); check the user and password, or the token`,
        options,
      );
    case 403:
      throw new PermissionDeniedError(
        `Cannot ${spec.action}: permission denied for ${route} (HTTP 403): ${said}; grant the privilege to one of the user's roles`,
        options,
      );
    case 404:
      throw new RouteNotFoundError(
        `Cannot ${spec.action}: the server has no REST v2 route ${route} (HTTP 404); is the URI a Milvus 2.4+ server with HTTP on?`,
        options,
      );
    case 408:
      throw new ServerTimeoutError(
        `Cannot ${spec.action}: Milvus timed out on ${route} (HTTP 408); it may still have been applied, so check before retrying`,
        options,
      );
    default:
      throw new UnexpectedResponseError(
        `Cannot ${spec.action}: unexpected HTTP ${status} from ${route}: ${said}`,
        short,
        options,
      );
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? value as Record<string, unknown>
      : undefined;
  } catch {
    return undefined;
  }
}
