import type { Actor } from "../domain/actor.ts";
import type { Follow } from "../domain/follow.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import { notify } from "./notifications.ts";

export type FollowError = "follower_not_found" | "cannot_follow_self" | "target_not_found";

/**
 * A local actor follows another actor (local or remote, already stored).
 *
 * A remote follow stays `pending` until the other server sends `Accept`
 * (visible in the UI as "requested"); a local one is accepted at once unless
 * the followed member approves followers by hand.  Following again while a
 * request is pending re-sends the request (the peer may have lost it).  A
 * followed local member is notified (`follow`, or `follow_request`).
 *
 * @param followerUsername Local member or the buurt group.
 * @returns The follow as stored; `target_not_found` for a local person
 *   who is not an active member (waiting for approval, suspended), who
 *   cannot be seen and so cannot be followed.
 */
export async function followActor(
  ctx: AppContext,
  input: { followerUsername: string; target: Actor },
): Promise<Result<Follow, FollowError>> {
  const follower = await ctx.repos.actors.findLocalByUsername(input.followerUsername);
  if (follower == null) return fail("follower_not_found");
  if (follower.id === input.target.id) return fail("cannot_follow_self");
  if (input.target.local && input.target.type === "Person") {
    const member = await ctx.repos.members.findByActorId(input.target.id);
    if (member?.status !== "active") return fail("target_not_found");
  }
  const id = newId();
  const autoAccept = input.target.local && !input.target.manuallyApprovesFollowers;
  const now = nowIso();
  const { follow, created } = await ctx.repos.follows.create({
    id,
    iri: ctx.iris.activity(follower.username, "follow", id),
    followerId: follower.id,
    followingId: input.target.id,
    status: autoAccept ? "accepted" : "pending",
    createdAt: now,
    acceptedAt: autoAccept ? now : null,
  });
  if (created && input.target.local) {
    await notify(ctx, {
      recipientActorId: input.target.id,
      type: follow.status === "accepted" ? "follow" : "follow_request",
      fromActorId: follower.id,
      subjectId: follow.id,
    });
  }
  if (created || follow.status === "pending") {
    await ctx.events.publish({ type: "FollowRequested", follow, follower, following: input.target });
  }
  return ok(follow);
}

/**
 * A local actor stops following (or withdraws a pending request); sends `Undo(Follow)`.
 * @returns The removed follow, or `not_following`.
 */
export async function unfollowActor(
  ctx: AppContext,
  input: { followerUsername: string; target: Actor },
): Promise<Result<Follow, "follower_not_found" | "not_following">> {
  const follower = await ctx.repos.actors.findLocalByUsername(input.followerUsername);
  if (follower == null) return fail("follower_not_found");
  const follow = await ctx.repos.follows.findByPair(follower.id, input.target.id);
  if (follow == null) return fail("not_following");
  await ctx.repos.follows.delete(follow.id);
  await ctx.events.publish({ type: "FollowUndone", follow, follower, following: input.target });
  return ok(follow);
}

/**
 * A local member answers a pending follow request.
 * @param input.accept `true` accepts (sends `Accept`), `false` rejects (sends `Reject`).
 */
export async function answerFollowRequest(
  ctx: AppContext,
  input: { followingUsername: string; followId: string; accept: boolean },
): Promise<Result<Follow, "request_not_found">> {
  const following = await ctx.repos.actors.findLocalByUsername(input.followingUsername);
  if (following == null) return fail("request_not_found");
  const pending = await ctx.repos.follows.listPendingRequests(following.id);
  const found = pending.find((p) => p.follow.id === input.followId);
  if (found == null) return fail("request_not_found");
  if (input.accept) {
    await ctx.repos.follows.setStatus(found.follow.id, "accepted");
    const follow = { ...found.follow, status: "accepted" as const, acceptedAt: nowIso() };
    await ctx.events.publish({ type: "FollowAccepted", follow, follower: found.follower, following });
    return ok(follow);
  }
  await ctx.repos.follows.delete(found.follow.id);
  await ctx.events.publish({ type: "FollowRejected", follow: found.follow, follower: found.follower, following });
  return ok(found.follow);
}
