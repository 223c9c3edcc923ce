/**
 * From domain objects to the plain, formatted, safe data the views take.
 */
import type { Actor } from "../domain/actor.ts";
import { displayNameOf, handleOf } from "../domain/actor.ts";
import type { Post } from "../domain/post.ts";
import type { ActorView } from "../../views/components/actor-card.tsx";
import type { PostView } from "../../views/components/post-card.tsx";
import type { Locale, Translator } from "../../views/i18n/index.ts";
import { plainText, safeUrl, sanitizeHtml } from "./sanitize.ts";

/** Formats an instant for a reader: their language, the buurt's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

/** Options for `formatWhen`. */
export interface WhenOptions {
  locale: Locale;
  /** IANA time zone of the buurt. */
  timeZone: string;
  /** For "vandaag"/"today" and "gisteren"/"yesterday"; without it the full date is shown. */
  t?: Translator | null;
  /** The reader's "now" (tests pass a fixed one). */
  now?: Date;
}

function calendarDay(date: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

/**
 * Formats an instant the friendly way, in the buurt's time zone and the
 * reader's language: "vandaag 14:05", "gisteren 09:30", "3 mrt. 14:05" this
 * year, "3 mrt. 2024 14:05" before.
 * @param iso ISO-8601 instant.
 */
export function formatWhen(iso: string, options: WhenOptions): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const tag = options.locale === "nl" ? "nl-NL" : "en-GB";
  const { timeZone, t } = options;
  const now = options.now ?? new Date();
  const time = new Intl.DateTimeFormat(tag, { timeStyle: "short", timeZone }).format(date);
  if (t != null) {
    const day = calendarDay(date, timeZone);
    if (day === calendarDay(now, timeZone)) return t("time.today", { time });
    if (day === calendarDay(new Date(now.getTime() - 86_400_000), timeZone)) return t("time.yesterday", { time });
  }
  const sameYear = calendarDay(date, timeZone).slice(0, 4) === calendarDay(now, timeZone).slice(0, 4);
  const dayText = new Intl.DateTimeFormat(tag, {
    day: "numeric",
    month: "short",
    ...(sameYear ? {} : { year: "numeric" }),
    timeZone,
  }).format(date);
  return `${dayText} ${time}`;
}

/**
 * Our page about an actor: `/@username` for members and the buurt group,
 * `/@username@host` for remote actors (the remote profile page).
 */
export function profilePath(actor: Pick<Actor, "local" | "username" | "domain">): string {
  const user = encodeURIComponent(actor.username);
  return actor.local ? `/@${user}` : `/@${user}@${encodeURIComponent(actor.domain)}`;
}

/**
 * An actor as the views show it: name and handle as text, summary and
 * field values sanitised, field names reduced to text, links and avatar
 * only when they are http(s).
 * @param options.badge The role badge of a member (see `roleBadge` in the routes).
 */
export function presentActor(actor: Actor, options: { badge?: string | null } = {}): ActorView {
  return {
    id: actor.id,
    name: displayNameOf(actor),
    handle: handleOf(actor),
    url: profilePath(actor),
    remoteUrl: actor.local ? null : safeUrl(actor.url ?? actor.iri),
    avatar: safeUrl(actor.iconUrl),
    summaryHtml: actor.summary == null ? null : (sanitizeHtml(actor.summary) || null),
    badge: options.badge ?? null,
    fields: actor.fields.flatMap((f) => {
      const name = plainText(f.name);
      return name == null ? [] : [{ name, valueHtml: sanitizeHtml(f.value) }];
    }),
    local: actor.local,
    isGroup: actor.type === "Group",
    locked: actor.manuallyApprovesFollowers,
  };
}

/**
 * An image's size for its `width`/`height` attributes: both whole numbers
 * of pixels (1–20 000, as remote servers send anything) or neither.
 */
function dimensions(width: number | null, height: number | null): { width: number | null; height: number | null } {
  const ok = (n: number | null): n is number => n != null && Number.isInteger(n) && n > 0 && n <= 20_000;
  return ok(width) && ok(height) ? { width, height } : { width: null, height: null };
}

/** A stored post as the post card shows it. */
export function presentPost(
  post: Post,
  author: Actor,
  options: {
    locale: Locale;
    timeZone: string;
    boostedBy?: Actor | null;
    badge?: string | null;
    /** With a translator, recent times read "vandaag 14:05" (see `formatWhen`). */
    t?: Translator | null;
    now?: Date;
  },
): PostView {
  return {
    id: post.id,
    url: post.local ? post.iri : `/posts/${post.id}`,
    authorName: displayNameOf(author),
    authorHandle: handleOf(author),
    authorUrl: profilePath(author),
    authorAvatar: safeUrl(author.iconUrl),
    authorBadge: options.badge ?? null,
    publishedIso: post.publishedAt,
    publishedText: options.t == null
      ? formatDateTime(post.publishedAt, options.locale, options.timeZone)
      : formatWhen(post.publishedAt, options),
    edited: post.updatedAt != null,
    title: plainText(post.name),
    contentHtml: sanitizeHtml(post.contentHtml),
    contentWarning: plainText(post.summary),
    language: post.language != null && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/.test(post.language) ? post.language : null,
    attachments: post.attachments.flatMap((a) => {
      const url = safeUrl(a.url);
      if (url == null) return [];
      return [{
        url,
        description: plainText(a.description),
        isImage: a.mediaType?.startsWith("image/") ?? /\.(png|jpe?g|gif|webp|avif)$/i.test(url),
        ...dimensions(a.width, a.height),
      }];
    }),
    boostedBy: options.boostedBy == null ? null : displayNameOf(options.boostedBy),
  };
}
