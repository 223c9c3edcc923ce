/**
 * The props every page shares (language, translator, the buurt, the
 * navigation for the viewer), built once per request.
 */
import type { Context } from "hono";
import type { Repositories } from "../app/ports.ts";
import { handleOf } from "../domain/actor.ts";
import { canModerate } from "../domain/member.ts";
import type { NavInfo } from "../../views/layout.tsx";
import type { Locale, Translator } from "../../views/i18n/index.ts";
import type { WebEnv } from "./env.ts";

/** What `Layout` and every page need. */
export interface PageContext {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string; actorUrl: string; timezone: string };
  nav: NavInfo;
}

/** Path and query of the request (without `lang=`), for links that come back to this page. */
export function currentPath(c: Context<WebEnv>): string {
  const url = new URL(c.req.url);
  url.searchParams.delete("lang");
  return url.pathname + url.search;
}

/**
 * Builds the shared page props for this request.
 * @param current Which navigation item is the current page.
 * @throws {Error} When the buurt is not set up (cannot happen after start).
 */
export async function pageContext(
  c: Context<WebEnv>,
  repos: Repositories,
  current: NavInfo["current"] = null,
): Promise<PageContext> {
  const buurt = await repos.buurt.get();
  if (buurt == null) throw new Error("The buurt has not been set up");
  const viewer = c.get("viewer");
  return {
    t: c.get("t"),
    lang: c.get("lang"),
    buurt: {
      name: buurt.actor.name ?? buurt.actor.username,
      handle: handleOf(buurt.actor),
      actorUrl: buurt.actor.iri,
      timezone: buurt.timezone,
    },
    nav: {
      viewer: viewer == null ? null : {
        username: viewer.member.username,
        name: viewer.actor.name ?? viewer.member.username,
        role: viewer.member.role,
      },
      csrfToken: c.get("csrfToken"),
      current,
      unreadNotifications: viewer == null ? 0 : await repos.notifications.countUnread(viewer.actor.id),
      moderation: viewer != null && canModerate(viewer.member.role)
        ? { pending: await repos.members.countByStatus("pending") }
        : null,
      path: currentPath(c),
    },
  };
}
