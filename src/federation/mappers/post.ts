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
  Object as APObject,
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
import { addressingForVisibility, followersIriOf, isPublicIri, visibilityFromAddressing } from "./addressing.ts";
import { httpUrl } from "./remote-text.ts";

/** Object types the buurt stores as posts, with the class that parses each. */
export const POST_CLASSES = [Note, Article, Page, Event, Question, Video, Image, Audio, ChatMessage, Document] as const;

/**
 * Whether a parsed object is of a type Fedify does not know.  Fedify parses
 * an unknown `type` (BookWyrm's `Comment`, `Quotation`, `GeneratedNote`; a
 * Pleroma `ChatMessage` sent without the LitePub context) as a plain
 * `Object`, keeping every ActivityStreams property.
 */
function isUnknownType(object: unknown): object is APObject {
  return object != null && (object as { constructor: unknown }).constructor === APObject;
}

/**
 * Whether a parsed object is one the buurt may store as a post: a Note,
 * Article, Page, Event, Question, ChatMessage or media object, or an object
 * of a type Fedify does not know (read as a Note, as BookWyrm asks of
 * servers that do not know its types; `fromPostObject` still refuses one
 * without text).
 */
export function isPostObject(object: unknown): boolean {
  return POST_CLASSES.some((c) => object instanceof c) || isUnknownType(object);
}

/** Types whose `summary` is a content warning (Mastodon's reading); for the others it is an abstract. */
function summaryIsContentWarning(object: APObject): boolean {
  return object instanceof Note || object instanceof Question || object instanceof ChatMessage ||
    isUnknownType(object);
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
  const { to, cc } = addressingForVisibility(post.visibility, followersIriOf(author), [
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

/** The http(s) URL of a URL or Link (anything else, `javascript:` included, is dropped: it would end up in an `href`). */
function hrefOf(value: URL | Link | null | undefined): string | null {
  if (value == null) return null;
  return httpUrl(value instanceof URL ? value : value.href);
}

/**
 * Reasons a received object is not stored as a post.
 * - `no_id`; `not_a_post`: a Tombstone, collection, actor, place …;
 * - `no_author`: no `attributedTo`;
 * - `author_mismatch`: attributed to others than the given actor, on another origin;
 * - `poll_vote`: a Mastodon poll vote, a `Note` with only `name` and `inReplyTo`;
 * - `empty`: no text, title, attachment or poll option to show.
 */
export type PostRejection = "no_id" | "not_a_post" | "no_author" | "author_mismatch" | "poll_vote" | "empty";

function originOf(iri: string): string | null {
  try {
    return new URL(iri).origin;
  } catch {
    return null;
  }
}

/** A BCP 47 tag, or `null` for "undetermined" (Pleroma's context puts `"@language": "und"` on every text). */
function languageOf(value: string | LanguageString): string | null {
  if (!(value instanceof LanguageString)) return null;
  const tag = value.locale.baseName;
  return tag === "und" ? null : tag;
}

function nonEmpty(value: string | LanguageString | null | undefined): string | null {
  const text = value?.toString() ?? null;
  return text == null || text.trim() === "" ? null : text;
}

/**
 * The text of an object and its language: `content` when present, else the
 * first non-empty `contentMap` entry (Mastodon sends both; some servers only
 * `contentMap`; Mbin sends `content: null` with `contentMap: {"en": null}`).
 * The language is the `contentMap` key of that text, or of the only entry.
 */
function textOf(object: APObject): { content: string | null; language: string | null } {
  const values = object.contents.filter((c) => nonEmpty(c) != null);
  const content = values.find((c) => !(c instanceof LanguageString)) ?? values[0] ?? null;
  if (content == null) return { content: null, language: null };
  const text = content.toString();
  const tagged = values.filter((c) => c instanceof LanguageString);
  const same = tagged.find((c) => c.toString() === text);
  const language = languageOf(same ?? content) ??
    (tagged.length === 1 ? languageOf(tagged[0]!) : null) ??
    (!(content instanceof LanguageString) && tagged.length > 0 ? languageOf(tagged[0]!) : null);
  return { content: text, language };
}

/** The human page: the first `text/html` link of `url`, else its first value (PeerTube sends dozens). */
function pageUrlOf(object: APObject): string | null {
  const urls = object.urls;
  const html = urls.find((u) => u instanceof Link && u.mediaType?.split(";")[0]?.trim() === "text/html");
  return hrefOf(html ?? urls[0] ?? null);
}

/** At most this many attachments are kept of a received post (Mastodon keeps 16). */
export const MAX_ATTACHMENTS = 16;
/** At most this many mentions and hashtags are kept of a received post. */
export const MAX_TAGS = 100;
/** At most this many poll options are kept of a received poll. */
export const MAX_POLL_OPTIONS = 64;
/**
 * At most this many entries of `attachment` or `tag` are looked at, kept or
 * not: an entry given only by IRI is fetched, so this also bounds the
 * fetches one post can cause.
 */
const MAX_ENTRIES_READ = 200;

const MEDIA_TYPE = /^(image|audio|video)\//;
/** `application/activity+json` or `application/ld+json` (with or without a profile). */
const ACTIVITY_DOCUMENT = /^application\/(activity|ld)\+json\b/i;

/** What a post quotes (FEP-044f `quote`, or Misskey/Fedibird `_misskey_quote`, `quoteUrl`, `quoteUri`). */
function quoteOf(object: APObject): URL | null {
  if (object instanceof Note || object instanceof Article || object instanceof ChatMessage || object instanceof Question) {
    return object.quoteId ?? object.quoteUrl;
  }
  return null;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Reads a received object into a domain post.
 *
 * Keeps text (`content`, or the first `contentMap` entry), title (`name`),
 * content warning (`summary`, for Notes and Questions; for long-form types
 * it is an abstract, as Mastodon reads it), language (from `contentMap`;
 * `und` counts as unknown), dates, reply target, audience (never the Public
 * collection), the human page (the `text/html` link when `url` is a list),
 * attachments with alt text, mentions, hashtags and poll options (at most
 * {@link MAX_ATTACHMENTS}, {@link MAX_TAGS} and {@link MAX_POLL_OPTIONS}:
 * a hostile post of 1 MB holds tens of thousands).  An Image,
 * Audio or Video object without attachments shows its own media (or a
 * video's thumbnail).  A quote (FEP-044f, Misskey, Fedibird) whose link the
 * text does not already show gets a "RE:" line, as Mastodon renders it.
 *
 * Authorship: the object must be attributed to `author`, the actor the
 * caller verified as its sender.  One exception, for Mobilizon (and other
 * group software): an object attributed *only* to actors on the author's
 * own origin — a Mobilizon Event is attributed to its Group while the
 * member who created it sends it — is accepted.  That server already speaks
 * for both actors, so this accepts nothing its signature could not have
 * claimed anyway (same-origin rule, FEP-fe34).  The post is stored under
 * the verified sender, with the attributed actor as its audience.
 *
 * @param object The parsed object.
 * @param author The stored actor that sent it (or that it is attributed to, for an announced post).
 * @param options.documentLoader Loader for referenced (not embedded) attachments, tags and icons.
 * @param options.now Publication time to use when the object has none (ISO-8601).
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
  const byAuthor = attributed.some((a) => a.href === author.iri);
  const authorOrigin = originOf(author.iri);
  if (!byAuthor && !attributed.every((a) => a.origin === authorOrigin)) return { ok: false, error: "author_mismatch" };
  const loaderOptions = { ...options, suppressError: true };

  const text = textOf(object);
  let content = text.content;
  const name = nonEmpty(object.name);

  const attachments: Attachment[] = [];
  try {
    let read = 0;
    for await (const a of object.getAttachments(loaderOptions)) {
      if (attachments.length >= MAX_ATTACHMENTS || ++read > MAX_ENTRIES_READ) break;
      if (a instanceof PropertyValue) continue;
      if (a instanceof Link) {
        // A link to another ActivityStreams document (an FEP-0837 Proposal,
        // FEP-0ea0 payment link) describes the post; it is not media to show.
        if (ACTIVITY_DOCUMENT.test(a.mediaType ?? "")) continue;
        const url = hrefOf(a);
        if (url) {
          attachments.push({
            url,
            mediaType: a.mediaType ?? null,
            description: nonEmpty(a.name),
            width: a.width ?? null,
            height: a.height ?? null,
          });
        }
        continue;
      }
      const url = hrefOf(a.url) ?? httpUrl(a.id);
      if (url == null) continue;
      attachments.push({
        url,
        mediaType: a.mediaType ?? null,
        // Alt text is `name`; Owncast describes its preview image in `content`.
        description: nonEmpty(a.name) ?? nonEmpty(a.content),
        width: a instanceof Document ? a.width ?? null : null,
        height: a instanceof Document ? a.height ?? null : null,
      });
    }
  } catch {
    // Malformed attachments are dropped; the text is still worth keeping.
  }
  if (attachments.length === 0 && (object instanceof Image || object instanceof Audio || object instanceof Video)) {
    // A media object is its own attachment: Hubzilla's Image lists its
    // sizes in `url`; PeerTube's Video has only streams there, so its
    // thumbnail (`icon`) stands in.
    const media = object.urls.find((u): u is Link => u instanceof Link && MEDIA_TYPE.test(u.mediaType ?? "") && hrefOf(u) != null);
    if (media?.href != null) {
      attachments.push({
        url: hrefOf(media)!,
        mediaType: media.mediaType ?? null,
        description: name,
        width: media.width ?? null,
        height: media.height ?? null,
      });
    } else if (object instanceof Video) {
      const icon = await object.getIcon(loaderOptions).catch(() => null);
      const url = hrefOf(icon?.url ?? null);
      if (icon != null && url != null) {
        attachments.push({ url, mediaType: icon.mediaType ?? null, description: name, width: icon.width ?? null, height: icon.height ?? null });
      }
    }
  }

  const tags: Tag[] = [];
  try {
    let read = 0;
    for await (const t of object.getTags(loaderOptions)) {
      if (tags.length >= MAX_TAGS || ++read > MAX_ENTRIES_READ) break;
      if (t instanceof Mention) tags.push({ type: "Mention", name: t.name?.toString() ?? "", href: httpUrl(t.href) });
      else if (t instanceof Hashtag) tags.push({ type: "Hashtag", name: t.name?.toString() ?? "", href: httpUrl(t.href) });
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
          if (pollOptions.length >= MAX_POLL_OPTIONS) break;
          const replies = await option.getReplies(loaderOptions).catch(() => null);
          pollOptions.push({ name: option.name?.toString() ?? "", votes: replies?.totalItems ?? 0 });
        }
      }
    } catch {
      // A poll whose options cannot be read still has its question text.
    }
  }

  if (
    object instanceof Note && content == null && name != null && object.replyTargetId != null &&
    attachments.length === 0
  ) {
    return { ok: false, error: "poll_vote" };
  }
  if (content == null && name == null && attachments.length === 0 && (pollOptions?.length ?? 0) === 0) {
    return { ok: false, error: "empty" };
  }

  // Misskey and Fedibird put their own fallback in the text (a link, or a
  // `quote-inline` span pointing at the quoted post's web page); a post
  // that quotes itself (seen from Misskey) needs none.
  const quoteIri = quoteOf(object);
  const quote = httpUrl(quoteIri) == null ? null : quoteIri;
  const needsFallback = quote != null && quote.href !== object.id.href &&
    !(content != null && (content.includes(quote.href) || /class="[^"]*\bquote-inline\b/.test(content)));
  if (quote != null && needsFallback) {
    const href = escapeAttribute(quote.href);
    content = `${content ?? ""}<p class="quote-inline">RE: <a href="${href}">${href}</a></p>`;
  }

  const audience = object.audienceIds.find((a) => !isPublicIri(a)) ??
    (byAuthor ? null : attributed.find((a) => a.href !== author.iri) ?? null);
  const published = instantText(object.published) ?? options.now ?? new Date().toISOString();
  return {
    ok: true,
    value: {
      id: newId(),
      iri: object.id.href,
      actorId: author.id,
      type: postTypeOf(object),
      name,
      contentHtml: content,
      source: null,
      summary: summaryIsContentWarning(object) ? nonEmpty(object.summary) : null,
      sensitive: object.sensitive ?? false,
      language: text.language,
      visibility: object instanceof ChatMessage
        ? "direct"
        : visibilityFromAddressing(object.toIds, object.ccIds, author.followersUrl),
      inReplyToIri: object.replyTargetId?.href ?? null,
      audienceIri: audience?.href ?? null,
      url: pageUrlOf(object) ?? httpUrl(object.id) ?? null,
      attachments,
      tags,
      pollOptions,
      publishedAt: published,
      updatedAt: instantText(object.updated),
      local: false,
    },
  };
}
