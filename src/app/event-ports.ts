/**
 * What the agenda's use cases need from storage (implemented in
 * `src/db/repositories/events.ts`).  Part of `Repositories` as `events` and
 * `rsvps`.
 */
import type { Actor } from "../domain/actor.ts";
import type { EventDetails, Rsvp, RsvpState, RsvpStatus } from "../domain/event.ts";
import type { Post, Visibility } from "../domain/post.ts";

/** An event: its post, details and author (the sending actor for remote events). */
export interface EventEntry {
  post: Post;
  details: EventDetails;
  author: Actor;
  /** The organising actor when it is not the author (a Mobilizon group). */
  organizer: Actor | null;
}

/** Which events a listing may show. */
export interface EventFilter {
  /** Visibilities the viewer may see (visitors: `public`, `unlisted` is never listed). */
  visibilities: readonly Visibility[];
  /** Only events by this server's members (the iCalendar feed, the outbox). */
  localOnly?: boolean;
}

export interface EventRepository {
  /** Stores the details of an event whose post exists (insert or replace). */
  save(details: EventDetails): Promise<void>;
  findByPostId(postId: string): Promise<EventDetails | null>;
  /** The event whose post has this IRI. */
  findEntryByIri(iri: string): Promise<EventEntry | null>;
  findEntry(postId: string): Promise<EventEntry | null>;
  /**
   * Events that may have an occurrence overlapping `[from, to)`: single
   * events overlapping it, and every recurring event that started before
   * `to` (the caller expands the rule).  Ordered by start.
   */
  listOverlapping(from: string, to: string, filter: EventFilter): Promise<EventEntry[]>;
  /**
   * Single events that ended (or, without an end, started) before `before`,
   * newest first, and recurring ones that started before it: for the "past"
   * list (the caller expands and pages).
   * @param limit At most this many rows.
   */
  listStartedBefore(before: string, filter: EventFilter, limit: number): Promise<EventEntry[]>;
  /** Local recurring events whose federation horizon (`federated_until`) is before `until`. */
  listRecurringToFederate(until: string): Promise<EventEntry[]>;
  setFederatedUntil(postId: string, until: string | null): Promise<void>;
}

/** An RSVP with the actor who gave it. */
export interface RsvpWithActor {
  rsvp: Rsvp;
  actor: Actor;
}

export interface RsvpRepository {
  /**
   * Records an actor's answer (insert, or update of status, source, state,
   * activity and `updatedAt` for the same event, occurrence and actor).
   * @returns The stored RSVP and its status before (`null` when new).
   */
  upsert(rsvp: Rsvp): Promise<{ rsvp: Rsvp; previous: RsvpStatus | null }>;
  /**
   * `upsert`, with the capacity check in the same atomic step: a confirmed
   * "going" is stored only while fewer confirmed answers are "going" than
   * the event's capacity (read from the event in that step); an actor whose
   * confirmed "going" is already stored keeps their place.  Any other
   * answer is stored as `upsert` stores it.  Two people answering for the
   * last place at the same moment never both get it, on SQLite or
   * PostgreSQL, in one process or several.
   *
   * @returns `{ full: true }` (nothing stored) when there was no room, else
   *   `full: false` with what `upsert` returns.
   */
  upsertIfRoom(rsvp: Rsvp): Promise<{ full: true } | { full: false; rsvp: Rsvp; previous: RsvpStatus | null }>;
  find(postId: string, occurrence: string, actorId: string): Promise<Rsvp | null>;
  /** The RSVP that an activity (ours or theirs) carried. */
  findByActivityIri(iri: string): Promise<Rsvp | null>;
  setState(id: string, state: RsvpState, updatedAt: string): Promise<void>;
  /** Counts per status of confirmed RSVPs to one event (occurrence). */
  count(postId: string, occurrence: string): Promise<Record<RsvpStatus, number>>;
  /** RSVPs to one event (occurrence) with their actors, going first, then maybe, then not going; oldest first within. */
  list(postId: string, occurrence: string): Promise<RsvpWithActor[]>;
  /** A local actor's RSVPs to any occurrence of these events, for showing "you're going" in lists. */
  listForActor(actorId: string, postIds: string[]): Promise<Rsvp[]>;
}
