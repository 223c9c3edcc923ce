/**
 * `Like`, `Announce` and `Undo` of follows, likes and announces (and of
 * RSVPs, which rsvp.ts handles).
 */
import type { InboxContext } from "@fedify/fedify";
import {
  Activity,
  Announce,
  Create,
  Follow,
  type Like,
  Like as LikeClass,
  type Object as APObject,
  Question,
  type Undo,
} from "@fedify/vocab";
import {
  receiveAnnounce,
  receiveLike,
  receiveUndoAnnounce,
  receiveUndoFollow,
  receiveUndoLike,
} from "../../app/inbound.ts";
import { fromPostObject, isPostObject } from "../mappers/post.ts";
import { instantText } from "../temporal.ts";
import { routeRsvpUndo } from "./rsvp.ts";
import {
  IgnoredActivity,
  type InboxDeps,
  localActorOf,
  resolveActor,
  sameOrigin,
  senderOf,
  typeNameOf,
} from "./support.ts";

/** A remote actor likes a post (Misskey emoji reactions arrive as `Like` too). */
export async function onLike(deps: InboxDeps, ctx: InboxContext<void>, like: Like): Promise<string> {
  if (like.id == null) throw new IgnoredActivity("Like without id");
  if (like.objectId == null) throw new IgnoredActivity("Like without object");
  const actor = await senderOf(ctx, deps, like);
  return await receiveLike(deps.app, { likeIri: like.id.href, actor, postIri: like.objectId.href });
}

/**
 * A remote actor announces (boosts) a post.
 *
 * A group (FEP-1b12: Lemmy, Mbin, Friendica forums) announces its members'
 * activities instead.  `Announce(Create(post))` is read as the group
 * boosting that post: the Create is only used when it comes from the
 * Create's own origin (Fedify refetches an embedded activity from another
 * origin by its id) and its object shares the Create actor's origin; the
 * post is then attributed to that actor as usual, and stored with the
 * group's announce, so whoever here follows the group sees it.  Any other
 * announced activity (Like, Delete, Update …) is routed to the inbox
 * listeners, which Fedify only does after fetching it from its origin.
 */
export async function onAnnounce(deps: InboxDeps, ctx: InboxContext<void>, announce: Announce): Promise<string> {
  if (announce.id == null) throw new IgnoredActivity("Announce without id");
  if (announce.objectId == null) throw new IgnoredActivity("Announce without object");
  const actor = await senderOf(ctx, deps, announce);
  const loaders = { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader };
  let object;
  try {
    object = await announce.getObject(loaders);
  } catch (error) {
    throw new IgnoredActivity(`announced object could not be loaded: ${String(error)}`);
  }
  if (object == null) throw new IgnoredActivity("announced object could not be loaded");

  let post: APObject = object;
  let postAuthorId: URL | null = null;
  if (object instanceof Create) {
    const inner = await object.getObject(loaders).catch(() => null);
    if (inner == null) throw new IgnoredActivity("announced Create has no readable object");
    if (!isPostObject(inner)) throw new IgnoredActivity(`announced Create of unsupported type ${await typeNameOf(inner)}`);
    if (!sameOrigin(object.id, object.actorId) || !sameOrigin(inner.id, object.actorId)) {
      throw new IgnoredActivity("announced Create, its actor and its object are not on one origin");
    }
    post = inner;
    postAuthorId = object.actorId;
  } else if (object instanceof Activity && !(object instanceof Question)) {
    const type = await typeNameOf(object);
    const routed = await ctx.routeActivity(ctx.recipient, object);
    if (!routed) throw new IgnoredActivity(`announced ${type} could not be verified by fetching it from its origin`);
    return `routed_${type}`;
  }
  if (!isPostObject(post)) throw new IgnoredActivity(`Announce of unsupported type ${await typeNameOf(post)}`);
  const authorId = postAuthorId ?? post.attributionIds[0];
  if (authorId == null) throw new IgnoredActivity("announced post has no author");
  if (!sameOrigin(authorId, post.id)) throw new IgnoredActivity("announced post and its author are on different origins");
  const author = await resolveActor(ctx, deps, authorId);
  if (author == null) throw new IgnoredActivity("author of the announced post could not be fetched");
  const parsed = await fromPostObject(post, author, loaders);
  if (!parsed.ok) throw new IgnoredActivity(`announced post refused: ${parsed.error}`);
  return await receiveAnnounce(deps.app, {
    announceIri: announce.id.href,
    actor,
    post: parsed.value,
    publishedAt: instantText(announce.published) ?? new Date().toISOString(),
  });
}

/** A remote actor takes back a follow, like or announce. */
export async function onUndo(deps: InboxDeps, ctx: InboxContext<void>, undo: Undo): Promise<string> {
  const objectId = undo.objectId;
  if (objectId == null) throw new IgnoredActivity("Undo without object");
  const actor = await senderOf(ctx, deps, undo);
  const { repos } = deps.app;

  // What is undone is usually embedded; when it is not, or cannot be read,
  // we still know our own record of it by its id.  A fetched document with
  // another id counts as unreadable: Mastodon's `…/users/a#likes/2` answers
  // with the actor `…/users/a`, since HTTP drops the fragment.
  let inner = await undo.getObject({
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    suppressError: true,
  }).catch(() => null);
  if (inner != null && inner.id?.href !== objectId.href) inner = null;
  if (inner != null && !(inner instanceof Activity)) {
    throw new IgnoredActivity(`Undo of a ${await typeNameOf(inner)}, which is not an activity`);
  }
  if (inner != null && inner.actorId?.href !== actor.iri) throw new IgnoredActivity("Undo of another actor's activity");

  if (inner instanceof Follow || (inner == null && await repos.follows.findByIri(objectId.href) != null)) {
    const followingIri = inner instanceof Follow
      ? inner.objectId
      : await repos.follows.findByIri(objectId.href).then(async (f) =>
        f == null ? null : new URL((await repos.actors.findById(f.followingId))?.iri ?? "about:blank")
      );
    const following = await localActorOf(ctx, deps, followingIri ?? null);
    if (following == null) throw new IgnoredActivity("Undo(Follow) of an unknown local actor");
    return await receiveUndoFollow(deps.app, { follower: actor, following });
  }
  if (inner instanceof LikeClass || (inner == null && await repos.likes.findByIri(objectId.href) != null)) {
    return await receiveUndoLike(deps.app, {
      likeIri: objectId.href,
      actor,
      postIri: inner instanceof LikeClass ? inner.objectId?.href ?? null : null,
    });
  }
  if (inner instanceof Announce || (inner == null && await repos.announces.findByIri(objectId.href) != null)) {
    return await receiveUndoAnnounce(deps.app, { announceIri: objectId.href, actor });
  }
  // An RSVP to one of our events taken back (Undo(Join), Undo(Accept) …): the agenda's.
  const rsvp = await routeRsvpUndo(deps, objectId, inner, actor);
  if (rsvp != null) return rsvp;
  if (inner == null) throw new IgnoredActivity("Undo of an activity that is not a follow, like or announce known here");
  throw new IgnoredActivity(`Undo of unsupported ${await typeNameOf(inner)}`);
}
