import { ActorCard, type ActorView, type FollowState } from "../components/actor-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface SearchPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** What was searched for ("" before the first search). */
  query: string;
  /** The actor found on another server (or here) by handle or URL. */
  found: { actor: ActorView; state: FollowState } | null;
  /** Translated reason the handle or URL gave nothing. */
  lookupError: string | null;
  /** Members of this buurt whose name or username matches. */
  members: Array<{ actor: ActorView; state: FollowState }>;
  /** Visitors can search the buurt only. */
  canLookUp: boolean;
  csrfToken: string;
  path: string;
  notice?: string | null;
}

/** Find neighbours by name, or anyone on the fediverse by handle (`@naam@server`) or URL. */
export function SearchPage(props: SearchPageProps) {
  const { t, lang, buurt, nav, query, found, members } = props;
  const searched = query.trim() !== "";
  const nothing = searched && found == null && members.length === 0;
  return (
    <Layout t={t} lang={lang} title={searched ? t("search.title.for", { query }) : t("search.title")} buurt={buurt} nav={nav}>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <h1>{t("search.title")}</h1>
      <form method="get" action="/search" role="search" class="search-form">
        <div class="field">
          <label for="field-q">{t("search.label")}</label>
          <p class="hint" id="hint-q">{props.canLookUp ? t("search.hint") : t("search.hint.visitor")}</p>
          <div class="search-row">
            <input id="field-q" name="q" type="search" value={query} aria-describedby="hint-q" autocomplete="off" maxLength={300} />
            <button type="submit" class="button">{t("search.submit")}</button>
          </div>
        </div>
      </form>
      {searched && (
        <section aria-labelledby="results-title" class="search-results">
          <h2 id="results-title">{t("search.results")}</h2>
          {props.lookupError && <p class="error-message" role="alert">{props.lookupError}</p>}
          {found && (
            <ActorCard t={t} actor={found.actor} state={found.state} csrfToken={props.csrfToken} next={props.path} headingLevel={3} />
          )}
          {members.length > 0 && (
            <>
              <h3 class="section-title">{t("search.members", { name: buurt.name })}</h3>
              <ul class="actor-list">
                {members.map(({ actor, state }) => (
                  <li>
                    <ActorCard t={t} actor={actor} state={state} csrfToken={props.csrfToken} next={props.path} headingLevel={3} />
                  </li>
                ))}
              </ul>
            </>
          )}
          {nothing && props.lookupError == null && <p class="empty">{t("search.nothing", { query })}</p>}
        </section>
      )}
    </Layout>
  );
}
