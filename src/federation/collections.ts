/**
 * Outbox, followers and following collections, paged with opaque cursors
 * (ActivityPub §5.1–5.4).
 */
import type { FederationBuilder } from "@fedify/fedify";
import { Announce, Create, PUBLIC_COLLECTION, type Recipient } from "@fedify/vocab";
import type { Actor } from "../domain/actor.ts";
import { localNote } from "./local-note.ts";
import type { FederationDeps } from "./deps.ts";
import { toInstant } from "./temporal.ts";
import { PATHS } from "./uris.ts";

const PAGE_SIZE = 20;

/** A stored actor as a delivery recipient (id, inbox, shared inbox). */
export function toRecipient(actor: Actor): Recipient {
  return {
    id: new URL(actor.iri),
    inboxId: new URL(actor.inboxUrl),
    endpoints: actor.sharedInboxUrl == null ? null : { sharedInbox: new URL(actor.sharedInboxUrl) },
  };
}

/** Registers the outbox, followers and following dispatchers. */
export function registerCollections(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;
  const localActor = async (identifier: string) => {
    const actor = await repos.actors.findLocalByUsername(identifier);
    return actor?.username === identifier ? actor : null;
  };

  builder
    .setOutboxDispatcher(PATHS.outbox, async (_ctx, identifier, cursor) => {
      const actor = await localActor(identifier);
      if (actor == null || cursor == null) return null;
      if (actor.type === "Group") {
        const page = await repos.announces.listByActor(actor.id, { limit: PAGE_SIZE, cursor });
        const items = [];
        for (const a of page.items) {
          const post = await repos.posts.findById(a.postId);
          if (post == null) continue;
          items.push(
            new Announce({
              id: new URL(a.iri),
              actor: new URL(actor.iri),
              object: new URL(post.iri),
              published: toInstant(a.publishedAt),
              to: PUBLIC_COLLECTION,
              cc: actor.followersUrl == null ? null : new URL(actor.followersUrl),
            }),
          );
        }
        return { items, nextCursor: page.nextCursor };
      }
      const page = await repos.posts.listByActor(actor.id, ["public"], { limit: PAGE_SIZE, cursor });
      // A recurring series has no object of its own (it is federated occurrence
      // by occurrence), so it is left out rather than listed as a dead link.
      const listed = [];
      for (const item of page.items) {
        if (item.post.type === "Event" && (await repos.events.findEntry(item.post.id))?.details.rrule != null) continue;
        listed.push(item);
      }
      return {
        items: await Promise.all(listed.map(async ({ post, author }) => {
          if (post.type === "Event") {
            // An event is an Event (served at its IRI, src/federation/agenda.ts), never a Note.
            return new Create({
              id: new URL(`${post.iri}#create`),
              actor: new URL(author.iri),
              object: new URL(post.iri),
              published: toInstant(post.publishedAt),
            });
          }
          const note = await localNote(deps, post, author);
          return new Create({
            id: new URL(`${post.iri}#create`),
            actor: new URL(author.iri),
            object: note,
            published: toInstant(post.publishedAt),
            tos: note.toIds,
            ccs: note.ccIds,
          });
        })),
        nextCursor: page.nextCursor,
      };
    })
    .setCounter(async (_ctx, identifier) => {
      const actor = await localActor(identifier);
      if (actor == null) return null;
      return actor.type === "Group"
        ? await repos.announces.countByActor(actor.id)
        : await repos.posts.countByActor(actor.id, ["public"]);
    })
    .setFirstCursor(() => "");

  builder
    .setFollowersDispatcher(PATHS.followers, async (_ctx, identifier, cursor) => {
      const actor = await localActor(identifier);
      if (actor == null || cursor == null) return null;
      const page = await repos.follows.listFollowers(actor.id, { limit: PAGE_SIZE, cursor });
      return { items: page.items.map(toRecipient), nextCursor: page.nextCursor };
    })
    .setCounter(async (_ctx, identifier) => {
      const actor = await localActor(identifier);
      return actor == null ? null : await repos.follows.countFollowers(actor.id);
    })
    .setFirstCursor(() => "");

  builder
    .setFollowingDispatcher(PATHS.following, async (_ctx, identifier, cursor) => {
      const actor = await localActor(identifier);
      if (actor == null || cursor == null) return null;
      const page = await repos.follows.listFollowing(actor.id, { limit: PAGE_SIZE, cursor });
      return { items: page.items.map((a) => new URL(a.iri)), nextCursor: page.nextCursor };
    })
    .setCounter(async (_ctx, identifier) => {
      const actor = await localActor(identifier);
      return actor == null ? null : await repos.follows.countFollowing(actor.id);
    })
    .setFirstCursor(() => "");
}
