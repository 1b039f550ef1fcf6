// The error classes: one per failure mode, all MilvusError, told apart by
// instanceof, with a JSON form that keeps code, status and route.
import {
  assert,
  assertEquals,
  assertFalse,
  assertInstanceOf,
  assertStringIncludes,
} from "@std/assert";
import {
  AuthenticationError,
  ClientTimeoutError,
  ConnectionClosedError,
  ConnectionConfigError,
  InputError,
  MilvusError,
  NetworkError,
  PermissionDeniedError,
  RouteNotFoundError,
  ServerError,
  ServerTimeoutError,
  UnexpectedResponseError,
} from "@milvus-rbac/client";

const ALL = [
  InputError,
  ConnectionConfigError,
  ConnectionClosedError,
  NetworkError,
  ServerTimeoutError,
  AuthenticationError,
  PermissionDeniedError,
  RouteNotFoundError,
] as const;

function makeAll(): MilvusError[] {
  return [
    ...ALL.map((Class) => new Class("m", { route: "r" })),
    new ClientTimeoutError("m", 5, { route: "r" }),
    new ServerError("m", "server said", {
      code: 1400,
      httpStatus: 200,
      route: "r",
    }),
    new UnexpectedResponseError("m", "<html>", { httpStatus: 502, route: "r" }),
  ];
}

Deno.test("every error class extends MilvusError and Error and is told apart by instanceof", () => {
  const errors = makeAll();
  const classes = [
    ...ALL,
    ClientTimeoutError,
    ServerError,
    UnexpectedResponseError,
  ];
  for (const [i, error] of errors.entries()) {
    assertInstanceOf(error, MilvusError);
    assertInstanceOf(error, Error);
    for (const [j, Class] of classes.entries()) {
      assertEquals(
        error instanceof Class,
        i === j,
        `${error.name} vs ${Class.name}`,
      );
    }
  }
});

Deno.test("every error has its class name as name, in toString and in the stack", () => {
  for (const error of makeAll()) {
    assertEquals(error.name, error.constructor.name);
    assertEquals(String(error), `${error.name}: m`);
    assertStringIncludes(String(error.stack), error.name);
  }
  assertEquals(new MilvusError("x").name, "MilvusError");
});

Deno.test("MilvusError keeps code, HTTP status, route and cause", () => {
  const cause = new TypeError("underlying");
  const error = new MilvusError("failed", {
    code: 5,
    httpStatus: 500,
    route: "users/list",
    cause,
  });
  assertEquals(error.message, "failed");
  assertEquals(error.code, 5);
  assertEquals(error.httpStatus, 500);
  assertEquals(error.route, "users/list");
  assertEquals(error.cause, cause);

  const bare = new MilvusError("bare");
  assertEquals([bare.code, bare.httpStatus, bare.route], [
    undefined,
    undefined,
    undefined,
  ]);
  assertFalse("cause" in bare);
});

Deno.test("toJSON() keeps name, message, code, status and route, not the cause or stack", () => {
  const error = new ServerError("Cannot x: refused", "refused", {
    code: 1400,
    httpStatus: 200,
    route: "users/update_password",
    cause: new Error("hidden cause"),
  });
  assertEquals(error.toJSON(), {
    name: "ServerError",
    message: "Cannot x: refused",
    code: 1400,
    httpStatus: 200,
    route: "users/update_password",
  });
  const text = JSON.stringify(error);
  assertFalse(text.includes("hidden cause"));
  assertFalse(text.includes("stack"));
  assertEquals(JSON.parse(text).code, 1400);
});

Deno.test("ServerError carries the server's message; ClientTimeoutError its timeout; UnexpectedResponseError an excerpt", () => {
  const server = new ServerError("m", "user already exists: alice", {
    code: 65535,
  });
  assertEquals(server.serverMessage, "user already exists: alice");
  assertEquals(server.code, 65535);
  assertEquals(new ClientTimeoutError("m", 1234).timeoutMs, 1234);
  assertEquals(new UnexpectedResponseError("m", "<html>").excerpt, "<html>");
});

Deno.test("errors survive structuredClone as plain errors without losing the message", () => {
  const error = new AuthenticationError("Cannot x: refused", {
    httpStatus: 401,
  });
  const copy = structuredClone(error);
  assert(copy instanceof Error);
  assertEquals(copy.message, "Cannot x: refused");
});
