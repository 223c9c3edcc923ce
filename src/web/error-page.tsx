/**
 * Friendly, translated error pages (400, 403, 404, 500) in the site's layout.
 */
import type { Context } from "hono";
import type { Repositories } from "../app/ports.ts";
import { chooseLocale, translator } from "../../views/i18n/index.ts";
import { ErrorPage, errorTitle, type ErrorStatus } from "../../views/pages/error.tsx";
import type { WebEnv } from "./env.ts";
import { pageContext } from "./page-context.ts";
import { renderPage } from "./render.ts";

/**
 * Answers with the error page for `status`.  When the page itself cannot be
 * built (the database is down) it falls back to a plain translated text.
 * @param message A more specific, already translated explanation.
 */
export async function errorPage(
  c: Context<WebEnv>,
  repos: Repositories,
  status: ErrorStatus,
  message?: string | null,
): Promise<Response> {
  if (typeof c.get("t") !== "function") {
    // An error raised before the locale middleware ran: pick the language here.
    const lang = chooseLocale(null, c.req.header("Accept-Language"), "nl");
    c.set("lang", lang);
    c.set("t", translator(lang));
  }
  try {
    const pc = await pageContext(c, repos);
    return c.html(renderPage(<ErrorPage {...pc} status={status} message={message ?? null} />), status);
  } catch {
    const title = errorTitle(c.get("t"), status);
    return c.text(`${title}\n\n${message ?? ""}`.trim(), status);
  }
}
