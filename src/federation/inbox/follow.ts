/**
 * `Follow`, `Accept(Follow)` and `Reject(Follow)` (ActivityPub §7.5–7.7).
 */
import type { InboxContext } from "@fedify/fedify";
import { type Accept, Follow, type Reject } from "@fedify/vocab";
import { receiveFollow, receiveFollowAnswer } from "../../app/inbound.ts";
import type { Actor } from "../../domain/actor.ts";
import { routeRsvpAccept, routeRsvpReject } from "./rsvp.ts";
import { IgnoredActivity, type InboxDeps, localActorOf, senderOf } from "./support.ts";

/** A remote actor follows a local member or the buurt group. */
export async function onFollow(deps: InboxDeps, ctx: InboxContext<void>, follow: Follow): Promise<string> {
  if (follow.id == null) throw new IgnoredActivity("Follow without id");
  const following = await localActorOf(ctx, deps, follow.objectId);
  if (following == null) throw new IgnoredActivity("Follow of an unknown local actor");
  const follower = await senderOf(ctx, deps, follow);
  return await receiveFollow(deps.app, { followIri: follow.id.href, follower, following });
}

/**
 * Finds which of our follow requests an `Accept`/`Reject` answers: by the
 * Follow's id, or (for servers that mint their own copy) by an embedded
 * Follow whose actor is local and whose object is the answering actor.
 */
async function answeredFollow(
  deps: InboxDeps,
  ctx: InboxContext<void>,
  answer: Accept | Reject,
  answerer: Actor,
): Promise<{ follower: Actor; following: Actor } | null> {
  const { repos } = deps.app;
  const objectId = answer.objectId;
  if (objectId != null) {
    const follow = await repos.follows.findByIri(objectId.href);
    if (follow != null) {
      if (follow.followingId !== answerer.id) throw new IgnoredActivity("answer from an actor the follow was not sent to");
      const follower = await repos.actors.findById(follow.followerId);
      return follower == null ? null : { follower, following: answerer };
    }
  }
  // Our own Follow, embedded by the peer: trusted only for its actor and
  // object, which must be a local follower and the answering actor.
  const embedded = await answer.getObject({
    crossOrigin: "trust",
    suppressError: true,
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
  }).catch(() => null);
  if (!(embedded instanceof Follow)) return null;
  if (embedded.objectId?.href !== answerer.iri) throw new IgnoredActivity("answer names a follow of someone else");
  const follower = await localActorOf(ctx, deps, embedded.actorId);
  return follower == null ? null : { follower, following: answerer };
}

/** A remote actor accepted one of our follow requests. */
export async function onAccept(deps: InboxDeps, ctx: InboxContext<void>, accept: Accept): Promise<string> {
  // An answer to an RSVP, or "going" to one of our events (inbox/rsvp.ts).
  const rsvp = await routeRsvpAccept(deps, ctx, accept);
  if (rsvp != null) return rsvp;
  const answerer = await senderOf(ctx, deps, accept);
  const pair = await answeredFollow(deps, ctx, accept, answerer);
  if (pair == null) throw new IgnoredActivity("Accept of something that is not a known follow request");
  return await receiveFollowAnswer(deps.app, { ...pair, accepted: true });
}

/** A remote actor rejected one of our follow requests (or removed us as follower). */
export async function onReject(deps: InboxDeps, ctx: InboxContext<void>, reject: Reject): Promise<string> {
  const rsvp = await routeRsvpReject(deps, ctx, reject);
  if (rsvp != null) return rsvp;
  const answerer = await senderOf(ctx, deps, reject);
  const pair = await answeredFollow(deps, ctx, reject, answerer);
  if (pair == null) throw new IgnoredActivity("Reject of something that is not a known follow request");
  return await receiveFollowAnswer(deps.app, { ...pair, accepted: false });
}
