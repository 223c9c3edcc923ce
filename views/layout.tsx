import type { ComponentChildren } from "preact";
import type { Locale, Translator } from "./i18n/index.ts";

/** Navigation state: who is logged in, and which item is current. */
export interface NavInfo {
  viewer: { username: string; name: string; role: string } | null;
  /** For the log-out form. */
  csrfToken: string;
  current:
    | "buurt" | "home" | "notifications" | "search" | "compose" | "profile" | "admin" | "login" | "signup"
    | "settings" | "approvals" | "members" | "audit" | "help" | "help_attention" | "agenda" | null;
  unreadNotifications: number;
  /** For buurtverbinders and admins: sign-ups waiting for approval (moderation links are shown). */
  moderation?: { pending: number } | null;
  /** Path and query of this page, for the language switch to come back to. */
  path?: string;
}

/** Links to read the site in another language (sets the `buurt_lang` cookie, see src/web/routes/language.ts). */
export function LanguageSwitch({ t, lang, path }: { t: Translator; lang: Locale; path: string }) {
  const options: Array<{ code: Locale; label: string }> = [
    { code: "nl", label: "Nederlands" },
    { code: "en", label: "English" },
  ];
  return (
    <nav class="lang-switch" aria-label={t("language.label")}>
      <ul>
        {options.map((o) => (
          <li>
            {o.code === lang
              ? <span aria-current="true" lang={o.code}>{o.label}</span>
              : (
                <a href={`/lang?to=${o.code}&next=${encodeURIComponent(path)}`} lang={o.code} hreflang={o.code}>
                  {o.label}
                </a>
              )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The pages of the moderation menu group (open while on one of them). */
const MODERATION_PAGES: ReadonlyArray<NavInfo["current"]> = ["approvals", "members", "audit", "help_attention"];

export interface LayoutProps {
  t: Translator;
  lang: Locale;
  /** Page title (the buurt's name is appended). */
  title: string;
  buurt: { name: string; handle: string };
  /** ActivityPub JSON of what the page shows, linked as `rel="alternate"`. */
  alternate?: string | null;
  /** Navigation; pages rendered without it show the visitor's navigation. */
  nav?: NavInfo;
  children: ComponentChildren;
}

/** The frame of every page: skip link, header with the buurt's name, main, footer. */
export function Layout({ t, lang, title, buurt, alternate, nav, children }: LayoutProps) {
  const current = (item: NavInfo["current"]) => (nav?.current === item ? "page" : undefined);
  const viewer = nav?.viewer ?? null;
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === buurt.name ? title : `${title} · ${buurt.name}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        {alternate != null && <link rel="alternate" type="application/activity+json" href={alternate} />}
        <link rel="alternate" type="application/atom+xml" href="/feed.atom" title={t("feed.atom.link")} />
        <link rel="alternate" type="text/calendar" href="/agenda.ics" title={t("agenda.ics")} />
      </head>
      <body>
        <a class="skip-link" href="#main">{t("skip.to.content")}</a>
        <header class="site-header">
          <div class="wrap site-header-top">
            <a class="site-name" href="/">
              <svg class="site-logo" viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">
                <path d="M3 11.5 12 4l9 7.5V20a1 1 0 0 1-1 1h-5v-6h-6v6H4a1 1 0 0 1-1-1z" fill="currentColor" />
              </svg>
              <span>{buurt.name}</span>
            </a>
            <LanguageSwitch t={t} lang={lang} path={nav?.path ?? "/"} />
          </div>
          <nav class="wrap site-nav" aria-label={t("nav.label")}>
            <ul>
              <li><a href="/" aria-current={current("buurt")}>{t("nav.home")}</a></li>
              <li><a href="/hulp" aria-current={current("help")}>{t("help.nav")}</a></li>
              <li><a href="/agenda" aria-current={current("agenda")}>{t("agenda.nav")}</a></li>
              {viewer != null && (
                <>
                  <li><a href="/home" aria-current={current("home")}>{t("nav.following")}</a></li>
                  <li><a href="/compose" aria-current={current("compose")}>{t("nav.compose")}</a></li>
                  <li>
                    <a href="/notifications" aria-current={current("notifications")}>
                      {t("nav.notifications")}
                      {(nav?.unreadNotifications ?? 0) > 0 && <span class="count"> ({nav!.unreadNotifications})</span>}
                    </a>
                  </li>
                  <li><a href="/search" aria-current={current("search")}>{t("nav.search")}</a></li>
                  <li><a href={`/@${viewer.username}`} aria-current={current("profile")}>{viewer.name}</a></li>
                  {nav?.moderation != null && (
                    // The buurtverbinder's pages fold into one item (a disclosure, no JavaScript), open on those pages.
                    <li class="nav-group">
                      <details open={MODERATION_PAGES.includes(nav.current) || undefined}>
                        <summary>
                          {t("nav.moderation")}
                          {nav.moderation.pending > 0 && <span class="count"> ({nav.moderation.pending})</span>}
                        </summary>
                        <ul>
                          <li>
                            <a href="/moderation/approvals" aria-current={current("approvals")}>
                              {t("nav.approvals")}
                              {nav.moderation.pending > 0 && <span class="count"> ({nav.moderation.pending})</span>}
                            </a>
                          </li>
                          <li><a href="/moderation/members" aria-current={current("members")}>{t("nav.members")}</a></li>
                          <li><a href="/moderation/audit" aria-current={current("audit")}>{t("nav.audit")}</a></li>
                          <li>
                            <a href="/hulp/aandacht" aria-current={current("help_attention")}>{t("help.nav.attention")}</a>
                          </li>
                        </ul>
                      </details>
                    </li>
                  )}
                  <li><a href="/settings" aria-current={current("settings")}>{t("nav.settings")}</a></li>
                  <li>
                    <form method="post" action="/logout" class="inline-form">
                      <input type="hidden" name="_csrf" value={nav!.csrfToken} />
                      <button type="submit" class="link-button">{t("nav.logout")}</button>
                    </form>
                  </li>
                </>
              )}
              {viewer == null && (
                <>
                  <li><a href="/search" aria-current={current("search")}>{t("nav.search")}</a></li>
                  <li><a href="/login" aria-current={current("login")}>{t("nav.login")}</a></li>
                  <li><a href="/signup" aria-current={current("signup")}>{t("nav.signup")}</a></li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap site-main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{t("footer.text", { name: buurt.name })}</p>
            <p>{t("footer.follow", { handle: buurt.handle })}</p>
          </div>
        </footer>
      </body>
    </html>
  );
}
