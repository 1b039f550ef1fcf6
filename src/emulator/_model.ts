/**
 * The RBAC state of one emulated Milvus: users with password hashes, roles,
 * who holds which role, grants and privilege groups. It enforces no rules;
 * the route handlers do.
 *
 * @module
 */

import { compareCodePoints } from "./_json.ts";
import type { PasswordHash } from "./_password_hash.ts";

/** One stored grant of a privilege to a role. */
export interface Grant {
  readonly role: string;
  readonly objectType: string;
  readonly dbName: string;
  readonly objectName: string;
  /** The API name: a privilege, a group or `*`. */
  readonly privilege: string;
  /** The name it is stored under, which orders a role's grants. */
  readonly stored: string;
  /** The user who made the first grant; granting again keeps it. */
  readonly grantor: string;
}

/** The fields that identify a grant. */
export type GrantKey = Omit<Grant, "grantor" | "stored">;

function keyOf(grant: GrantKey): string {
  return [
    grant.role,
    grant.objectType,
    grant.dbName,
    grant.objectName,
    grant.privilege,
  ].join("\u0000");
}

// Grants are listed in the order of their storage keys: object type, then
// "db.object", then the stored privilege name.
function compareGrants(a: Grant, b: Grant): number {
  return compareCodePoints(
    `${a.objectType}/${a.dbName}.${a.objectName}`,
    `${b.objectType}/${b.dbName}.${b.objectName}`,
  ) || compareCodePoints(a.stored, b.stored);
}

/** Users, roles, grants and privilege groups. */
export class RbacState {
  readonly #users = new Map<string, Promise<PasswordHash>>();
  readonly #roles = new Set<string>();
  readonly #userRoles = new Map<string, Set<string>>();
  readonly #grants = new Map<string, Grant>();
  readonly #groups = new Map<string, string[]>();

  /** Whether a user exists. */
  hasUser(name: string): boolean {
    return this.#users.has(name);
  }

  /** The number of users, root included. */
  get userCount(): number {
    return this.#users.size;
  }

  /** User names in storage order. */
  users(): string[] {
    return [...this.#users.keys()].sort(compareCodePoints);
  }

  /** The password hash of a user, still being computed maybe. */
  passwordOf(name: string): Promise<PasswordHash> | undefined {
    return this.#users.get(name);
  }

  /**
   * Creates a user or replaces its password. The hash is taken as a promise
   * so that the change is visible at once, as concurrent requests expect.
   */
  setPassword(name: string, hash: Promise<PasswordHash>): void {
    this.#users.set(name, hash);
  }

  /** Removes a user and its role memberships. */
  deleteUser(name: string): void {
    this.#users.delete(name);
    this.#userRoles.delete(name);
  }

  /** Whether a role exists. */
  hasRole(name: string): boolean {
    return this.#roles.has(name);
  }

  /** The number of roles, built-in ones included. */
  get roleCount(): number {
    return this.#roles.size;
  }

  /** Role names in storage order. */
  roles(): string[] {
    return [...this.#roles].sort(compareCodePoints);
  }

  /** Adds a role. */
  addRole(name: string): void {
    this.#roles.add(name);
  }

  /** Removes a role and every membership of it. */
  deleteRole(name: string): void {
    this.#roles.delete(name);
    for (const roles of this.#userRoles.values()) roles.delete(name);
  }

  /** The roles a user holds, in storage order. */
  rolesOf(user: string): string[] {
    return [...(this.#userRoles.get(user) ?? [])].sort(compareCodePoints);
  }

  /** Gives a user a role; giving it again changes nothing. */
  addUserRole(user: string, role: string): void {
    let roles = this.#userRoles.get(user);
    if (roles === undefined) {
      roles = new Set();
      this.#userRoles.set(user, roles);
    }
    roles.add(role);
  }

  /** Takes a role from a user; a role not held is no error. */
  removeUserRole(user: string, role: string): void {
    this.#userRoles.get(user)?.delete(role);
  }

  /** The grants of a role, in storage order. */
  grantsOf(role: string): Grant[] {
    return [...this.#grants.values()]
      .filter((grant) => grant.role === role)
      .sort(compareGrants);
  }

  /** Stores a grant unless an equal one exists, which keeps its grantor. */
  addGrant(grant: Grant): void {
    const key = keyOf(grant);
    if (!this.#grants.has(key)) this.#grants.set(key, grant);
  }

  /** Removes a grant; a missing one is no error. */
  removeGrant(grant: GrantKey): void {
    this.#grants.delete(keyOf(grant));
  }

  /** The first role, in name order, with a grant of this privilege name. */
  roleGranted(privilege: string): string | undefined {
    return this.roles().find((role) =>
      this.grantsOf(role).some((grant) => grant.privilege === privilege)
    );
  }

  /** Whether a custom privilege group exists. */
  hasGroup(name: string): boolean {
    return this.#groups.has(name);
  }

  /** The members of a custom group, in the order they were added. */
  groupMembers(name: string): readonly string[] {
    return this.#groups.get(name) ?? [];
  }

  /** Custom group names in storage order. */
  groups(): string[] {
    return [...this.#groups.keys()].sort(compareCodePoints);
  }

  /** Creates or replaces a custom group. */
  setGroup(name: string, members: readonly string[]): void {
    this.#groups.set(name, [...members]);
  }

  /** Removes a custom group. */
  deleteGroup(name: string): void {
    this.#groups.delete(name);
  }
}
