/**
 * How the application names its own objects.  Implemented by the federation
 * layer's URI templates (`src/federation/uris.ts`), the single place that
 * knows the URL layout.
 */
export interface LocalIris {
  /** Host (and port) in handles. */
  readonly domain: string;
  /** Origin, e.g. `https://buurt.example`. */
  readonly origin: string;
  actor(username: string): string;
  inbox(username: string): string;
  sharedInbox(): string;
  outbox(username: string): string;
  followers(username: string): string;
  following(username: string): string;
  /** The post object's IRI, which is also its page. */
  post(id: string): string;
  /** An event's IRI, which is also its page (`id` = post id, or `<post id>_<YYYYMMDD>` for an occurrence). */
  event(id: string): string;
  /** Human profile page. */
  profile(username: string): string;
  /** The help board, filtered by the given query parameters (e.g. `{ category: "errands" }`). */
  helpBoard(query?: Readonly<Record<string, string>>): string;
  /** The page of a help item (its post's id). */
  helpItem(id: string): string;
  /** Page of a hashtag (normalised name, no `#`): the `href` of `Hashtag` tags. */
  tag(name: string): string;
  /** An uploaded file in the media folder. */
  media(file: string): string;
  /** Id of an activity a local actor sends (a fragment of its actor IRI, as Mastodon names its likes). */
  activity(username: string, kind: "follow" | "like" | "announce" | "undo" | "accept" | "reject" | "update" | "delete", id: string): string;
  /** Whether an IRI belongs to this server. */
  isLocal(iri: string): boolean;
}
