/**
 * Shared helpers of the reading pages (timelines, profiles, search):
 * presenting posts with their authors' badges, the viewer's follow state,
 * page links, safe "come back to" paths and short notices.
 */
import type { Context } from "hono";
import type { PostWithAuthor, Repositories, TimelineEntry } from "../app/ports.ts";
import type { Actor } from "../domain/actor.ts";
import { displayNameOf } from "../domain/actor.ts";
import type { Member } from "../domain/member.ts";
import type { FollowState } from "../../views/components/actor-card.tsx";
import type { PostView } from "../../views/components/post-card.tsx";
import type { PageLinks } from "../../views/components/timeline.tsx";
import type { Locale, Translator } from "../../views/i18n/index.ts";
import type { Viewer, WebEnv } from "./env.ts";
import { currentPath } from "./page-context.ts";
import { presentPost } from "./presenters.ts";

/**
 * The badge a member carries on posts and the profile: a professional's
 * function and organisation ("Wijkagent · Gemeente"), or the buurtverbinder
 * role; residents and admins carry none.
 */
export function roleBadge(t: Translator, member: Pick<Member, "role" | "organisation" | "jobTitle">): string | null {
  if (member.role === "professional") {
    const detail = [member.jobTitle, member.organisation].filter((s) => s != null && s.trim() !== "").join(" · ");
    return detail === "" ? t("profile.role.professional") : detail;
  }
  if (member.role === "buurtverbinder") return t("profile.role.buurtverbinder");
  return null;
}

/** Looks up (once per author per request) the badge of local authors. */
export function badgeLookup(repos: Repositories, t: Translator): (actor: Actor) => Promise<string | null> {
  const cache = new Map<string, Promise<string | null>>();
  return (actor) => {
    if (!actor.local) return Promise.resolve(null);
    let badge = cache.get(actor.id);
    if (badge == null) {
      badge = repos.members.findByActorId(actor.id).then((m) => (m == null ? null : roleBadge(t, m)));
      cache.set(actor.id, badge);
    }
    return badge;
  };
}

/** What presenting a list of posts needs. */
export interface PresentOptions {
  repos: Repositories;
  t: Translator;
  lang: Locale;
  timeZone: string;
}

/**
 * Presents posts (or timeline entries, with who shared them) for a timeline.
 * @param sharedBy For plain posts: who to show as having shared a post
 *   (e.g. the buurt group for remote posts it announced), or `null`.
 */
export async function presentEntries(
  entries: Array<PostWithAuthor | TimelineEntry>,
  options: PresentOptions,
  sharedBy?: (entry: PostWithAuthor) => Actor | null,
): Promise<PostView[]> {
  const badgeOf = badgeLookup(options.repos, options.t);
  const now = new Date();
  const views: PostView[] = [];
  for (const entry of entries) {
    const boostedBy = "announcedBy" in entry ? entry.announcedBy : sharedBy?.(entry) ?? null;
    views.push(presentPost(entry.post, entry.author, {
      locale: options.lang,
      timeZone: options.timeZone,
      badge: await badgeOf(entry.author),
      boostedBy,
      t: options.t,
      now,
    }));
  }
  return views;
}

/** Links to the older page (from the repository's cursor) and back to the first page. */
export function pageLinks(c: Context<WebEnv>, nextCursor: string | null): PageLinks {
  const path = new URL(c.req.url).pathname;
  const here = new URL(c.req.url);
  const onFirstPage = here.searchParams.get("cursor") == null;
  let olderUrl: string | null = null;
  if (nextCursor != null) {
    const next = new URLSearchParams(here.search);
    next.delete("cursor");
    next.delete("notice");
    next.delete("who");
    next.delete("lang");
    next.set("cursor", nextCursor);
    olderUrl = `${path}?${next.toString()}`;
  }
  return { olderUrl, newestUrl: onFirstPage ? null : path };
}

/** The cursor of the requested page: a short opaque string, or `null`. */
export function cursorOf(c: Context<WebEnv>): string | null {
  const cursor = c.req.query("cursor");
  return cursor == null || cursor === "" || cursor.length > 200 ? null : cursor;
}

/** The viewer's relation to `actor` (see `FollowState`). */
export async function followStateOf(repos: Repositories, viewer: Viewer | null, actor: Actor): Promise<FollowState> {
  if (viewer == null) return null;
  if (viewer.actor.id === actor.id) return "self";
  const follow = await repos.follows.findByPair(viewer.actor.id, actor.id);
  return follow == null ? "none" : follow.status === "accepted" ? "accepted" : "pending";
}

/**
 * A path on this site to come back to after a form: must start with one
 * `/` (no `//host` or `/\host`, which browsers read as another site).
 */
export function safeNextPath(value: string | null | undefined, fallback = "/"): string {
  if (value == null || value === "" || value.length > 2000) return fallback;
  if (!value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  if (/[\u0000-\u001f]/.test(value)) return fallback;
  return value;
}

/** Redirects a visitor to the log-in page, coming back here afterwards. */
export function redirectToLogin(c: Context<WebEnv>): Response {
  return c.redirect(`/login?next=${encodeURIComponent(currentPath(c))}`, 303);
}

/** Short confirmations shown after a form (post/redirect/get), by `?notice=` code. */
export const NOTICES = ["followed", "requested", "unfollowed", "accepted", "rejected", "gone"] as const;
export type NoticeCode = typeof NOTICES[number];

/** `path` with `notice` (and the actor it is about) added to its query. */
export function withNotice(path: string, notice: NoticeCode, who?: string | null): string {
  const url = new URL(path, "http://x");
  for (const key of ["notice", "who", "cursor"]) url.searchParams.delete(key);
  url.searchParams.set("notice", notice);
  if (who != null) url.searchParams.set("who", who);
  return url.pathname + url.search;
}

/** The translated notice of this request's `?notice=`, naming the actor of `?who=` when known. */
export async function noticeOf(c: Context<WebEnv>, repos: Repositories): Promise<string | null> {
  const code = c.req.query("notice");
  if (code == null || !(NOTICES as readonly string[]).includes(code)) return null;
  const t = c.get("t");
  const whoId = c.req.query("who");
  const who = whoId == null || whoId.length > 100 ? null : await repos.actors.findById(whoId);
  const name = who == null ? t("notice.someone") : displayNameOf(who);
  switch (code as NoticeCode) {
    case "followed":
      return t("notice.followed", { name });
    case "requested":
      return t("notice.requested", { name });
    case "unfollowed":
      return t("notice.unfollowed", { name });
    case "accepted":
      return t("notice.accepted", { name });
    case "rejected":
      return t("notice.rejected", { name });
    case "gone":
      return t("notice.gone");
  }
}
