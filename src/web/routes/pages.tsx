/**
 * Public pages: the stylesheet, the health check and single posts.
 * Server-rendered, no JavaScript needed.
 */
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import type { Translator } from "../../../views/i18n/index.ts";
import { ErrorPage } from "../../../views/pages/error.tsx";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page-context.ts";
import { presentPost } from "../presenters.ts";
import { renderPage } from "../render.ts";
import { roleBadge } from "../reading.ts";

const STYLESHEET = readFileSync(new URL("../../../views/style.css", import.meta.url), "utf8");

export interface PagesOptions {
  app: AppContext;
}

/** The public page routes. */
export function pageRoutes(options: PagesOptions): Hono<WebEnv> {
  const { repos } = options.app;
  const routes = new Hono<WebEnv>();

  async function badgeFor(t: Translator, actorId: string): Promise<string | null> {
    const member = await repos.members.findByActorId(actorId);
    return member == null ? null : roleBadge(t, member);
  }

  routes.get("/static/style.css", (c) =>
    c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }));

  routes.get("/healthz", (c) => c.text("ok"));

  // The buurt timeline (`/`) and profiles (`/@username`) live in
  // routes/timelines.tsx and routes/profiles.tsx; single posts with their
  // thread (`/posts/:id`) in routes/posts.tsx.

  return routes;
}
