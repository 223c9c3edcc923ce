import { HelpCard, type HelpCardView } from "../components/help-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** A choice in one of the board's filters. */
export interface FilterOption {
  value: string;
  label: string;
}

export interface HelpBoardPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** Whether the viewer is logged in (may post). */
  member: boolean;
  /** The filters as chosen (`""` = all). */
  filter: { kind: string; category: string; status: string };
  kinds: FilterOption[];
  categories: FilterOption[];
  statuses: FilterOption[];
  items: HelpCardView[];
  /** Link to the next (older) page, filters kept. */
  olderUrl: string | null;
  notice?: string | null;
}

function Filter({ name, label, value, options }: { name: string; label: string; value: string; options: FilterOption[] }) {
  return (
    <div class="field help-filter">
      <label for={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name}>
        {options.map((o) => <option value={o.value} selected={o.value === value}>{o.label}</option>)}
      </select>
    </div>
  );
}

/**
 * The help board: what neighbours ask and offer, filtered by kind,
 * category and status (a plain GET form, no JavaScript), newest first.
 */
export function HelpBoardPage(props: HelpBoardPageProps) {
  const { t, lang, buurt, nav, member, filter, items, olderUrl } = props;
  return (
    <Layout t={t} lang={lang} title={t("help.board.title")} buurt={buurt} nav={nav}>
      <section class="intro help-intro">
        <h1>{t("help.board.title")}</h1>
        <p>{t("help.board.intro")}</p>
        {member
          ? <p><a class="button" href="/hulp/nieuw">{t("help.board.new")}</a></p>
          : <p class="hint"><a href="/login?next=%2Fhulp">{t("help.board.login")}</a></p>}
      </section>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <form method="get" action="/hulp" class="help-filters">
        <fieldset>
          <legend>{t("help.filter.legend")}</legend>
          <div class="help-filter-row">
            <Filter name="kind" label={t("help.filter.kind")} value={filter.kind} options={props.kinds} />
            <Filter name="category" label={t("help.filter.category")} value={filter.category} options={props.categories} />
            <Filter name="status" label={t("help.filter.status")} value={filter.status} options={props.statuses} />
            <button type="submit" class="button button-secondary">{t("help.filter.submit")}</button>
          </div>
        </fieldset>
      </form>
      <h2 class="visually-hidden">{t("help.board.results")}</h2>
      {items.length === 0
        ? <p class="empty">{t("help.board.empty")}</p>
        : (
          <ul class="help-list">
            {items.map((item) => <li><HelpCard item={item} t={t} headingLevel={3} /></li>)}
          </ul>
        )}
      {olderUrl && (
        <nav class="pagination" aria-label={t("help.board.older")}>
          <a href={olderUrl} rel="next">{t("help.board.older")}</a>
        </nav>
      )}
    </Layout>
  );
}
