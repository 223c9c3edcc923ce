import type { ComponentChildren } from "preact";
import type { PostView } from "../components/post-card.tsx";
import { type PageLinks, Timeline } from "../components/timeline.tsx";
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
}

/**
 * The buurt timeline: what members post and what the buurt group shares.
 * Visitors see public posts; members also the buurt-only ones.
 */
export function HomePage({ t, lang, buurt, nav, posts, links, compose }: HomePageProps) {
  const member = nav?.viewer != null;
  return (
    <Layout t={t} lang={lang} title={buurt.name} buurt={buurt} nav={nav} alternate={buurt.actorUrl}>
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
      />
    </Layout>
  );
}
