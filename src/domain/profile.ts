/**
 * What a member may put on their profile: limits, and the plain-text bio
 * they type turned into the `summary` HTML their actor carries (and back,
 * for the settings form).
 */
import { plainTextToHtml } from "./text.ts";

/** Longest display name, in characters (Mastodon allows 30; we allow longer Dutch names). */
export const MAX_DISPLAY_NAME_LENGTH = 100;
/** Longest bio, in characters (Mastodon's default is 500). */
export const MAX_BIO_LENGTH = 500;
/** Longest organisation or function of a professional, in characters. */
export const MAX_PROFESSIONAL_TEXT_LENGTH = 100;

/** Number of Unicode code points (what a person counts as characters, near enough). */
export function characterCount(text: string): number {
  return [...text].length;
}

/**
 * Characters a name never needs and that let one name pass for another or
 * garble the text around it: C0/C1 controls, the soft hyphen, bidi
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * zero-width space, word joiner and invisible operators, deprecated format
 * characters, the byte-order mark, and the blank "filler" letters
 * (Hangul, Khmer, Mongolian) used for names that look empty.  Zero-width
 * joiners and the directional marks stay: emoji sequences, Persian and
 * Indic names and right-to-left text need them.  The same set as remote
 * names lose (src/federation/mappers/remote-text.ts), plus the fillers.
 */
const INVISIBLE_IN_NAMES =
  /[\u0000-\u001F\u007F-\u009F\u00AD\u034F\u115F\u1160\u17B4\u17B5\u180E\u200B\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0]/g;

/** Most combining marks kept on one letter (Vietnamese and Indic scripts use up to three). */
const MAX_MARKS_PER_LETTER = 4;

/**
 * A one-line name as typed (a display name, a professional's organisation
 * or function), as it is stored and shown: composed (NFC), every kind of
 * space and line break a single space, trimmed, without the invisible
 * characters above, and at most four combining marks per letter (no
 * "Zalgo" towers over the page).
 *
 * @returns The name, or `""` when nothing visible is left (callers treat
 *   it as empty: a display name falls back to the username).
 */
export function cleanDisplayName(text: string): string {
  const cleaned = text.normalize("NFC")
    .replace(INVISIBLE_IN_NAMES, (c) => (/[\t\n\v\f\r\u0085]/.test(c) ? " " : ""))
    .replace(new RegExp(`(\\p{M}{${MAX_MARKS_PER_LETTER}})\\p{M}+`, "gu"), "$1")
    .replace(/[\s\p{Z}]+/gu, " ")
    .trim();
  return /[\p{L}\p{N}\p{S}\p{P}]/u.test(cleaned) ? cleaned : "";
}

/**
 * A typed bio as the actor's `summary`: escaped HTML with paragraphs, line
 * breaks and links (see `plainTextToHtml`), or `null` when empty.
 */
export function bioToSummaryHtml(bio: string): string | null {
  const text = bio.trim();
  return text === "" ? null : plainTextToHtml(text);
}

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/**
 * The plain text behind a `summary` written by `bioToSummaryHtml`, for
 * editing: paragraphs become blank lines, `<br>` a newline, tags are
 * dropped and the five escaped characters restored.  Exact for summaries
 * this server wrote; a readable approximation for anything else.
 */
export function summaryHtmlToBio(html: string | null): string {
  if (html == null) return "";
  return html
    .replace(/<\/p>\s*<p[^>]*>/gi, "\n\n")
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e)
    .trim();
}
