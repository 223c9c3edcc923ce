/**
 * Local members of a buurt: their roles, account states and the rules on
 * usernames.  Plain data and pure functions only.
 */

/** Roles a member can hold, from least to most trusted. */
export const ROLES = ["resident", "professional", "buurtverbinder", "admin"] as const;
export type Role = typeof ROLES[number];

/** `pending` waits for approval; only `active` members can log in and post. */
export const MEMBER_STATUSES = ["pending", "active", "suspended"] as const;
export type MemberStatus = typeof MEMBER_STATUSES[number];

/** A local account. */
export interface Member {
  id: string;
  /** The member's `Person` actor row. */
  actorId: string;
  /** Lower-case, immutable; also the actor identifier in IRIs. */
  username: string;
  displayName: string;
  email: string | null;
  role: Role;
  status: MemberStatus;
  /** For professionals: organisation and function, shown as a badge. */
  organisation: string | null;
  jobTitle: string | null;
  locale: "nl" | "en" | null;
  /** When true, follow requests wait for the member's approval. */
  manuallyApprovesFollowers: boolean;
  createdAt: string;
  approvedAt: string | null;
}

/** Usernames no member may take: they collide with routes or read as official. */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  "admin", "administrator", "root", "system", "buurt", "inbox", "outbox", "api",
  "actor", "instance", "about", "help", "support", "moderator", "mod", "postmaster",
  "webmaster", "www", "mail", "users", "groups", "posts", "notes", "login", "logout",
  "signup", "settings", "static", "media", "well_known", "nodeinfo", "null", "undefined",
]);

export const USERNAME_PATTERN = /^[a-z0-9_]{1,30}$/;

export type UsernameProblem = "username_invalid" | "username_reserved";

/**
 * Checks a proposed username.
 *
 * @param username Proposed name, already lower-cased by the caller.
 * @param groupHandle The buurt's own handle, which is reserved too.
 * @returns `null` when acceptable, otherwise the problem code.
 */
export function checkUsername(username: string, groupHandle: string): UsernameProblem | null {
  if (!USERNAME_PATTERN.test(username)) return "username_invalid";
  if (RESERVED_USERNAMES.has(username) || username === groupHandle) return "username_reserved";
  return null;
}

/** Whether the role may approve newcomers, moderate and change roles of others. */
export function canModerate(role: Role): boolean {
  return role === "buurtverbinder" || role === "admin";
}

/** Whether `actor` may give `target` the role `newRole` (admins alone create admins). */
export function canAssignRole(actor: Role, newRole: Role): boolean {
  if (actor === "admin") return true;
  return actor === "buurtverbinder" && newRole !== "admin";
}

/**
 * Whether a member may change another member's role to `newRole`.
 * Moderators only; nobody changes their own role (no self-promotion, and the
 * last admin cannot lock themselves out); only admins change an admin's role
 * or make someone admin.
 *
 * @param actor The member making the change (`id` and `role`).
 * @param target The member whose role changes.
 */
export function canChangeRole(
  actor: { id: string; role: Role },
  target: { id: string; role: Role },
  newRole: Role,
): boolean {
  if (!canModerate(actor.role) || actor.id === target.id) return false;
  if (target.role === "admin" && actor.role !== "admin") return false;
  return canAssignRole(actor.role, newRole);
}

/**
 * Whether a member may suspend (or reinstate) another member: the same
 * rule as changing their role — moderators only, never oneself, and only
 * admins act on an admin.
 *
 * @param actor The member acting (`id` and `role`).
 * @param target The member to suspend or reinstate.
 */
export function canSuspend(actor: { id: string; role: Role }, target: { id: string; role: Role }): boolean {
  if (!canModerate(actor.role) || actor.id === target.id) return false;
  return target.role !== "admin" || actor.role === "admin";
}

/** Whether a typed value is one of `ROLES`. */
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
