/**
 * Help board: from domain objects to the formatted, safe data the help
 * views take, and the translated words of help posts.
 */
import type { HelpItemWithAuthor } from "../app/help-ports.ts";
import type { Actor } from "../domain/actor.ts";
import { displayNameOf } from "../domain/actor.ts";
import {
  HELP_CATEGORIES,
  type HelpCategory,
  type HelpInputProblem,
  type HelpItem,
  type HelpKind,
  type HelpMessageProblem,
  type HelpRuleProblem,
  type HelpStatus,
  type HelpWording,
  MAX_HELP_DESCRIPTION_LENGTH,
  MAX_HELP_MESSAGE_LENGTH,
  MAX_HELP_TITLE_LENGTH,
} from "../domain/help.ts";
import type { HelpCardView } from "../../views/components/help-card.tsx";
import { type Locale, type MessageKey, type Translator, translator } from "../../views/i18n/index.ts";
import { formatDateTime, profilePath } from "./presenters.ts";

const DAY_MS = 24 * 60 * 60 * 1000;

const KIND_KEYS: Record<HelpKind, MessageKey> = { request: "help.kind.request", offer: "help.kind.offer" };
const CATEGORY_KEYS: Record<HelpCategory, MessageKey> = {
  errands: "help.category.errands",
  odd_jobs: "help.category.odd_jobs",
  transport: "help.category.transport",
  company: "help.category.company",
  lending: "help.category.lending",
  other: "help.category.other",
};
const STATUS_KEYS: Record<HelpStatus, MessageKey> = {
  open: "help.status.open",
  matched: "help.status.matched",
  closed: "help.status.closed",
};

/** A help kind's translated name ("Hulpvraag", "Hulpaanbod"). */
export function kindLabel(t: Translator, kind: HelpKind): string {
  return t(KIND_KEYS[kind]);
}

/** A help category's translated name. */
export function categoryLabel(t: Translator, category: HelpCategory): string {
  return t(CATEGORY_KEYS[category]);
}

/** A help status's translated name. */
export function statusLabel(t: Translator, status: HelpStatus): string {
  return t(STATUS_KEYS[status]);
}

/** The categories as select options, in their fixed order. */
export function categoryOptions(t: Translator): Array<{ value: string; label: string }> {
  return HELP_CATEGORIES.map((c) => ({ value: c, label: categoryLabel(t, c) }));
}

/**
 * The words of help posts in the buurt's language (not the reader's: the
 * post is stored and federated once), from the `help.*` messages.
 */
export function helpWording(language: string): HelpWording {
  const t = translator((language === "en" ? "en" : "nl") satisfies Locale);
  return {
    kind: { request: kindLabel(t, "request"), offer: kindLabel(t, "offer") },
    category: Object.fromEntries(HELP_CATEGORIES.map((c) => [c, categoryLabel(t, c)])) as Record<HelpCategory, string>,
    invite: { request: t("help.note.invite.request"), offer: t("help.note.invite.offer") },
    moreOnBoard: t("help.note.more"),
    status: { matched: t("help.note.status.matched"), closed: t("help.note.status.closed") },
  };
}

/** A help item as a card on the board (or the attention list, with `now` for its age). */
export function presentHelpCard(
  entry: Pick<HelpItemWithAuthor, "item" | "author" | "responseCount">,
  options: { t: Translator; locale: Locale; timeZone: string; now?: Date },
): HelpCardView {
  const { item, author } = entry;
  const { t } = options;
  const days = options.now == null
    ? null
    : Math.floor((options.now.getTime() - Date.parse(item.createdAt)) / DAY_MS);
  return {
    id: item.postId,
    url: `/hulp/${item.postId}`,
    kind: item.kind,
    kindLabel: kindLabel(t, item.kind),
    categoryLabel: categoryLabel(t, item.category),
    title: item.title,
    status: item.status,
    statusLabel: statusLabel(t, item.status),
    authorName: displayNameOf(author),
    authorUrl: profilePath(author),
    createdIso: item.createdAt,
    createdText: formatDateTime(item.createdAt, options.locale, options.timeZone),
    responseCount: entry.responseCount,
    buurtOnly: item.visibility === "buurt",
    ageText: days == null ? null : t("help.attention.age", { days }),
  };
}

/** Every problem a help form or action can report. */
export type HelpProblem =
  | HelpInputProblem
  | HelpMessageProblem
  | HelpRuleProblem
  | "not_found"
  | "not_participant"
  | "member_not_found"
  | "member_not_active";

const PROBLEM_KEYS: Record<HelpProblem, MessageKey> = {
  help_kind_invalid: "help.error.help_kind_invalid",
  help_category_invalid: "help.error.help_category_invalid",
  help_title_empty: "help.error.help_title_empty",
  help_title_too_long: "help.error.help_title_too_long",
  help_description_too_long: "help.error.help_description_too_long",
  help_visibility_invalid: "help.error.help_visibility_invalid",
  help_message_empty: "help.error.help_message_empty",
  help_message_too_long: "help.error.help_message_too_long",
  own_item: "help.error.own_item",
  not_open: "help.error.not_open",
  not_author: "help.error.not_author",
  not_allowed: "help.error.not_allowed",
  not_matched: "help.error.not_matched",
  already_closed: "help.error.already_closed",
  self_match: "help.error.self_match",
  not_a_responder: "help.error.not_a_responder",
  not_participant: "help.error.not_participant",
  not_found: "help.error.not_found",
  member_not_found: "help.error.member",
  member_not_active: "help.error.member",
};

/** A problem as a translated sentence (with the length limits filled in). */
export function problemText(t: Translator, problem: HelpProblem): string {
  const max = problem === "help_title_too_long"
    ? MAX_HELP_TITLE_LENGTH
    : problem === "help_description_too_long"
    ? MAX_HELP_DESCRIPTION_LENGTH
    : MAX_HELP_MESSAGE_LENGTH;
  return t(PROBLEM_KEYS[problem], { max });
}

/** The HTTP status for a refused action: 422 for what was typed, 403 for who, 409 for the item's state. */
export function problemStatus(problem: HelpProblem): 403 | 404 | 409 | 422 {
  switch (problem) {
    case "not_found":
      return 404;
    case "not_author":
    case "not_allowed":
    case "not_participant":
    case "own_item":
    case "member_not_found":
    case "member_not_active":
      return 403;
    case "not_open":
    case "not_matched":
    case "already_closed":
    case "self_match":
    case "not_a_responder":
      return 409;
    default:
      return 422;
  }
}

/** The item's details as the page formats them. */
export function matchedText(
  t: Translator,
  item: HelpItem,
  matched: Actor | null,
  options: { locale: Locale; timeZone: string },
): string | null {
  if (matched == null || item.matchedAt == null) return null;
  return t("help.item.matched.with", {
    name: displayNameOf(matched),
    time: formatDateTime(item.matchedAt, options.locale, options.timeZone),
  });
}
