import { CsrfField, ErrorSummary, type FieldErrors, SubmitButton, TextAreaField, TextField } from "../components/forms.tsx";
import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface EditPostPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  post: PostView;
  values: { text: string; summary: string };
  errors: FieldErrors;
}

/** Editing the text and content warning of one's own post. */
export function EditPostPage({ t, lang, buurt, nav, csrfToken, post, values, errors }: EditPostPageProps) {
  const action = `/posts/${encodeURIComponent(post.id)}/edit`;
  return (
    <Layout t={t} lang={lang} title={t("edit.title")} buurt={buurt} nav={nav}>
      <h1>{t("edit.title")}</h1>
      <ErrorSummary title={t("compose.errors.title")} errors={errors} />
      <details class="edit-original">
        <summary>{t("edit.original")}</summary>
        <PostCard post={post} t={t} headingLevel={2} />
      </details>
      <form method="post" action={action} class="compose">
        <CsrfField token={csrfToken} />
        <TextAreaField name="text" label={t("compose.text")} hint={t("compose.text.hint")} error={errors.text} value={values.text} rows={6} maxLength={5000} />
        <TextField name="summary" label={t("compose.summary")} hint={t("compose.summary.hint")} error={errors.summary} value={values.summary} maxLength={500} />
        <p class="hint">{t("edit.hint")}</p>
        <SubmitButton>{t("edit.submit")}</SubmitButton>{" "}
        <a class="button button-secondary" href={`/posts/${encodeURIComponent(post.id)}`}>{t("compose.cancel")}</a>
      </form>
    </Layout>
  );
}
