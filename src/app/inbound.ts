/**
 * What the buurt does with things other servers tell it.  The federation
 * layer verifies signatures and origins and maps ActivityStreams to domain
 * objects; these use cases decide what to store.  Each returns a short
 * outcome code that the inbox logs.
 */
import type { Actor } from "../domain/actor.ts";
import type { Follow } from "../domain/follow.ts";
import { newId, nowIso } from "../domain/ids.ts";
import type { Post } from "../domain/post.ts";
import type { AppContext } from "./context.ts";
import { notify, notifyAboutPost } from "./notifications.ts";

/**
 * A remote actor asks to follow a local actor.  Public accounts (and the
 * buurt group) accept at once and answer `Accept`; members who approve
 * followers by hand get a pending request.  A repeated Follow for an
 * already accepted pair is answered with `Accept` again.  A new follower
 * or request is notified to the followed member.
 */
export async function receiveFollow(
  ctx: AppContext,
  input: { followIri: string; follower: Actor; following: Actor },
): Promise<"accepted" | "pending" | "already_accepted"> {
  const { follower, following } = input;
  const now = nowIso();
  const manual = following.manuallyApprovesFollowers;
  const { follow, created } = await ctx.repos.follows.create({
    id: newId(),
    iri: input.followIri,
    followerId: follower.id,
    followingId: following.id,
    status: manual ? "pending" : "accepted",
    createdAt: now,
    acceptedAt: manual ? null : now,
  });
  if (created) {
    await notify(ctx, {
      recipientActorId: following.id,
      type: follow.status === "accepted" ? "follow" : "follow_request",
      fromActorId: follower.id,
      subjectId: follow.id,
    });
  }
  // The Accept must name the Follow the peer just sent, even on a repeat.
  const answered: Follow = { ...follow, iri: input.followIri };
  if (follow.status === "accepted") {
    await ctx.events.publish({ type: "FollowAccepted", follow: answered, follower, following });
    return created ? "accepted" : "already_accepted";
  }
  return "pending";
}

/** A remote actor withdraws a follow (`Undo(Follow)`). */
export async function receiveUndoFollow(
  ctx: AppContext,
  input: { follower: Actor; following: Actor },
): Promise<"removed" | "not_following"> {
  const follow = await ctx.repos.follows.findByPair(input.follower.id, input.following.id);
  if (follow == null) return "not_following";
  await ctx.repos.follows.delete(follow.id);
  return "removed";
}

/** A remote actor accepted (`Accept(Follow)`) or rejected a local actor's follow request. */
export async function receiveFollowAnswer(
  ctx: AppContext,
  input: { follower: Actor; following: Actor; accepted: boolean },
): Promise<"accepted" | "rejected" | "unknown_follow"> {
  const follow = await ctx.repos.follows.findByPair(input.follower.id, input.following.id);
  if (follow == null) return "unknown_follow";
  if (input.accepted) {
    if (follow.status !== "accepted") await ctx.repos.follows.setStatus(follow.id, "accepted");
    return "accepted";
  }
  await ctx.repos.follows.delete(follow.id);
  return "rejected";
}

/** Facts about a received post that decide whether the buurt keeps it. */
export interface PostRelevance {
  /** It is addressed to (or mentions) a local actor. */
  addressesLocalActor: boolean;
}

/**
 * A remote post arrives (`Create`).  It is kept when someone here follows
 * its author, when it replies to a post stored here, or when it addresses a
 * local actor; anything else is unsolicited and ignored.  A newly stored
 * post is published as `PostStored` for features that react to it, and
 * the members it replies to or mentions are notified (once each: those a
 * feature already notified are skipped).
 */
export async function receivePost(
  ctx: AppContext,
  input: { post: Post; author: Actor; relevance: PostRelevance },
): Promise<"stored" | "updated" | "unsolicited"> {
  const { post, author } = input;
  const wanted = input.relevance.addressesLocalActor ||
    await ctx.repos.follows.hasLocalFollower(author.id) ||
    (post.inReplyToIri != null && await ctx.repos.posts.findByIri(post.inReplyToIri) != null);
  if (!wanted) return "unsolicited";
  const { post: stored, created } = await ctx.repos.posts.upsertRemote(post);
  if (created) {
    const notified = new Set<string>();
    await ctx.events.publish({ type: "PostStored", post: stored, author, notified });
    await notifyAboutPost(ctx, stored, notified);
  }
  return created ? "stored" : "updated";
}

/** A remote author edited a post (`Update`); only a post already stored is changed. */
export async function receivePostUpdate(
  ctx: AppContext,
  input: { post: Post; author: Actor },
): Promise<"updated" | "unknown_post" | "not_author"> {
  const existing = await ctx.repos.posts.findByIri(input.post.iri);
  if (existing == null) return "unknown_post";
  if (existing.actorId !== input.author.id || existing.local) return "not_author";
  await ctx.repos.posts.update({ ...input.post, id: existing.id, updatedAt: input.post.updatedAt ?? nowIso() });
  return "updated";
}

/** A remote actor deleted a post of theirs, or themselves (`Delete`). */
export async function receiveDelete(
  ctx: AppContext,
  input: { objectIri: string; actor: Actor },
): Promise<"post_deleted" | "actor_deleted" | "unknown_object" | "not_author"> {
  if (input.objectIri === input.actor.iri) {
    return await ctx.repos.actors.deleteRemote(input.actor.iri) ? "actor_deleted" : "unknown_object";
  }
  const post = await ctx.repos.posts.findByIri(input.objectIri);
  if (post == null) return "unknown_object";
  if (post.actorId !== input.actor.id || post.local) return "not_author";
  await ctx.repos.posts.delete(post.id);
  return "post_deleted";
}

/** A remote actor likes a post stored here (`Like`); a local author is notified once. */
export async function receiveLike(
  ctx: AppContext,
  input: { likeIri: string; actor: Actor; postIri: string },
): Promise<"liked" | "already_liked" | "unknown_post"> {
  const post = await ctx.repos.posts.findByIri(input.postIri);
  if (post == null) return "unknown_post";
  const created = await ctx.repos.likes.create({
    id: newId(),
    iri: input.likeIri,
    actorId: input.actor.id,
    postId: post.id,
    createdAt: nowIso(),
  });
  if (created) await notify(ctx, { recipientActorId: post.actorId, type: "like", fromActorId: input.actor.id, postId: post.id });
  return created ? "liked" : "already_liked";
}

/** A remote actor withdraws a like (`Undo(Like)`), found by the Like's id or by actor and post. */
export async function receiveUndoLike(
  ctx: AppContext,
  input: { likeIri: string | null; actor: Actor; postIri: string | null },
): Promise<"removed" | "unknown_like"> {
  let like = input.likeIri == null ? null : await ctx.repos.likes.findByIri(input.likeIri);
  if (like == null && input.postIri != null) {
    const post = await ctx.repos.posts.findByIri(input.postIri);
    if (post != null) like = await ctx.repos.likes.findByPair(input.actor.id, post.id);
  }
  if (like == null || like.actorId !== input.actor.id) return "unknown_like";
  await ctx.repos.likes.delete(like.id);
  return "removed";
}

/**
 * A remote actor announces (boosts) a post.  Kept when someone here follows
 * the announcer or the post is one of ours; the post itself is stored too.
 * A local author is notified of the boost.
 */
export async function receiveAnnounce(
  ctx: AppContext,
  input: { announceIri: string; actor: Actor; post: Post; publishedAt: string },
): Promise<"stored" | "already_stored" | "unsolicited"> {
  const existingPost = await ctx.repos.posts.findByIri(input.post.iri);
  const wanted = existingPost?.local === true || await ctx.repos.follows.hasLocalFollower(input.actor.id);
  if (!wanted) return "unsolicited";
  const stored = existingPost ?? (await ctx.repos.posts.upsertRemote(input.post)).post;
  const created = await ctx.repos.announces.create({
    id: newId(),
    iri: input.announceIri,
    actorId: input.actor.id,
    postId: stored.id,
    createdAt: nowIso(),
    publishedAt: input.publishedAt,
  });
  if (created) await notify(ctx, { recipientActorId: stored.actorId, type: "boost", fromActorId: input.actor.id, postId: stored.id });
  return created ? "stored" : "already_stored";
}

/** A remote actor withdraws an announce (`Undo(Announce)`). */
export async function receiveUndoAnnounce(
  ctx: AppContext,
  input: { announceIri: string; actor: Actor },
): Promise<"removed" | "unknown_announce"> {
  const announce = await ctx.repos.announces.findByIri(input.announceIri);
  if (announce == null || announce.actorId !== input.actor.id) return "unknown_announce";
  await ctx.repos.announces.delete(announce.id);
  return "removed";
}
