/**
 * The errors this client throws. Every one extends {@linkcode MilvusError},
 * so `catch (e) { if (e instanceof MilvusError) ... }` catches them all, and
 * each failure mode has its own class so callers branch with `instanceof`
 * instead of parsing messages.
 *
 * No message, `cause` or JSON form of these errors holds a password, a token
 * or an `Authorization` value: the client scrubs server text before it gets
 * here.
 *
 * @module
 */

/** Details attached to a {@linkcode MilvusError}. */
export interface MilvusErrorOptions {
  /** The Milvus status code from the response body, when there was one. */
  code?: number | undefined;
  /** The HTTP status of the response, when there was one. */
  httpStatus?: number | undefined;
  /** The REST route that was called, such as `users/update_password`. */
  route?: string | undefined;
  /** The underlying error, already scrubbed of secrets. */
  cause?: unknown;
}

/** The plain, secret-free form of an error, as given by `toJSON()`. */
export interface MilvusErrorJson {
  /** The error class name. */
  name: string;
  /** The message. */
  message: string;
  /** The Milvus status code, if any. */
  code: number | undefined;
  /** The HTTP status, if any. */
  httpStatus: number | undefined;
  /** The REST route, if any. */
  route: string | undefined;
}

/**
 * The base class of every error this client throws; the TypeScript
 * counterpart of pymilvus's `MilvusException`.
 *
 * @example Telling failures apart
 * ```ts
 * import { MilvusError, ServerError, updatePassword } from "@milvus-rbac/client";
 *
 * try {
 *   await updatePassword({ user: "alice", oldPassword: "x", newPassword: "y" });
 * } catch (error) {
 *   if (error instanceof ServerError && error.code === 1400) {
 *     // the old password was wrong
 *   } else if (error instanceof MilvusError) {
 *     // any other failure of this client
 *   }
 * }
 * ```
 */
export class MilvusError extends Error {
  /** The class name, `"MilvusError"`. */
  override name = "MilvusError";
  /** The Milvus status code from the response body, when there was one. */
  readonly code: number | undefined;
  /** The HTTP status of the response, when there was one. */
  readonly httpStatus: number | undefined;
  /** The REST route that was called, such as `users/update_password`. */
  readonly route: string | undefined;

  /**
   * Creates an error.
   *
   * @param message What failed and what to do about it.
   * @param options The Milvus code, HTTP status, route and cause.
   */
  constructor(message: string, options: MilvusErrorOptions = {}) {
    super(
      message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.route = options.route;
  }

  /**
   * Returns the error's name, message, code, HTTP status and route, so that
   * `JSON.stringify(error)` keeps them (an `Error`'s own fields are not
   * enumerable).
   *
   * @returns A plain object without the stack or the cause.
   */
  toJSON(): MilvusErrorJson {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      httpStatus: this.httpStatus,
      route: this.route,
    };
  }
}

/**
 * Bad input to a function of this client, found before any request was
 * sent: a missing field, a wrong type, an unknown option or a password that
 * breaks the connection's password policy.
 */
export class InputError extends MilvusError {
  /** The class name, `"InputError"`. */
  override name = "InputError";
}

/**
 * A problem with connection settings or aliases: an unknown alias, a bad URI,
 * or an alias that is already connected with other settings.
 */
export class ConnectionConfigError extends MilvusError {
  /** The class name, `"ConnectionConfigError"`. */
  override name = "ConnectionConfigError";
}

/**
 * The call was made on, or was in flight on, a connection that has been
 * disconnected. A call in flight may or may not have reached the server.
 */
export class ConnectionClosedError extends MilvusError {
  /** The class name, `"ConnectionClosedError"`. */
  override name = "ConnectionClosedError";
}

/**
 * The request did not get a response: connection refused, DNS failure, reset
 * or a body cut short. The server may or may not have applied a change.
 */
export class NetworkError extends MilvusError {
  /** The class name, `"NetworkError"`. */
  override name = "NetworkError";
}

/**
 * The client's own timeout fired before the call finished, headers and body
 * included. The server may or may not have applied a change.
 */
export class ClientTimeoutError extends MilvusError {
  /** The class name, `"ClientTimeoutError"`. */
  override name = "ClientTimeoutError";
  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  /**
   * Creates a client timeout error.
   *
   * @param message What timed out.
   * @param timeoutMs The timeout that expired, in milliseconds.
   * @param options The route.
   */
  constructor(
    message: string,
    timeoutMs: number,
    options: MilvusErrorOptions = {},
  ) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The server gave up: HTTP 408, as Milvus answers when its `Request-Timeout`
 * expires. Milvus may still have applied the change.
 */
export class ServerTimeoutError extends MilvusError {
  /** The class name, `"ServerTimeoutError"`. */
  override name = "ServerTimeoutError";
}

/**
 * The server did not accept the credentials (HTTP 401, Milvus code 1800):
 * wrong or missing user, password, token or API key.
 */
export class AuthenticationError extends MilvusError {
  /** The class name, `"AuthenticationError"`. */
  override name = "AuthenticationError";
}

/**
 * The credentials were accepted but lack the privilege for this call
 * (HTTP 403).
 */
export class PermissionDeniedError extends MilvusError {
  /** The class name, `"PermissionDeniedError"`. */
  override name = "PermissionDeniedError";
}

/**
 * The server has no REST v2 route of that name (HTTP 404): an older Milvus
 * without REST v2, its HTTP server turned off, or a URI that points
 * somewhere else.
 */
export class RouteNotFoundError extends MilvusError {
  /** The class name, `"RouteNotFoundError"`. */
  override name = "RouteNotFoundError";
}

/**
 * Milvus processed the request and refused it, with its status code and
 * message in the body (HTTP 200): for example code 1400 for a wrong old
 * password, or 65535 for a user that already exists.
 */
export class ServerError extends MilvusError {
  /** The class name, `"ServerError"`. */
  override name = "ServerError";
  /** The Milvus status code from the response body. */
  declare readonly code: number;
  /** The message from the response body, scrubbed of secrets. */
  readonly serverMessage: string;

  /**
   * Creates a server error.
   *
   * @param message What failed and what to do about it.
   * @param serverMessage The scrubbed message from the response body.
   * @param options The Milvus code, HTTP status and route.
   */
  constructor(
    message: string,
    serverMessage: string,
    options: MilvusErrorOptions & { code: number },
  ) {
    super(message, options);
    this.serverMessage = serverMessage;
  }
}

/**
 * A response that is not what Milvus sends: another HTTP status (a proxy's
 * 502 page, 503, 429), a body that is not a JSON object, or a body over the
 * size limit.
 */
export class UnexpectedResponseError extends MilvusError {
  /** The class name, `"UnexpectedResponseError"`. */
  override name = "UnexpectedResponseError";
  /** The start of the body, whitespace folded and scrubbed of secrets. */
  readonly excerpt: string;

  /**
   * Creates an unexpected response error.
   *
   * @param message What was wrong with the response.
   * @param excerpt The start of the body, scrubbed.
   * @param options The HTTP status, code if any, and route.
   */
  constructor(
    message: string,
    excerpt: string,
    options: MilvusErrorOptions = {},
  ) {
    super(message, options);
    this.excerpt = excerpt;
  }
}
