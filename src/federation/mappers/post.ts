/**
 * Posts between ActivityStreams objects (Note, Article, Page, Event,
 * Question, media) and the domain `Post`.
 */
import {
  Article,
  Audio,
  ChatMessage,
  Document,
  Event,
  Hashtag,
  Image,
  LanguageString,
  Link,
  Mention,
  Note,
  type Object as APObject,
  Page,
  PropertyValue,
  Question,
  Source,
  Video,
} from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import type { Actor } from "../../domain/actor.ts";
import { newId } from "../../domain/ids.ts";
import type { Attachment, PollOption, Post, PostType, Tag } from "../../domain/post.ts";
import { instantText, toInstant } from "../temporal.ts";
import { addressingForVisibility, visibilityFromAddressing } from "./addressing.ts";

/** Object types the buurt stores as posts, with the class that parses each. */
export const POST_CLASSES = [Note, Article, Page, Event, Question, Video, Image, Audio, ChatMessage, Document] as const;

/** Whether a parsed object is one the buurt stores as a post. */
export function isPostObject(object: unknown): boolean {
  return POST_CLASSES.some((c) => object instanceof c);
}

function postTypeOf(object: APObject): PostType {
  if (object instanceof Article) return "Article";
  if (object instanceof Page) return "Page";
  if (object instanceof Event) return "Event";
  if (object instanceof Question) return "Question";
  if (object instanceof Video) return "Video";
  if (object instanceof Image) return "Image";
  if (object instanceof Audio) return "Audio";
  return "Note";
}

/**
 * Renders a local post as a `Note` addressed by its visibility (public posts
 * carry the buurt group as `audience` and in `cc`, FEP-1b12).
 *
 * @param post A local post.
 * @param author Its local author.
 * @returns The `Note`.
 */
export function toNote(post: Post, author: Actor): Note {
  const extra = post.audienceIri == null ? [] : [post.audienceIri];
  const mentioned = post.tags.filter((t) => t.type === "Mention" && t.href != null).map((t) => t.href!);
  const { to, cc } = addressingForVisibility(post.visibility, author.followersUrl ?? `${author.iri}/followers`, [
    ...extra,
    ...mentioned,
  ]);
  const content = post.contentHtml ?? "";
  return new Note({
    id: new URL(post.iri),
    attribution: new URL(author.iri),
    // `content` plus, when the language is known, `contentMap` (as Mastodon sends).
    ...(post.language == null ? { content } : { contents: [content, new LanguageString(content, post.language)] }),
    source: post.source == null ? null : new Source({ content: post.source, mediaType: "text/plain" }),
    summary: post.summary,
    sensitive: post.sensitive,
    published: toInstant(post.publishedAt),
    updated: post.updatedAt == null ? null : toInstant(post.updatedAt),
    url: post.url == null ? null : new URL(post.url),
    replyTarget: post.inReplyToIri == null ? null : new URL(post.inReplyToIri),
    audience: post.audienceIri == null ? null : new URL(post.audienceIri),
    tos: to,
    ccs: cc,
    attachments: post.attachments.map((a) =>
      new Document({
        url: new URL(a.url),
        mediaType: a.mediaType,
        name: a.description,
        width: a.width,
        height: a.height,
      })
    ),
    tags: post.tags.map((t) =>
      t.type === "Mention"
        ? new Mention({ name: t.name, href: t.href == null ? null : new URL(t.href) })
        : new Hashtag({ name: t.name, href: t.href == null ? null : new URL(t.href) })
    ),
  });
}

function hrefOf(value: URL | Link | null | undefined): string | null {
  if (value == null) return null;
  if (value instanceof URL) return value.href;
  return value.href?.href ?? null;
}

/** Reasons a received object is not stored as a post. */
export type PostRejection = "no_id" | "not_a_post" | "no_author" | "author_mismatch";

/**
 * Reads a received object into a domain post.
 *
 * Keeps text (`content`, or the first `contentMap` entry), title, content
 * warning, language (from `contentMap`), dates, reply target, audience,
 * attachments with alt text, mentions, hashtags and poll options.  The
 * attributed author must be the given actor (the caller has verified it
 * is the actor that sent the activity).
 *
 * @param object The parsed object.
 * @param author The stored actor the object is attributed to.
 * @param options.documentLoader Loader for referenced (not embedded) attachments and tags.
 * @returns The post (with a fresh local id) or why it is refused.
 */
export async function fromPostObject(
  object: APObject,
  author: Actor,
  options: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader; now?: string } = {},
): Promise<{ ok: true; value: Post } | { ok: false; error: PostRejection }> {
  if (object.id == null) return { ok: false, error: "no_id" };
  if (!isPostObject(object)) return { ok: false, error: "not_a_post" };
  const attributed = object.attributionIds;
  if (attributed.length === 0) return { ok: false, error: "no_author" };
  if (!attributed.some((a) => a.href === author.iri)) return { ok: false, error: "author_mismatch" };
  const loaderOptions = { ...options, suppressError: true };

  let content: string | null = object.content?.toString() ?? null;
  let language: string | null = object.content instanceof LanguageString ? object.content.locale.baseName : null;
  for (const c of object.contents) {
    if (c instanceof LanguageString) {
      language ??= c.locale.baseName;
      content ??= c.toString();
    } else content ??= c.toString();
  }

  const attachments: Attachment[] = [];
  try {
    for await (const a of object.getAttachments(loaderOptions)) {
      if (a instanceof PropertyValue) continue;
      if (a instanceof Link) {
        const url = a.href?.href;
        if (url) {
          attachments.push({
            url,
            mediaType: a.mediaType ?? null,
            description: a.name?.toString() ?? null,
            width: a.width ?? null,
            height: a.height ?? null,
          });
        }
        continue;
      }
      const url = hrefOf(a.url) ?? a.id?.href ?? null;
      if (url == null) continue;
      attachments.push({
        url,
        mediaType: a.mediaType ?? null,
        description: a.name?.toString() ?? null,
        width: a instanceof Document ? a.width ?? null : null,
        height: a instanceof Document ? a.height ?? null : null,
      });
    }
  } catch {
    // Malformed attachments are dropped; the text is still worth keeping.
  }

  const tags: Tag[] = [];
  try {
    for await (const t of object.getTags(loaderOptions)) {
      if (t instanceof Mention) tags.push({ type: "Mention", name: t.name?.toString() ?? "", href: t.href?.href ?? null });
      else if (t instanceof Hashtag) tags.push({ type: "Hashtag", name: t.name?.toString() ?? "", href: t.href?.href ?? null });
    }
  } catch {
    // Same for tags.
  }

  let pollOptions: PollOption[] | null = null;
  if (object instanceof Question) {
    pollOptions = [];
    try {
      for (const getter of [object.getExclusiveOptions, object.getInclusiveOptions]) {
        for await (const option of getter.call(object, loaderOptions)) {
          const replies = await option.getReplies(loaderOptions).catch(() => null);
          pollOptions.push({ name: option.name?.toString() ?? "", votes: replies?.totalItems ?? 0 });
        }
      }
    } catch {
      // A poll whose options cannot be read still has its question text.
    }
  }

  const published = instantText(object.published) ?? options.now ?? new Date().toISOString();
  return {
    ok: true,
    value: {
      id: newId(),
      iri: object.id.href,
      actorId: author.id,
      type: postTypeOf(object),
      name: object.name?.toString() ?? null,
      contentHtml: content,
      source: null,
      summary: object.summary?.toString() || null,
      sensitive: object.sensitive ?? false,
      language,
      visibility: object instanceof ChatMessage
        ? "direct"
        : visibilityFromAddressing(object.toIds, object.ccIds, author.followersUrl),
      inReplyToIri: object.replyTargetId?.href ?? null,
      audienceIri: object.audienceId?.href ?? null,
      url: hrefOf(object.url) ?? object.id.href,
      attachments,
      tags,
      pollOptions,
      publishedAt: published,
      updatedAt: instantText(object.updated),
      local: false,
    },
  };
}
