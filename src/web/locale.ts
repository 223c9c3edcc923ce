import type { MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { chooseLocale, type Locale, translator } from "../../views/i18n/index.ts";
import type { WebEnv } from "./env.ts";

/** Name of the cookie that remembers a visitor's language choice. */
export const LANG_COOKIE = "buurt_lang";

/**
 * Sets `lang` and `t` for the request: `?lang=`, else the member's setting,
 * else the visitor's language cookie, else `Accept-Language`, else the
 * buurt's default.  Must run after the session middleware.
 */
export function localeMiddleware(fallback: Locale): MiddlewareHandler<WebEnv> {
  return async (c, next) => {
    const explicit = c.req.query("lang") ?? c.get("viewer")?.member.locale ?? getCookie(c, LANG_COOKIE) ?? null;
    const lang = chooseLocale(explicit, c.req.header("Accept-Language"), fallback);
    c.set("lang", lang);
    c.set("t", translator(lang));
    await next();
  };
}
