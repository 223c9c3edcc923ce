import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout } from "../layout.tsx";

export interface PostPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  post: PostView;
  /** The post's ActivityPub id. */
  iri: string;
}

/** One post on its own page. */
export function PostPage({ t, lang, buurt, post, iri }: PostPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("post.permalink", { time: post.publishedText })} buurt={buurt} alternate={iri}>
      <h1 class="visually-hidden">{t("post.permalink", { time: post.publishedText })}</h1>
      <PostCard post={post} t={t} />
    </Layout>
  );
}
