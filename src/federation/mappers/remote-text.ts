/**
 * Tidying strings and URLs that other servers send before they are stored:
 * URLs that end up in `href`/`src` must be http(s) (a `javascript:` page URL
 * is a valid IRI to a JSON-LD parser), names lose the invisible characters
 * that let one name pass for another, and lengths are capped so one actor
 * cannot fill a page.  The views still escape and sanitise everything; this
 * keeps what is stored honest for every reader (pages, feeds, iCalendar).
 */

/**
 * Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069),
 * zero-width space, word joiner and invisible operators (U+200B,
 * U+2060–U+2064), the byte-order mark, and C0/C1 controls.  Zero-width
 * joiners (U+200C, U+200D) and the directional marks (U+200E, U+200F) stay:
 * emoji sequences, Persian and Indic names and right-to-left text need them.
 */
const INVISIBLE_IN_NAMES = /[\u0000-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Everything a handle (`@user@host`) must not contain: format and control characters, whitespace, `@`. */
const NOT_IN_HANDLES = /[\p{Cf}\p{Cc}\p{Z}\s@]/gu;

/** Longest display name kept, in code points (Mastodon shows 30; other software allows more). */
export const MAX_NAME_LENGTH = 200;
/** Longest username kept, in code points. */
export const MAX_USERNAME_LENGTH = 100;
/** Longest profile text (HTML) kept, in code points. */
export const MAX_SUMMARY_LENGTH = 10_000;
/** At most this many profile fields are kept (Mastodon allows 4 by default). */
export const MAX_FIELDS = 16;
/** Longest profile field name and value kept, in code points. */
export const MAX_FIELD_NAME_LENGTH = 255;
export const MAX_FIELD_VALUE_LENGTH = 2_048;

/** The URL as text when it is absolute http(s), else `null`. */
export function httpUrl(url: URL | string | null | undefined): string | null {
  if (url == null) return null;
  try {
    const parsed = url instanceof URL ? url : new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/** `text` cut to `max` code points, with "…" when cut. */
export function truncate(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, max - 1).join("")}…`;
}

/**
 * A display name (or other one-line label) as it may be shown: without the
 * invisible characters above (line breaks become spaces), at most `max`
 * code points; otherwise as sent.
 * @returns The name, or `null` when nothing visible is left.
 */
export function cleanName(text: string | null | undefined, max = MAX_NAME_LENGTH): string | null {
  if (text == null) return null;
  const cleaned = text.replace(/[\r\n\t]/g, " ").replace(INVISIBLE_IN_NAMES, "");
  return cleaned.trim() === "" ? null : truncate(cleaned, max);
}

/**
 * A username as it may appear in a handle: no format or control characters,
 * whitespace or `@` (so `a\u200Bnna` reads as what it shows, `anna`, and no
 * username can carry a second host), at most {@link MAX_USERNAME_LENGTH}.
 * @returns The username, or `null` when nothing is left.
 */
export function cleanUsername(text: string | null | undefined): string | null {
  if (text == null) return null;
  const cleaned = text.normalize("NFC").replace(NOT_IN_HANDLES, "");
  return cleaned === "" ? null : [...cleaned].slice(0, MAX_USERNAME_LENGTH).join("");
}
