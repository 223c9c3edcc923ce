/**
 * Short confirmations after the post forms (post/redirect/get): the form
 * redirects with `?notice=<code>` and the page shows the translated text.
 * Only known codes are shown, so a link cannot put other text on the page.
 */
import type { MessageKey, Translator } from "../../views/i18n/index.ts";

/** Codes and their messages. */
const POST_NOTICES = {
  posted: "notice.posted",
  replied: "notice.replied",
  liked: "notice.liked",
  unliked: "notice.unliked",
  boosted: "notice.boosted",
  unboosted: "notice.unboosted",
  edited: "notice.edited",
  deleted: "notice.deleted",
  not_allowed: "notice.not.allowed",
} as const satisfies Record<string, MessageKey>;

export type PostNotice = keyof typeof POST_NOTICES;

/**
 * `path` (which may carry a query and a `#fragment`) with `notice` set.
 * @param path A path on this site.
 */
export function withPostNotice(path: string, notice: PostNotice): string {
  const url = new URL(path, "http://x");
  url.searchParams.delete("cursor");
  url.searchParams.set("notice", notice);
  return url.pathname + url.search + url.hash;
}

/** The translated text of a `?notice=` code, or `null` for none or an unknown one. */
export function postNoticeText(t: Translator, code: string | null | undefined): string | null {
  if (code == null || !Object.hasOwn(POST_NOTICES, code)) return null;
  return t(POST_NOTICES[code as PostNotice]);
}
