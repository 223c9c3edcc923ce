import { CsrfField } from "../components/forms.tsx";
import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface DeletePostPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  post: PostView;
  /** A moderator deletes someone else's post. */
  asModerator: boolean;
}

/** "Are you sure?" before deleting a post (works without JavaScript). */
export function DeletePostPage({ t, lang, buurt, nav, csrfToken, post, asModerator }: DeletePostPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("delete.title")} buurt={buurt} nav={nav}>
      <h1>{t("delete.title")}</h1>
      <p>{asModerator ? t("delete.moderator.text", { name: post.authorName }) : t("delete.text")}</p>
      <PostCard post={post} t={t} headingLevel={2} />
      <form method="post" action={`/posts/${encodeURIComponent(post.id)}/delete`} class="confirm-form">
        <CsrfField token={csrfToken} />
        <button type="submit" class="button button-danger">{t("delete.submit")}</button>{" "}
        <a class="button button-secondary" href={`/posts/${encodeURIComponent(post.id)}`}>{t("compose.cancel")}</a>
      </form>
    </Layout>
  );
}
