/**
 * Addressing (`to`/`cc`) ⇄ visibility, as Mastodon reads it:
 * Public in `to` = public; Public in `cc` = unlisted; the author's followers
 * collection = followers-only; otherwise direct.
 */
import { PUBLIC_COLLECTION } from "@fedify/vocab";
import type { Actor } from "../../domain/actor.ts";
import type { Visibility } from "../../domain/post.ts";

const PUBLIC_IRIS = new Set([PUBLIC_COLLECTION.href, "as:Public", "Public"]);

/** Whether an IRI names the special Public collection (in any of its spellings). */
export function isPublicIri(iri: URL | string): boolean {
  return PUBLIC_IRIS.has(typeof iri === "string" ? iri : iri.href);
}

/**
 * Visibility of a received object from its addressing.
 * @param to `to` IRIs; @param cc `cc` IRIs; @param followersIri the author's followers collection.
 */
export function visibilityFromAddressing(
  to: readonly URL[],
  cc: readonly URL[],
  followersIri: string | null,
): Visibility {
  if (to.some(isPublicIri)) return "public";
  if (cc.some(isPublicIri)) return "unlisted";
  if (followersIri != null && [...to, ...cc].some((u) => u.href === followersIri)) return "followers";
  return "direct";
}

/** An actor's followers collection: the one it names, else `<actor IRI>/followers` (where ours are). */
export function followersIriOf(actor: Pick<Actor, "followersUrl" | "iri">): string {
  return actor.followersUrl ?? `${actor.iri}/followers`;
}

/**
 * Addressing of a local post.
 * @param followersIri The author's followers collection.
 * @param extra Other recipients (the buurt group for public posts, mentioned actors).
 * @returns `to` and `cc` IRIs.
 */
export function addressingForVisibility(
  visibility: Visibility,
  followersIri: string,
  extra: readonly string[],
): { to: URL[]; cc: URL[] } {
  const others = extra.map((e) => new URL(e));
  switch (visibility) {
    case "public":
      return { to: [PUBLIC_COLLECTION], cc: [new URL(followersIri), ...others] };
    case "unlisted":
      return { to: [new URL(followersIri)], cc: [PUBLIC_COLLECTION, ...others] };
    case "followers":
      return { to: [new URL(followersIri)], cc: others };
    case "direct":
    case "buurt":
      return { to: others, cc: [] };
  }
}
