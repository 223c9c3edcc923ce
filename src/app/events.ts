/**
 * Domain events: what happened locally that other servers may need to hear
 * about.  Use cases publish them; the federation outbox subscribes and turns
 * them into activities (STYLE: outbound federation is driven by domain
 * events, never sent from route handlers).
 */
import type { Actor } from "../domain/actor.ts";
import type { Follow } from "../domain/follow.ts";
import type { Post } from "../domain/post.ts";
import type { AgendaEvent } from "./agenda-events.ts";
import type { Interaction } from "./ports.ts";

export type DomainEvent =
  /** The agenda: events and RSVPs (see agenda-events.ts). */
  | AgendaEvent
  /** A local member published a post. */
  | { type: "PostPublished"; post: Post; author: Actor }
  /** A local member edited a post. */
  | { type: "PostUpdated"; post: Post; author: Actor }
  /** A local member deleted a post (the snapshot is taken before deletion). */
  | { type: "PostDeleted"; post: Post; author: Actor }
  /** A local actor asked to follow another actor. */
  | { type: "FollowRequested"; follow: Follow; follower: Actor; following: Actor }
  /** A local actor stopped following (or withdrew a request). */
  | { type: "FollowUndone"; follow: Follow; follower: Actor; following: Actor }
  /** A local actor accepted a follower (automatically or by hand). */
  | { type: "FollowAccepted"; follow: Follow; follower: Actor; following: Actor }
  /** A local actor rejected or removed a follower. */
  | { type: "FollowRejected"; follow: Follow; follower: Actor; following: Actor }
  | { type: "PostLiked"; like: Interaction; actor: Actor; post: Post }
  | { type: "LikeUndone"; like: Interaction; actor: Actor; post: Post }
  | { type: "PostAnnounced"; announce: Interaction; actor: Actor; post: Post }
  | { type: "AnnounceUndone"; announce: Interaction; actor: Actor; post: Post }
  /** A local actor's profile changed. */
  | { type: "ProfileUpdated"; actor: Actor }
  /**
   * A post was stored for the first time: written here (`publishPost`) or
   * received from another server (`receivePost`).  Not for the outbox
   * (which sends on `PostPublished`): the one extension point for features
   * that react to new posts, local and remote alike; e.g. a reply to a help
   * item counts as a response.
   *
   * Published before the generic `reply` and `mention` notifications.  A
   * handler that notifies a member about this post itself (with a more
   * specific kind, such as `help_response`) adds the member's actor id to
   * `notified`, and the generic notifications skip them: one notification
   * per member and post.
   */
  | { type: "PostStored"; post: Post; author: Actor; notified: Set<string> };

export type DomainEventHandler = (event: DomainEvent) => Promise<void> | void;

/**
 * In-process publish/subscribe for domain events.  `publish` awaits every
 * handler; a failing handler is reported to `onError` and never fails the
 * local action (STYLE: a failed delivery never fails the local action).
 */
export class EventBus {
  readonly #handlers: DomainEventHandler[] = [];
  readonly #onError: (error: unknown, event: DomainEvent) => void;

  /** @param onError Called with each handler error; default: ignore. */
  constructor(onError: (error: unknown, event: DomainEvent) => void = () => {}) {
    this.#onError = onError;
  }

  /** Registers a handler; returns a function that unregisters it. */
  subscribe(handler: DomainEventHandler): () => void {
    this.#handlers.push(handler);
    return () => {
      const i = this.#handlers.indexOf(handler);
      if (i >= 0) this.#handlers.splice(i, 1);
    };
  }

  /** Runs every handler for the event, in registration order. Never throws. */
  async publish(event: DomainEvent): Promise<void> {
    for (const handler of [...this.#handlers]) {
      try {
        await handler(event);
      } catch (error) {
        this.#onError(error, event);
      }
    }
  }
}
