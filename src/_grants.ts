// The grant entries of roles/describe, checked field by field so that callers
// get typed data or an UnexpectedResponseError, never a half-read object.
import { UnexpectedResponseError } from "./errors.ts";

/**
 * One privilege granted to a role, as `roles/describe` reports it. Groups
 * are not expanded: a granted privilege group shows as its own name.
 */
export interface GrantEntry {
  /** `Collection`, `Global` or `User`; v2 grants of groups show `Global`. */
  objectType: string;
  /** The collection or user name, or `*` for all. */
  objectName: string;
  /** The privilege or privilege group name, or `*`. */
  privilege: string;
  /** The database, or `*` for all. */
  dbName: string;
  /** The user who made the grant. */
  grantor: string;
}

const FIELDS = [
  "objectType",
  "objectName",
  "privilege",
  "dbName",
  "grantor",
] as const;

/** Checks and copies the data of a roles/describe response. */
export function grantEntries(data: unknown, action: string): GrantEntry[] {
  // Go writes an empty list as null; that is a role without grants.
  if (data === null) return [];
  if (!Array.isArray(data)) throw malformed(action);

  return data.map((item: unknown) => {
    if (typeof item !== "object" || item === null) throw malformed(action);
    const record = item as Record<string, unknown>;
    if (!FIELDS.every((field) => typeof record[field] === "string")) {
      throw malformed(action);
    }
    return {
      objectType: record.objectType as string,
      objectName: record.objectName as string,
      privilege: record.privilege as string,
      dbName: record.dbName as string,
      grantor: record.grantor as string,
    };
  });
}

function malformed(action: string): UnexpectedResponseError {
  return new UnexpectedResponseError(
    `Cannot ${action}: roles/describe answered with data that is not a list of grants ({ objectType, objectName, privilege, dbName, grantor })`,
    "",
    { route: "roles/describe", httpStatus: 200 },
  );
}
