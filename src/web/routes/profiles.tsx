/**
 * Profiles and following: member and group profiles (`/@username`), their
 * followers and following lists, remote profiles (`/@user@host`, or
 * `/actors/<id>` for any stored actor), follow and unfollow forms, and the
 * page where a member who approves followers by hand answers requests.
 * Every form is a POST that redirects back (post/redirect/get).
 */
import { Hono } from "hono";
import type { Context } from "hono";
import type { AppContext } from "../../app/context.ts";
import { answerFollowRequest, followActor, unfollowActor } from "../../app/follows.ts";
import type { Page, PostWithAuthor, RemoteLookup, TimelineEntry } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import type { Visibility } from "../../domain/post.ts";
import { FollowListPage } from "../../../views/pages/follow-list.tsx";
import { FollowRequestsPage } from "../../../views/pages/follow-requests.tsx";
import { ProfilePage } from "../../../views/pages/profile.tsx";
import type { WebEnv } from "../env.ts";
import { errorPage } from "../error-page.tsx";
import { currentPath, pageContext } from "../page-context.ts";
import { formatWhen, presentActor, profilePath } from "../presenters.ts";
import {
  badgeLookup,
  cursorOf,
  followStateOf,
  noticeOf,
  pageLinks,
  presentEntries,
  redirectToLogin,
  safeNextPath,
  withNotice,
} from "../reading.ts";
import { renderPage } from "../render.ts";

/** Posts per profile page, and actors per followers/following page. */
const PAGE_SIZE = 20;
/** How long a remote profile page waits for the actor's outbox before showing what is stored. */
const OUTBOX_WAIT_MS = 8_000;

/** Resolves to `null` when `promise` takes longer than `ms` (it keeps running). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The profile, list and follow routes. */
export function profileRoutes(options: { app: AppContext; lookup: RemoteLookup }): Hono<WebEnv> {
  const { app, lookup } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  /** A local actor that may be shown: the buurt group, or an active member. */
  async function localProfileActor(username: string): Promise<Actor | null> {
    const actor = await repos.actors.findLocalByUsername(username);
    if (actor == null) return null;
    if (actor.type === "Group") return actor;
    const member = await repos.members.findByActorId(actor.id);
    return member?.status === "active" ? actor : null;
  }

  /** Which of a member's posts the viewer may read on their profile. */
  async function visibleTo(c: Context<WebEnv>, actor: Actor): Promise<Visibility[]> {
    const viewer = c.get("viewer");
    if (viewer == null) return ["public", "unlisted"];
    if (viewer.actor.id === actor.id) return ["public", "unlisted", "followers", "buurt"];
    const follow = await repos.follows.findByPair(viewer.actor.id, actor.id);
    return follow?.status === "accepted" ? ["public", "unlisted", "followers", "buurt"] : ["public", "unlisted", "buurt"];
  }

  async function renderProfile(c: Context<WebEnv>, actor: Actor): Promise<Response> {
    const pc = await pageContext(c, repos, c.get("viewer")?.actor.id === actor.id ? "profile" : null);
    const viewer = c.get("viewer");
    const present = { repos, t: pc.t, lang: pc.lang, timeZone: pc.buurt.timezone };
    const followState = await followStateOf(repos, viewer, actor);
    const cursor = cursorOf(c);
    let entries: Array<PostWithAuthor | TimelineEntry> = [];
    let nextCursor: string | null = null;
    let postsNote: string | null = null;
    let sharedBy: ((e: PostWithAuthor) => Actor | null) | undefined;

    if (actor.local) {
      let page: Page<PostWithAuthor>;
      if (actor.type === "Group") {
        page = await repos.posts.listBuurtTimeline(actor.id, ["public"], { limit: PAGE_SIZE, cursor });
        sharedBy = (e) => (e.post.local ? null : actor);
      } else {
        page = await repos.posts.listByActor(actor.id, await visibleTo(c, actor), { limit: PAGE_SIZE, cursor });
      }
      entries = page.items;
      nextCursor = page.nextCursor;
    } else {
      // Logged-in members read the actor's outbox (signed); visitors and
      // older pages see what this buurt has stored.
      const fetched = viewer != null && cursor == null ? await within(lookup.recentPosts(actor, PAGE_SIZE), OUTBOX_WAIT_MS) : null;
      if (fetched?.ok) {
        entries = fetched.value;
        postsNote = pc.t("profile.remote.recent");
      } else {
        const page = await repos.posts.listByActor(actor.id, ["public", "unlisted"], { limit: PAGE_SIZE, cursor });
        entries = page.items;
        nextCursor = page.nextCursor;
        postsNote = viewer != null && cursor == null ? pc.t("profile.remote.unreachable") : pc.t("profile.remote.stored");
      }
    }

    const self = followState === "self";
    return c.html(renderPage(
      <ProfilePage
        {...pc}
        profile={presentActor(actor, { badge: await badgeLookup(repos, pc.t)(actor) })}
        iri={actor.iri}
        followState={followState}
        csrfToken={c.get("csrfToken")}
        path={profilePath(actor)}
        counts={actor.local
          ? {
            followers: await repos.follows.countFollowers(actor.id),
            following: await repos.follows.countFollowing(actor.id),
            followersUrl: `${profilePath(actor)}/followers`,
            followingUrl: `${profilePath(actor)}/following`,
          }
          : null}
        pendingRequests={self ? (await repos.follows.listPendingRequests(actor.id)).length : 0}
        notice={await noticeOf(c, repos)}
        posts={await presentEntries(entries, present, sharedBy)}
        links={pageLinks(c, nextCursor)}
        postsNote={postsNote}
      />,
    ));
  }

  // A browser following an actor IRI (`/users/anna`) lands on the profile
  // page; ActivityPub clients (served by Fedify before this) and unknown or
  // pending accounts get 404.
  routes.get("/users/:username", async (c) => {
    const actor = await localProfileActor(c.req.param("username"));
    const wantsHtml = (c.req.header("Accept") ?? "").includes("text/html");
    if (actor == null || !wantsHtml) return await errorPage(c, repos, 404);
    return c.redirect(profilePath(actor), 301);
  });

  // A member's or the group's profile.
  routes.get("/:handle{@[A-Za-z0-9_]+}", async (c) => {
    const username = c.req.param("handle").slice(1);
    if (username !== username.toLowerCase()) return c.redirect(`/@${username.toLowerCase()}`, 301);
    const actor = await localProfileActor(username);
    if (actor == null) return await errorPage(c, repos, 404);
    return await renderProfile(c, actor);
  });

  // Followers and following of a member or the group.
  for (const kind of ["followers", "following"] as const) {
    routes.get(`/:handle{@[a-z0-9_]+}/${kind}`, async (c) => {
      const actor = await localProfileActor(c.req.param("handle").slice(1));
      if (actor == null) return await errorPage(c, repos, 404);
      const pc = await pageContext(c, repos);
      const viewer = c.get("viewer");
      const request = { limit: PAGE_SIZE, cursor: cursorOf(c) };
      const page = kind === "followers"
        ? await repos.follows.listFollowers(actor.id, request)
        : await repos.follows.listFollowing(actor.id, request);
      const badgeOfActor = badgeLookup(repos, pc.t);
      const actors = [];
      for (const a of page.items) {
        actors.push({
          actor: presentActor(a, { badge: await badgeOfActor(a) }),
          state: await followStateOf(repos, viewer, a),
        });
      }
      return c.html(renderPage(
        <FollowListPage
          {...pc}
          kind={kind}
          owner={{ name: presentActor(actor).name, url: profilePath(actor) }}
          actors={actors}
          links={pageLinks(c, page.nextCursor)}
          csrfToken={c.get("csrfToken")}
          path={currentPath(c)}
        />,
      ));
    });
  }

  // A remote actor's profile, by handle: looked up (WebFinger) for a logged-in member when not yet known.
  routes.get("/:handle{@[^/@]+@[^/@]+}", async (c) => {
    const [username, domain] = c.req.param("handle").slice(1).split("@") as [string, string];
    if (domain.toLowerCase() === app.iris.domain.toLowerCase()) return c.redirect(`/@${encodeURIComponent(username)}`, 301);
    let actor = await repos.actors.findByHandle(username, domain);
    if (actor == null && c.get("viewer") != null) {
      const found = await within(lookup.resolveActor(`@${username}@${domain}`), OUTBOX_WAIT_MS);
      if (found?.ok) actor = found.value;
    }
    if (actor == null || actor.local) return await errorPage(c, repos, 404);
    return await renderProfile(c, actor);
  });

  // Any stored actor by id (stable links when a handle is ambiguous).
  routes.get("/actors/:id", async (c) => {
    const actor = await repos.actors.findById(c.req.param("id"));
    if (actor == null) return await errorPage(c, repos, 404);
    if (actor.local) return c.redirect(profilePath(actor), 302);
    return await renderProfile(c, actor);
  });

  async function followForm(c: Context<WebEnv>, follow: boolean): Promise<Response> {
    const body = await c.req.parseBody();
    const next = safeNextPath(typeof body["next"] === "string" ? body["next"] : null);
    const viewer = c.get("viewer");
    if (viewer == null) return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
    const target = typeof body["actor"] === "string" ? await repos.actors.findById(body["actor"]) : null;
    if (target == null) return await errorPage(c, repos, 404);
    if (follow) {
      const result = await followActor(app, { followerUsername: viewer.member.username, target });
      if (!result.ok && result.error === "target_not_found") return await errorPage(c, repos, 404);
      if (!result.ok) return c.redirect(next, 303);
      return c.redirect(withNotice(next, result.value.status === "accepted" ? "followed" : "requested", target.id), 303);
    }
    await unfollowActor(app, { followerUsername: viewer.member.username, target });
    return c.redirect(withNotice(next, "unfollowed", target.id), 303);
  }

  routes.post("/follow", (c) => followForm(c, true));
  routes.post("/unfollow", (c) => followForm(c, false));

  // Follow requests waiting for the member's answer.
  routes.get("/follow-requests", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const pc = await pageContext(c, repos, "profile");
    const pending = await repos.follows.listPendingRequests(viewer.actor.id);
    const now = new Date();
    return c.html(renderPage(
      <FollowRequestsPage
        {...pc}
        requests={pending.map(({ follow, follower }) => ({
          followId: follow.id,
          actor: presentActor(follower),
          requestedIso: follow.createdAt,
          requestedText: formatWhen(follow.createdAt, { locale: pc.lang, timeZone: pc.buurt.timezone, t: pc.t, now }),
        }))}
        csrfToken={c.get("csrfToken")}
        notice={await noticeOf(c, repos)}
      />,
    ));
  });

  routes.post("/follow-requests/:id/:answer{accept|reject}", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const accept = c.req.param("answer") === "accept";
    const result = await answerFollowRequest(app, {
      followingUsername: viewer.member.username,
      followId: c.req.param("id"),
      accept,
    });
    if (!result.ok) return c.redirect(withNotice("/follow-requests", "gone"), 303);
    return c.redirect(withNotice("/follow-requests", accept ? "accepted" : "rejected", result.value.followerId), 303);
  });

  return routes;
}
