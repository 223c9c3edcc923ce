import {
  CheckboxField,
  CsrfField,
  ErrorSummary,
  type FieldErrors,
  SelectField,
  SubmitButton,
  TextAreaField,
  TextField,
} from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface HelpFormPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  /** What was typed (kept when the form comes back with errors). */
  values: { kind: string; category: string; title: string; description: string; public: boolean };
  categories: Array<{ value: string; label: string }>;
  /** Translated errors by field name. */
  errors: FieldErrors;
  maxTitle: number;
  maxDescription: number;
}

/**
 * Radio buttons in a fieldset whose legend is the question (WCAG 1.3.1);
 * the error, if any, is tied to the group.
 */
function RadioGroup(
  { name, legend, value, options, error }: {
    name: string;
    legend: string;
    value: string;
    options: Array<{ value: string; label: string }>;
    error?: string | null;
  },
) {
  return (
    <fieldset
      class={error ? "field radio-group field-error" : "field radio-group"}
      id={`field-${name}`}
      aria-describedby={error ? `error-${name}` : undefined}
    >
      <legend>{legend}</legend>
      {error && <p class="error" id={`error-${name}`}>{error}</p>}
      {options.map((o) => (
        <div class="radio">
          <input type="radio" id={`field-${name}-${o.value}`} name={name} value={o.value} checked={o.value === value} />
          <label for={`field-${name}-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Ask for or offer help: kind, category, title, details, and who may see it (buurt-only unless ticked). */
export function HelpFormPage(props: HelpFormPageProps) {
  const { t, lang, buurt, nav, csrfToken, values, errors } = props;
  return (
    <Layout t={t} lang={lang} title={t("help.form.title")} buurt={buurt} nav={nav}>
      <section class="form-page" aria-labelledby="page-title">
        <h1 id="page-title">{t("help.form.title")}</h1>
        <ErrorSummary title={t("help.form.errors")} errors={errors} />
        <form method="post" action="/hulp/nieuw" class="stack-form" noValidate>
          <CsrfField token={csrfToken} />
          <RadioGroup
            name="kind"
            legend={t("help.form.kind")}
            value={values.kind}
            error={errors.kind}
            options={[
              { value: "request", label: t("help.form.kind.request") },
              { value: "offer", label: t("help.form.kind.offer") },
            ]}
          />
          <SelectField
            name="category"
            label={t("help.form.category")}
            value={values.category}
            error={errors.category}
            options={props.categories}
            required
          />
          <TextField
            name="title"
            label={t("help.form.title.label")}
            hint={t("help.form.title.hint")}
            value={values.title}
            error={errors.title}
            maxLength={props.maxTitle}
            required
          />
          <TextAreaField
            name="description"
            label={t("help.form.description")}
            hint={t("help.form.description.hint")}
            value={values.description}
            error={errors.description}
            maxLength={props.maxDescription}
            rows={5}
          />
          <CheckboxField
            name="public"
            label={t("help.form.public")}
            hint={t("help.form.public.hint")}
            checked={values.public}
            error={errors.public}
          />
          <SubmitButton>{t("help.form.submit")}</SubmitButton>
        </form>
      </section>
    </Layout>
  );
}
