// Offline stand-in for the parts of `@std/assert` that the tests use. The
// test runner maps `@std/assert` here only when JSR cannot be reached, so the
// signatures follow the real package and the checks lean on `node:assert`.
import { AssertionError, strict } from "node:assert";

type Constructor<T> = abstract new (...args: never[]) => T;

export function assert(condition: unknown, msg?: string): asserts condition {
  strict.ok(condition, msg ?? "Expected condition to be truthy");
}

export function assertFalse(condition: unknown, msg?: string): void {
  strict.ok(!condition, msg ?? "Expected condition to be falsy");
}

export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  strict.deepStrictEqual(actual, expected, msg);
}

export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  strict.strictEqual(actual, expected, msg);
}

export function assertInstanceOf<T>(
  actual: unknown,
  expected: Constructor<T>,
  msg?: string,
): asserts actual is T {
  strict.ok(
    actual instanceof expected,
    msg ?? `Expected an instance of ${expected.name}, got ${describe(actual)}`,
  );
}

export function assertStringIncludes(
  actual: string,
  expected: string,
  msg?: string,
): void {
  strict.ok(
    actual.includes(expected),
    msg ??
      `Expected ${JSON.stringify(actual)} to include ${
        JSON.stringify(expected)
      }`,
  );
}

export function assertMatch(actual: string, expected: RegExp, msg?: string) {
  strict.match(actual, expected, msg);
}

export function assertNotMatch(
  actual: string,
  expected: RegExp,
  msg?: string,
): void {
  strict.doesNotMatch(actual, expected, msg);
}

export function assertArrayIncludes<T>(
  actual: ArrayLike<T>,
  expected: ArrayLike<T>,
  msg?: string,
): void {
  const items = Array.from(actual);
  for (const wanted of Array.from(expected)) {
    const found = items.some((item) => isDeepEqual(item, wanted));
    strict.ok(found, msg ?? `Expected array to include ${describe(wanted)}`);
  }
}

export function assertGreaterOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  strict.ok(actual >= expected, msg ?? `Expected ${actual} >= ${expected}`);
}

export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  strict.ok(actual < expected, msg ?? `Expected ${actual} < ${expected}`);
}

export function assertLessOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  strict.ok(actual <= expected, msg ?? `Expected ${actual} <= ${expected}`);
}

export function fail(msg?: string): never {
  throw new AssertionError({ message: msg ?? "Failed assertion" });
}

export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClass?: Constructor<E>,
  msgIncludes?: string,
  msg?: string,
): E {
  let thrown: unknown;
  let didThrow = false;
  try {
    fn();
  } catch (error) {
    thrown = error;
    didThrow = true;
  }
  if (!didThrow) fail(msg ?? "Expected function to throw");
  return checkError(thrown, errorClass, msgIncludes, msg);
}

export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  errorClass?: Constructor<E>,
  msgIncludes?: string,
  msg?: string,
): Promise<E> {
  let thrown: unknown;
  let didThrow = false;
  try {
    await fn();
  } catch (error) {
    thrown = error;
    didThrow = true;
  }
  if (!didThrow) fail(msg ?? "Expected promise to reject");
  return checkError(thrown, errorClass, msgIncludes, msg);
}

function checkError<E extends Error>(
  thrown: unknown,
  errorClass: Constructor<E> | undefined,
  msgIncludes: string | undefined,
  msg: string | undefined,
): E {
  if (errorClass && !(thrown instanceof errorClass)) {
    fail(
      msg ?? `Expected error to be ${errorClass.name}, got ${describe(thrown)}`,
    );
  }
  if (msgIncludes !== undefined) {
    const text = thrown instanceof Error ? thrown.message : String(thrown);
    assertStringIncludes(text, msgIncludes, msg);
  }
  return thrown as E;
}

function isDeepEqual(a: unknown, b: unknown): boolean {
  try {
    strict.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
