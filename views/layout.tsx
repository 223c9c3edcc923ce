import type { ComponentChildren } from "preact";
import type { Locale, Translator } from "./i18n/index.ts";

export interface LayoutProps {
  t: Translator;
  lang: Locale;
  /** Page title (the buurt's name is appended). */
  title: string;
  buurt: { name: string; handle: string };
  /** ActivityPub JSON of what the page shows, linked as `rel="alternate"`. */
  alternate?: string | null;
  children: ComponentChildren;
}

/** The frame of every page: skip link, header with the buurt's name, main, footer. */
export function Layout({ t, lang, title, buurt, alternate, children }: LayoutProps) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === buurt.name ? title : `${title} · ${buurt.name}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        {alternate != null && <link rel="alternate" type="application/activity+json" href={alternate} />}
      </head>
      <body>
        <a class="skip-link" href="#main">{t("skip.to.content")}</a>
        <header class="site-header">
          <div class="wrap">
            <a class="site-name" href="/">{buurt.name}</a>
            <span class="site-handle">{buurt.handle}</span>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">{t("footer.text", { name: buurt.name })}</div>
        </footer>
      </body>
    </html>
  );
}
