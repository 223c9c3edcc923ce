import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** The confirmation after a post was deleted. */
export function PostDeletedPage(
  { t, lang, buurt, nav }: { t: Translator; lang: Locale; buurt: { name: string; handle: string }; nav?: NavInfo },
) {
  return (
    <Layout t={t} lang={lang} title={t("notice.deleted")} buurt={buurt} nav={nav}>
      <h1>{t("delete.title")}</h1>
      <p class="notice" role="status">{t("notice.deleted")}</p>
      <p>
        <a class="button" href="/">{t("error.home")}</a>{" "}
        {nav?.viewer != null && <a class="button button-secondary" href={`/@${nav.viewer.username}`}>{nav.viewer.name}</a>}
      </p>
    </Layout>
  );
}
