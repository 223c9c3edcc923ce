import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** The status codes an error page is made for. */
export type ErrorStatus = 400 | 403 | 404 | 500;

/** The translated title of an error page ("Niet gevonden" …). */
export function errorTitle(t: Translator, status: ErrorStatus): string {
  return status === 404
    ? t("error.not.found.title")
    : status === 403
    ? t("error.forbidden.title")
    : status === 400
    ? t("error.bad.request.title")
    : t("error.server.title");
}

/** A friendly, translated error page (400, 403, 404 or 500) without technical detail. */
export function ErrorPage(
  { t, lang, buurt, nav, status, message }: {
    t: Translator;
    lang: Locale;
    buurt: { name: string; handle: string };
    nav?: NavInfo;
    status: ErrorStatus;
    /** A more specific explanation (already translated), e.g. why a form was refused. */
    message?: string | null;
  },
) {
  const title = errorTitle(t, status);
  const text = status === 404
    ? t("error.not.found.text")
    : status === 403
    ? t("error.forbidden.text")
    : status === 400
    ? t("error.bad.request.text")
    : t("error.server.text");
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav}>
      <section class="error-page" aria-labelledby="page-title">
        <p class="error-code" aria-hidden="true">{status}</p>
        <h1 id="page-title">{title}</h1>
        {message && <p>{message}</p>}
        <p>{text}</p>
        <p><a class="button" href="/">{t("error.home")}</a></p>
      </section>
    </Layout>
  );
}
