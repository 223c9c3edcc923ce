/**
 * The help board: residents ask for help (*hulpvraag*) or offer it
 * (*hulpaanbod*).  Plain types and the rules on who may do what, as pure
 * functions; the use cases in `src/app/help.ts` apply them.
 *
 * Life of an item:
 *
 *     open ──match──▶ matched ──close──▶ closed
 *       │  ◀─release──┘                    ▲
 *       └────────────close─────────────────┘
 *
 * - **open**: anyone who can see it may respond ("I can help" / "I'm
 *   interested"); a response opens a direct conversation between the
 *   responder and the author.
 * - **matched**: the author chose one responder (a local member or a remote
 *   actor who replied).  Only the author matches, only with someone who
 *   responded, never with themselves.
 * - **release** (matched → open): the author undoes a match that fell
 *   through; the match stays on record with the time it was released.
 * - **closed**: final.  The author closes their own item (with or without a
 *   match: "solved elsewhere" is allowed); buurtverbinders and admins may
 *   close any item (moderation, or a request that went stale).  A closed
 *   item is not reopened: asking again is a new item, which keeps the board
 *   and the results dashboard honest.
 *
 * Visibility is `buurt` (members of this buurt only, never federated) by
 * default, or `public` (federated as a Note with hashtags, see
 * `helpNoteHtml`).
 */
import type { Tag, Visibility } from "./post.ts";
import { escapeHtml, hashtagHtml } from "./text.ts";

/** A request for help (*hulpvraag*) or an offer of help (*hulpaanbod*). */
export const HELP_KINDS = ["request", "offer"] as const;
export type HelpKind = typeof HELP_KINDS[number];

/** What kind of help: errands (boodschappen), odd jobs (klusjes), transport (vervoer), company (gezelschap), lending (lenen), other (anders). */
export const HELP_CATEGORIES = ["errands", "odd_jobs", "transport", "company", "lending", "other"] as const;
export type HelpCategory = typeof HELP_CATEGORIES[number];

export const HELP_STATUSES = ["open", "matched", "closed"] as const;
export type HelpStatus = typeof HELP_STATUSES[number];

/** The visibilities a help item can have: buurt-only (the default) or public. */
export const HELP_VISIBILITIES = ["buurt", "public"] as const satisfies readonly Visibility[];
export type HelpVisibility = typeof HELP_VISIBILITIES[number];
export const DEFAULT_HELP_VISIBILITY: HelpVisibility = "buurt";

/** Longest title, in characters. */
export const MAX_HELP_TITLE_LENGTH = 120;
/** Longest description, in characters. */
export const MAX_HELP_DESCRIPTION_LENGTH = 2000;
/** Longest message in a help conversation, in characters. */
export const MAX_HELP_MESSAGE_LENGTH = 2000;

/** A request still open after this long needs a buurtverbinder's attention: three days, in milliseconds. */
export const ATTENTION_AFTER_MS = 3 * 24 * 60 * 60 * 1000;

/**
 * The hashtags a public help post carries: one for the kind and one for the
 * category.  Fixed Dutch words, whatever the buurt's language, so that
 * Mastodon users can follow `#hulpgevraagd` across every buurt.  "Other"
 * gets `#burenhulp` rather than the too common `#anders`.
 */
export const HELP_KIND_HASHTAGS: Readonly<Record<HelpKind, string>> = {
  request: "hulpgevraagd",
  offer: "hulpaangeboden",
};
export const HELP_CATEGORY_HASHTAGS: Readonly<Record<HelpCategory, string>> = {
  errands: "boodschappen",
  odd_jobs: "klusjes",
  transport: "vervoer",
  company: "gezelschap",
  lending: "lenen",
  other: "burenhulp",
};

/** A help request or offer; its text lives in a `posts` row (a Note) with the same id. */
export interface HelpItem {
  /** Id of the item's post. */
  postId: string;
  /** ActivityPub id of the item's post. */
  postIri: string;
  authorActorId: string;
  kind: HelpKind;
  category: HelpCategory;
  title: string;
  /** Plain text as the author typed it. */
  description: string;
  visibility: HelpVisibility;
  status: HelpStatus;
  /** With whom it is matched (local member or remote actor), while `matched` (and after closing a matched item). */
  matchedActorId: string | null;
  matchedAt: string | null;
  closedAt: string | null;
  closedByActorId: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Someone offered help on a request (or asked for an offered one): a local
 * member through "I can help", or a remote actor by replying.  `postId` is
 * the message that opened the conversation.
 */
export interface HelpResponse {
  id: string;
  itemPostId: string;
  actorId: string;
  postId: string | null;
  createdAt: string;
}

/**
 * A match as recorded for the results dashboard (new relations between
 * neighbours): who helped whom, when, and when it was released if it fell
 * through.
 */
export interface HelpMatch {
  id: string;
  itemPostId: string;
  authorActorId: string;
  helperActorId: string;
  matchedAt: string;
  releasedAt: string | null;
}

/** Form input for a new item, as typed. */
export interface HelpInput {
  kind: string;
  category: string;
  title: string;
  description: string;
  visibility: string;
}

export type HelpInputProblem =
  | "help_kind_invalid"
  | "help_category_invalid"
  | "help_title_empty"
  | "help_title_too_long"
  | "help_description_too_long"
  | "help_visibility_invalid";

/** The input's problems by field name (empty when acceptable). */
export type HelpInputProblems = Partial<Record<keyof HelpInput, HelpInputProblem>>;

/** Whether a typed value is a help kind (`request`, `offer`). */
export function isHelpKind(value: string): value is HelpKind {
  return (HELP_KINDS as readonly string[]).includes(value);
}

/** Whether a typed value is one of `HELP_CATEGORIES`. */
export function isHelpCategory(value: string): value is HelpCategory {
  return (HELP_CATEGORIES as readonly string[]).includes(value);
}

/** Whether a typed value is a help status (`open`, `matched`, `closed`). */
export function isHelpStatus(value: string): value is HelpStatus {
  return (HELP_STATUSES as readonly string[]).includes(value);
}

/** Whether a typed value is a visibility a help item may have (`buurt`, `public`). */
export function isHelpVisibility(value: string): value is HelpVisibility {
  return (HELP_VISIBILITIES as readonly string[]).includes(value);
}

/**
 * Checks a new item: every problem at once, so a form can show them all.
 * The description may be empty (the title can say it all).
 *
 * @returns Problems by field; `{}` when acceptable.
 */
export function checkHelpInput(input: HelpInput): HelpInputProblems {
  const problems: HelpInputProblems = {};
  if (!isHelpKind(input.kind)) problems.kind = "help_kind_invalid";
  if (!isHelpCategory(input.category)) problems.category = "help_category_invalid";
  const title = input.title.trim();
  if (title === "") problems.title = "help_title_empty";
  else if ([...title].length > MAX_HELP_TITLE_LENGTH) problems.title = "help_title_too_long";
  if ([...input.description.trim()].length > MAX_HELP_DESCRIPTION_LENGTH) {
    problems.description = "help_description_too_long";
  }
  if (!isHelpVisibility(input.visibility)) problems.visibility = "help_visibility_invalid";
  return problems;
}

export type HelpMessageProblem = "help_message_empty" | "help_message_too_long";

/** Checks a message in a help conversation; `null` when acceptable. */
export function checkHelpMessage(text: string): HelpMessageProblem | null {
  if (text.trim() === "") return "help_message_empty";
  if ([...text].length > MAX_HELP_MESSAGE_LENGTH) return "help_message_too_long";
  return null;
}

/** Who is acting: their actor, and whether they moderate (buurtverbinder or admin). */
export interface HelpActor {
  actorId: string;
  moderator: boolean;
}

export type HelpRuleProblem =
  | "not_author"
  | "not_allowed"
  | "own_item"
  | "not_open"
  | "not_matched"
  | "already_closed"
  | "self_match"
  | "not_a_responder";

/**
 * Whether `actor` may respond to the item ("I can help"): anyone but the
 * author, while the item is open.
 */
export function checkRespond(item: HelpItem, actorId: string): HelpRuleProblem | null {
  if (item.authorActorId === actorId) return "own_item";
  if (item.status !== "open") return "not_open";
  return null;
}

/**
 * Whether `actor` may match the item with `helperActorId`: only the author,
 * only while open, never with themselves, only with someone who responded.
 *
 * @param responderIds Actor ids of everyone who responded.
 */
export function checkMatch(
  item: HelpItem,
  actor: HelpActor,
  helperActorId: string,
  responderIds: readonly string[],
): HelpRuleProblem | null {
  if (item.authorActorId !== actor.actorId) return "not_author";
  if (item.status !== "open") return "not_open";
  if (helperActorId === item.authorActorId) return "self_match";
  if (!responderIds.includes(helperActorId)) return "not_a_responder";
  return null;
}

/** Whether `actor` may release a match (matched → open): only the author. */
export function checkRelease(item: HelpItem, actor: HelpActor): HelpRuleProblem | null {
  if (item.authorActorId !== actor.actorId) return "not_author";
  if (item.status !== "matched") return "not_matched";
  return null;
}

/**
 * Whether `actor` may close the item: its author, or a moderator; from open
 * (no match needed) or matched.  Closed is final.
 */
export function checkClose(item: HelpItem, actor: HelpActor): HelpRuleProblem | null {
  if (item.authorActorId !== actor.actorId && !actor.moderator) return "not_allowed";
  if (item.status === "closed") return "already_closed";
  return null;
}

/**
 * Whether a viewer may see the item at all: public items everyone, buurt-only
 * items members of this buurt.
 */
export function canViewHelpItem(item: Pick<HelpItem, "visibility">, viewerIsMember: boolean): boolean {
  return item.visibility === "public" || viewerIsMember;
}

/**
 * Whether a viewer may read the conversation between the author and one
 * responder: only those two.  Not moderators either: it is a private
 * conversation (as Mastodon's direct messages are).
 */
export function canViewConversation(
  item: Pick<HelpItem, "authorActorId">,
  responderActorId: string,
  viewerActorId: string | null,
): boolean {
  return viewerActorId != null && (viewerActorId === item.authorActorId || viewerActorId === responderActorId);
}

/**
 * Whether an open request has waited long enough for a buurtverbinder to
 * look at it (more than `ATTENTION_AFTER_MS`).  Offers never need attention.
 *
 * @param now The current instant.
 */
export function needsAttention(item: Pick<HelpItem, "kind" | "status" | "createdAt">, now: Date): boolean {
  return item.kind === "request" && item.status === "open" &&
    now.getTime() - Date.parse(item.createdAt) > ATTENTION_AFTER_MS;
}

/** The instant before which an open request needs attention. */
export function attentionCutoff(now: Date): string {
  return new Date(now.getTime() - ATTENTION_AFTER_MS).toISOString();
}

/**
 * The words of a help post in the buurt's language (the web layer fills
 * them from the message catalogue: `help.note.*`).
 */
export interface HelpWording {
  kind: Readonly<Record<HelpKind, string>>;
  category: Readonly<Record<HelpCategory, string>>;
  /** How to answer, per kind, e.g. "Can you help? Reply to this post." */
  invite: Readonly<Record<HelpKind, string>>;
  /** The text of the link to the item's page: "See it on the help board." */
  moreOnBoard: string;
  /** A status line for a matched or closed item. */
  status: Readonly<Record<"matched" | "closed", string>>;
}

/** Where the hashtags of a help post link: the board filtered by kind or category. */
export interface HelpLinks {
  /** The item's page. */
  itemUrl: string;
  kindUrl: string;
  categoryUrl: string;
}

/**
 * The HTML of a help item's post, stored in `posts` (so timelines show it)
 * and federated as the Note's `content` when public.  It says plainly what
 * is asked or offered, how to answer (by replying), links the item's page,
 * and ends with the kind and category hashtags, as Mastodon renders its own
 * hashtags (`<a class="mention hashtag" rel="tag">#<span>…</span></a>`).
 *
 * @returns The HTML and the two `Hashtag` tags.
 */
export function helpNoteHtml(
  item: Pick<HelpItem, "kind" | "category" | "title" | "description" | "status">,
  wording: HelpWording,
  links: HelpLinks,
): { html: string; tags: Tag[] } {
  const kindTag = HELP_KIND_HASHTAGS[item.kind];
  const categoryTag = HELP_CATEGORY_HASHTAGS[item.category];
  const parts: string[] = [];
  if (item.status !== "open") parts.push(`<p><strong>${escapeHtml(wording.status[item.status])}</strong></p>`);
  parts.push(
    `<p>${escapeHtml(wording.kind[item.kind])} · ${escapeHtml(wording.category[item.category])}: <strong>${
      escapeHtml(item.title.trim())
    }</strong></p>`,
  );
  const description = item.description.replace(/\r\n?/g, "\n").trim();
  for (const paragraph of description === "" ? [] : description.split(/\n{2,}/)) {
    parts.push(`<p>${escapeHtml(paragraph).replace(/\n/g, "<br>")}</p>`);
  }
  if (item.status === "open") {
    parts.push(
      `<p>${escapeHtml(wording.invite[item.kind])} <a href="${escapeHtml(links.itemUrl)}">${
        escapeHtml(wording.moreOnBoard)
      }</a></p>`,
    );
  }
  parts.push(`<p>${hashtagHtml(kindTag, links.kindUrl)} ${hashtagHtml(categoryTag, links.categoryUrl)}</p>`);
  return {
    html: parts.join(""),
    tags: [
      { type: "Hashtag", name: `#${kindTag}`, href: links.kindUrl },
      { type: "Hashtag", name: `#${categoryTag}`, href: links.categoryUrl },
    ],
  };
}
