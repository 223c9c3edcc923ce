/**
 * Reading a conversation: a post with what it replies to and the replies
 * it received (local and remote), each with its counts, as far as the
 * reader may see them.
 */
import type { Actor } from "../domain/actor.ts";
import type { Post } from "../domain/post.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import type { PostWithAuthor } from "./ports.ts";
import { canRead } from "./visibility.ts";

/** How far up a thread is followed (stored posts only). */
export const MAX_ANCESTORS = 40;
/** Most replies shown under a post. */
export const MAX_DESCENDANTS = 300;

/** A post in a thread, with what the reader needs to act on it. */
export interface ThreadPost extends PostWithAuthor {
  likes: number;
  /** Boosts by people (the buurt group's FEP-1b12 announce of every public post is not counted). */
  boosts: number;
  replies: number;
  /** The reader liked / boosted it. */
  liked: boolean;
  boosted: boolean;
  /** Author of the post this one answers, when that post is stored and visible. */
  inReplyTo: Actor | null;
  /** 0 for the post itself and its ancestors; 1 for direct replies, 2 for replies to those … */
  depth: number;
}

export interface Thread {
  /** Oldest first, ending with the post the focus replies to. */
  ancestors: ThreadPost[];
  focus: ThreadPost;
  /** In conversation order (each reply after the post it answers), oldest first among siblings. */
  descendants: ThreadPost[];
}

/** Likes and boosts of a post, and whether the reader gave them. */
async function likesAndBoosts(ctx: AppContext, post: Post, reader: Actor | null, group: Actor | null) {
  const byGroup = group != null && await ctx.repos.announces.findByPair(group.id, post.id) != null;
  return {
    likes: await ctx.repos.likes.countForPost(post.id),
    boosts: await ctx.repos.announces.countForPost(post.id) - (byGroup ? 1 : 0),
    liked: reader != null && await ctx.repos.likes.findByPair(reader.id, post.id) != null,
    boosted: reader != null && await ctx.repos.announces.findByPair(reader.id, post.id) != null,
  };
}

async function withCounts(
  ctx: AppContext,
  entry: PostWithAuthor,
  reader: Actor | null,
  replies: number,
  inReplyTo: Actor | null,
  depth: number,
  group: Actor | null,
): Promise<ThreadPost> {
  return { ...entry, ...await likesAndBoosts(ctx, entry.post, reader, group), replies, inReplyTo, depth };
}

/**
 * How many of a post's stored direct replies the reader may see: a direct
 * message or a help conversation under a public post is not counted for
 * someone who cannot open it (looks at up to `MAX_DESCENDANTS`).
 */
async function visibleReplyCount(ctx: AppContext, post: Post, reader: Actor | null): Promise<number> {
  let count = 0;
  for (const reply of await ctx.repos.posts.listReplies([post.iri], MAX_DESCENDANTS)) {
    if (await canRead(ctx, reply.post, reader)) count++;
  }
  return count;
}

/** A post's counts as a list (a timeline) shows them under it. */
export interface PostInteractions {
  /** Stored direct replies the reader may see. */
  replies: number;
  likes: number;
  /** Boosts by people (the buurt group's own announce is not counted). */
  boosts: number;
  /** The reader liked / boosted it. */
  liked: boolean;
  boosted: boolean;
}

/**
 * Counts of replies, likes and boosts of the posts of a list, and whether
 * the reader liked or boosted each, for the buttons under them (the same
 * counts a thread shows, see `loadThread`).
 *
 * @param posts Posts the reader may already see (this does not check).
 * @param reader A member's actor, or `null` for a visitor (nothing liked or boosted).
 * @returns The counts by post id.
 */
export async function loadInteractions(
  ctx: AppContext,
  posts: readonly Post[],
  reader: Actor | null,
): Promise<Map<string, PostInteractions>> {
  const group = (await ctx.repos.buurt.get())?.actor ?? null;
  const counts = new Map<string, PostInteractions>();
  for (const post of posts) {
    if (counts.has(post.id)) continue;
    counts.set(post.id, {
      ...await likesAndBoosts(ctx, post, reader, group),
      replies: await visibleReplyCount(ctx, post, reader),
    });
  }
  return counts;
}

/**
 * Loads the thread around a post for a reader.
 *
 * @param reader A member's actor, or `null` for a visitor.
 * @returns The thread, or `post_not_found` when there is no such post or
 *   the reader may not see it (the two are not told apart).
 */
export async function loadThread(
  ctx: AppContext,
  postId: string,
  reader: Actor | null,
): Promise<Result<Thread, "post_not_found">> {
  const { repos } = ctx;
  const post = await repos.posts.findById(postId);
  if (post == null || !await canRead(ctx, post, reader)) return fail("post_not_found");
  const author = await repos.actors.findById(post.actorId);
  if (author == null) return fail("post_not_found");
  const group = (await repos.buurt.get())?.actor ?? null;

  // Up: the stored, visible posts this one answers.
  const up: PostWithAuthor[] = [];
  const seen = new Set([post.iri]);
  let parentIri = post.inReplyToIri;
  while (parentIri != null && up.length < MAX_ANCESTORS && !seen.has(parentIri)) {
    seen.add(parentIri);
    const parent = await repos.posts.findByIri(parentIri);
    if (parent == null || !await canRead(ctx, parent, reader)) break;
    const parentAuthor = await repos.actors.findById(parent.actorId);
    if (parentAuthor == null) break;
    up.unshift({ post: parent, author: parentAuthor });
    parentIri = parent.inReplyToIri;
  }

  // Down: replies level by level, the ones the reader may see.
  const children = new Map<string, PostWithAuthor[]>();
  let level = [post.iri];
  let count = 0;
  while (level.length > 0 && count < MAX_DESCENDANTS) {
    const replies = await repos.posts.listReplies(level, MAX_DESCENDANTS - count);
    const next: string[] = [];
    for (const reply of replies) {
      if (seen.has(reply.post.iri) || !await canRead(ctx, reply.post, reader)) continue;
      seen.add(reply.post.iri);
      const siblings = children.get(reply.post.inReplyToIri!) ?? [];
      siblings.push(reply);
      children.set(reply.post.inReplyToIri!, siblings);
      next.push(reply.post.iri);
      count++;
    }
    level = next;
  }
  const descendants: ThreadPost[] = [];
  const walk = async (parent: PostWithAuthor, depth: number) => {
    for (const child of children.get(parent.post.iri) ?? []) {
      descendants.push(
        await withCounts(ctx, child, reader, children.get(child.post.iri)?.length ?? 0, parent.author, depth, group),
      );
      await walk(child, depth + 1);
    }
  };
  const focusEntry = { post, author };
  await walk(focusEntry, 1);

  const ancestors: ThreadPost[] = [];
  for (let i = 0; i < up.length; i++) {
    const entry = up[i]!;
    ancestors.push(await withCounts(
      ctx,
      entry,
      reader,
      await visibleReplyCount(ctx, entry.post, reader),
      i > 0 ? up[i - 1]!.author : null,
      0,
      group,
    ));
  }
  const focus = await withCounts(
    ctx,
    focusEntry,
    reader,
    children.get(post.iri)?.length ?? 0,
    up.length > 0 ? up[up.length - 1]!.author : null,
    0,
    group,
  );
  return ok({ ancestors, focus, descendants });
}

/**
 * The stored post a reader may reply to or act on, by id.
 * @returns `null` when missing or not visible to the reader.
 */
export async function findReadablePost(
  ctx: AppContext,
  postId: string,
  reader: Actor | null,
): Promise<PostWithAuthor | null> {
  const post: Post | null = await ctx.repos.posts.findById(postId);
  if (post == null || !await canRead(ctx, post, reader)) return null;
  const author = await ctx.repos.actors.findById(post.actorId);
  return author == null ? null : { post, author };
}
