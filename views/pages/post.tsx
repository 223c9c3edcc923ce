import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface PostPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  post: PostView;
  /** The post's ActivityPub id. */
  iri: string;
}

/** One post on its own page. */
export function PostPage({ t, lang, buurt, nav, post, iri }: PostPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("post.permalink", { time: post.publishedText })} buurt={buurt} nav={nav} alternate={iri}>
      <h1 class="visually-hidden">{t("post.permalink", { time: post.publishedText })}</h1>
      <PostCard post={post} t={t} />
    </Layout>
  );
}
