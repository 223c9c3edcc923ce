import { type ActorView, Avatar, FollowButton, type FollowState } from "../components/actor-card.tsx";
import type { PostView } from "../components/post-card.tsx";
import { type PageLinks, Timeline } from "../components/timeline.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface ProfilePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  profile: ActorView;
  /** The actor's ActivityPub id (linked as `alternate`). */
  iri: string;
  followState: FollowState;
  csrfToken: string;
  /** This page's path, where the follow form comes back to. */
  path: string;
  /** Counts and links to the lists; `null` for remote actors (we only know part of them). */
  counts: { followers: number; following: number; followersUrl: string; followingUrl: string } | null;
  /** On one's own profile: follow requests waiting for an answer. */
  pendingRequests?: number;
  /** A short confirmation after following or unfollowing. */
  notice?: string | null;
  posts: PostView[];
  links: PageLinks;
  /** For remote actors: where the posts come from, or that the server could not be reached. */
  postsNote?: string | null;
}

/** A member's, the buurt group's or a remote actor's profile with their recent posts. */
export function ProfilePage(props: ProfilePageProps) {
  const { t, lang, buurt, nav, profile, followState, counts, posts, links } = props;
  return (
    <Layout t={t} lang={lang} title={profile.name} buurt={buurt} nav={nav} alternate={props.iri}>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <section class="profile" aria-labelledby="page-title">
        <Avatar name={profile.name} src={profile.avatar} size="large" />
        <div class="profile-body">
          <h1 id="page-title">{profile.name}</h1>
          <p class="handle">{profile.handle}</p>
          {(profile.badge || profile.isGroup || !profile.local) && (
            <p class="badge-line">
              {profile.badge && <span class="badge">{profile.badge}</span>}
              {profile.isGroup && <span class="badge badge-group">{t("actor.group")}</span>}
              {!profile.local && <span class="badge badge-remote">{t("profile.remote.badge")}</span>}
            </p>
          )}
          {profile.summaryHtml && <div class="profile-summary" dangerouslySetInnerHTML={{ __html: profile.summaryHtml }} />}
          {profile.fields.length > 0 && (
            <dl class="profile-fields">
              {profile.fields.map((f) => (
                <div class="profile-field">
                  <dt>{f.name}</dt>
                  <dd dangerouslySetInnerHTML={{ __html: f.valueHtml }} />
                </div>
              ))}
            </dl>
          )}
          {counts != null && (
            <ul class="profile-counts">
              <li>
                <a href={counts.followersUrl}>
                  {counts.followers === 1 ? t("profile.followers.one") : t("profile.followers", { count: counts.followers })}
                </a>
              </li>
              <li><a href={counts.followingUrl}>{t("profile.following", { count: counts.following })}</a></li>
            </ul>
          )}
          {profile.remoteUrl && (
            <p class="profile-remote">
              <a href={profile.remoteUrl} rel="nofollow noopener ugc">{t("profile.remote.link")}</a>
            </p>
          )}
          {followState === "self" && (props.pendingRequests ?? 0) > 0 && (
            <p class="notice">
              <a href="/follow-requests">
                {props.pendingRequests === 1
                  ? t("profile.requests.waiting.one")
                  : t("profile.requests.waiting", { count: props.pendingRequests ?? 0 })}
              </a>
            </p>
          )}
          <FollowButton t={t} actor={profile} state={followState} csrfToken={props.csrfToken} next={props.path} />
        </div>
      </section>
      <h2 class="section-title">{profile.isGroup ? t("profile.group.posts", { name: profile.name }) : t("profile.posts")}</h2>
      {props.postsNote && <p class="hint">{props.postsNote}</p>}
      <Timeline
        t={t}
        posts={posts}
        label={profile.isGroup ? t("profile.group.posts", { name: profile.name }) : t("profile.posts.of", { name: profile.name })}
        emptyText={t("profile.empty")}
        links={links}
        headingLevel={3}
      />
    </Layout>
  );
}
