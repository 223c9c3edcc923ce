import { newId, nowIso } from "../domain/ids.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import { notify } from "./notifications.ts";
import type { Interaction } from "./ports.ts";
import { canRead } from "./visibility.ts";

export type InteractionError = "actor_not_found" | "post_not_found" | "not_visible";

/** Why a boost is refused beyond `InteractionError`: only public and unlisted posts can be boosted. */
export type BoostError = InteractionError | "not_boostable";

async function actorAndPost(ctx: AppContext, username: string, postId: string) {
  const actor = await ctx.repos.actors.findLocalByUsername(username);
  if (actor == null) return fail("actor_not_found" as const);
  const post = await ctx.repos.posts.findById(postId);
  if (post == null) return fail("post_not_found" as const);
  if (!await canRead(ctx, post, actor)) return fail("not_visible" as const);
  return ok({ actor, post });
}

/**
 * A local member likes a post they can see (idempotent); sends `Like` to a
 * remote author, notifies a local one.
 * @returns The like as stored.
 */
export async function likePost(
  ctx: AppContext,
  input: { username: string; postId: string },
): Promise<Result<Interaction, InteractionError>> {
  const found = await actorAndPost(ctx, input.username, input.postId);
  if (!found.ok) return found;
  const { actor, post } = found.value;
  const existing = await ctx.repos.likes.findByPair(actor.id, post.id);
  if (existing != null) return ok(existing);
  const id = newId();
  const like: Interaction = {
    id,
    iri: ctx.iris.activity(actor.username, "like", id),
    actorId: actor.id,
    postId: post.id,
    createdAt: nowIso(),
  };
  if (await ctx.repos.likes.create(like)) {
    await notify(ctx, { recipientActorId: post.actorId, type: "like", fromActorId: actor.id, postId: post.id });
    await ctx.events.publish({ type: "PostLiked", like, actor, post });
  }
  return ok(like);
}

/** A local member takes back a like; sends `Undo(Like)`. */
export async function unlikePost(
  ctx: AppContext,
  input: { username: string; postId: string },
): Promise<Result<Interaction, InteractionError | "not_liked">> {
  const found = await actorAndPost(ctx, input.username, input.postId);
  if (!found.ok) return found;
  const { actor, post } = found.value;
  const like = await ctx.repos.likes.findByPair(actor.id, post.id);
  if (like == null) return fail("not_liked");
  await ctx.repos.likes.delete(like.id);
  await ctx.events.publish({ type: "LikeUndone", like, actor, post });
  return ok(like);
}

/**
 * A local member boosts a public post (idempotent); sends `Announce` to
 * their followers and the author, notifies a local author.  Only public and
 * unlisted posts can be boosted.
 */
export async function boostPost(
  ctx: AppContext,
  input: { username: string; postId: string },
): Promise<Result<Interaction, BoostError>> {
  const found = await actorAndPost(ctx, input.username, input.postId);
  if (!found.ok) return found;
  const { actor, post } = found.value;
  if (post.visibility !== "public" && post.visibility !== "unlisted") return fail("not_boostable");
  const existing = await ctx.repos.announces.findByPair(actor.id, post.id);
  if (existing != null) return ok(existing);
  const id = newId();
  const now = nowIso();
  const announce = {
    id,
    iri: ctx.iris.activity(actor.username, "announce", id),
    actorId: actor.id,
    postId: post.id,
    createdAt: now,
    publishedAt: now,
  };
  if (await ctx.repos.announces.create(announce)) {
    await notify(ctx, { recipientActorId: post.actorId, type: "boost", fromActorId: actor.id, postId: post.id });
    await ctx.events.publish({ type: "PostAnnounced", announce, actor, post });
  }
  return ok(announce);
}

/** A local member takes back a boost; sends `Undo(Announce)`. */
export async function unboostPost(
  ctx: AppContext,
  input: { username: string; postId: string },
): Promise<Result<Interaction, InteractionError | "not_boosted">> {
  const found = await actorAndPost(ctx, input.username, input.postId);
  if (!found.ok) return found;
  const { actor, post } = found.value;
  const announce = await ctx.repos.announces.findByPair(actor.id, post.id);
  if (announce == null) return fail("not_boosted");
  await ctx.repos.announces.delete(announce.id);
  await ctx.events.publish({ type: "AnnounceUndone", announce, actor, post });
  return ok(announce);
}
