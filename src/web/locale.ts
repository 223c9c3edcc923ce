import type { Context } from "hono";
import { chooseLocale, type Locale, translator, type Translator } from "../../views/i18n/index.ts";

/** The reader's language and translator for this request (`?lang=`, then Accept-Language, then the buurt's default). */
export function requestLocale(c: Context, fallback: Locale): { lang: Locale; t: Translator } {
  const lang = chooseLocale(c.req.query("lang"), c.req.header("Accept-Language"), fallback);
  return { lang, t: translator(lang) };
}
