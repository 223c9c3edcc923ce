import type { Actor } from "../domain/actor.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { checkUsername, type Member, type MemberStatus, type Role } from "../domain/member.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";

export interface CreateMemberInput {
  username: string;
  displayName?: string | null;
  email?: string | null;
  /** Plain password; `null` for an account that cannot log in yet (reset link later). */
  password?: string | null;
  role?: Role;
  status?: MemberStatus;
  organisation?: string | null;
  jobTitle?: string | null;
  locale?: "nl" | "en" | null;
}

export type CreateMemberError =
  | "username_invalid"
  | "username_reserved"
  | "username_taken"
  | "email_invalid"
  | "email_taken"
  | "password_too_short"
  | "display_name_too_long";

/** Shortest password accepted (NIST SP 800-63B §5.1.1.2 asks for at least 8). */
export const MIN_PASSWORD_LENGTH = 8;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates a local member with a `Person` actor and new RSA-2048 + Ed25519
 * keys, stored in one transaction.
 *
 * @param input.username Lower-cased before checking; 1–30 of a-z, 0-9, _.
 * @returns The member, or the reason it cannot be created.
 */
export async function createMember(
  ctx: AppContext,
  input: CreateMemberInput,
): Promise<Result<Member, CreateMemberError>> {
  const username = input.username.trim().toLowerCase();
  const problem = checkUsername(username, ctx.groupHandle);
  if (problem != null) return fail(problem);
  const email = input.email?.trim().toLowerCase() || null;
  if (email != null && !EMAIL_PATTERN.test(email)) return fail("email_invalid");
  if (input.password != null && [...input.password].length < MIN_PASSWORD_LENGTH) {
    return fail("password_too_short");
  }
  const displayName = input.displayName?.trim() || username;
  if (displayName.length > 100) return fail("display_name_too_long");
  if (await ctx.repos.actors.findLocalByUsername(username) != null) return fail("username_taken");
  if (email != null && await ctx.repos.members.findByEmail(email) != null) return fail("email_taken");

  const now = nowIso();
  const actor: Actor = {
    id: newId(),
    iri: ctx.iris.actor(username),
    type: "Person",
    username,
    domain: ctx.iris.domain,
    name: displayName,
    summary: null,
    url: ctx.iris.profile(username),
    inboxUrl: ctx.iris.inbox(username),
    sharedInboxUrl: ctx.iris.sharedInbox(),
    followersUrl: ctx.iris.followers(username),
    followingUrl: ctx.iris.following(username),
    outboxUrl: ctx.iris.outbox(username),
    iconUrl: null,
    manuallyApprovesFollowers: false,
    local: true,
    publicKeyId: null,
    publicKeyPem: null,
    fields: [],
    createdAt: now,
    updatedAt: now,
    fetchedAt: null,
  };
  const status = input.status ?? "active";
  const member = await ctx.repos.members.create({
    actor,
    member: {
      id: newId(),
      actorId: actor.id,
      username,
      email,
      role: input.role ?? "resident",
      status,
      organisation: input.organisation ?? null,
      jobTitle: input.jobTitle ?? null,
      locale: input.locale ?? null,
      createdAt: now,
      approvedAt: status === "active" ? now : null,
    },
    passwordHash: input.password == null ? null : await ctx.passwords.hash(input.password),
    keyPairs: await ctx.keys.generate(),
  });
  return ok(member);
}
