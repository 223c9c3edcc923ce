import type { ComponentChildren } from "preact";
import type { PostActionsView } from "../components/post-actions.tsx";
import type { PostView } from "../components/post-card.tsx";
import { type PageLinks, postWithActions, Timeline } from "../components/timeline.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface HomePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string; actorUrl: string };
  nav?: NavInfo;
  posts: PostView[];
  links: PageLinks;
  /**
   * The compose form (views/components/compose-form.tsx) when the viewer may
   * post; the route passes it in and it shows above the timeline.
   */
  compose?: ComponentChildren;
  /** Counts and buttons under each post, by post id. */
  actions?: Record<string, PostActionsView>;
  /** For the like and boost buttons; `null` for visitors (counts only). */
  csrfToken?: string | null;
  /** A confirmation after a form (liked, boosted …), already translated. */
  notice?: string | null;
}

/**
 * The buurt timeline: what members post and what the buurt group shares.
 * Visitors see public posts; members also the buurt-only ones.
 */
export function HomePage(
  { t, lang, buurt, nav, posts, links, compose, actions = {}, csrfToken = null, notice }: HomePageProps,
) {
  const member = nav?.viewer != null;
  return (
    <Layout t={t} lang={lang} title={buurt.name} buurt={buurt} nav={nav} alternate={buurt.actorUrl}>
      {notice && <p class="notice" role="status">{notice}</p>}
      <section class="intro" aria-labelledby="page-title">
        <h1 id="page-title">{t("home.title")}</h1>
        {member
          ? <p>{t("home.intro.member", { name: buurt.name })}</p>
          : (
            <>
              <p>{t("home.intro", { name: buurt.name })}</p>
              <p class="cta">
                <a class="button" href="/signup">{t("home.join")}</a>{" "}
                <a class="button button-secondary" href="/login">{t("nav.login")}</a>
              </p>
            </>
          )}
      </section>
      {/* Compose form slot: the route passes <ComposeForm …/> as `compose`. */}
      {compose}
      <h2 class="section-title">{t("home.latest")}</h2>
      <Timeline
        t={t}
        posts={posts}
        label={t("home.timeline.label", { name: buurt.name })}
        emptyText={t("home.empty")}
        links={links}
        headingLevel={3}
        renderPost={postWithActions({ t, actions, csrfToken, path: "/" })}
      />
    </Layout>
  );
}
