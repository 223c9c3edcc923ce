import type { Actor } from "../domain/actor.ts";
import { newId } from "../domain/ids.ts";
import type { LocalIris } from "./iris.ts";

/**
 * A new local actor (a member's `Person` or the buurt's `Group`) with every
 * endpoint named by this server's URL layout.
 *
 * @param username Lower-case, already validated; it becomes part of the IRI and never changes.
 * @param now Creation time, ISO-8601 UTC.
 */
export function newLocalActor(
  iris: LocalIris,
  input: { type: "Person" | "Group"; username: string; name: string; now: string },
): Actor {
  const { username } = input;
  return {
    id: newId(),
    iri: iris.actor(username),
    type: input.type,
    username,
    domain: iris.domain,
    name: input.name,
    summary: null,
    url: iris.profile(username),
    inboxUrl: iris.inbox(username),
    sharedInboxUrl: iris.sharedInbox(),
    followersUrl: iris.followers(username),
    followingUrl: iris.following(username),
    outboxUrl: iris.outbox(username),
    iconUrl: null,
    manuallyApprovesFollowers: false,
    local: true,
    publicKeyId: null,
    publicKeyPem: null,
    fields: [],
    createdAt: input.now,
    updatedAt: input.now,
    fetchedAt: null,
  };
}
