/**
 * What a route handler answers, before it becomes HTTP.
 *
 * @module
 */

/** A value that JSON can carry. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/** A failed operation: a Milvus error code and its message. */
export interface Failure {
  readonly ok: false;
  readonly code: number;
  readonly message: string;
}

/** A successful operation and the `data` it returns. */
export interface Success {
  readonly ok: true;
  readonly data: JsonValue;
}

/** The answer of a route handler. */
export type Reply = Success | Failure;

/**
 * A successful answer.
 *
 * @param data The `data` member; an empty object when omitted.
 * @returns The reply.
 */
export function success(data: JsonValue = {}): Success {
  return { ok: true, data };
}

/**
 * A failed answer.
 *
 * @param code The Milvus error code.
 * @param message The message, exactly as Milvus words it.
 * @returns The reply.
 */
export function failure(code: number, message: string): Failure {
  return { ok: false, code, message };
}

/** Milvus error codes the emulator answers with. */
export const Code = {
  invalidParameter: 1100,
  notAuthenticated: 1400,
  notPermitted: 1401,
  invalidPrivilegeGroupName: 1402,
  needAuthenticate: 1800,
  badJson: 1801,
  missingParameters: 1802,
  invalidDatabaseName: 802,
  databaseNotFound: 800,
  timeout: 10001,
  unexpected: 65535,
} as const;
