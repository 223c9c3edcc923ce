/**
 * Actors as this buurt knows them: its own Group and Persons, and remote
 * actors from other servers (a cached copy of their public profile).
 */

/** ActivityStreams actor types (Activity Vocabulary §3.2). */
export const ACTOR_TYPES = ["Person", "Group", "Service", "Application", "Organization"] as const;
export type ActorType = typeof ACTOR_TYPES[number];

/** A profile field (Mastodon `PropertyValue`): name and HTML value. */
export interface ProfileField {
  name: string;
  value: string;
}

export interface Actor {
  id: string;
  /** The ActivityPub id. */
  iri: string;
  type: ActorType;
  /** `preferredUsername`. */
  username: string;
  /** Host (with port when not default) of the actor's server. */
  domain: string;
  name: string | null;
  /** Profile text, HTML as received; sanitised when rendered. */
  summary: string | null;
  /** Human profile page. */
  url: string | null;
  inboxUrl: string;
  sharedInboxUrl: string | null;
  followersUrl: string | null;
  followingUrl: string | null;
  outboxUrl: string | null;
  iconUrl: string | null;
  manuallyApprovesFollowers: boolean;
  /** True for this server's own actors. */
  local: boolean;
  /** Id and PEM of the actor's first `publicKey` (RSA, draft-cavage signatures). */
  publicKeyId: string | null;
  publicKeyPem: string | null;
  fields: ProfileField[];
  createdAt: string;
  updatedAt: string;
  /** When a remote actor was last fetched; `null` for local actors. */
  fetchedAt: string | null;
}

/** The fediverse handle, `@username@domain`. */
export function handleOf(actor: Pick<Actor, "username" | "domain">): string {
  return `@${actor.username}@${actor.domain}`;
}

/** Display name, falling back to the username when the actor has none. */
export function displayNameOf(actor: Pick<Actor, "name" | "username">): string {
  const name = actor.name?.trim();
  return name ? name : actor.username;
}
