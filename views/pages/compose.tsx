import { ComposeForm, type ComposeValues, type KeptImage } from "../components/compose-form.tsx";
import { ErrorSummary, type FieldErrors } from "../components/forms.tsx";
import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface ComposePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  values: ComposeValues;
  errors: FieldErrors;
  kept: KeptImage[];
  /** When replying: the post answered. */
  replyTo: PostView | null;
  /** A problem with the whole request (e.g. the upload was too big). */
  message?: string | null;
}

/** Writing a post (or a reply, with the post it answers shown above the form). */
export function ComposePage({ t, lang, buurt, nav, csrfToken, values, errors, kept, replyTo, message }: ComposePageProps) {
  const title = replyTo == null ? t("compose.title") : t("compose.reply.title", { name: replyTo.authorName });
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <h1>{title}</h1>
      {message && <p class="error-summary" role="alert">{message}</p>}
      <ErrorSummary title={t("compose.errors.title")} errors={errors} />
      {replyTo != null && (
        <section class="compose-reply-to" aria-label={t("compose.reply.to.label")}>
          <PostCard post={replyTo} t={t} headingLevel={2} />
        </section>
      )}
      <ComposeForm
        t={t}
        csrfToken={csrfToken}
        values={values}
        errors={errors}
        kept={kept}
        replyTo={replyTo == null ? null : { id: replyTo.id, authorName: replyTo.authorName }}
        imagesOpen
        headingLevel={null}
      />
    </Layout>
  );
}
