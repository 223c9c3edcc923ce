import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface ProfilePageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  profile: {
    name: string;
    handle: string;
    actorUrl: string;
    avatar: string | null;
    /** Sanitised HTML. */
    summaryHtml: string | null;
    badge: string | null;
    fields: Array<{ name: string; valueHtml: string }>;
    followers: number;
    following: number;
  };
  posts: PostView[];
  olderUrl: string | null;
}

/** A member's (or the buurt group's) public profile. */
export function ProfilePage({ t, lang, buurt, nav, profile, posts, olderUrl }: ProfilePageProps) {
  return (
    <Layout t={t} lang={lang} title={profile.name} buurt={buurt} nav={nav} alternate={profile.actorUrl}>
      <section class="profile">
        {profile.avatar
          ? <img class="avatar avatar-large" src={profile.avatar} alt="" width={88} height={88} />
          : <span class="avatar avatar-large avatar-placeholder" aria-hidden="true">{profile.name.slice(0, 1).toUpperCase()}</span>}
        <div>
          <h1>{profile.name}</h1>
          <p class="post-handle">{profile.handle}</p>
          {profile.badge && <p><span class="badge">{profile.badge}</span></p>}
          {profile.summaryHtml && <div class="profile-summary" dangerouslySetInnerHTML={{ __html: profile.summaryHtml }} />}
          {profile.fields.length > 0 && (
            <dl class="profile-fields">
              {profile.fields.map((f) => (
                <>
                  <dt>{f.name}</dt>
                  <dd dangerouslySetInnerHTML={{ __html: f.valueHtml }} />
                </>
              ))}
            </dl>
          )}
          <p class="profile-counts">
            {t("profile.followers", { count: profile.followers })} · {t("profile.following", { count: profile.following })}
          </p>
        </div>
      </section>
      <h2>{t("profile.posts")}</h2>
      {posts.length === 0
        ? <p class="empty">{t("profile.empty")}</p>
        : <div class="timeline">{posts.map((p) => <PostCard post={p} t={t} headingLevel={3} />)}</div>}
      {olderUrl && (
        <nav class="pagination" aria-label={t("pagination.older")}>
          <a href={olderUrl} rel="next">{t("pagination.older")}</a>
        </nav>
      )}
    </Layout>
  );
}
