import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  SelectField,
  NewPasswordFields,
  SubmitButton,
  TextAreaField,
  TextField,
} from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** The profile form's values as typed (or as stored). */
export interface SettingsValues {
  display_name: string;
  bio: string;
  /** `nl`, `en` or empty (follow the browser). */
  locale: string;
  manually_approves_followers: boolean;
}

export interface SettingsPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  /** The member's fediverse handle. */
  handle: string;
  values: SettingsValues;
  errors: FieldErrors;
  passwordErrors: FieldErrors;
  /** A confirmation such as "saved", already translated. */
  notice?: string | null;
}

/** A member's own settings: profile, language, follower approval, and password. */
export function SettingsPage(
  { t, lang, buurt, nav, csrfToken, handle, values, errors, passwordErrors, notice }: SettingsPageProps,
) {
  return (
    <Layout t={t} lang={lang} title={t("settings.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("settings.title")}</h1>
        <p class="hint">{t("settings.handle", { handle })}</p>
        {notice && <p class="notice" role="status">{notice}</p>}
        <ErrorSummary title={t("form.errors.title")} errors={{ ...errors, ...passwordErrors }} />
        <form method="post" action="/settings" class="stack-form" noValidate>
          <h2>{t("settings.profile")}</h2>
          <CsrfField token={csrfToken} />
          <TextField
            name="display_name"
            label={t("signup.display.name")}
            hint={t("settings.display.name.hint")}
            value={values.display_name}
            error={errors.display_name}
            autocomplete="name"
            maxLength={100}
          />
          <TextAreaField
            name="bio"
            label={t("settings.bio")}
            hint={t("settings.bio.hint")}
            value={values.bio}
            error={errors.bio}
            rows={5}
          />
          <SelectField
            name="locale"
            label={t("settings.locale")}
            value={values.locale}
            error={errors.locale}
            options={[
              { value: "", label: t("settings.locale.auto") },
              { value: "nl", label: "Nederlands" },
              { value: "en", label: "English" },
            ]}
          />
          <CheckboxField
            name="manually_approves_followers"
            label={t("settings.manual.approval")}
            hint={t("settings.manual.approval.hint")}
            checked={values.manually_approves_followers}
          />
          <SubmitButton>{t("settings.save")}</SubmitButton>
        </form>
        <form method="post" action="/settings/password" class="stack-form" noValidate>
          <h2>{t("settings.password")}</h2>
          <p class="hint">{t("settings.password.hint")}</p>
          <CsrfField token={csrfToken} />
          <input type="text" name="username" value={nav?.viewer?.username ?? ""} autocomplete="username" hidden readOnly />
          <TextField
            name="current_password"
            type="password"
            label={t("settings.password.current")}
            error={passwordErrors.current_password}
            autocomplete="current-password"
            required
          />
          <NewPasswordFields
            label={t("settings.password.new")}
            hint={t("signup.password.hint")}
            confirmationLabel={t("signup.password.confirmation")}
            errors={passwordErrors}
          />
          <SubmitButton secondary>{t("settings.password.submit")}</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}
