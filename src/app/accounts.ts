/**
 * Accounts and roles: signing up under the buurt's join policy, logging
 * in, approving or rejecting newcomers, roles and professional details,
 * invite codes, one-time password-reset links and a member's own settings.
 *
 * Every moderation act is written to the audit log.  `by` is the member
 * acting, or `null` for the operator on the command line (who may do
 * anything).  Profile changes that other servers show (name, bio, follower
 * approval, a professional's fields) publish `ProfileUpdated`, which the
 * federation outbox turns into an `Update` of the actor.
 */
import type { Member, Role } from "../domain/member.ts";
import { canChangeRole, canModerate, canSuspend, isRole } from "../domain/member.ts";
import { newId, nowIso } from "../domain/ids.ts";
import {
  bioToSummaryHtml,
  characterCount,
  cleanDisplayName,
  MAX_BIO_LENGTH,
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PROFESSIONAL_TEXT_LENGTH,
} from "../domain/profile.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import { checkNewMember, createMember, type CreateMemberError, MIN_PASSWORD_LENGTH } from "./members.ts";
import { notify } from "./notifications.ts";
import type { AuditAction, AuditEntry, Buurt, Invite } from "./ports.ts";
import { normaliseCode, randomCode, randomUrlToken, sha256Hex } from "./tokens.ts";

/** Who may create an account: anyone at once, anyone after approval, or whoever has an invite code. */
export type JoinPolicy = "open" | "approval" | "invite";

/** Longest password accepted: long passphrases are welcome, megabytes are not. */
export const MAX_PASSWORD_LENGTH = 1000;

/** How long a password-reset link works: 24 hours, in milliseconds. */
export const RESET_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/** The buurt's join policy; anything unknown counts as `approval`, the safe default. */
export function joinPolicyOf(buurt: Pick<Buurt, "joinPolicy"> | null): JoinPolicy {
  const policy = buurt?.joinPolicy;
  return policy === "open" || policy === "invite" ? policy : "approval";
}

async function audit(
  ctx: AppContext,
  action: AuditAction,
  by: Member | null,
  subject: Pick<Member, "id" | "username"> | null,
  detail: AuditEntry["detail"] = {},
): Promise<void> {
  await ctx.repos.auditLog.record({
    id: newId(),
    actorMemberId: by?.id ?? null,
    action,
    subjectMemberId: subject?.id ?? null,
    detail: { by: by?.username ?? null, subject: subject?.username ?? null, ...detail },
    createdAt: nowIso(),
  });
}

/** Whether `by` may moderate: the command line always, a member when active with a moderating role. */
function mayModerate(by: Member | null): boolean {
  return by == null || (by.status === "active" && canModerate(by.role));
}

type PasswordProblem = "password_required" | "password_too_short" | "password_too_long" | "password_mismatch";

/** Checks a new password and its (optional) confirmation. */
function checkPassword(
  password: string,
  confirmation: string | null | undefined,
): { password?: PasswordProblem; passwordConfirmation?: PasswordProblem } {
  if (password === "") return { password: "password_required" };
  const length = characterCount(password);
  if (length < MIN_PASSWORD_LENGTH) return { password: "password_too_short" };
  if (length > MAX_PASSWORD_LENGTH) return { password: "password_too_long" };
  if (confirmation != null && confirmation !== "" && confirmation !== password) {
    return { passwordConfirmation: "password_mismatch" };
  }
  return {};
}

// --- sign-up ---------------------------------------------------------------

export interface SignUpInput {
  username: string;
  displayName: string;
  email: string;
  password: string;
  /** When given and not empty, must equal `password`. */
  passwordConfirmation?: string | null;
  /** Required under the `invite` policy; ignored otherwise. */
  inviteCode?: string | null;
}

export type SignUpField = "username" | "displayName" | "email" | "password" | "passwordConfirmation" | "inviteCode";

export type SignUpError =
  | CreateMemberError
  | "username_required"
  | "email_required"
  | PasswordProblem
  | "invite_required"
  | "invite_invalid";

/** Problems of a sign-up form, per field. */
export type SignUpProblems = Partial<Record<SignUpField, SignUpError>>;

const SIGN_UP_FIELDS: readonly SignUpField[] = [
  "username",
  "displayName",
  "email",
  "password",
  "passwordConfirmation",
  "inviteCode",
];

/** The form field a sign-up error belongs to. */
export function signUpFieldOf(error: SignUpError): SignUpField {
  if (error.startsWith("username")) return "username";
  if (error.startsWith("email")) return "email";
  if (error === "password_mismatch") return "passwordConfirmation";
  if (error.startsWith("password")) return "password";
  if (error.startsWith("invite")) return "inviteCode";
  return "displayName";
}

/**
 * Checks a sign-up against every rule at once (required fields, username
 * rules, taken names and addresses, password length, the invite code under
 * the `invite` policy), so the form can show every problem together.
 *
 * @returns An empty object when `signUp` would accept the input (barring a race).
 */
export async function checkSignUp(ctx: AppContext, input: SignUpInput, policy: JoinPolicy): Promise<SignUpProblems> {
  const problems: SignUpProblems = {};
  if (input.username.trim() === "") problems.username = "username_required";
  if (input.email.trim() === "") problems.email = "email_required";
  Object.assign(problems, checkPassword(input.password, input.passwordConfirmation));
  const member = await checkNewMember(ctx, {
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    password: null,
  });
  problems.username ??= member.username;
  problems.email ??= member.email;
  problems.displayName ??= member.displayName;
  if (policy === "invite") {
    const code = normaliseCode(input.inviteCode ?? "");
    if (code === "") problems.inviteCode = "invite_required";
    else {
      const invite = await ctx.repos.invites.find(code);
      if (invite == null || !inviteUsable(invite, nowIso())) problems.inviteCode = "invite_invalid";
    }
  }
  for (const field of SIGN_UP_FIELDS) if (problems[field] == null) delete problems[field];
  return problems;
}

function inviteUsable(invite: Invite, now: string): boolean {
  return invite.uses < invite.maxUses && (invite.expiresAt == null || invite.expiresAt > now);
}

/**
 * Creates an account under the buurt's join policy.
 *
 * - `open`: the member is active at once (the caller logs them in).
 * - `approval`: the member is `pending`; every active buurtverbinder and
 *   admin gets a `signup_pending` notification (subject: the member id).
 * - `invite`: the code is used once (atomically) and the member is active
 *   at once: the code is the approval.  The use is given back when the
 *   account cannot be created after all.
 *
 * Sign-up always makes a `resident`; roles are given by moderators.
 *
 * @returns The new member (its `status` tells which case applied), or the
 *   first problem (`detail` names its field; use `checkSignUp` for all).
 */
export async function signUp(
  ctx: AppContext,
  input: SignUpInput,
): Promise<Result<{ member: Member; policy: JoinPolicy }, SignUpError>> {
  const policy = joinPolicyOf(await ctx.repos.buurt.get());
  const problems = await checkSignUp(ctx, input, policy);
  for (const field of SIGN_UP_FIELDS) {
    const problem = problems[field];
    if (problem != null) return fail(problem, field);
  }
  const code = policy === "invite" ? normaliseCode(input.inviteCode ?? "") : null;
  if (code != null && !await ctx.repos.invites.consume(code, nowIso())) return fail("invite_invalid", "inviteCode");
  const created = await createMember(ctx, {
    username: input.username,
    displayName: input.displayName,
    email: input.email,
    password: input.password,
    role: "resident",
    status: policy === "approval" ? "pending" : "active",
  });
  if (!created.ok) {
    if (code != null) await ctx.repos.invites.release(code);
    return fail(created.error, signUpFieldOf(created.error));
  }
  const member = created.value;
  if (member.status === "pending") {
    for (const moderator of await ctx.repos.members.list({ status: "active" })) {
      if (!canModerate(moderator.role)) continue;
      await notify(ctx, {
        recipientActorId: moderator.actorId,
        type: "signup_pending",
        fromActorId: member.actorId,
        subjectId: member.id,
      });
    }
  }
  return ok({ member, policy });
}

// --- logging in ------------------------------------------------------------

export type LogInError = "invalid_credentials" | "pending" | "suspended";

/**
 * Checks a log-in: username (with or without `@`, or `user@this-domain`)
 * or e-mail address, and password.  The password is checked before the
 * account's state, so only someone who knows it learns that an account is
 * pending or suspended; an unknown name costs as much time as a wrong
 * password (a hash is computed either way).
 *
 * @returns The active member, or `invalid_credentials`, `pending` (waiting
 *   for approval) or `suspended`.
 */
export async function logIn(
  ctx: AppContext,
  input: { login: string; password: string },
): Promise<Result<Member, LogInError>> {
  const login = input.login.trim().toLowerCase().replace(/^@/, "");
  if (login === "" || input.password === "" || characterCount(input.password) > MAX_PASSWORD_LENGTH) {
    return fail("invalid_credentials");
  }
  let member: Member | null = null;
  if (login.includes("@")) {
    member = await ctx.repos.members.findByEmail(login);
    const [user, domain] = login.split("@");
    if (member == null && domain === ctx.iris.domain.toLowerCase() && user) {
      member = await ctx.repos.members.findByUsername(user);
    }
  } else {
    member = await ctx.repos.members.findByUsername(login);
  }
  const hash = member == null ? null : await ctx.repos.members.getPasswordHash(member.id);
  if (member == null || hash == null) {
    await ctx.passwords.hash(input.password);
    return fail("invalid_credentials");
  }
  if (!await ctx.passwords.verify(hash, input.password)) return fail("invalid_credentials");
  if (member.status === "pending") return fail("pending");
  if (member.status === "suspended") return fail("suspended");
  return ok(member);
}

// --- approvals and roles ---------------------------------------------------

export type ModerationError = "not_allowed" | "not_found" | "not_pending";

/**
 * Approves a pending sign-up: the member becomes active and can log in
 * (their actor appears for other servers from now on).
 */
export async function approveMember(
  ctx: AppContext,
  input: { by: Member | null; memberId: string },
): Promise<Result<Member, ModerationError>> {
  if (!mayModerate(input.by)) return fail("not_allowed");
  const member = await ctx.repos.members.findById(input.memberId);
  if (member == null) return fail("not_found");
  if (member.status !== "pending") return fail("not_pending");
  await ctx.repos.members.setStatus(member.id, "active", input.by?.id ?? null);
  await audit(ctx, "member.approved", input.by, member, { name: member.displayName });
  return ok((await ctx.repos.members.findById(member.id))!);
}

/**
 * Rejects a pending sign-up by removing the account altogether (member,
 * actor, keys, notifications): it never federated, the buurt keeps no
 * personal data of someone it did not admit, and the name is free again.
 * The audit log keeps the username and display name.
 */
export async function rejectMember(
  ctx: AppContext,
  input: { by: Member | null; memberId: string },
): Promise<Result<{ username: string; displayName: string }, ModerationError>> {
  if (!mayModerate(input.by)) return fail("not_allowed");
  const member = await ctx.repos.members.findById(input.memberId);
  if (member == null) return fail("not_found");
  if (member.status !== "pending") return fail("not_pending");
  if (!await ctx.repos.members.deletePending(member.id)) return fail("not_pending");
  await audit(ctx, "member.rejected", input.by, member, { name: member.displayName });
  return ok({ username: member.username, displayName: member.displayName });
}

export type ChangeRoleError = "not_allowed" | "not_found" | "role_invalid";

async function publishProfile(ctx: AppContext, member: Member): Promise<void> {
  if (member.status !== "active") return;
  const actor = await ctx.repos.actors.findById(member.actorId);
  if (actor != null) await ctx.events.publish({ type: "ProfileUpdated", actor });
}

/**
 * Gives a member another role.  Rules (`canChangeRole`): moderators only,
 * never one's own role, only admins make admins or change an admin's role.
 * The operator on the command line may do anything.  A change to or from
 * `professional` changes the actor's profile fields, so it publishes
 * `ProfileUpdated`.  Setting the role a member already has changes nothing
 * and logs nothing.
 */
export async function changeRole(
  ctx: AppContext,
  input: { by: Member | null; memberId: string; role: string },
): Promise<Result<Member, ChangeRoleError>> {
  if (!isRole(input.role)) return fail("role_invalid");
  const role: Role = input.role;
  const member = await ctx.repos.members.findById(input.memberId);
  if (member == null) return fail("not_found");
  if (input.by != null && (input.by.status !== "active" || !canChangeRole(input.by, member, role))) {
    return fail("not_allowed");
  }
  if (member.role === role) return ok(member);
  await ctx.repos.members.setRole(member.id, role);
  await audit(ctx, "member.role_changed", input.by, member, { from: member.role, to: role });
  const updated = (await ctx.repos.members.findById(member.id))!;
  if (member.role === "professional" || role === "professional") await publishProfile(ctx, updated);
  return ok(updated);
}

export type SetProfessionalError = "not_allowed" | "not_found" | "organisation_too_long" | "job_title_too_long";

/**
 * Sets a member's organisation and function (shown as a badge and as the
 * `PropertyValue` fields of their actor while their role is
 * `professional`).  Same permissions as changing their role; empty text
 * clears a value.  Publishes `ProfileUpdated` when a professional's
 * details change.
 */
export async function setProfessional(
  ctx: AppContext,
  input: { by: Member | null; memberId: string; organisation: string | null; jobTitle: string | null },
): Promise<Result<Member, SetProfessionalError>> {
  const member = await ctx.repos.members.findById(input.memberId);
  if (member == null) return fail("not_found");
  if (
    input.by != null &&
    (!mayModerate(input.by) || (member.role === "admin" && input.by.role !== "admin"))
  ) return fail("not_allowed");
  const organisation = cleanDisplayName(input.organisation ?? "") || null;
  const jobTitle = cleanDisplayName(input.jobTitle ?? "") || null;
  if (organisation != null && characterCount(organisation) > MAX_PROFESSIONAL_TEXT_LENGTH) {
    return fail("organisation_too_long");
  }
  if (jobTitle != null && characterCount(jobTitle) > MAX_PROFESSIONAL_TEXT_LENGTH) return fail("job_title_too_long");
  if (organisation === member.organisation && jobTitle === member.jobTitle) return ok(member);
  await ctx.repos.members.setProfessional(member.id, organisation, jobTitle);
  await audit(ctx, "member.professional_changed", input.by, member, { organisation, jobTitle });
  const updated = (await ctx.repos.members.findById(member.id))!;
  if (updated.role === "professional") await publishProfile(ctx, updated);
  return ok(updated);
}

// --- suspension ------------------------------------------------------------

export type SuspendError = "not_allowed" | "not_found";

/**
 * Suspends an active member: they cannot log in, every session of theirs
 * ends at once, and the act is logged (`member.suspended`).  Rules
 * (`canSuspend`): moderators only, never oneself, only admins suspend an
 * admin; the operator on the command line may do anything.  Suspending a
 * member who is not active (pending, already suspended) changes nothing.
 *
 * @returns The member as now stored and whether anything changed.
 */
export async function suspendMember(
  ctx: AppContext,
  input: { by: Member | null; memberId: string },
): Promise<Result<{ member: Member; changed: boolean }, SuspendError>> {
  return await changeSuspension(ctx, input, "suspended");
}

/**
 * Lets a suspended member in again (`member.reinstated` in the log); same
 * rules as `suspendMember`.  A member who is not suspended is left as is.
 *
 * @returns The member as now stored and whether anything changed.
 */
export async function reinstateMember(
  ctx: AppContext,
  input: { by: Member | null; memberId: string },
): Promise<Result<{ member: Member; changed: boolean }, SuspendError>> {
  return await changeSuspension(ctx, input, "active");
}

/**
 * `suspendMember` (to `suspended`: from active, ending every session) and
 * `reinstateMember` (to `active`: from suspended): the same permission
 * check, an unchanged member when it is not in the state to change from,
 * and an audit entry.
 */
async function changeSuspension(
  ctx: AppContext,
  input: { by: Member | null; memberId: string },
  to: "suspended" | "active",
): Promise<Result<{ member: Member; changed: boolean }, SuspendError>> {
  const member = await ctx.repos.members.findById(input.memberId);
  if (member == null) return fail("not_found");
  if (input.by != null && (input.by.status !== "active" || !canSuspend(input.by, member))) return fail("not_allowed");
  if (member.status !== (to === "suspended" ? "active" : "suspended")) return ok({ member, changed: false });
  await ctx.repos.members.setStatus(member.id, to);
  if (to === "suspended") await ctx.repos.sessions.deleteForMember(member.id);
  await audit(ctx, to === "suspended" ? "member.suspended" : "member.reinstated", input.by, member, {
    name: member.displayName,
  });
  return ok({ member: (await ctx.repos.members.findById(member.id))!, changed: true });
}

// --- invites ---------------------------------------------------------------

export type CreateInviteError = "not_allowed" | "max_uses_invalid" | "expiry_invalid";

/**
 * Makes an invite code (12 characters, unambiguous letters and digits).
 *
 * @param input.maxUses How many people may join with it: 1–100 (default 1).
 * @param input.expiresInDays 1–365 days, or `null` for no end (default 14).
 */
export async function createInvite(
  ctx: AppContext,
  input: { by: Member | null; maxUses?: number; expiresInDays?: number | null },
): Promise<Result<Invite, CreateInviteError>> {
  if (!mayModerate(input.by)) return fail("not_allowed");
  const maxUses = input.maxUses ?? 1;
  if (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > 100) return fail("max_uses_invalid");
  const days = input.expiresInDays === undefined ? 14 : input.expiresInDays;
  if (days != null && (!Number.isInteger(days) || days < 1 || days > 365)) return fail("expiry_invalid");
  const now = Date.now();
  const invite: Invite = {
    code: randomCode(),
    createdBy: input.by?.id ?? null,
    createdAt: new Date(now).toISOString(),
    expiresAt: days == null ? null : new Date(now + days * 86_400_000).toISOString(),
    maxUses,
    uses: 0,
  };
  await ctx.repos.invites.create(invite);
  await audit(ctx, "invite.created", input.by, null, { maxUses, expiresAt: invite.expiresAt });
  return ok(invite);
}

// --- passwords -------------------------------------------------------------

/**
 * Makes a one-time password-reset link for a member (for the operator on
 * the command line, or an admin): a random 256-bit token in the URL, of
 * which only the SHA-256 is stored; valid for 24 hours and once.
 *
 * @returns The link (`<origin>/reset/<token>`) and when it expires.
 */
export async function createResetLink(
  ctx: AppContext,
  input: { by: Member | null; username: string },
): Promise<Result<{ url: string; expiresAt: string; member: Member }, "not_found" | "not_allowed">> {
  if (input.by != null && (input.by.status !== "active" || input.by.role !== "admin")) return fail("not_allowed");
  const member = await ctx.repos.members.findByUsername(input.username.trim().replace(/^@/, ""));
  if (member == null) return fail("not_found");
  const token = randomUrlToken(32);
  const now = Date.now();
  const expiresAt = new Date(now + RESET_LINK_TTL_MS).toISOString();
  await ctx.repos.passwordResets.create({
    tokenHash: await sha256Hex(token),
    memberId: member.id,
    createdAt: new Date(now).toISOString(),
    expiresAt,
    usedAt: null,
  });
  await audit(ctx, "member.reset_link_created", input.by, member, { expiresAt });
  return ok({ url: `${ctx.iris.origin}/reset/${token}`, expiresAt, member });
}

/** The member a reset link is for, while it is unused and unexpired. */
export async function checkResetToken(ctx: AppContext, token: string): Promise<Result<Member, "token_invalid">> {
  if (token.length < 20 || token.length > 100) return fail("token_invalid");
  const reset = await ctx.repos.passwordResets.find(await sha256Hex(token));
  if (reset == null || reset.usedAt != null || reset.expiresAt <= nowIso()) return fail("token_invalid");
  const member = await ctx.repos.members.findById(reset.memberId);
  return member == null ? fail("token_invalid") : ok(member);
}

export type ResetPasswordError = "token_invalid" | PasswordProblem;

/**
 * Sets a new password through a reset link, which is used up (atomically:
 * of two concurrent uses one wins), and ends every session of the member.
 * The caller logs them in afresh when they are active.
 */
export async function resetPassword(
  ctx: AppContext,
  input: { token: string; password: string; passwordConfirmation?: string | null },
): Promise<Result<Member, ResetPasswordError>> {
  const found = await checkResetToken(ctx, input.token);
  if (!found.ok) return found;
  const problems = checkPassword(input.password, input.passwordConfirmation);
  const problem = problems.password ?? problems.passwordConfirmation;
  if (problem != null) return fail(problem);
  const now = nowIso();
  if (!await ctx.repos.passwordResets.consume(await sha256Hex(input.token), now, now)) return fail("token_invalid");
  const member = found.value;
  await ctx.repos.members.setPasswordHash(member.id, await ctx.passwords.hash(input.password));
  await ctx.repos.sessions.deleteForMember(member.id);
  await audit(ctx, "member.password_reset", null, member);
  return ok(member);
}

export type ChangePasswordError = "password_wrong" | PasswordProblem;

/**
 * Changes a member's own password after checking the current one, and ends
 * every session of theirs (log out everywhere); the caller starts a new one
 * for the browser that made the change.
 */
export async function changePassword(
  ctx: AppContext,
  input: { member: Member; currentPassword: string; newPassword: string; passwordConfirmation?: string | null },
): Promise<Result<void, ChangePasswordError>> {
  const hash = await ctx.repos.members.getPasswordHash(input.member.id);
  if (hash == null || !await ctx.passwords.verify(hash, input.currentPassword)) return fail("password_wrong");
  const problems = checkPassword(input.newPassword, input.passwordConfirmation);
  const problem = problems.password ?? problems.passwordConfirmation;
  if (problem != null) return fail(problem);
  await ctx.repos.members.setPasswordHash(input.member.id, await ctx.passwords.hash(input.newPassword));
  await ctx.repos.sessions.deleteForMember(input.member.id);
  return ok(undefined);
}

// --- settings --------------------------------------------------------------

export interface SettingsInput {
  displayName: string;
  /** Plain text; becomes the actor's `summary` as escaped HTML. */
  bio: string;
  /** `nl`, `en`, or empty/`null` to follow the browser. */
  locale: string | null;
  manuallyApprovesFollowers: boolean;
}

export type SettingsField = "displayName" | "bio" | "locale";
export type SettingsError = "display_name_too_long" | "bio_too_long" | "locale_invalid";

/** The form field a settings error belongs to. */
export function settingsFieldOf(error: SettingsError): SettingsField {
  return error === "display_name_too_long" ? "displayName" : error === "bio_too_long" ? "bio" : "locale";
}

/** Checks the settings form; every problem at once. */
export function checkSettings(input: SettingsInput): Partial<Record<SettingsField, SettingsError>> {
  const problems: Partial<Record<SettingsField, SettingsError>> = {};
  if (characterCount(cleanDisplayName(input.displayName)) > MAX_DISPLAY_NAME_LENGTH) problems.displayName = "display_name_too_long";
  if (characterCount(input.bio.trim()) > MAX_BIO_LENGTH) problems.bio = "bio_too_long";
  if (input.locale != null && input.locale !== "" && input.locale !== "nl" && input.locale !== "en") {
    problems.locale = "locale_invalid";
  }
  return problems;
}

/**
 * Saves a member's own settings: display name (empty: the username), bio,
 * UI language and whether follow requests wait for their approval.
 * Publishes `ProfileUpdated` when what other servers show changed.
 *
 * @returns The member as now stored, or the first problem (`checkSettings` gives all).
 */
export async function updateSettings(
  ctx: AppContext,
  input: SettingsInput & { member: Member },
): Promise<Result<Member, SettingsError>> {
  const problems = checkSettings(input);
  const problem = problems.displayName ?? problems.bio ?? problems.locale;
  if (problem != null) return fail(problem);
  const actor = await ctx.repos.actors.findById(input.member.actorId);
  if (actor == null) throw new Error(`Member ${input.member.username} has no actor`);
  const name = cleanDisplayName(input.displayName) || input.member.username;
  const summary = bioToSummaryHtml(input.bio);
  if (
    name !== actor.name || summary !== actor.summary ||
    input.manuallyApprovesFollowers !== actor.manuallyApprovesFollowers
  ) {
    await ctx.repos.actors.updateLocalProfile(actor.id, {
      name,
      summary,
      manuallyApprovesFollowers: input.manuallyApprovesFollowers,
    });
    const updated = await ctx.repos.actors.findById(actor.id);
    if (updated != null) await ctx.events.publish({ type: "ProfileUpdated", actor: updated });
  }
  const locale = input.locale === "nl" || input.locale === "en" ? input.locale : null;
  if (locale !== input.member.locale) await ctx.repos.members.setLocale(input.member.id, locale);
  return ok((await ctx.repos.members.findById(input.member.id))!);
}
