/**
 * Who may read which post: gathers the facts about a reader that the
 * domain rule `isVisibleTo` needs.
 */
import type { Actor } from "../domain/actor.ts";
import { isVisibleTo, type Post } from "../domain/post.ts";
import type { AppContext } from "./context.ts";

/**
 * Whether a reader may see a post (`isVisibleTo`: public and unlisted for
 * everyone, buurt-only for members, followers-only for followers and the
 * mentioned, direct for the mentioned; the author always).
 *
 * @param reader A local member's actor, or `null` for a visitor.
 */
export async function canRead(ctx: AppContext, post: Post, reader: Actor | null): Promise<boolean> {
  if (post.visibility === "public" || post.visibility === "unlisted") return true;
  if (reader == null) return false;
  const author = post.actorId === reader.id;
  const member = reader.local && reader.type === "Person" &&
    (await ctx.repos.members.findByActorId(reader.id))?.status === "active";
  const mentioned = post.tags.some((t) => t.type === "Mention" && t.href === reader.iri);
  const follower = post.visibility === "followers" && !author && !mentioned &&
    (await ctx.repos.follows.findByPair(reader.id, post.actorId))?.status === "accepted";
  return isVisibleTo(post, { member, author, follower, mentioned });
}
