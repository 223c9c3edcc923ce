/**
 * The member's notifications (`/notifications`): newest first, cursor
 * paging; opening the page marks them read, so the count in the navigation
 * goes back to zero.
 */
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import { readNotifications } from "../../app/notifications.ts";
import { displayNameOf } from "../../domain/actor.ts";
import type { NotificationView } from "../../../views/pages/notifications.tsx";
import { NotificationsPage } from "../../../views/pages/notifications.tsx";
import type { WebEnv } from "../env.ts";
import { pageContext } from "../page-context.ts";
import { formatWhen, profilePath } from "../presenters.ts";
import { cursorOf, pageLinks, redirectToLogin } from "../reading.ts";
import { renderPage } from "../render.ts";
import { plainText } from "../sanitize.ts";

/** Notifications per page. */
export const NOTIFICATIONS_PAGE_SIZE = 30;

/** Longest post excerpt shown with a notification, in characters. */
const EXCERPT_LENGTH = 140;

/** Where a kind of notification can be acted on (paths of the accounts and reading routes). */
const ACTION_PATHS: Partial<Record<string, string>> = {
  follow_request: "/follow-requests",
  signup_pending: "/moderation/approvals",
};

/** Where a notification's post is shown: events on their own page, everything else in its thread. */
function postPath(post: { id: string; type: string }): string {
  return post.type === "Event" ? `/events/${encodeURIComponent(post.id)}` : `/posts/${encodeURIComponent(post.id)}`;
}

/** Where to act on a notification: a fixed page per kind, or the help item it is about. */
function actionPath(type: string, subjectId: string | null): string | null {
  if (type === "help_response" && subjectId != null) return `/hulp/${encodeURIComponent(subjectId)}`;
  return ACTION_PATHS[type] ?? null;
}

function excerpt(html: string | null, name: string | null): string {
  const text = plainText(html) ?? plainText(name) ?? "";
  const chars = [...text];
  return chars.length > EXCERPT_LENGTH ? `${chars.slice(0, EXCERPT_LENGTH - 1).join("")}…` : text;
}

/** The notification routes. */
export function notificationRoutes(options: { app: AppContext }): Hono<WebEnv> {
  const { app } = options;
  const routes = new Hono<WebEnv>();

  routes.get("/notifications", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    // Read (and mark read) first, so the navigation's count is already zero.
    const page = await readNotifications(app, {
      actorId: viewer.actor.id,
      page: { limit: NOTIFICATIONS_PAGE_SIZE, cursor: cursorOf(c) },
    });
    const pc = await pageContext(c, app.repos, "notifications");
    const now = new Date();
    const items: NotificationView[] = page.items.map(({ notification: n, from, post }) => ({
      id: n.id,
      kind: n.type,
      unread: n.readAt == null,
      // A newcomer waiting for approval has no public profile yet: their name leads to the queue.
      actor: from == null ? null : {
        name: displayNameOf(from),
        url: n.type === "signup_pending" ? ACTION_PATHS.signup_pending! : profilePath(from),
      },
      createdIso: n.createdAt,
      createdText: formatWhen(n.createdAt, { locale: pc.lang, timeZone: pc.buurt.timezone, t: pc.t, now }),
      post: post == null ? null : { url: postPath(post), excerpt: excerpt(post.type === "Event" ? null : post.contentHtml, post.name) },
      actionUrl: actionPath(n.type, n.subjectId),
    }));
    return c.html(renderPage(<NotificationsPage {...pc} items={items} links={pageLinks(c, page.nextCursor)} />));
  });

  return routes;
}
