/**
 * The agenda's outbox: turns the agenda's domain events into activities.
 *
 * - `EventPublished` → `Create(Event)` (one per upcoming occurrence of a
 *   recurring event) and, with a poll, `Create(Question)`;
 * - `EventUpdated` → `Update(Event)` (cancellation is an `Update` with
 *   `eventStatus: EventCancelled`), also to everyone who answered it;
 * - `EventOccurrencesDue` → `Create(Event)` of newly upcoming occurrences;
 * - `RsvpSent` → `Join` (going), `TentativeAccept` (maybe) or `Leave`
 *   (not going) to the organiser's server, object = the Event's IRI;
 * - `RsvpAnswered` → `Accept` or `Reject` of the received RSVP activity.
 *
 * Deliveries go through Fedify's queue (retried with back-off), so an RSVP
 * that cannot be delivered now is not lost; the member sees it pending
 * until the organiser's `Accept` arrives.
 */
import type { Context } from "@fedify/fedify";
import {
  Accept,
  type Activity,
  Create,
  Join,
  Leave,
  Reject,
  TentativeAccept,
} from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import { FEDERATION_HORIZON_MAX, rsvpActivityIri } from "../app/agenda.ts";
import type { AgendaEvent, OccurrenceWindow } from "../app/agenda-events.ts";
import type { EventEntry } from "../app/event-ports.ts";
import type { DomainEvent, EventBus } from "../app/events.ts";
import type { Actor } from "../domain/actor.ts";
import { newId } from "../domain/ids.ts";
import { type Occurrence, occurrenceByKey, occurrenceDate, occurrencesBetween } from "../domain/event.ts";
import { eventObject, occurrenceIri, pollQuestion, remoteRespondents } from "./agenda.ts";
import { sendToActors } from "./send.ts";
import type { BuurtFederation, FederationDeps } from "./deps.ts";
import { EventCreate, EventUpdate } from "./mappers/event.ts";

const logger = getLogger(["buurt", "federation", "outbox", "events"]);

/**
 * Subscribes the agenda's outbox to the event bus.
 * @returns A function that unsubscribes.
 */
export function attachEventOutbox(events: EventBus, federation: BuurtFederation, deps: FederationDeps): () => void {
  const outbox = new EventOutbox(federation, deps);
  return events.subscribe((event) => outbox.handle(event));
}

const AGENDA_EVENTS = new Set<string>(["EventPublished", "EventUpdated", "EventOccurrencesDue", "RsvpSent", "RsvpAnswered"]);

function isAgendaEvent(event: DomainEvent): event is AgendaEvent {
  return AGENDA_EVENTS.has(event.type);
}

class EventOutbox {
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

  /** Remote followers of the organiser and of the buurt group (neighbouring buurten follow the group). */
  async #audience(entry: EventEntry): Promise<Actor[]> {
    const { repos } = this.#deps.app;
    const audience = await repos.follows.listRemoteFollowers(entry.author.id);
    const buurt = await repos.buurt.get();
    if (buurt != null && entry.post.audienceIri === buurt.actor.iri) {
      audience.push(...await repos.follows.listRemoteFollowers(buurt.actor.id));
    }
    return audience;
  }

  /** The occurrences an activity covers: the single event, or a recurring one's within the window. */
  #occurrences(entry: EventEntry, window: OccurrenceWindow): Occurrence[] {
    if (entry.details.rrule == null) {
      const single = occurrenceByKey(entry.details, "");
      return single == null ? [] : [single];
    }
    return occurrencesBetween(entry.details, window.from, window.until, FEDERATION_HORIZON_MAX);
  }

  async #createOccurrences(entry: EventEntry, window: OccurrenceWindow): Promise<void> {
    const ctx = this.#context();
    const recipients = await this.#audience(entry);
    for (const occurrence of this.#occurrences(entry, window)) {
      const object = await eventObject(ctx, this.#deps, entry, occurrence);
      const iri = occurrenceIri(this.#deps, entry, occurrence.key);
      await this.#send(
        entry.author,
        recipients,
        new EventCreate({
          id: new URL(`${iri}#create`),
          actor: new URL(entry.author.iri),
          object,
          published: object.published,
          tos: object.toIds,
          ccs: object.ccIds,
        }),
        iri,
      );
    }
  }

  async handle(event: DomainEvent): Promise<void> {
    if (!isAgendaEvent(event)) return;
    switch (event.type) {
      case "EventPublished": {
        await this.#createOccurrences(event.entry, event.window);
        const ctx = this.#context();
        const question = await pollQuestion(ctx, this.#deps, event.entry);
        if (question != null) {
          await this.#send(
            event.entry.author,
            await this.#audience(event.entry),
            new Create({
              id: new URL(`${question.id!.href}#create`),
              actor: new URL(event.entry.author.iri),
              object: question,
              published: question.published,
              tos: question.toIds,
              ccs: question.ccIds,
            }),
          );
        }
        return;
      }
      case "EventOccurrencesDue":
        await this.#createOccurrences(event.entry, event.window);
        return;
      case "EventUpdated": {
        const { entry } = event;
        const ctx = this.#context();
        const occurrences = this.#occurrences(entry, event.window);
        for (const key of event.removedOccurrences) {
          // An occurrence the new rule no longer has: receivers see it cancelled.
          const date = occurrenceDate(key);
          if (date != null && !occurrences.some((o) => o.key === key)) {
            occurrences.push({
              key,
              startAt: `${date}T12:00:00.000Z`,
              endAt: null,
              startDate: null,
              endDate: null,
              cancelled: true,
            });
          }
        }
        const keys = occurrences.map((o) => o.key);
        const recipients = [...await this.#audience(entry), ...await remoteRespondents(this.#deps, entry, keys)];
        const stamp = Date.parse(entry.post.updatedAt ?? entry.details.updatedAt);
        for (const occurrence of occurrences) {
          const object = await eventObject(ctx, this.#deps, entry, occurrence);
          const iri = occurrenceIri(this.#deps, entry, occurrence.key);
          await this.#send(
            entry.author,
            recipients,
            new EventUpdate({
              id: new URL(`${iri}#update/${stamp}`),
              actor: new URL(entry.author.iri),
              object,
              published: object.updated,
              tos: object.toIds,
              ccs: object.ccIds,
            }),
            iri,
          );
        }
        return;
      }
      case "RsvpSent": {
        const { rsvp, actor, event: entry } = event;
        const organiser = entry.author;
        const objectIri = new URL(entry.post.iri);
        const values = {
          id: new URL(rsvp.activityIri ?? rsvpActivityIri(this.#deps.app, actor.username, newId())),
          actor: new URL(actor.iri),
          object: objectIri,
          to: new URL(organiser.iri),
        };
        const activity = rsvp.status === "going"
          ? new Join(values)
          : rsvp.status === "maybe"
          ? new TentativeAccept(values)
          : new Leave(values);
        const recipients = [organiser];
        if (entry.organizer != null && entry.organizer.id !== organiser.id) recipients.push(entry.organizer);
        await this.#send(actor, recipients, activity, `rsvp:${actor.iri}:${entry.post.iri}`);
        return;
      }
      case "RsvpAnswered": {
        const { actor, event: entry, answered } = event;
        const { iris } = this.#deps.app;
        const organiser = entry.author;
        const original = {
          id: new URL(answered.iri),
          actor: new URL(actor.iri),
          object: new URL(answered.objectIri),
        };
        const object = answered.type === "Join"
          ? new Join(original)
          : answered.type === "TentativeAccept"
          ? new TentativeAccept(original)
          : new Accept(original);
        const values = { actor: new URL(organiser.iri), object, to: new URL(actor.iri) };
        await this.#send(
          organiser,
          [actor],
          event.accepted
            ? new Accept({ id: new URL(iris.activity(organiser.username, "accept", newId())), ...values })
            : new Reject({ id: new URL(iris.activity(organiser.username, "reject", newId())), ...values }),
          `rsvp:${actor.iri}:${entry.post.iri}`,
        );
        return;
      }
    }
  }
}
