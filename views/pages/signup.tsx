import { CsrfField, ErrorSummary, type FieldErrors, NewPasswordFields, SubmitButton, TextField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** What the newcomer typed (never the password), to fill the form again. */
export interface SignupValues {
  username: string;
  display_name: string;
  email: string;
  invite_code: string;
}

export interface SignupPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  policy: "open" | "approval" | "invite";
  /** Host in handles, for the username hint (`@name@host`). */
  domain: string;
  values: SignupValues;
  /** Translated problems per field name. */
  errors: FieldErrors;
  /** A message about the whole form (e.g. too many sign-ups), already translated. */
  alert?: string | null;
}

/** The sign-up form; under the `invite` policy it asks for an invite code too. */
export function SignupPage({ t, lang, buurt, nav, csrfToken, policy, domain, values, errors, alert }: SignupPageProps) {
  const intro = policy === "open"
    ? t("signup.intro.open", { name: buurt.name })
    : policy === "invite"
    ? t("signup.intro.invite", { name: buurt.name })
    : t("signup.intro.approval", { name: buurt.name });
  return (
    <Layout t={t} lang={lang} title={t("signup.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("signup.title")}</h1>
        <p>{intro}</p>
        {alert && <div class="error-summary" role="alert"><p>{alert}</p></div>}
        <ErrorSummary title={t("form.errors.title")} errors={errors} />
        <form method="post" action="/signup" class="stack-form" noValidate>
          <CsrfField token={csrfToken} />
          <TextField
            name="username"
            label={t("signup.username")}
            hint={t("signup.username.hint", { domain })}
            value={values.username}
            error={errors.username}
            autocomplete="username"
            maxLength={30}
            required
          />
          <TextField
            name="display_name"
            label={t("signup.display.name")}
            hint={t("signup.display.name.hint")}
            value={values.display_name}
            error={errors.display_name}
            autocomplete="name"
            maxLength={100}
          />
          <TextField
            name="email"
            type="email"
            label={t("signup.email")}
            hint={t("signup.email.hint")}
            value={values.email}
            error={errors.email}
            autocomplete="email"
            inputMode="email"
            required
          />
          <NewPasswordFields
            label={t("signup.password")}
            hint={t("signup.password.hint")}
            confirmationLabel={t("signup.password.confirmation")}
            errors={errors}
            confirmationRequired={false}
          />
          {policy === "invite" && (
            <TextField
              name="invite_code"
              label={t("signup.invite.code")}
              hint={t("signup.invite.code.hint")}
              value={values.invite_code}
              error={errors.invite_code}
              autocomplete="off"
              required
            />
          )}
          <SubmitButton>{t("signup.submit")}</SubmitButton>
        </form>
        <p class="form-aside">{t("signup.have.account")} <a href="/login">{t("nav.login")}</a></p>
      </section>
    </Layout>
  );
}

/** Shown after signing up under the `approval` policy. */
export function SignupWaitingPage(
  { t, lang, buurt, nav }: {
    t: Translator;
    lang: Locale;
    buurt: { name: string; handle: string };
    nav?: NavInfo;
  },
) {
  return (
    <Layout t={t} lang={lang} title={t("signup.waiting.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("signup.waiting.title")}</h1>
        <p class="notice">{t("signup.waiting.thanks.anonymous")}</p>
        <p>{t("signup.waiting.text", { name: buurt.name })}</p>
        <p>{t("signup.waiting.next")}</p>
        <p><a href="/">{t("signup.waiting.back")}</a></p>
      </section>
    </Layout>
  );
}
