import type { ComponentChildren } from "preact";
import type { PostActionsView } from "../components/post-actions.tsx";
import type { PostView } from "../components/post-card.tsx";
import { type PageLinks, postWithActions, Timeline } from "../components/timeline.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface FollowingTimelinePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  posts: PostView[];
  links: PageLinks;
  /** The compose form (views/components/compose-form.tsx), passed in by the route. */
  compose?: ComponentChildren;
  /** Counts and buttons under each post, by post id. */
  actions?: Record<string, PostActionsView>;
  /** For the like and boost buttons; `null` for visitors (counts only). */
  csrfToken?: string | null;
  /** A confirmation after a form (liked, boosted …), already translated. */
  notice?: string | null;
}

/** The home timeline: posts of the people and groups the member follows, here and elsewhere, and what they share. */
export function FollowingTimelinePage(
  { t, lang, buurt, nav, posts, links, compose, actions = {}, csrfToken = null, notice }: FollowingTimelinePageProps,
) {
  return (
    <Layout t={t} lang={lang} title={t("following.title")} buurt={buurt} nav={nav}>
      {notice && <p class="notice" role="status">{notice}</p>}
      <section class="intro" aria-labelledby="page-title">
        <h1 id="page-title">{t("following.title")}</h1>
        <p>{t("following.intro")}</p>
      </section>
      {/* Compose form slot: the route passes <ComposeForm …/> as `compose`. */}
      {compose}
      <h2 class="section-title">{t("home.latest")}</h2>
      {posts.length === 0 && links.newestUrl == null
        ? (
          <div class="empty">
            <p>{t("following.empty")}</p>
            <p><a class="button" href="/search">{t("following.find.people")}</a></p>
          </div>
        )
        : (
          <Timeline
            t={t}
            posts={posts}
            label={t("following.timeline.label")}
            emptyText={t("following.empty.page")}
            links={links}
            headingLevel={3}
            renderPost={postWithActions({ t, actions, csrfToken, path: "/home" })}
          />
        )}
    </Layout>
  );
}
