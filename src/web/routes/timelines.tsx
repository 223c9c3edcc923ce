/**
 * The two timelines: the buurt timeline at `/` (what members post and what
 * the buurt group shares; visitors see public posts, members also the
 * buurt-only ones) and the home timeline at `/home` (whom the member
 * follows, here and elsewhere, and what they share).  Cursor paging:
 * `?cursor=` from the previous page's "older posts" link.
 */
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import type { PostWithAuthor, TimelineEntry } from "../../app/ports.ts";
import { loadInteractions } from "../../app/threads.ts";
import { listedVisibilities } from "../../domain/post.ts";
import type { PostActionsView } from "../../../views/components/post-actions.tsx";
import { ComposeForm, NEW_POST } from "../../../views/components/compose-form.tsx";
import { FollowingTimelinePage } from "../../../views/pages/following.tsx";
import type { Translator } from "../../../views/i18n/index.ts";
import { HomePage } from "../../../views/pages/home.tsx";
import type { Viewer, WebEnv } from "../env.ts";
import { pageContext } from "../page-context.ts";
import { presentPostActions } from "../post-actions.ts";
import { postNoticeText } from "../post-notices.ts";
import { cursorOf, pageLinks, presentEntries, redirectToLogin } from "../reading.ts";
import { renderPage } from "../render.ts";

/** Posts per timeline page. */
export const TIMELINE_PAGE_SIZE = 20;

/** The timeline routes. */
export function timelineRoutes(options: { app: AppContext }): Hono<WebEnv> {
  const { app } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  /** The counts and buttons under each post of a page, as on the post's own page. */
  async function actionsOf(
    entries: Array<PostWithAuthor | TimelineEntry>,
    viewer: Viewer | null,
    t: Translator,
  ): Promise<Record<string, PostActionsView>> {
    const counts = await loadInteractions(app, entries.map((e) => e.post), viewer?.actor ?? null);
    const actions: Record<string, PostActionsView> = {};
    for (const { post, author } of entries) {
      actions[post.id] = presentPostActions(post, author, counts.get(post.id)!, viewer, t);
    }
    return actions;
  }

  routes.get("/", async (c) => {
    const pc = await pageContext(c, repos, "buurt");
    const buurt = await repos.buurt.get();
    const viewer = c.get("viewer");
    const page = await repos.posts.listBuurtTimeline(buurt!.actor.id, listedVisibilities(viewer != null), {
      limit: TIMELINE_PAGE_SIZE,
      cursor: cursorOf(c),
    });
    const posts = await presentEntries(
      page.items,
      { repos, t: pc.t, lang: pc.lang, timeZone: pc.buurt.timezone },
      // A remote post is here because the buurt group shared it.
      (entry) => (entry.post.local ? null : buurt!.actor),
    );
    const compose = viewer == null ? undefined : <ComposeForm t={pc.t} csrfToken={c.get("csrfToken")} values={NEW_POST} compact />;
    return c.html(renderPage(
      <HomePage
        {...pc}
        posts={posts}
        links={pageLinks(c, page.nextCursor)}
        compose={compose}
        actions={await actionsOf(page.items, viewer, pc.t)}
        csrfToken={viewer == null ? null : c.get("csrfToken")}
        notice={postNoticeText(pc.t, c.req.query("notice"))}
      />,
    ));
  });

  routes.get("/home", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const pc = await pageContext(c, repos, "home");
    const page = await repos.posts.listHomeTimeline(viewer.actor.id, { limit: TIMELINE_PAGE_SIZE, cursor: cursorOf(c) });
    const posts = await presentEntries(page.items, { repos, t: pc.t, lang: pc.lang, timeZone: pc.buurt.timezone });
    const compose = <ComposeForm t={pc.t} csrfToken={c.get("csrfToken")} values={NEW_POST} compact />;
    return c.html(renderPage(
      <FollowingTimelinePage
        {...pc}
        posts={posts}
        links={pageLinks(c, page.nextCursor)}
        compose={compose}
        actions={await actionsOf(page.items, viewer, pc.t)}
        csrfToken={c.get("csrfToken")}
        notice={postNoticeText(pc.t, c.req.query("notice"))}
      />,
    ));
  });

  return routes;
}
