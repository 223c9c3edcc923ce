/**
 * Public pages: the home page with the buurt's latest public posts, member
 * profiles and single posts.  Server-rendered, no JavaScript needed.
 */
import { readFileSync } from "node:fs";
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import { handleOf } from "../../domain/actor.ts";
import type { Role } from "../../domain/member.ts";
import type { Translator } from "../../../views/i18n/index.ts";
import { ErrorPage } from "../../../views/pages/error.tsx";
import { HomePage } from "../../../views/pages/home.tsx";
import { ProfilePage } from "../../../views/pages/profile.tsx";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page-context.ts";
import { presentPost } from "../presenters.ts";
import { renderPage } from "../render.ts";
import { sanitizeHtml } from "../sanitize.ts";

const STYLESHEET = readFileSync(new URL("../../../views/style.css", import.meta.url), "utf8");

export interface PagesOptions {
  app: AppContext;
}

function roleBadge(t: Translator, role: Role, organisation: string | null, jobTitle: string | null): string | null {
  if (role === "professional") {
    const detail = [jobTitle, organisation].filter(Boolean).join(" · ");
    return detail === "" ? t("profile.role.professional") : detail;
  }
  if (role === "buurtverbinder") return t("profile.role.buurtverbinder");
  return null;
}

/** The public page routes. */
export function pageRoutes(options: PagesOptions): Hono<WebEnv> {
  const { repos } = options.app;
  const routes = new Hono<WebEnv>();

  async function badgeFor(t: Translator, actorId: string): Promise<string | null> {
    const member = await repos.members.findByActorId(actorId);
    return member == null ? null : roleBadge(t, member.role, member.organisation, member.jobTitle);
  }

  routes.get("/static/style.css", (c) =>
    c.body(STYLESHEET, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }));

  routes.get("/healthz", (c) => c.text("ok"));

  routes.get("/", async (c) => {
    const pc = await pageContext(c, repos, "buurt");
    const { lang, t, buurt } = pc;
    const page = await repos.posts.listLocalPublic({ limit: 20, cursor: c.req.query("cursor") ?? null });
    const posts = [];
    for (const { post, author } of page.items) {
      posts.push(presentPost(post, author, { locale: lang, timeZone: buurt.timezone, badge: await badgeFor(t, author.id) }));
    }
    return c.html(renderPage(
      <HomePage
        {...pc}
        posts={posts}
        olderUrl={page.nextCursor == null ? null : `/?cursor=${encodeURIComponent(page.nextCursor)}`}
      />,
    ));
  });

  routes.get("/users/:username", (c) => c.redirect(`/@${encodeURIComponent(c.req.param("username"))}`, 301));

  routes.get("/:handle{@[a-z0-9_]+}", async (c) => {
    const pc = await pageContext(c, repos, "profile");
    const { lang, t, buurt } = pc;
    const username = c.req.param("handle").slice(1);
    const actor = await repos.actors.findLocalByUsername(username);
    const member = actor == null ? null : await repos.members.findByActorId(actor.id);
    if (actor == null || (actor.type === "Person" && member?.status !== "active")) {
      return c.html(renderPage(<ErrorPage {...pc} status={404} />), 404);
    }
    const isGroup = actor.type === "Group";
    const page = isGroup
      ? await repos.posts.listLocalPublic({ limit: 20, cursor: c.req.query("cursor") ?? null })
      : await repos.posts.listByActor(actor.id, ["public"], { limit: 20, cursor: c.req.query("cursor") ?? null });
    const badge = member == null ? null : roleBadge(t, member.role, member.organisation, member.jobTitle);
    const posts = [];
    for (const { post, author } of page.items) {
      posts.push(presentPost(post, author, { locale: lang, timeZone: buurt.timezone, badge: await badgeFor(t, author.id) }));
    }
    return c.html(renderPage(
      <ProfilePage
        {...pc}
        profile={{
          name: actor.name ?? actor.username,
          handle: handleOf(actor),
          actorUrl: actor.iri,
          avatar: actor.iconUrl,
          summaryHtml: actor.summary == null ? null : sanitizeHtml(actor.summary),
          badge,
          fields: actor.fields.map((f) => ({ name: f.name, valueHtml: sanitizeHtml(f.value) })),
          followers: await repos.follows.countFollowers(actor.id),
          following: await repos.follows.countFollowing(actor.id),
        }}
        posts={posts}
        olderUrl={page.nextCursor == null ? null : `?cursor=${encodeURIComponent(page.nextCursor)}`}
      />,
    ));
  });

  // Single posts with their thread (`/posts/:id`) live in routes/posts.tsx.

  return routes;
}
