/**
 * Every URL this server mints, in one place: the URI templates Fedify routes
 * by, and the `LocalIris` the application names its objects with.  The two
 * spell the same paths side by side; change them together (the
 * two-server tests fail when an IRI no longer routes).
 */
import type { LocalIris } from "../app/iris.ts";

/** URI templates (RFC 6570) for Fedify's dispatchers. */
export const PATHS = {
  actor: "/users/{identifier}",
  inbox: "/users/{identifier}/inbox",
  sharedInbox: "/inbox",
  outbox: "/users/{identifier}/outbox",
  followers: "/users/{identifier}/followers",
  following: "/users/{identifier}/following",
  post: "/posts/{id}",
  /** An `Event` (FEP-8a8e): a post id, or `<post id>_<YYYYMMDD>` for one occurrence of a recurring event. */
  event: "/events/{id}",
  /** The RSVP poll (`Question`) of an event published with one. */
  eventPoll: "/events/{id}/poll",
  /** An event's FEP-8a8e `attendees` collection. */
  eventAttendees: "/events/{id}/attendees",
  /** The FEP-0837 `Proposal` of a public help item (the item's post id). */
  helpProposal: "/posts/{id}/proposal",
  nodeInfo: "/nodeinfo/2.1",
} as const;

/**
 * The application's view of the URL layout for one origin.
 * @param origin Public origin, e.g. `https://buurt.example` (no trailing slash needed).
 */
export function createLocalIris(origin: URL): LocalIris {
  const base = origin.origin;
  const enc = encodeURIComponent;
  const actor = (u: string) => `${base}/users/${enc(u)}`;
  return {
    domain: origin.host,
    origin: base,
    actor,
    inbox: (u) => `${actor(u)}/inbox`,
    sharedInbox: () => `${base}/inbox`,
    outbox: (u) => `${actor(u)}/outbox`,
    followers: (u) => `${actor(u)}/followers`,
    following: (u) => `${actor(u)}/following`,
    post: (id) => `${base}/posts/${enc(id)}`,
    event: (id) => `${base}/events/${enc(id)}`,
    profile: (u) => `${base}/@${enc(u)}`,
    helpBoard: (query = {}) => {
      const search = new URLSearchParams(query).toString();
      return `${base}/hulp${search === "" ? "" : `?${search}`}`;
    },
    helpItem: (id) => `${base}/hulp/${enc(id)}`,
    tag: (name) => `${base}/tags/${enc(name)}`,
    media: (file) => `${base}/media/${enc(file)}`,
    activity: (u, kind, id) => `${actor(u)}#${kind}/${enc(id)}`,
    isLocal(iri) {
      try {
        return new URL(iri).origin === base;
      } catch {
        return false;
      }
    },
  };
}
