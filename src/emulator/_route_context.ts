/**
 * What a route handler receives.
 *
 * @module
 */

import type { Caller } from "./_auth.ts";
import type { Body } from "./_binding.ts";
import type { Catalog } from "./_catalog.ts";
import type { RbacState } from "./_model.ts";
import type { EmulatorConfig } from "./_options.ts";
import type { Reply } from "./_reply.ts";

/** The request as a handler sees it. */
export interface RouteContext {
  readonly state: RbacState;
  readonly config: EmulatorConfig;
  readonly catalog: Catalog;
  readonly body: Body;
  /** The caller; `undefined` when authorization is off. */
  readonly caller: Caller | undefined;
  /** The database of the request: body, then `DB-Name`, then `default`. */
  readonly dbName: string;
}

/** A route handler. */
export type Handler = (context: RouteContext) => Reply | Promise<Reply>;

/**
 * Milvus 2.6 reports some metadata checks with a prefix naming the check.
 *
 * @param context The request.
 * @param prefix The 2.6 prefix, without the trailing `: `.
 * @param message The message of every version.
 * @returns The message for the emulated version.
 */
export function on26(
  context: RouteContext,
  prefix: string,
  message: string,
): string {
  return context.config.version === "2.6" ? `${prefix}: ${message}` : message;
}
