/**
 * The outbox: turns domain events into ActivityPub activities and hands
 * them to Fedify, which signs them and queues their delivery.
 *
 * Recipients are explicit (remote followers, mentioned actors, the author of
 * a reply target) rather than Fedify's "followers" fan-out, so local
 * followers, who read from the database, are never sent HTTP requests.
 */
import type { Context } from "@fedify/fedify";
import {
  Accept,
  Announce,
  Create,
  Delete,
  Follow,
  Like,
  PUBLIC_COLLECTION,
  type Activity,
  Reject,
  Tombstone,
  Undo,
  Update,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { DomainEvent, EventBus } from "../app/events.ts";
import type { Actor } from "../domain/actor.ts";
import { newId } from "../domain/ids.ts";
import { isAnnouncedByGroup, isFederated, type Post } from "../domain/post.ts";
import { nowInstant, toInstant } from "./temporal.ts";
import { sendToActors } from "./send.ts";
import type { BuurtFederation, FederationDeps } from "./deps.ts";
import { professionalFields, toActorObject } from "./mappers/actor.ts";
import { followersIriOf } from "./mappers/addressing.ts";
import { localNote } from "./local-note.ts";
import { toNote } from "./mappers/post.ts";

const logger = getLogger(["buurt", "federation", "outbox"]);

/**
 * Subscribes the outbox to the event bus.
 *
 * @param federation Used to create a context for sending.
 * @returns A function that unsubscribes.
 */
export function attachOutbox(events: EventBus, federation: BuurtFederation, deps: FederationDeps): () => void {
  const outbox = new Outbox(federation, deps);
  return events.subscribe((event) => outbox.handle(event));
}

class Outbox {
  readonly #federation: BuurtFederation;
  readonly #deps: FederationDeps;

  constructor(federation: BuurtFederation, deps: FederationDeps) {
    this.#federation = federation;
    this.#deps = deps;
  }

  #context(): Context<void> {
    return this.#federation.createContext(this.#deps.origin, undefined);
  }

  #send(sender: Actor, recipients: Actor[], activity: Activity, orderingKey?: string): Promise<void> {
    return sendToActors(this.#context(), logger, sender, recipients, activity, orderingKey);
  }

  /** Who should hear about a post: followers, mentioned actors, the replied-to author. */
  async #postAudience(post: Post, author: Actor, includeGroupFollowers: boolean): Promise<Actor[]> {
    const { repos } = this.#deps.app;
    const audience = post.visibility === "direct" ? [] : await repos.follows.listRemoteFollowers(author.id);
    for (const tag of post.tags) {
      if (tag.type !== "Mention" || tag.href == null) continue;
      const mentioned = await repos.actors.findByIri(tag.href);
      if (mentioned != null) audience.push(mentioned);
    }
    if (post.inReplyToIri != null) {
      const parent = await repos.posts.findByIri(post.inReplyToIri);
      const parentAuthor = parent == null ? null : await repos.actors.findById(parent.actorId);
      if (parentAuthor != null && post.visibility !== "direct") audience.push(parentAuthor);
    }
    if (includeGroupFollowers) {
      const buurt = await repos.buurt.get();
      if (buurt != null) audience.push(...await repos.follows.listRemoteFollowers(buurt.actor.id));
    }
    return audience;
  }

  async handle(event: DomainEvent): Promise<void> {
    const { iris } = this.#deps.app;
    switch (event.type) {
      case "PostPublished": {
        const { post, author } = event;
        if (!isFederated(post.visibility)) return;
        const note = await localNote(this.#deps, post, author);
        await this.#send(
          author,
          await this.#postAudience(post, author, false),
          new Create({
            id: new URL(`${post.iri}#create`),
            actor: new URL(author.iri),
            object: note,
            published: note.published,
            tos: note.toIds,
            ccs: note.ccIds,
          }),
          post.iri,
        );
        return;
      }
      case "PostUpdated": {
        const { post, author } = event;
        if (!isFederated(post.visibility)) return;
        const note = await localNote(this.#deps, post, author);
        await this.#send(
          author,
          await this.#postAudience(post, author, isAnnouncedByGroup(post.visibility)),
          new Update({
            id: new URL(`${post.iri}#update/${Date.parse(post.updatedAt ?? post.publishedAt)}`),
            actor: new URL(author.iri),
            object: note,
            published: note.updated,
            tos: note.toIds,
            ccs: note.ccIds,
          }),
          post.iri,
        );
        return;
      }
      case "PostDeleted": {
        const { post, author } = event;
        if (!isFederated(post.visibility)) return;
        const note = toNote(post, author);
        await this.#send(
          author,
          await this.#postAudience(post, author, isAnnouncedByGroup(post.visibility)),
          new Delete({
            id: new URL(`${post.iri}#delete`),
            actor: new URL(author.iri),
            object: new Tombstone({ id: new URL(post.iri), deleted: nowInstant() }),
            tos: note.toIds,
            ccs: note.ccIds,
          }),
          post.iri,
        );
        return;
      }
      case "PostAnnounced": {
        const { announce, actor, post } = event;
        const author = await this.#deps.app.repos.actors.findById(post.actorId);
        if (author == null) return;
        const recipients = await this.#deps.app.repos.follows.listRemoteFollowers(actor.id);
        recipients.push(author);
        await this.#send(
          actor,
          recipients,
          new Announce({
            id: new URL(announce.iri),
            actor: new URL(actor.iri),
            object: author.local ? await localNote(this.#deps, post, author) : new URL(post.iri),
            published: toInstant(announce.createdAt),
            to: PUBLIC_COLLECTION,
            ccs: [new URL(followersIriOf(actor)), new URL(author.iri)],
          }),
          post.iri,
        );
        return;
      }
      case "AnnounceUndone": {
        const { announce, actor, post } = event;
        const author = await this.#deps.app.repos.actors.findById(post.actorId);
        const recipients = await this.#deps.app.repos.follows.listRemoteFollowers(actor.id);
        if (author != null) recipients.push(author);
        await this.#send(
          actor,
          recipients,
          new Undo({
            id: new URL(iris.activity(actor.username, "undo", newId())),
            actor: new URL(actor.iri),
            object: new Announce({ id: new URL(announce.iri), actor: new URL(actor.iri), object: new URL(post.iri) }),
          }),
          post.iri,
        );
        return;
      }
      case "PostLiked":
      case "LikeUndone": {
        const { like, actor, post } = event;
        const author = await this.#deps.app.repos.actors.findById(post.actorId);
        if (author == null || author.local) return;
        const likeActivity = new Like({ id: new URL(like.iri), actor: new URL(actor.iri), object: new URL(post.iri) });
        await this.#send(
          actor,
          [author],
          event.type === "PostLiked" ? likeActivity : new Undo({
            id: new URL(iris.activity(actor.username, "undo", newId())),
            actor: new URL(actor.iri),
            object: likeActivity,
          }),
        );
        return;
      }
      case "FollowRequested":
      case "FollowUndone": {
        const { follow, follower, following } = event;
        if (following.local) return;
        const followActivity = new Follow({
          id: new URL(follow.iri),
          actor: new URL(follower.iri),
          object: new URL(following.iri),
        });
        await this.#send(
          follower,
          [following],
          event.type === "FollowRequested" ? followActivity : new Undo({
            id: new URL(iris.activity(follower.username, "undo", newId())),
            actor: new URL(follower.iri),
            object: followActivity,
          }),
          `follow:${follower.iri}:${following.iri}`,
        );
        return;
      }
      case "FollowAccepted":
      case "FollowRejected": {
        const { follow, follower, following } = event;
        if (follower.local) return;
        const values = {
          actor: new URL(following.iri),
          object: new Follow({ id: new URL(follow.iri), actor: new URL(follower.iri), object: new URL(following.iri) }),
          to: new URL(follower.iri),
        };
        await this.#send(
          following,
          [follower],
          event.type === "FollowAccepted"
            ? new Accept({ id: new URL(iris.activity(following.username, "accept", newId())), ...values })
            : new Reject({ id: new URL(iris.activity(following.username, "reject", newId())), ...values }),
          `follow:${follower.iri}:${following.iri}`,
        );
        return;
      }
      case "ProfileUpdated": {
        const { actor } = event;
        const ctx = this.#context();
        const member = await this.#deps.app.repos.members.findByActorId(actor.id);
        const object = toActorObject(
          actor,
          await ctx.getActorKeyPairs(actor.username),
          member == null ? [] : professionalFields(member, (await this.#deps.app.repos.buurt.get())?.language),
        );
        await this.#send(
          actor,
          await this.#deps.app.repos.follows.listRemoteFollowers(actor.id),
          new Update({
            id: new URL(iris.activity(actor.username, "update", newId())),
            actor: new URL(actor.iri),
            object,
            to: PUBLIC_COLLECTION,
          }),
        );
        return;
      }
    }
  }
}
