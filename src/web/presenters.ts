/**
 * From domain objects to the plain, formatted, safe data the views take.
 */
import type { Actor } from "../domain/actor.ts";
import { displayNameOf, handleOf } from "../domain/actor.ts";
import type { Post } from "../domain/post.ts";
import type { PostView } from "../../views/components/post-card.tsx";
import type { Locale } from "../../views/i18n/index.ts";
import { sanitizeHtml } from "./sanitize.ts";

/** Formats an instant for a reader: their language, the buurt's time zone. */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === "nl" ? "nl-NL" : "en-GB", {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone,
  }).format(new Date(iso));
}

/** Link to an actor's page: our profile page for local actors, their own page otherwise. */
export function actorPageUrl(actor: Actor): string {
  return actor.url ?? actor.iri;
}

/** A stored post as the post card shows it. */
export function presentPost(
  post: Post,
  author: Actor,
  options: { locale: Locale; timeZone: string; boostedBy?: Actor | null; badge?: string | null },
): PostView {
  return {
    id: post.id,
    url: post.local ? post.iri : `/posts/${post.id}`,
    authorName: displayNameOf(author),
    authorHandle: handleOf(author),
    authorUrl: author.local ? `/@${author.username}` : actorPageUrl(author),
    authorAvatar: author.iconUrl,
    authorBadge: options.badge ?? null,
    publishedIso: post.publishedAt,
    publishedText: formatDateTime(post.publishedAt, options.locale, options.timeZone),
    edited: post.updatedAt != null,
    title: post.name,
    contentHtml: sanitizeHtml(post.contentHtml),
    contentWarning: post.summary,
    language: post.language,
    attachments: post.attachments.map((a) => ({
      url: a.url,
      description: a.description,
      isImage: a.mediaType?.startsWith("image/") ?? /\.(png|jpe?g|gif|webp|avif)$/i.test(a.url),
    })),
    boostedBy: options.boostedBy == null ? null : displayNameOf(options.boostedBy),
  };
}
