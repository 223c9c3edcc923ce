/**
 * The agenda's domain events (part of `DomainEvent`): what the federation
 * outbox turns into `Create`/`Update` of Events, `Join`/`Leave`/
 * `TentativeAccept` for our members' RSVPs to remote events, and
 * `Accept`/`Reject` answers to remote RSVPs.
 */
import type { Actor } from "../domain/actor.ts";
import type { Rsvp, RsvpStatus } from "../domain/event.ts";
import type { EventEntry } from "./event-ports.ts";

/** Instants `[from, until)`: which occurrences of a recurring event an activity covers. */
export interface OccurrenceWindow {
  from: string;
  until: string;
}

/** A remote actor's RSVP activity, as we answer it. */
export interface ReceivedRsvpActivity {
  /** The activity's id. */
  iri: string;
  type: "Join" | "Accept" | "TentativeAccept";
  /** The Event (occurrence) IRI it named. */
  objectIri: string;
}

export type AgendaEvent =
  /**
   * A local member published an event.  A single event goes out as one
   * Event; a recurring one as its occurrences within `window` (FEP-8a8e
   * leaves recurrence out).
   */
  | { type: "EventPublished"; entry: EventEntry; window: OccurrenceWindow }
  /**
   * A local event changed (edited or cancelled): `Update` to its audience
   * and to everyone who answered it.  `removedOccurrences` are keys of
   * occurrences the new rule no longer has (sent as cancelled).
   */
  | { type: "EventUpdated"; entry: EventEntry; window: OccurrenceWindow; removedOccurrences: string[] }
  /** More occurrences of a recurring event came within the federation horizon: `Create` them. */
  | { type: "EventOccurrencesDue"; entry: EventEntry; window: OccurrenceWindow }
  /**
   * A local member answered a remote event: `Join` (going),
   * `TentativeAccept` (maybe), `Leave` (not going after an earlier answer).
   */
  | { type: "RsvpSent"; rsvp: Rsvp; actor: Actor; event: EventEntry; previous: RsvpStatus | null }
  /** Our answer to a remote actor's RSVP to a local event: `Accept`, or `Reject` when full. */
  | {
    type: "RsvpAnswered";
    rsvp: Rsvp;
    actor: Actor;
    event: EventEntry;
    accepted: boolean;
    answered: ReceivedRsvpActivity;
  };
