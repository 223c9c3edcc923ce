import { ActorCard, type ActorView, type FollowState } from "../components/actor-card.tsx";
import { type PageLinks, Pagination } from "../components/timeline.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface FollowListPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  kind: "followers" | "following";
  /** Whose list this is. */
  owner: { name: string; url: string };
  actors: Array<{ actor: ActorView; state: FollowState }>;
  links: PageLinks;
  csrfToken: string;
  path: string;
}

/** Who follows a member, or whom a member follows, a page at a time. */
export function FollowListPage({ t, lang, buurt, nav, kind, owner, actors, links, csrfToken, path }: FollowListPageProps) {
  const title = kind === "followers"
    ? t("follows.followers.title", { name: owner.name })
    : t("follows.following.title", { name: owner.name });
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <p class="breadcrumb"><a href={owner.url}>{t("follows.back", { name: owner.name })}</a></p>
      <h1>{title}</h1>
      {actors.length === 0
        ? <p class="empty">{kind === "followers" ? t("follows.followers.empty") : t("follows.following.empty")}</p>
        : (
          <ul class="actor-list">
            {actors.map(({ actor, state }) => (
              <li><ActorCard t={t} actor={actor} state={state} csrfToken={csrfToken} next={path} /></li>
            ))}
          </ul>
        )}
      <Pagination t={t} links={links} olderLabel={t("pagination.more")} />
    </Layout>
  );
}
