import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** A friendly error page (404 or 500) without technical detail. */
export function ErrorPage(
  { t, lang, buurt, nav, status }: {
    t: Translator;
    lang: Locale;
    buurt: { name: string; handle: string };
    nav?: NavInfo;
    status: 403 | 404 | 500;
  },
) {
  const title = status === 404 ? t("error.not.found.title") : t("error.server.title");
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <h1>{title}</h1>
      <p>{status === 404 ? t("error.not.found.text") : t("error.server.text")}</p>
    </Layout>
  );
}
