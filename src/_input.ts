// Input checks and option reading shared by every operation. Like
// _validate.ts, every message names the field and the form it expects, never
// the value.
import { InputError } from "./errors.ts";
import type { ConnectionState } from "./_connection_state.ts";
import { resolveUsing } from "./_using.ts";
import { type ReadOptions, readOptions, typeName } from "./_validate.ts";

/** The object types a v1 grant can name; the same in every Milvus release. */
export const OBJECT_TYPES: readonly string[] = ["Collection", "Global", "User"];

/** Reads an options object that may also carry `using`. */
export function readOptionsWithUsing(
  options: unknown,
  keys: readonly string[],
  action: string,
): ReadOptions & { state: ConnectionState } {
  const read = readOptions(options, [...keys, "using"], action);
  return { ...read, state: resolveUsing(read.fields.using, action) };
}

/** An optional non-empty string, such as a database name. */
export function optionalText(
  value: unknown,
  field: string,
  action: string,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string" && value.length > 0) return value;
  throw new InputError(
    `Cannot ${action}: "${field}" must be a non-empty string when given, got ${
      value === "" ? "an empty string" : typeName(value)
    }`,
  );
}

/** A non-empty array of non-empty strings, such as privilege names. */
export function requireTextList(
  value: unknown,
  field: string,
  action: string,
): string[] {
  if (!Array.isArray(value)) {
    throw new InputError(
      `Cannot ${action}: "${field}" must be an array of non-empty strings, got ${
        typeName(value)
      }`,
    );
  }
  if (value.length === 0) {
    throw new InputError(
      `Cannot ${action}: "${field}" must name at least one privilege`,
    );
  }

  const index = value.findIndex((item) =>
    typeof item !== "string" || item.length === 0
  );
  if (index !== -1) {
    const item: unknown = value[index];
    throw new InputError(
      `Cannot ${action}: "${field}[${index}]" must be a non-empty string, got ${
        item === "" ? "an empty string" : typeName(item)
      }`,
    );
  }
  return [...value] as string[];
}

/** An object type of a v1 grant: `Collection`, `Global` or `User`. */
export function requireObjectType(
  value: unknown,
  field: string,
  action: string,
): string {
  if (typeof value === "string" && OBJECT_TYPES.includes(value)) return value;
  throw new InputError(
    `Cannot ${action}: "${field}" must be one of ${
      OBJECT_TYPES.join(", ")
    } (case-sensitive), got ${
      typeof value === "string" ? "another string" : typeName(value)
    }`,
  );
}
