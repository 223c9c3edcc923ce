import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface HomePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string; actorUrl: string };
  nav?: NavInfo;
  posts: PostView[];
  /** Link to the next (older) page, if any. */
  olderUrl: string | null;
}

/** The buurt's front page: its latest public posts. */
export function HomePage({ t, lang, buurt, nav, posts, olderUrl }: HomePageProps) {
  return (
    <Layout t={t} lang={lang} title={buurt.name} buurt={buurt} nav={nav} alternate={buurt.actorUrl}>
      <section class="intro">
        <h1>{t("home.title")}</h1>
        <p>{t("home.intro", { name: buurt.name, handle: buurt.handle })}</p>
        <p class="hint">{t("home.follow.hint", { handle: buurt.handle })}</p>
      </section>
      {posts.length === 0
        ? <p class="empty">{t("home.empty")}</p>
        : <div class="timeline">{posts.map((p) => <PostCard post={p} t={t} />)}</div>}
      {olderUrl && (
        <nav class="pagination" aria-label={t("pagination.older")}>
          <a href={olderUrl} rel="next">{t("pagination.older")}</a>
        </nav>
      )}
    </Layout>
  );
}
