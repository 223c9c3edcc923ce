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
