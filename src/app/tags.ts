/**
 * Hashtag pages: the posts stored here (local and remote) that carry a
 * hashtag.
 */
import type { Actor } from "../domain/actor.ts";
import { listedVisibilities } from "../domain/post.ts";
import { normaliseHashtag } from "../domain/text.ts";
import type { AppContext } from "./context.ts";
import type { Page, PageRequest, PostWithAuthor } from "./ports.ts";

/**
 * Posts with a hashtag, newest first: public ones for everyone, and
 * buurt-only ones too for members (followers-only and direct posts are
 * never listed, as on Mastodon's tag timelines).
 *
 * @param input.name The hashtag, with or without `#`, any case.
 * @param input.reader A member's actor, or `null` for a visitor.
 */
export async function listTaggedPosts(
  ctx: AppContext,
  input: { name: string; reader: Actor | null; page: PageRequest },
): Promise<Page<PostWithAuthor>> {
  const name = normaliseHashtag(input.name);
  if (name === "") return { items: [], nextCursor: null };
  const member = input.reader != null && input.reader.local &&
    (await ctx.repos.members.findByActorId(input.reader.id))?.status === "active";
  return await ctx.repos.posts.listByHashtag(name, listedVisibilities(member), input.page);
}
