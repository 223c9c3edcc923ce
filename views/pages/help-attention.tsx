import { HelpCard, type HelpCardView } from "../components/help-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

export interface HelpAttentionPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** Open requests older than three days, oldest first, each with its age. */
  items: HelpCardView[];
}

/** For buurtverbinders and admins: requests open for more than three days. */
export function HelpAttentionPage({ t, lang, buurt, nav, items }: HelpAttentionPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("help.attention.title")} buurt={buurt} nav={nav}>
      <section class="intro">
        <h1>{t("help.attention.title")}</h1>
        <p>{t("help.attention.intro")}</p>
      </section>
      {items.length === 0
        ? <p class="empty">{t("help.attention.empty")}</p>
        : (
          <ul class="help-list">
            {items.map((item) => <li><HelpCard item={item} t={t} /></li>)}
          </ul>
        )}
    </Layout>
  );
}
