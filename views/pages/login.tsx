import { CsrfField, SubmitButton, TextField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface LoginPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  /** What was typed as username or e-mail. */
  login: string;
  /** Local path to go to after logging in. */
  next: string | null;
  /** Why the last attempt failed, already translated. */
  error?: string | null;
  /** A neutral message (e.g. "you have been logged out"), already translated. */
  notice?: string | null;
}

/** The log-in form: username or e-mail address, and password. */
export function LoginPage({ t, lang, buurt, nav, csrfToken, login, next, error, notice }: LoginPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("login.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("login.title")}</h1>
        {notice && <p class="notice" role="status">{notice}</p>}
        {error && (
          <div class="error-summary" role="alert" tabIndex={-1}>
            <h2>{t("login.failed")}</h2>
            <p>{error}</p>
          </div>
        )}
        <form method="post" action="/login" class="stack-form" noValidate>
          <CsrfField token={csrfToken} />
          {next && <input type="hidden" name="next" value={next} />}
          <TextField
            name="login"
            label={t("login.login")}
            value={login}
            autocomplete="username"
            required
          />
          <TextField name="password" type="password" label={t("login.password")} autocomplete="current-password" required />
          <SubmitButton>{t("login.submit")}</SubmitButton>
        </form>
        <p class="form-aside">{t("login.forgot")}</p>
        <p class="form-aside">{t("login.no.account")} <a href="/signup">{t("nav.signup")}</a></p>
      </section>
    </Layout>
  );
}
