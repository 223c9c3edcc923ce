import type { Actor } from "../domain/actor.ts";
import { newId, nowIso } from "../domain/ids.ts";
import {
  checkPostText,
  isAnnouncedByGroup,
  type Post,
  type PostTextProblem,
  type Visibility,
  VISIBILITIES,
} from "../domain/post.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { plainTextToHtml } from "../domain/text.ts";
import type { AppContext } from "./context.ts";

export interface PublishPostInput {
  /** The local member writing. */
  authorUsername: string;
  text: string;
  visibility?: Visibility;
  /** Content warning. */
  summary?: string | null;
  inReplyToIri?: string | null;
  language?: string | null;
}

export type PublishPostError = PostTextProblem | "author_not_found" | "author_not_active" | "visibility_invalid";

async function activeAuthor(
  ctx: AppContext,
  username: string,
): Promise<Result<Actor, "author_not_found" | "author_not_active">> {
  const member = await ctx.repos.members.findByUsername(username);
  if (member == null) return fail("author_not_found");
  if (member.status !== "active") return fail("author_not_active");
  const actor = await ctx.repos.actors.findById(member.actorId);
  return actor == null ? fail("author_not_found") : ok(actor);
}

/**
 * Publishes a local member's post.  A public post names the buurt group as
 * its `audience`, so the group announces it (FEP-1b12); delivery happens
 * through the `PostPublished` event.
 *
 * @returns The stored post, or why it was refused.
 */
export async function publishPost(
  ctx: AppContext,
  input: PublishPostInput,
): Promise<Result<Post, PublishPostError>> {
  const visibility = input.visibility ?? "public";
  if (!VISIBILITIES.includes(visibility)) return fail("visibility_invalid");
  const problem = checkPostText(input.text);
  if (problem != null) return fail(problem);
  const author = await activeAuthor(ctx, input.authorUsername);
  if (!author.ok) return author;
  const id = newId();
  const iri = ctx.iris.post(id);
  const post: Post = {
    id,
    iri,
    actorId: author.value.id,
    type: "Note",
    name: null,
    contentHtml: plainTextToHtml(input.text),
    source: input.text,
    summary: input.summary?.trim() || null,
    sensitive: (input.summary?.trim() ?? "") !== "",
    language: input.language ?? null,
    visibility,
    inReplyToIri: input.inReplyToIri ?? null,
    audienceIri: visibility === "public" ? ctx.iris.actor(ctx.groupHandle) : null,
    url: iri,
    attachments: [],
    tags: [],
    pollOptions: null,
    publishedAt: nowIso(),
    updatedAt: null,
    local: true,
  };
  await ctx.repos.posts.insert(post);
  await ctx.events.publish({ type: "PostPublished", post, author: author.value });
  if (isAnnouncedByGroup(visibility)) await announceByGroup(ctx, post);
  return ok(post);
}

/**
 * The buurt group shares a member's public post with the group's followers
 * (FEP-1b12 `Announce`), and the announce shows in the group's outbox.
 */
async function announceByGroup(ctx: AppContext, post: Post): Promise<void> {
  const buurt = await ctx.repos.buurt.get();
  if (buurt == null) return;
  const id = newId();
  const now = nowIso();
  const announce = {
    id,
    iri: ctx.iris.activity(buurt.actor.username, "announce", id),
    actorId: buurt.actor.id,
    postId: post.id,
    createdAt: now,
    publishedAt: now,
  };
  if (await ctx.repos.announces.create(announce)) {
    await ctx.events.publish({ type: "PostAnnounced", announce, actor: buurt.actor, post });
  }
}

export type ChangePostError = PostTextProblem | "post_not_found" | "not_author";

/**
 * Edits the text (and content warning) of a local post; sends `Update`.
 * @param input.editorUsername Must be the author.
 */
export async function updatePost(
  ctx: AppContext,
  input: { postId: string; editorUsername: string; text: string; summary?: string | null },
): Promise<Result<Post, ChangePostError>> {
  const problem = checkPostText(input.text);
  if (problem != null) return fail(problem);
  const post = await ctx.repos.posts.findById(input.postId);
  if (post == null || !post.local) return fail("post_not_found");
  const author = await ctx.repos.actors.findById(post.actorId);
  if (author == null || author.username !== input.editorUsername.toLowerCase()) return fail("not_author");
  const summary = input.summary === undefined ? post.summary : input.summary?.trim() || null;
  const updated: Post = {
    ...post,
    contentHtml: plainTextToHtml(input.text),
    source: input.text,
    summary,
    sensitive: summary != null,
    updatedAt: nowIso(),
  };
  await ctx.repos.posts.update(updated);
  await ctx.events.publish({ type: "PostUpdated", post: updated, author });
  return ok(updated);
}

/**
 * Deletes a local post; sends `Delete` with a `Tombstone`.
 * @param input.actorUsername The author (moderation deletes come with the residents' UI).
 */
export async function deletePost(
  ctx: AppContext,
  input: { postId: string; actorUsername: string },
): Promise<Result<Post, "post_not_found" | "not_author">> {
  const post = await ctx.repos.posts.findById(input.postId);
  if (post == null || !post.local) return fail("post_not_found");
  const author = await ctx.repos.actors.findById(post.actorId);
  if (author == null || author.username !== input.actorUsername.toLowerCase()) return fail("not_author");
  await ctx.repos.posts.delete(post.id);
  await ctx.events.publish({ type: "PostDeleted", post, author });
  return ok(post);
}
