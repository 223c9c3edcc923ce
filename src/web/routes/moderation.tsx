/**
 * Moderation pages for buurtverbinders and admins: the approval queue
 * (with invite codes), the members page (roles, a professional's
 * organisation and function) and the audit log.  Visitors are sent to log
 * in; members without a moderating role get 403.
 */
import { type Context, Hono } from "hono";
import {
  approveMember,
  changeRole,
  createInvite,
  type CreateInviteError,
  joinPolicyOf,
  rejectMember,
  reinstateMember,
  setProfessional,
  suspendMember,
} from "../../app/accounts.ts";
import type { AppContext } from "../../app/context.ts";
import type { AuditEntry } from "../../app/ports.ts";
import { formatCode } from "../../app/tokens.ts";
import { canChangeRole, canModerate, canSuspend, isRole, type Member, type Role, ROLES } from "../../domain/member.ts";
import { MAX_PROFESSIONAL_TEXT_LENGTH } from "../../domain/profile.ts";
import type { Translator } from "../../../views/i18n/index.ts";
import {
  ApprovalsPage,
  ModeratorsOnlyPage,
  type PendingSignup,
  RejectConfirmPage,
} from "../../../views/pages/approvals.tsx";
import { AuditLogPage } from "../../../views/pages/audit-log.tsx";
import { type MemberRow, MembersPage, SuspendConfirmPage } from "../../../views/pages/members.tsx";
import type { Viewer, WebEnv } from "../env.ts";
import { errorPage } from "../error-page.tsx";
import { formText } from "../forms.ts";
import { pageContext } from "../page-context.ts";
import { formatDateTime } from "../presenters.ts";
import { renderPage } from "../render.ts";

export interface ModerationRoutesOptions {
  app: AppContext;
}

/** The translated name of a role. */
export function roleLabel(t: Translator, role: Role): string {
  return t(`profile.role.${role}`);
}

/** One audit-log entry as a translated sentence. */
export function describeAuditEntry(t: Translator, entry: AuditEntry): string {
  const d = entry.detail;
  const text = (value: unknown) => (typeof value === "string" ? value : "");
  const by = d.by != null ? `@${text(d.by)}` : t("audit.by.cli");
  const subject = d.subject != null ? `@${text(d.subject)}` : "";
  const role = (value: unknown) => (typeof value === "string" && isRole(value) ? roleLabel(t, value) : text(value));
  switch (entry.action) {
    case "member.approved":
      return t("audit.member.approved", { by, subject });
    case "member.rejected":
      return t("audit.member.rejected", { by, subject, name: text(d.name) });
    case "member.role_changed":
      return t("audit.member.role.changed", { by, subject, from: role(d.from), to: role(d.to) });
    case "member.professional_changed": {
      const details = [text(d.jobTitle), text(d.organisation)].filter(Boolean).join(" · ");
      return details === ""
        ? t("audit.member.professional.cleared", { by, subject })
        : t("audit.member.professional.changed", { by, subject, details });
    }
    case "member.reset_link_created":
      return t("audit.member.reset.link", { by, subject });
    case "member.password_reset":
      return t("audit.member.password.reset", { subject });
    case "invite.created":
      return t("audit.invite.created", { by, count: typeof d.maxUses === "number" ? d.maxUses : 1 });
    case "member.suspended":
      return t("audit.member.suspended", { by, subject });
    case "member.reinstated":
      return t("audit.member.reinstated", { by, subject });
    case "post.deleted": {
      // Recorded by deletePost with the names under their own keys.
      const excerpt = text(d.excerpt).replace(/\s+/g, " ").trim();
      if (excerpt === "") {
        return t("audit.post.deleted.plain", {
          by: d.moderator != null ? `@${text(d.moderator)}` : by,
          subject: d.author != null ? `@${text(d.author)}` : subject,
        });
      }
      return t("audit.post.deleted", {
        by: d.moderator != null ? `@${text(d.moderator)}` : by,
        subject: d.author != null ? `@${text(d.author)}` : subject,
        excerpt: [...excerpt].length > 80 ? `${[...excerpt].slice(0, 80).join("")}…` : excerpt,
      });
    }
    default:
      return entry.action;
  }
}

/** The moderation routes under `/moderation/`. */
export function moderationRoutes(options: ModerationRoutesOptions): Hono<WebEnv> {
  const { app } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  /** The moderating viewer, or the response that turns everyone else away. */
  async function moderator(c: Context<WebEnv>): Promise<Viewer | Response> {
    const viewer = c.get("viewer");
    if (viewer == null) {
      return c.redirect(`/login?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
    }
    if (!canModerate(viewer.member.role)) {
      const pc = await pageContext(c, repos);
      return c.html(renderPage(<ModeratorsOnlyPage {...pc} />), 403);
    }
    return viewer;
  }

  // --- approval queue and invites ------------------------------------------------

  function presentPending(member: Member, c: Context<WebEnv>, timeZone: string): PendingSignup {
    return {
      id: member.id,
      username: member.username,
      displayName: member.displayName,
      email: member.email,
      requestedIso: member.createdAt,
      requestedText: formatDateTime(member.createdAt, c.get("lang"), timeZone),
    };
  }

  async function approvalsPage(
    c: Context<WebEnv>,
    inviteForm: { max_uses: string; days: string; errors: Partial<Record<"max_uses" | "days", string>> },
    status: 200 | 400,
  ) {
    const pc = await pageContext(c, repos, "approvals");
    const t = c.get("t");
    const pending = (await repos.members.list({ status: "pending" }))
      .map((m) => presentPending(m, c, pc.buurt.timezone));
    const invites = (await repos.invites.listUsable(new Date().toISOString())).map((i) => ({
      code: formatCode(i.code),
      usesLeft: i.maxUses - i.uses,
      expiresText: i.expiresAt == null ? null : formatDateTime(i.expiresAt, pc.lang, pc.buurt.timezone),
    }));
    const done = c.req.query("done");
    const notice = done === "approved"
      ? t("approvals.done.approved")
      : done === "rejected"
      ? t("approvals.done.rejected")
      : done === "gone"
      ? t("approvals.done.gone")
      : done === "invite"
      ? t("invites.done.created")
      : null;
    return c.html(
      renderPage(
        <ApprovalsPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          policy={joinPolicyOf(await repos.buurt.get())}
          pending={pending}
          invites={invites}
          notice={notice}
          inviteForm={inviteForm}
        />,
      ),
      status,
    );
  }

  routes.get("/moderation/approvals", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    return await approvalsPage(c, { max_uses: "1", days: "14", errors: {} }, 200);
  });

  routes.post("/moderation/approvals/:id/approve", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const result = await approveMember(app, { by: viewer.member, memberId: c.req.param("id") });
    if (!result.ok && result.error === "not_allowed") return c.text(c.get("t")("moderation.forbidden"), 403);
    return c.redirect(`/moderation/approvals?done=${result.ok ? "approved" : "gone"}`, 303);
  });

  routes.get("/moderation/approvals/:id/reject", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const member = await repos.members.findById(c.req.param("id"));
    if (member == null || member.status !== "pending") return c.redirect("/moderation/approvals?done=gone", 303);
    const pc = await pageContext(c, repos, "approvals");
    return c.html(
      renderPage(
        <RejectConfirmPage {...pc} csrfToken={c.get("csrfToken")} signup={presentPending(member, c, pc.buurt.timezone)} />,
      ),
    );
  });

  routes.post("/moderation/approvals/:id/reject", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const result = await rejectMember(app, { by: viewer.member, memberId: c.req.param("id") });
    if (!result.ok && result.error === "not_allowed") return c.text(c.get("t")("moderation.forbidden"), 403);
    return c.redirect(`/moderation/approvals?done=${result.ok ? "rejected" : "gone"}`, 303);
  });

  routes.post("/moderation/invites", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const t = c.get("t");
    const body = await c.req.parseBody();
    const maxUsesText = formText(body, "max_uses").trim();
    const daysText = formText(body, "days").trim();
    const maxUses = maxUsesText === "" ? 1 : Number(maxUsesText);
    const days = daysText === "" ? null : Number(daysText);
    const result = await createInvite(app, { by: viewer.member, maxUses, expiresInDays: days });
    if (!result.ok) {
      const errors: Partial<Record<"max_uses" | "days", string>> = {};
      const code: CreateInviteError = result.error;
      if (code === "max_uses_invalid") errors.max_uses = t("invites.error.max.uses");
      else if (code === "expiry_invalid") errors.days = t("invites.error.days");
      else return c.text(t("moderation.forbidden"), 403);
      return await approvalsPage(c, { max_uses: maxUsesText, days: daysText, errors }, 400);
    }
    return c.redirect("/moderation/approvals?done=invite", 303);
  });

  // --- members and roles ---------------------------------------------------------

  async function membersPage(
    c: Context<WebEnv>,
    viewer: Viewer,
    status: 200 | 400 | 403,
    problem: { memberId: string; message: string; typed: MemberRow["typed"] } | null = null,
  ) {
    const t = c.get("t");
    const pc = await pageContext(c, repos, "members");
    const members = [
      ...await repos.members.list({ status: "active" }),
      ...await repos.members.list({ status: "suspended" }),
    ];
    members.sort((a, b) => a.displayName.localeCompare(b.displayName, pc.lang));
    const rows: MemberRow[] = members.map((m) => {
      const roleOptions = ROLES.filter((r) => canChangeRole(viewer.member, m, r)).map((r) => ({
        value: r,
        label: roleLabel(t, r),
      }));
      const suspended = m.status === "suspended";
      const maySuspend = canSuspend(viewer.member, m);
      const lockedReason = suspended
        ? maySuspend ? null : t("members.locked.suspended")
        : roleOptions.length > 0
        ? null
        : m.id === viewer.member.id
        ? t("members.locked.self")
        : t("members.locked.admin");
      return {
        id: m.id,
        username: m.username,
        displayName: m.displayName,
        role: m.role,
        roleLabel: roleLabel(t, m.role),
        organisation: m.organisation,
        jobTitle: m.jobTitle,
        roleOptions: suspended ? [] : roleOptions,
        lockedReason,
        suspended,
        canSuspend: maySuspend,
        error: problem?.memberId === m.id ? problem.message : null,
        typed: problem?.memberId === m.id ? problem.typed : null,
      };
    });
    const done = c.req.query("done");
    const notice = done === "saved"
      ? t("members.done.saved")
      : done === "suspended"
      ? t("members.done.suspended")
      : done === "reinstated"
      ? t("members.done.reinstated")
      : done === "unchanged"
      ? t("members.done.unchanged")
      : null;
    return c.html(renderPage(<MembersPage {...pc} csrfToken={c.get("csrfToken")} members={rows} notice={notice} />), status);
  }

  routes.get("/moderation/members", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    return await membersPage(c, viewer, 200);
  });

  routes.post("/moderation/members/:id", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const t = c.get("t");
    const id = c.req.param("id");
    const member = await repos.members.findById(id);
    if (member == null) return c.redirect("/moderation/members", 303);
    if (member.status !== "active") return await errorPage(c, repos, 404);
    const body = await c.req.parseBody();
    const prefix = `m-${id}-`;
    const typed = {
      role: formText(body, `${prefix}role`) || member.role,
      organisation: formText(body, `${prefix}organisation`),
      job_title: formText(body, `${prefix}job_title`),
    };
    const refuse = (message: string, status: 400 | 403) =>
      membersPage(c, viewer, status, { memberId: id, message, typed });
    if (!isRole(typed.role)) return await refuse(t("members.error.role"), 400);
    // Check the role first, so a refused change leaves nothing half-saved.
    if (typed.role !== member.role && !canChangeRole(viewer.member, member, typed.role)) {
      return await refuse(t("members.error.not.allowed"), 403);
    }
    const professional = await setProfessional(app, {
      by: viewer.member,
      memberId: id,
      organisation: typed.organisation,
      jobTitle: typed.job_title,
    });
    if (!professional.ok) {
      if (professional.error === "not_allowed") return await refuse(t("members.error.not.allowed"), 403);
      if (professional.error === "not_found") return c.redirect("/moderation/members", 303);
      return await refuse(t(`members.error.${professional.error}`, { max: MAX_PROFESSIONAL_TEXT_LENGTH }), 400);
    }
    const role = await changeRole(app, { by: viewer.member, memberId: id, role: typed.role });
    if (!role.ok) {
      if (role.error === "not_found") return c.redirect("/moderation/members", 303);
      return await refuse(t(role.error === "not_allowed" ? "members.error.not.allowed" : "members.error.role"), 403);
    }
    return c.redirect(`/moderation/members?done=saved#member-${id}`, 303);
  });

  // --- suspending and reinstating ---------------------------------------------------

  /** The member a suspension form is about, or the page that says why not (404, 403). */
  async function suspendable(c: Context<WebEnv>, viewer: Viewer): Promise<Member | Response> {
    const member = await repos.members.findById(c.req.param("id") ?? "");
    if (member == null || member.status === "pending") return await errorPage(c, repos, 404);
    if (!canSuspend(viewer.member, member)) {
      return await errorPage(c, repos, 403, c.get("t")("members.error.suspend.not.allowed"));
    }
    return member;
  }

  routes.get("/moderation/members/:id/suspend", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const member = await suspendable(c, viewer);
    if (member instanceof Response) return member;
    if (member.status !== "active") return c.redirect(`/moderation/members?done=unchanged#member-${member.id}`, 303);
    const pc = await pageContext(c, repos, "members");
    return c.html(renderPage(<SuspendConfirmPage {...pc} csrfToken={c.get("csrfToken")} member={member} />));
  });

  for (const [action, useCase] of [["suspend", suspendMember], ["reinstate", reinstateMember]] as const) {
    routes.post(`/moderation/members/:id/${action}`, async (c) => {
      const viewer = await moderator(c);
      if (viewer instanceof Response) return viewer;
      const member = await suspendable(c, viewer);
      if (member instanceof Response) return member;
      const result = await useCase(app, { by: viewer.member, memberId: member.id });
      if (!result.ok) return await errorPage(c, repos, result.error === "not_found" ? 404 : 403);
      const done = !result.value.changed ? "unchanged" : action === "suspend" ? "suspended" : "reinstated";
      return c.redirect(`/moderation/members?done=${done}#member-${member.id}`, 303);
    });
  }

  // --- audit log -------------------------------------------------------------------

  routes.get("/moderation/audit", async (c) => {
    const viewer = await moderator(c);
    if (viewer instanceof Response) return viewer;
    const pc = await pageContext(c, repos, "audit");
    const page = await repos.auditLog.list({ limit: 30, cursor: c.req.query("cursor") ?? null });
    const entries = page.items.map((e) => ({
      id: e.id,
      whenIso: e.createdAt,
      whenText: formatDateTime(e.createdAt, pc.lang, pc.buurt.timezone),
      text: describeAuditEntry(pc.t, e),
    }));
    return c.html(
      renderPage(
        <AuditLogPage
          {...pc}
          entries={entries}
          olderUrl={page.nextCursor == null ? null : `/moderation/audit?cursor=${encodeURIComponent(page.nextCursor)}`}
        />,
      ),
    );
  });

  return routes;
}
