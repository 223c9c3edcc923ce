/**
 * The language switch on every page: `GET /lang?to=en&next=/path` remembers
 * the choice in the `buurt_lang` cookie (and, for a logged-in member, in
 * their settings) and goes back to the page.  A link, not a form, so it
 * works everywhere without JavaScript and needs no CSRF token: the worst a
 * forged link can do is switch the language.
 */
import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppContext } from "../../app/context.ts";
import { chooseLanguage } from "../../app/preferences.ts";
import type { WebEnv } from "../env.ts";
import { LANG_COOKIE } from "../locale.ts";
import { safeNextPath } from "../reading.ts";

/** One year, in seconds. */
const COOKIE_MAX_AGE = 365 * 24 * 60 * 60;

/** The language switch route. */
export function languageRoutes(options: { app: AppContext; secure: boolean }): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();
  routes.get("/lang", async (c) => {
    const to = c.req.query("to");
    const next = safeNextPath(c.req.query("next"));
    if (to !== "nl" && to !== "en") return c.redirect(next, 303);
    setCookie(c, LANG_COOKIE, to, {
      path: "/",
      httpOnly: true,
      secure: options.secure,
      sameSite: "Lax",
      maxAge: COOKIE_MAX_AGE,
    });
    const viewer = c.get("viewer");
    if (viewer != null) await chooseLanguage(options.app, { member: viewer.member, locale: to });
    return c.redirect(next, 303);
  });
  return routes;
}
