import { CsrfField, SubmitButton, TextField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** A sign-up waiting for approval, formatted for the page. */
export interface PendingSignup {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  /** When they signed up: ISO-8601 and formatted for the reader. */
  requestedIso: string;
  requestedText: string;
}

/** An invite code that can still be used. */
export interface InviteView {
  /** Grouped for reading: `ABCD-EFGH-JKMN`. */
  code: string;
  usesLeft: number;
  /** Formatted end date, or `null` when it never expires. */
  expiresText: string | null;
}

export interface ApprovalsPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  policy: "open" | "approval" | "invite";
  pending: PendingSignup[];
  invites: InviteView[];
  /** The result of the last action, already translated. */
  notice?: string | null;
  /** Values and problems of the invite form. */
  inviteForm: { max_uses: string; days: string; errors: Partial<Record<"max_uses" | "days", string>> };
}

/** The approval queue for buurtverbinders and admins, with invite codes. */
export function ApprovalsPage(
  { t, lang, buurt, nav, csrfToken, policy, pending, invites, notice, inviteForm }: ApprovalsPageProps,
) {
  return (
    <Layout t={t} lang={lang} title={t("approvals.title")} buurt={buurt} nav={nav}>
      <h1>{t("approvals.title")}</h1>
      <p>{t(`approvals.policy.${policy}`)}</p>
      {notice && <p class="notice" role="status">{notice}</p>}
      {pending.length === 0
        ? <p class="empty">{t("approvals.empty")}</p>
        : (
          <ul class="card-list" aria-label={t("approvals.list.label", { count: pending.length })}>
            {pending.map((p) => (
              <li class="card" id={`signup-${p.id}`}>
                <h2 class="card-title">{p.displayName}</h2>
                <dl class="facts">
                  <dt>{t("approvals.username")}</dt>
                  <dd>@{p.username}</dd>
                  <dt>{t("approvals.email")}</dt>
                  <dd>{p.email ?? "—"}</dd>
                  <dt>{t("approvals.requested")}</dt>
                  <dd><time datetime={p.requestedIso}>{p.requestedText}</time></dd>
                </dl>
                <div class="card-actions">
                  <form method="post" action={`/moderation/approvals/${p.id}/approve`} class="inline-form">
                    <CsrfField token={csrfToken} />
                    <button type="submit" class="button">
                      {t("approvals.approve")}
                      <span class="visually-hidden">{` (${p.displayName})`}</span>
                    </button>
                  </form>
                  <a class="button button-secondary" href={`/moderation/approvals/${p.id}/reject`}>
                    {t("approvals.reject")}
                    <span class="visually-hidden">{` (${p.displayName})`}</span>
                  </a>
                </div>
              </li>
            ))}
          </ul>
        )}

      <h2>{t("invites.title")}</h2>
      <p>{policy === "invite" ? t("invites.intro") : t("invites.intro.inactive")}</p>
      {invites.length > 0 && (
        <ul class="card-list">
          {invites.map((i) => (
            <li class="card invite">
              <code class="invite-code">{i.code}</code>
              <span class="hint">
                {t("invites.uses.left", { count: i.usesLeft })}
                {" · "}
                {i.expiresText == null ? t("invites.no.expiry") : t("invites.expires", { date: i.expiresText })}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action="/moderation/invites" class="stack-form compact-form" noValidate>
        <CsrfField token={csrfToken} />
        <TextField
          name="max_uses"
          type="number"
          label={t("invites.max.uses")}
          value={inviteForm.max_uses}
          error={inviteForm.errors.max_uses}
          inputMode="numeric"
        />
        <TextField
          name="days"
          type="number"
          label={t("invites.days")}
          hint={t("invites.days.hint")}
          value={inviteForm.days}
          error={inviteForm.errors.days}
          inputMode="numeric"
        />
        <SubmitButton secondary>{t("invites.create")}</SubmitButton>
      </form>
    </Layout>
  );
}

/** Asks before a sign-up is rejected (which removes the account). */
export function RejectConfirmPage(
  { t, lang, buurt, nav, csrfToken, signup }: {
    t: Translator;
    lang: Locale;
    buurt: { name: string; handle: string };
    nav?: NavInfo;
    csrfToken: string;
    signup: PendingSignup;
  },
) {
  return (
    <Layout t={t} lang={lang} title={t("approvals.reject.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("approvals.reject.title")}</h1>
        <p>{t("approvals.reject.text", { name: signup.displayName, username: signup.username })}</p>
        <form method="post" action={`/moderation/approvals/${signup.id}/reject`} class="card-actions">
          <CsrfField token={csrfToken} />
          <SubmitButton>{t("approvals.reject.confirm")}</SubmitButton>
          <a class="button button-secondary" href="/moderation/approvals">{t("approvals.reject.cancel")}</a>
        </form>
      </section>
    </Layout>
  );
}

/** Shown to members without a moderating role who open a moderation page (403). */
export function ModeratorsOnlyPage(
  { t, lang, buurt, nav }: { t: Translator; lang: Locale; buurt: { name: string; handle: string }; nav?: NavInfo },
) {
  return (
    <Layout t={t} lang={lang} title={t("moderation.forbidden.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("moderation.forbidden.title")}</h1>
        <p>{t("moderation.forbidden")}</p>
        <p><a href="/">{t("signup.waiting.back")}</a></p>
      </section>
    </Layout>
  );
}
