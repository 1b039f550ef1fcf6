// Canary secrets and a check that none of them shows in anything a user
// could print: message, stack, cause chain, JSON and both inspect formats.
import { inspect } from "node:util";
import { fail } from "@std/assert";

export const CANARY_PASSWORD = "Canary-Pw-7f3e9a";
export const CANARY_NEW_PASSWORD = "Canary-New-41b2c8";
export const CANARY_TOKEN = "canary-api-key-d00dfeed";

/** Every printable form of `value`, cause chain included. */
export function printedForms(value: unknown): string[] {
  const forms: string[] = [
    Deno.inspect(value, { depth: 10 }),
    inspect(value, { depth: 10 }),
    String(value),
  ];
  try {
    forms.push(JSON.stringify(value) ?? "");
  } catch {
    // A value that cannot be serialised shows nothing this way.
  }

  let current: unknown = value;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    forms.push(current.name, current.message, current.stack ?? "");
    for (const key of Object.keys(current)) {
      forms.push(String((current as unknown as Record<string, unknown>)[key]));
    }
    current = current.cause;
  }
  return forms;
}

/** Fails when any printed form of `value` contains one of `secrets`. */
export function assertNoSecret(
  value: unknown,
  secrets: readonly string[],
): void {
  for (const form of printedForms(value)) {
    for (const secret of secrets) {
      if (form.includes(secret)) {
        fail(`a printed form shows a secret: ${form.slice(0, 300)}`);
      }
    }
  }
}
