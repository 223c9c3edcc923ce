import { CsrfField, ErrorSummary, type FieldErrors, NewPasswordFields, SubmitButton } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface ResetPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  /** `null` when the link is unknown, used or expired. */
  username: string | null;
  /** The form's own address (`/reset/<token>`). */
  action: string;
  errors: FieldErrors;
}

/** Setting a new password through a one-time link. */
export function ResetPage({ t, lang, buurt, nav, csrfToken, username, action, errors }: ResetPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("reset.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("reset.title")}</h1>
        {username == null
          ? (
            <>
              <p class="notice">{t("reset.invalid")}</p>
              <p><a href="/login">{t("nav.login")}</a></p>
            </>
          )
          : (
            <>
              <p>{t("reset.intro", { username })}</p>
              <ErrorSummary title={t("form.errors.title")} errors={errors} />
              <form method="post" action={action} class="stack-form" noValidate>
                <CsrfField token={csrfToken} />
                <input type="text" name="username" value={username} autocomplete="username" hidden readOnly />
                <NewPasswordFields
                  label={t("reset.password")}
                  hint={t("signup.password.hint")}
                  confirmationLabel={t("signup.password.confirmation")}
                  errors={errors}
                />
                <SubmitButton>{t("reset.submit")}</SubmitButton>
              </form>
            </>
          )}
      </section>
    </Layout>
  );
}
