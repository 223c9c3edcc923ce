import { type ActorView, Avatar } from "../components/actor-card.tsx";
import { CsrfField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface FollowRequestsPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  requests: Array<{ followId: string; actor: ActorView; requestedText: string; requestedIso: string }>;
  csrfToken: string;
  notice?: string | null;
}

/** Follow requests waiting for a member who approves followers by hand: accept or decline each. */
export function FollowRequestsPage({ t, lang, buurt, nav, requests, csrfToken, notice }: FollowRequestsPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("requests.title")} buurt={buurt} nav={nav}>
      {notice && <p class="notice" role="status">{notice}</p>}
      <h1>{t("requests.title")}</h1>
      <p class="intro">{t("requests.intro")}</p>
      {requests.length === 0
        ? <p class="empty">{t("requests.empty")}</p>
        : (
          <ul class="actor-list">
            {requests.map(({ followId, actor, requestedText, requestedIso }) => (
              <li>
                <article class="actor-card">
                  <Avatar name={actor.name} src={actor.avatar} />
                  <div class="actor-card-body">
                    <h2 class="actor-card-name"><a href={actor.url}>{actor.name}</a></h2>
                    <p class="handle">{actor.handle}</p>
                    <p class="hint">
                      {t("requests.when")} <time datetime={requestedIso}>{requestedText}</time>
                    </p>
                  </div>
                  <div class="request-actions">
                    <form method="post" action={`/follow-requests/${encodeURIComponent(followId)}/accept`}>
                      <CsrfField token={csrfToken} />
                      <button type="submit" class="button">{t("requests.accept", { name: actor.name })}</button>
                    </form>
                    <form method="post" action={`/follow-requests/${encodeURIComponent(followId)}/reject`}>
                      <CsrfField token={csrfToken} />
                      <button type="submit" class="button button-secondary">{t("requests.reject", { name: actor.name })}</button>
                    </form>
                  </div>
                </article>
              </li>
            ))}
          </ul>
        )}
    </Layout>
  );
}
