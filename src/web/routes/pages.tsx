/**
 * The stylesheet and the health check.  The buurt timeline (`/`) and
 * profiles (`/@username`) live in routes/timelines.tsx and
 * routes/profiles.tsx; single posts with their thread (`/posts/:id`) in
 * routes/posts.tsx.
 */
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import type { WebEnv } from "../env.ts";

const STYLESHEET = readFileSync(new URL("../../../views/style.css", import.meta.url), "utf8");

export interface PagesOptions {
  app: AppContext;
}

/** The stylesheet and health-check routes. */
export function pageRoutes(options: PagesOptions): Hono<WebEnv> {
  const routes = new Hono<WebEnv>();

  routes.get("/static/style.css", (c) =>
    c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }));

  routes.get("/healthz", (c) => c.text("ok"));

  return routes;
}
