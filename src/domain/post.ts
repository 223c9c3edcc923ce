/**
 * Posts: notes, articles and other objects written by local members or
 * received from remote actors.
 */

/**
 * Who can see a post.
 * - `public`: everyone; delivered to followers and announced by the buurt group.
 * - `unlisted`: everyone with the link; kept out of public timelines (Mastodon's "unlisted").
 * - `followers`: the author's followers only.
 * - `buurt`: members of this buurt only; never leaves this server (like Hometown's local-only posts).
 * - `direct`: the mentioned actors only.
 */
export const VISIBILITIES = ["public", "unlisted", "followers", "buurt", "direct"] as const;
export type Visibility = typeof VISIBILITIES[number];

/** Object types stored as posts. */
export const POST_TYPES = ["Note", "Article", "Page", "Event", "Question", "Video", "Image", "Audio"] as const;
export type PostType = typeof POST_TYPES[number];

/** A media attachment (ActivityStreams `Document`/`Image`). */
export interface Attachment {
  url: string;
  mediaType: string | null;
  /** Alt text (`name`). */
  description: string | null;
  width: number | null;
  height: number | null;
}

/** A `Mention` or `Hashtag` tag. */
export interface Tag {
  type: "Mention" | "Hashtag";
  /** `@user@host` for mentions, `#tag` for hashtags. */
  name: string;
  href: string | null;
}

/** A poll option of a `Question`. */
export interface PollOption {
  name: string;
  votes: number;
}

export interface Post {
  id: string;
  /** The ActivityPub id. */
  iri: string;
  /** Author's actor row. */
  actorId: string;
  type: PostType;
  /** Title (`name`) for Article, Page, Event, Question. */
  name: string | null;
  /** Body as HTML; remote HTML is sanitised when rendered. */
  contentHtml: string | null;
  /** Plain-text source a local author wrote. */
  source: string | null;
  /** Content warning. */
  summary: string | null;
  sensitive: boolean;
  /** BCP 47 language tag, when known. */
  language: string | null;
  visibility: Visibility;
  inReplyToIri: string | null;
  /** The group the post is addressed to (FEP-1b12 `audience`). */
  audienceIri: string | null;
  /** Human-readable page. */
  url: string | null;
  attachments: Attachment[];
  tags: Tag[];
  pollOptions: PollOption[] | null;
  publishedAt: string;
  updatedAt: string | null;
  local: boolean;
}

/** Whether a post with this visibility is ever sent to other servers. */
export function isFederated(visibility: Visibility): boolean {
  return visibility !== "buurt";
}

/** Whether the buurt group `Announce`s a member's post with this visibility (FEP-1b12). */
export function isAnnouncedByGroup(visibility: Visibility): boolean {
  return visibility === "public";
}

/**
 * The visibilities a list shows (timelines, the agenda, tag pages): public
 * for everyone, buurt-only too for members of this buurt.  Unlisted,
 * followers-only and direct posts are never listed.
 */
export function listedVisibilities(member: boolean): Visibility[] {
  return member ? ["public", "buurt"] : ["public"];
}

/** The longest text a local post may have, in characters. */
export const MAX_POST_LENGTH = 5000;

export type PostTextProblem = "post_empty" | "post_too_long";

/**
 * Checks the text of a new local post.
 *
 * @param text What the author typed.
 * @returns `null` when acceptable, otherwise the problem code.
 */
export function checkPostText(text: string): PostTextProblem | null {
  if (text.trim().length === 0) return "post_empty";
  if ([...text].length > MAX_POST_LENGTH) return "post_too_long";
  return null;
}

/** What is known about a reader, for `isVisibleTo`. */
export interface ReaderFacts {
  /** A logged-in member of this buurt. */
  member: boolean;
  /** The reader wrote the post. */
  author: boolean;
  /** The reader follows the author (accepted). */
  follower: boolean;
  /** The post mentions the reader (a `Mention` tag). */
  mentioned: boolean;
}

/**
 * Who may read a post: public and unlisted posts everyone; buurt-only posts
 * the members of this buurt; followers-only posts the author, their
 * followers and whoever is mentioned; direct posts the author and whoever is
 * mentioned (Mastodon's rules, plus Hometown's local-only posts).
 *
 * @param reader What is known about the reader; `null` for a visitor.
 */
export function isVisibleTo(post: Pick<Post, "visibility">, reader: ReaderFacts | null): boolean {
  switch (post.visibility) {
    case "public":
    case "unlisted":
      return true;
    case "buurt":
      return reader?.member === true;
    case "followers":
      return reader != null && (reader.author || reader.follower || reader.mentioned);
    case "direct":
      return reader != null && (reader.author || reader.mentioned);
  }
}
