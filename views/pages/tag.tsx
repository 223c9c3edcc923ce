import type { PostView } from "../components/post-card.tsx";
import { type PageLinks, Timeline } from "../components/timeline.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface TagPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** The hashtag as shown, without `#`. */
  tag: string;
  posts: PostView[];
  links: PageLinks;
}

/** Posts with one hashtag, newest first. */
export function TagPage({ t, lang, buurt, nav, tag, posts, links }: TagPageProps) {
  const title = t("tag.title", { tag });
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <h1>{title}</h1>
      <p class="hint">{t("tag.intro", { tag })}</p>
      <Timeline t={t} posts={posts} label={title} emptyText={t("tag.empty", { tag })} links={links} headingLevel={2} />
    </Layout>
  );
}
