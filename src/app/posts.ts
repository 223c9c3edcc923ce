import type { Actor } from "../domain/actor.ts";
import { handleOf } from "../domain/actor.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { canModerate, type Member } from "../domain/member.ts";
import {
  type Attachment,
  checkPostText,
  isAnnouncedByGroup,
  type Post,
  type PostTextProblem,
  type Tag,
  type Visibility,
  VISIBILITIES,
} from "../domain/post.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { findMentions, formatPostText, type MentionTarget } from "../domain/text.ts";
import type { AppContext } from "./context.ts";
import { notifyAboutPost } from "./notifications.ts";
import type { ImageStore, RemoteLookup } from "./ports.ts";

/** Most images on one post (Mastodon's limit too). */
export const MAX_ATTACHMENTS = 4;
/** Longest alt text, in characters (Mastodon: 1500). */
export const MAX_DESCRIPTION_LENGTH = 1500;
/** Longest content warning, in characters. */
export const MAX_SUMMARY_LENGTH = 500;
/** Most mentions resolved in one post (each unknown remote one costs a WebFinger look-up). */
export const MAX_MENTIONS = 20;
/** How long one remote look-up may take before its mention stays plain text, in ms. */
export const MENTION_LOOKUP_TIMEOUT_MS = 8000;

/** `promise`, or `null` when it takes longer than `ms` (the look-up itself is left to finish). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A mention in a text and the actor it stands for. */
export interface ResolvedMention {
  /** Username as typed. */
  username: string;
  /** Host as typed (lower-case); `null` for a local `@user`. */
  domain: string | null;
  actor: Actor;
}

/**
 * Finds the actors a text's @mentions name: `@anna` (or `@anna@<this
 * host>`) is an active local member or the buurt group; `@bob@host` is an
 * actor already stored, or else is looked up (WebFinger, RFC 7033) through
 * `lookup` (at most `MENTION_LOOKUP_TIMEOUT_MS` each, all at once).
 * Mentions that cannot be resolved are left out; they stay plain text in
 * the post.
 *
 * @param lookup Remote look-ups; `null` resolves stored actors only.
 * @returns Each mention once, in order of appearance, at most `MAX_MENTIONS`.
 */
export async function resolveMentions(
  ctx: AppContext,
  lookup: Pick<RemoteLookup, "resolveActor"> | null,
  text: string,
): Promise<ResolvedMention[]> {
  const localDomain = ctx.iris.domain.toLowerCase();
  const typed = findMentions(text).slice(0, MAX_MENTIONS);
  const found = await Promise.all(typed.map(async (m): Promise<ResolvedMention | null> => {
    if (m.domain == null || m.domain === localDomain) {
      const actor = await ctx.repos.actors.findLocalByUsername(m.username.toLowerCase());
      if (actor == null) return null;
      if (actor.type === "Person") {
        const member = await ctx.repos.members.findByActorId(actor.id);
        if (member?.status !== "active") return null;
      }
      return { username: m.username, domain: m.domain, actor };
    }
    const stored = await ctx.repos.actors.findByHandle(m.username, m.domain);
    if (stored != null) return { username: m.username, domain: m.domain, actor: stored };
    if (lookup == null) return null;
    const looked = await within(lookup.resolveActor(`@${m.username}@${m.domain}`), MENTION_LOOKUP_TIMEOUT_MS)
      .catch(() => null);
    return looked?.ok ? { username: m.username, domain: m.domain, actor: looked.value } : null;
  }));
  return found.filter((m): m is ResolvedMention => m != null);
}

/** The profile page a mention links to: ours for local actors, theirs otherwise. */
function mentionTarget(ctx: AppContext, m: ResolvedMention): MentionTarget {
  return {
    username: m.username,
    domain: m.domain ?? ctx.iris.domain,
    iri: m.actor.iri,
    url: m.actor.local ? ctx.iris.profile(m.actor.username) : m.actor.url ?? m.actor.iri,
  };
}

/**
 * HTML and tags of a local post's text; a reply also mentions (addresses)
 * the author of the post it answers, as Mastodon does, even when the text
 * does not name them.
 */
function renderText(
  ctx: AppContext,
  text: string,
  mentions: readonly ResolvedMention[],
  parentAuthor: Actor | null,
  author: Actor,
): { html: string; tags: Tag[] } {
  const formatted = formatPostText(text, {
    localDomain: ctx.iris.domain,
    mentions: mentions.map((m) => mentionTarget(ctx, m)),
    hashtagUrl: (name) => ctx.iris.tag(name),
  });
  const tags = formatted.tags;
  if (parentAuthor != null && parentAuthor.id !== author.id && !tags.some((t) => t.href === parentAuthor.iri)) {
    tags.unshift({ type: "Mention", name: handleOf(parentAuthor), href: parentAuthor.iri });
  }
  return { html: text.trim() === "" ? "" : formatted.html, tags };
}

export interface PublishPostInput {
  /** The local member writing. */
  authorUsername: string;
  /** What they typed; may be empty when the post has images. */
  text: string;
  visibility?: Visibility;
  /** Content warning. */
  summary?: string | null;
  inReplyToIri?: string | null;
  language?: string | null;
  /** Actors the text's @mentions resolved to (`resolveMentions`); other mentions stay plain text. */
  mentions?: readonly ResolvedMention[];
  /** Images the author uploaded (`uploadImage`) and not yet used, in order, each with its alt text. */
  media?: ReadonlyArray<{ id: string; description: string }>;
}

export type PublishPostError =
  | PostTextProblem
  | "author_not_found"
  | "author_not_active"
  | "visibility_invalid"
  | "summary_too_long"
  | "too_many_attachments"
  | "media_not_found"
  | "media_description_missing"
  | "media_description_too_long"
  | "direct_without_mentions";

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

/** The attachments of a new post from the author's unused uploads, with their alt texts set. */
async function attachmentsOf(
  ctx: AppContext,
  author: Actor,
  media: ReadonlyArray<{ id: string; description: string }>,
): Promise<Result<Attachment[], "too_many_attachments" | "media_not_found" | "media_description_missing" | "media_description_too_long">> {
  if (media.length > MAX_ATTACHMENTS) return fail("too_many_attachments");
  const attachments: Attachment[] = [];
  for (const { id, description } of media) {
    const stored = await ctx.repos.media.findById(id);
    if (stored == null || stored.ownerActorId !== author.id || stored.postId != null) return fail("media_not_found");
    const alt = description.trim();
    if (alt === "") return fail("media_description_missing");
    if ([...alt].length > MAX_DESCRIPTION_LENGTH) return fail("media_description_too_long");
    if (alt !== stored.description) await ctx.repos.media.setDescription(id, alt);
    attachments.push({
      url: ctx.iris.media(stored.file),
      mediaType: stored.mediaType,
      description: alt,
      width: stored.width,
      height: stored.height,
    });
  }
  return ok(attachments);
}

/**
 * Publishes a local member's post: text with links, mentions and hashtags
 * (as HTML and `Mention`/`Hashtag` tags), a content warning, up to four
 * images with alt text, any visibility.  A public post names the buurt
 * group as its `audience`, so the group announces it (FEP-1b12); delivery
 * happens through the `PostPublished` event (a buurt-only post is never
 * delivered).  Replied-to and mentioned members are notified.
 *
 * @returns The stored post, or why it was refused.
 */
export async function publishPost(
  ctx: AppContext,
  input: PublishPostInput,
): Promise<Result<Post, PublishPostError>> {
  const visibility = input.visibility ?? "public";
  if (!VISIBILITIES.includes(visibility)) return fail("visibility_invalid");
  const media = input.media ?? [];
  const problem = checkPostText(input.text);
  if (problem != null && !(problem === "post_empty" && media.length > 0)) return fail(problem);
  const summary = input.summary?.trim() || null;
  if (summary != null && [...summary].length > MAX_SUMMARY_LENGTH) return fail("summary_too_long");
  const author = await activeAuthor(ctx, input.authorUsername);
  if (!author.ok) return author;
  const attachments = await attachmentsOf(ctx, author.value, media);
  if (!attachments.ok) return attachments;
  const parent = input.inReplyToIri == null ? null : await ctx.repos.posts.findByIri(input.inReplyToIri);
  const parentAuthor = parent == null ? null : await ctx.repos.actors.findById(parent.actorId);
  const { html, tags } = renderText(ctx, input.text, input.mentions ?? [], parentAuthor, author.value);
  if (visibility === "direct" && !tags.some((t) => t.type === "Mention")) return fail("direct_without_mentions");

  const id = newId();
  const iri = ctx.iris.post(id);
  const post: Post = {
    id,
    iri,
    actorId: author.value.id,
    type: "Note",
    name: null,
    contentHtml: html,
    source: input.text,
    summary,
    sensitive: summary != null,
    language: input.language ?? null,
    visibility,
    inReplyToIri: input.inReplyToIri ?? null,
    audienceIri: visibility === "public" ? ctx.iris.actor(ctx.groupHandle) : null,
    url: iri,
    attachments: attachments.value,
    tags,
    pollOptions: null,
    publishedAt: nowIso(),
    updatedAt: null,
    local: true,
  };
  await ctx.repos.posts.insert(post);
  await ctx.repos.media.attachToPost(media.map((m) => m.id), post.id);
  // Features react to the new post (`PostStored`) before the generic notifications, as for received posts.
  const notified = new Set<string>();
  await ctx.events.publish({ type: "PostStored", post, author: author.value, notified });
  await notifyAboutPost(ctx, post, notified);
  await ctx.events.publish({ type: "PostPublished", post, author: author.value });
  if (isAnnouncedByGroup(visibility)) await announceByGroup(ctx, post);
  return ok(post);
}

/**
 * The buurt group shares a member's public post with the group's followers
 * (FEP-1b12 `Announce`), and the announce shows in the group's outbox.
 */
export async function announceByGroup(ctx: AppContext, post: Post): Promise<void> {
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

export type ChangePostError =
  | PostTextProblem
  | "post_not_found"
  | "not_author"
  | "summary_too_long";

/**
 * Edits the text and content warning of a local post (mentions, hashtags
 * and links are formatted again; images and visibility stay); sends
 * `Update` to everyone who received the post.
 *
 * @param input.editorUsername Must be the author.
 * @param input.mentions The new text's resolved mentions (`resolveMentions`).
 */
export async function updatePost(
  ctx: AppContext,
  input: {
    postId: string;
    editorUsername: string;
    text: string;
    summary?: string | null;
    mentions?: readonly ResolvedMention[];
  },
): Promise<Result<Post, ChangePostError>> {
  const post = await ctx.repos.posts.findById(input.postId);
  if (post == null || !post.local) return fail("post_not_found");
  const problem = checkPostText(input.text);
  if (problem != null && !(problem === "post_empty" && post.attachments.length > 0)) return fail(problem);
  const author = await ctx.repos.actors.findById(post.actorId);
  if (author == null || author.username !== input.editorUsername.toLowerCase()) return fail("not_author");
  const summary = input.summary === undefined ? post.summary : input.summary?.trim() || null;
  if (summary != null && [...summary].length > MAX_SUMMARY_LENGTH) return fail("summary_too_long");
  const parent = post.inReplyToIri == null ? null : await ctx.repos.posts.findByIri(post.inReplyToIri);
  const parentAuthor = parent == null ? null : await ctx.repos.actors.findById(parent.actorId);
  const { html, tags } = renderText(ctx, input.text, input.mentions ?? [], parentAuthor, author);
  const updated: Post = {
    ...post,
    contentHtml: html,
    source: input.text,
    tags,
    summary,
    sensitive: summary != null,
    updatedAt: nowIso(),
  };
  await ctx.repos.posts.update(updated);
  await ctx.events.publish({ type: "PostUpdated", post: updated, author });
  return ok(updated);
}

/**
 * Deletes a local post, its images and its notifications; sends `Delete`
 * with a `Tombstone` from the author to everyone who received the post.
 * The author may delete their post; a moderator (buurtverbinder or admin)
 * may delete any member's post, which the audit log records.
 *
 * @param input.actorUsername Who deletes: the author or a moderator.
 * @param images Where the post's image files are, to remove them too.
 */
export async function deletePost(
  ctx: AppContext,
  input: { postId: string; actorUsername: string },
  images?: ImageStore,
): Promise<Result<Post, "post_not_found" | "not_author">> {
  const post = await ctx.repos.posts.findById(input.postId);
  if (post == null || !post.local) return fail("post_not_found");
  const author = await ctx.repos.actors.findById(post.actorId);
  if (author == null) return fail("post_not_found");
  let moderator: Member | null = null;
  if (author.username !== input.actorUsername.toLowerCase()) {
    const member = await ctx.repos.members.findByUsername(input.actorUsername);
    if (member == null || member.status !== "active" || !canModerate(member.role)) return fail("not_author");
    moderator = member;
  }
  const media = await ctx.repos.media.listByPost(post.id);
  await ctx.repos.posts.delete(post.id);
  await ctx.repos.media.deleteByPost(post.id);
  if (images != null) for (const m of media) await images.remove(m.file);
  if (moderator != null) {
    const authorMember = await ctx.repos.members.findByActorId(author.id);
    await ctx.repos.auditLog.record({
      id: newId(),
      actorMemberId: moderator.id,
      action: "post.deleted",
      subjectMemberId: authorMember?.id ?? null,
      detail: {
        postId: post.id,
        postIri: post.iri,
        author: author.username,
        moderator: moderator.username,
        // An event's or help item's text may be empty: its title then says which it was.
        excerpt: (post.source?.trim() || post.name || "").slice(0, 200),
      },
      createdAt: nowIso(),
    });
  }
  await ctx.events.publish({ type: "PostDeleted", post, author });
  return ok(post);
}
