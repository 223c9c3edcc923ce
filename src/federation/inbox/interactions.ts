/**
 * `Like`, `Announce` and `Undo` of follows, likes and announces.
 */
import type { InboxContext } from "@fedify/fedify";
import { Activity, Announce, type Like, Follow, Like as LikeClass, Question, type Undo } from "@fedify/vocab";
import {
  receiveAnnounce,
  receiveLike,
  receiveUndoAnnounce,
  receiveUndoFollow,
  receiveUndoLike,
} from "../../app/inbound.ts";
import { fromPostObject, isPostObject } from "../mappers/post.ts";
import { IgnoredActivity, type InboxDeps, localActorOf, resolveActor, sameOrigin, senderOf } from "./support.ts";

/** A remote actor likes a post (Misskey emoji reactions arrive as `Like` too). */
export async function onLike(deps: InboxDeps, ctx: InboxContext<void>, like: Like): Promise<string> {
  if (like.id == null) throw new IgnoredActivity("Like without id");
  if (like.objectId == null) throw new IgnoredActivity("Like without object");
  const actor = await senderOf(ctx, deps, like);
  return await receiveLike(deps.app, { likeIri: like.id.href, actor, postIri: like.objectId.href });
}

/**
 * A remote actor announces (boosts) a post.  A group that announces an
 * activity (Lemmy/FEP-1b12 style `Announce(Create(…))`) has the inner
 * activity routed to the inbox listeners, which verify it on their own.
 */
export async function onAnnounce(deps: InboxDeps, ctx: InboxContext<void>, announce: Announce): Promise<string> {
  if (announce.id == null) throw new IgnoredActivity("Announce without id");
  if (announce.objectId == null) throw new IgnoredActivity("Announce without object");
  const actor = await senderOf(ctx, deps, announce);
  let object;
  try {
    object = await announce.getObject({ documentLoader: ctx.documentLoader });
  } catch (error) {
    throw new IgnoredActivity(`announced object could not be loaded: ${String(error)}`);
  }
  if (object == null) throw new IgnoredActivity("announced object could not be loaded");
  if (object instanceof Activity && !(object instanceof Question)) {
    await ctx.routeActivity(ctx.recipient, object);
    return `routed_${object.constructor.name}`;
  }
  if (!isPostObject(object)) throw new IgnoredActivity(`Announce of unsupported type ${object.constructor.name}`);
  const authorId = object.attributionIds[0];
  if (authorId == null) throw new IgnoredActivity("announced post has no author");
  if (!sameOrigin(authorId, object.id)) throw new IgnoredActivity("announced post and its author are on different origins");
  const author = await resolveActor(ctx, deps, authorId);
  if (author == null) throw new IgnoredActivity("author of the announced post could not be fetched");
  const parsed = await fromPostObject(object, author, { documentLoader: ctx.documentLoader });
  if (!parsed.ok) throw new IgnoredActivity(`announced post refused: ${parsed.error}`);
  const publishedAt = announce.published == null
    ? new Date().toISOString()
    : new Date(announce.published.epochMilliseconds).toISOString();
  return await receiveAnnounce(deps.app, {
    announceIri: announce.id.href,
    actor,
    post: parsed.value,
    postAuthor: author,
    publishedAt,
  });
}

/** A remote actor takes back a follow, like or announce. */
export async function onUndo(deps: InboxDeps, ctx: InboxContext<void>, undo: Undo): Promise<string> {
  const objectId = undo.objectId;
  if (objectId == null) throw new IgnoredActivity("Undo without object");
  const actor = await senderOf(ctx, deps, undo);
  const { repos } = deps.app;

  // What is undone is usually embedded; when it is not, or cannot be read,
  // we still know our own record of it by its id.
  const inner = await undo.getObject({ documentLoader: ctx.documentLoader, suppressError: true }).catch(() => null);
  if (inner != null && (!(inner instanceof Activity) || inner.actorId?.href !== actor.iri)) throw new IgnoredActivity("Undo of another actor's activity");

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
  throw new IgnoredActivity(`Undo of unsupported ${inner?.constructor.name ?? "unknown object"}`);
}
