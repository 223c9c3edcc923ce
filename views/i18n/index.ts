/**
 * Message catalogues.  Every UI string lives here, keyed; views get a
 * `Translator` and never hold literal UI text.
 */
import { en } from "./en.ts";
import { nl } from "./nl.ts";

export type MessageKey = keyof typeof nl;
export type Messages = { readonly [K in MessageKey]: string };
export type Locale = "nl" | "en";

const catalogues: Record<Locale, Messages> = { nl, en };

/** Translates a key, filling `{name}` placeholders from `values`. */
export type Translator = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator for one locale. */
export function translator(locale: Locale): Translator {
  const messages = catalogues[locale];
  return (key, values) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      values != null && name in values ? String(values[name]) : whole);
}

/**
 * Picks the UI language: an explicit choice, else the best match of the
 * `Accept-Language` header (RFC 9110 §12.5.4), else the buurt's default.
 */
export function chooseLocale(explicit: string | null | undefined, acceptLanguage: string | null | undefined, fallback: Locale): Locale {
  if (explicit === "nl" || explicit === "en") return explicit;
  if (acceptLanguage) {
    const ranked = acceptLanguage.split(",").map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: (tag ?? "").toLowerCase(), q: q == null ? 1 : Number(q.slice(2)) || 0 };
    }).filter((r) => r.q > 0).sort((a, b) => b.q - a.q);
    for (const { tag } of ranked) {
      const base = tag.split("-")[0];
      if (base === "nl" || base === "en") return base;
    }
  }
  return fallback;
}
