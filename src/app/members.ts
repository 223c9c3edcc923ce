import type { Actor } from "../domain/actor.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { checkUsername, type Member, type MemberStatus, type Role } from "../domain/member.ts";
import { cleanDisplayName, MAX_DISPLAY_NAME_LENGTH } from "../domain/profile.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import { newLocalActor } from "./local-actor.ts";

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

/** Problems of a proposed member, per field (at most one each). */
export type NewMemberProblems = Partial<Record<"username" | "email" | "password" | "displayName", CreateMemberError>>;

/**
 * Checks a proposed member against every rule at once (format, reserved
 * names, lengths, and whether the username or e-mail is already taken), so
 * a form can show all problems together.
 *
 * @returns An empty object when `createMember` would accept the input.
 */
export async function checkNewMember(ctx: AppContext, input: CreateMemberInput): Promise<NewMemberProblems> {
  const problems: NewMemberProblems = {};
  const username = input.username.trim().toLowerCase();
  const usernameProblem = checkUsername(username, ctx.groupHandle);
  if (usernameProblem != null) problems.username = usernameProblem;
  else if (await ctx.repos.actors.findLocalByUsername(username) != null) problems.username = "username_taken";
  const email = input.email?.trim().toLowerCase() || null;
  if (email != null && !EMAIL_PATTERN.test(email)) problems.email = "email_invalid";
  else if (email != null && await ctx.repos.members.findByEmail(email) != null) problems.email = "email_taken";
  if (input.password != null && [...input.password].length < MIN_PASSWORD_LENGTH) {
    problems.password = "password_too_short";
  }
  const displayName = cleanDisplayName(input.displayName ?? "") || username;
  if ([...displayName].length > MAX_DISPLAY_NAME_LENGTH) problems.displayName = "display_name_too_long";
  return problems;
}

/**
 * Creates a local member with a `Person` actor and new RSA-2048 + Ed25519
 * keys, stored in one transaction.
 *
 * @param input.username Lower-cased before checking; 1–30 of a-z, 0-9, _.
 * @returns The member, or the reason it cannot be created (the first of
 *   `checkNewMember`'s problems; `username_taken`/`email_taken` also when a
 *   concurrent request took the name between check and insert).
 */
export async function createMember(
  ctx: AppContext,
  input: CreateMemberInput,
): Promise<Result<Member, CreateMemberError>> {
  const problems = await checkNewMember(ctx, input);
  const first = problems.username ?? problems.email ?? problems.password ?? problems.displayName;
  if (first != null) return fail(first);
  const username = input.username.trim().toLowerCase();
  const email = input.email?.trim().toLowerCase() || null;
  const displayName = cleanDisplayName(input.displayName ?? "") || username;

  const now = nowIso();
  const actor = newLocalActor(ctx.iris, { type: "Person", username, name: displayName, now });
  const status = input.status ?? "active";
  const stored = await ctx.repos.members.create({
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
  }).catch(async (error: unknown) => {
    // A concurrent sign-up may have taken the name or address since the check.
    if (await ctx.repos.actors.findLocalByUsername(username) != null) return "username_taken" as const;
    if (email != null && await ctx.repos.members.findByEmail(email) != null) return "email_taken" as const;
    throw error;
  });
  return typeof stored === "string" ? fail(stored) : ok(stored);
}

/** Why `findActiveMember` found nobody who may act. */
export type MemberProblem = "member_not_found" | "member_not_active";

/**
 * The member with this username and their actor, when the member may act
 * (is `active`): the first step of every use case a member starts.
 *
 * @param username Any case.
 * @returns The member and actor, `member_not_found` (no such member, or it
 *   has no actor) or `member_not_active` (waiting for approval, suspended).
 */
export async function findActiveMember(
  ctx: AppContext,
  username: string,
): Promise<Result<{ member: Member; actor: Actor }, MemberProblem>> {
  const member = await ctx.repos.members.findByUsername(username.toLowerCase());
  if (member == null) return fail("member_not_found");
  if (member.status !== "active") return fail("member_not_active");
  const actor = await ctx.repos.actors.findById(member.actorId);
  return actor == null ? fail("member_not_found") : ok({ member, actor });
}
