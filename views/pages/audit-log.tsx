import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** One audit-log entry as a sentence. */
export interface AuditEntryView {
  id: string;
  whenIso: string;
  whenText: string;
  /** E.g. "Anna approved the sign-up of @bob", already translated. */
  text: string;
}

export interface AuditLogPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  entries: AuditEntryView[];
  olderUrl: string | null;
}

/** Approvals, rejections, role changes and reset links, newest first. */
export function AuditLogPage({ t, lang, buurt, nav, entries, olderUrl }: AuditLogPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("audit.title")} buurt={buurt} nav={nav}>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.intro")}</p>
      {entries.length === 0
        ? <p class="empty">{t("audit.empty")}</p>
        : (
          <ol class="audit-log">
            {entries.map((e) => (
              <li>
                <time datetime={e.whenIso}>{e.whenText}</time>
                <span>{e.text}</span>
              </li>
            ))}
          </ol>
        )}
      {olderUrl && (
        <nav class="pagination" aria-label={t("pagination.older")}>
          <a href={olderUrl} rel="next">{t("audit.older")}</a>
        </nav>
      )}
    </Layout>
  );
}
