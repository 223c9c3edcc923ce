import { CsrfField, SelectField, SubmitButton, TextField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** One member as the members page shows them. */
export interface MemberRow {
  id: string;
  username: string;
  displayName: string;
  /** Translated role name. */
  roleLabel: string;
  role: string;
  organisation: string | null;
  jobTitle: string | null;
  /** Roles the viewer may give this member; empty when they may not change it. */
  roleOptions: Array<{ value: string; label: string }>;
  /** Why the viewer cannot change this member (translated), when `roleOptions` is empty. */
  lockedReason: string | null;
  /** A problem with the last change to this member (translated). */
  error: string | null;
  /** What the viewer typed for this member when the change was refused. */
  typed?: { role: string; organisation: string; job_title: string } | null;
  /** A suspended member cannot log in; their card offers reinstating instead of the role form. */
  suspended?: boolean;
  /** The viewer may suspend (active) or reinstate (suspended) this member. */
  canSuspend?: boolean;
}

export interface MembersPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  members: MemberRow[];
  notice?: string | null;
}

/** Every active member, with a form to change their role and professional details. */
export function MembersPage({ t, lang, buurt, nav, csrfToken, members, notice }: MembersPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("members.title")} buurt={buurt} nav={nav}>
      <h1>{t("members.title")}</h1>
      <p>{t("members.intro")}</p>
      {notice && <p class="notice" role="status">{notice}</p>}
      <ul class="card-list">
        {members.map((m) => {
          const prefix = `m-${m.id}`;
          return (
            <li class="card" id={`member-${m.id}`}>
              <h2 class="card-title">
                <a href={`/@${m.username}`}>{m.displayName}</a>{" "}
                <span class="badge">{m.roleLabel}</span>
              </h2>
              <p class="post-handle">@{m.username}</p>
              {m.suspended && <p><span class="badge badge-suspended">{t("members.suspended")}</span></p>}
              {m.role === "professional" && (m.organisation || m.jobTitle) && (
                <p>{[m.jobTitle, m.organisation].filter(Boolean).join(" · ")}</p>
              )}
              {m.error && <p class="error" role="alert" id={`error-${prefix}`}>{m.error}</p>}
              {m.suspended
                ? m.canSuspend
                  ? (
                    <form method="post" action={`/moderation/members/${m.id}/reinstate`} class="inline-form">
                      <CsrfField token={csrfToken} />
                      <SubmitButton secondary>
                        {t("members.reinstate")}
                        <span class="visually-hidden">{` (${m.displayName})`}</span>
                      </SubmitButton>
                    </form>
                  )
                  : <p class="hint">{m.lockedReason}</p>
                : m.roleOptions.length === 0
                ? <p class="hint">{m.lockedReason}</p>
                : (
                  <form method="post" action={`/moderation/members/${m.id}`} class="stack-form compact-form">
                    <CsrfField token={csrfToken} />
                    <SelectField
                      name={`${prefix}-role`}
                      label={t("members.role")}
                      value={m.typed?.role ?? m.role}
                      options={m.roleOptions}
                    />
                    <TextField
                      name={`${prefix}-organisation`}
                      label={t("members.organisation")}
                      hint={t("members.professional.hint")}
                      value={m.typed?.organisation ?? m.organisation ?? ""}
                      maxLength={100}
                    />
                    <TextField
                      name={`${prefix}-job_title`}
                      label={t("members.job.title")}
                      value={m.typed?.job_title ?? m.jobTitle ?? ""}
                      maxLength={100}
                    />
                    <SubmitButton secondary>
                      {t("members.save")}
                      <span class="visually-hidden">{` (${m.displayName})`}</span>
                    </SubmitButton>
                  </form>
                )}
              {!m.suspended && m.canSuspend && (
                <p class="member-suspend">
                  <a class="button button-secondary action-danger" href={`/moderation/members/${m.id}/suspend`}>
                    {t("members.suspend")}
                    <span class="visually-hidden">{` (${m.displayName})`}</span>
                  </a>
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </Layout>
  );
}

/** Asks before a member is suspended: what it means, and that it can be undone. */
export function SuspendConfirmPage(
  { t, lang, buurt, nav, csrfToken, member }: {
    t: Translator;
    lang: Locale;
    buurt: { name: string; handle: string };
    nav?: NavInfo;
    csrfToken: string;
    member: { id: string; username: string; displayName: string };
  },
) {
  const title = t("members.suspend.title", { name: member.displayName, username: member.username });
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        <p>{t("members.suspend.text", { name: member.displayName })}</p>
        <form method="post" action={`/moderation/members/${member.id}/suspend`} class="card-actions">
          <CsrfField token={csrfToken} />
          <SubmitButton>{t("members.suspend.confirm")}</SubmitButton>
          <a class="button button-secondary" href={`/moderation/members#member-${member.id}`}>{t("members.suspend.cancel")}</a>
        </form>
      </section>
    </Layout>
  );
}
