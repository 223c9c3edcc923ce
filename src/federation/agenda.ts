/**
 * The agenda's ActivityPub objects: local events at `/events/{id}` (one
 * Event per occurrence of a recurring event), their RSVP poll (`Question`)
 * and their FEP-8a8e `attendees` collection (a count; the list itself is
 * for members, on the web page).  Buurt-only events are never served.
 */
import type { Context, FederationBuilder } from "@fedify/fedify";
import { Collection, Event, Note, Question } from "@fedify/vocab";
import type { EventEntry } from "../app/event-ports.ts";
import type { Actor } from "../domain/actor.ts";
import { type Occurrence, occurrenceByKey, type RsvpStatus } from "../domain/event.ts";
import type { FederationDeps } from "./deps.ts";
import { type BuurtEvent, toBuurtEvent, toEventJson } from "./mappers/event.ts";
import { addressingForVisibility, followersIriOf } from "./mappers/addressing.ts";
import { toInstant } from "./temporal.ts";
import { PATHS } from "./uris.ts";

/** A local event path id: `<post id>` or `<post id>_<YYYYMMDD>` for one occurrence. */
export function eventPathId(postId: string, occurrence: string): string {
  return occurrence === "" ? postId : `${postId}_${occurrence}`;
}

/** Splits an event path id into post id and occurrence key (`""` for none). */
export function parseEventPathId(id: string): { postId: string; occurrence: string } {
  const m = /^(.+)_(\d{8})$/.exec(id);
  return m == null ? { postId: id, occurrence: "" } : { postId: m[1]!, occurrence: m[2]! };
}

/** The IRI of one occurrence of a local event (the event's own IRI for a single event). */
export function occurrenceIri(deps: FederationDeps, entry: EventEntry, occurrence: string): string {
  return deps.app.iris.event(eventPathId(entry.post.id, occurrence));
}

/**
 * The local event (and occurrence) an IRI names, when it is one of ours:
 * `/events/{id}` as Fedify routes it.
 */
export async function localEventOf(
  ctx: Context<void>,
  deps: FederationDeps,
  iri: URL | null,
): Promise<{ entry: EventEntry; occurrence: Occurrence; key: string } | null> {
  if (iri == null || !deps.app.iris.isLocal(iri.href)) return null;
  const route = ctx.parseUri(iri);
  if (route?.type !== "object" || route.class !== Event) return null;
  const { postId, occurrence } = parseEventPathId(route.values.id ?? "");
  const entry = await deps.app.repos.events.findEntry(postId);
  if (entry == null || !entry.post.local) return null;
  const found = occurrenceByKey(entry.details, occurrence);
  return found == null ? null : { entry, occurrence: found, key: occurrence };
}

/** The Event object of one occurrence of a local event, with the FEP-8a8e terms (see mappers/event.ts). */
export async function eventObject(
  ctx: Context<void>,
  deps: FederationDeps,
  entry: EventEntry,
  occurrence: Occurrence,
): Promise<BuurtEvent> {
  const id = eventPathId(entry.post.id, occurrence.key);
  const counts = await deps.app.repos.rsvps.count(entry.post.id, occurrence.key);
  const iri = deps.app.iris.event(id);
  const json = toEventJson(entry, occurrence, {
    iri,
    url: iri,
    attendeesIri: ctx.getObjectUri(Collection, { id }).href,
    going: counts.going,
    pollIri: entry.details.pollOptions == null ? null : ctx.getObjectUri(Question, { id: entry.post.id }).href,
  });
  return await toBuurtEvent(json, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
}

/**
 * The RSVP poll of an event (as gathio publishes one): a `Question` whose
 * `oneOf` answers are going / maybe / not going, for Mastodon users, who
 * cannot send `Join`.  Votes are counted as RSVPs; the option's `replies`
 * count is the number of confirmed answers with that status.
 */
export async function pollQuestion(ctx: Context<void>, deps: FederationDeps, entry: EventEntry): Promise<Question | null> {
  const options = entry.details.pollOptions;
  if (options == null || entry.details.rrule != null) return null;
  const counts = await deps.app.repos.rsvps.count(entry.post.id, "");
  const { post, author } = entry;
  const { to, cc } = addressingForVisibility(post.visibility, followersIriOf(author), post.audienceIri == null ? [] : [post.audienceIri]);
  const option = (name: string, status: RsvpStatus) =>
    new Note({ name, replies: new Collection({ totalItems: counts[status] }) });
  const title = (post.name ?? "").replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return new Question({
    id: ctx.getObjectUri(Question, { id: post.id }),
    attribution: new URL(author.iri),
    content: `<p><a href="${post.iri}">${title}</a></p>`,
    url: new URL(post.iri),
    published: toInstant(post.publishedAt),
    endTime: toInstant(entry.details.startAt),
    exclusiveOptions: [option(options.going, "going"), option(options.maybe, "maybe"), option(options.notGoing, "not_going")],
    voters: counts.going + counts.maybe + counts.not_going,
    tos: to,
    ccs: cc,
  });
}

function servable(entry: EventEntry | null): entry is EventEntry {
  return entry != null && entry.post.local && entry.post.type === "Event" &&
    (entry.post.visibility === "public" || entry.post.visibility === "unlisted");
}

/** Registers `/events/{id}`, `/events/{id}/poll` and `/events/{id}/attendees`. */
export function registerEventObjects(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;

  builder.setObjectDispatcher(Event, PATHS.event, async (ctx, values) => {
    const { postId, occurrence } = parseEventPathId(values.id);
    const entry = await repos.events.findEntry(postId);
    if (!servable(entry)) return null;
    const found = occurrenceByKey(entry.details, occurrence);
    // A recurring event is federated occurrence by occurrence only.
    if (found == null || (entry.details.rrule != null && occurrence === "")) return null;
    return await eventObject(ctx, deps, entry, found);
  });

  builder.setObjectDispatcher(Question, PATHS.eventPoll, async (ctx, values) => {
    const entry = await repos.events.findEntry(values.id);
    return servable(entry) ? await pollQuestion(ctx, deps, entry) : null;
  });

  builder.setObjectDispatcher(Collection, PATHS.eventAttendees, async (ctx, values) => {
    const { postId, occurrence } = parseEventPathId(values.id);
    const entry = await repos.events.findEntry(postId);
    if (!servable(entry) || occurrenceByKey(entry.details, occurrence) == null) return null;
    const counts = await repos.rsvps.count(postId, occurrence);
    // FEP-8a8e: totalItems public (it discloses the remaining capacity); the names are for members.
    return new Collection({ id: ctx.getObjectUri(Collection, { id: values.id }), totalItems: counts.going });
  });
}

/** Remote actors who answered any occurrence of an event: they hear about its changes. */
export async function remoteRespondents(deps: FederationDeps, entry: EventEntry, occurrences: string[]): Promise<Actor[]> {
  const seen = new Map<string, Actor>();
  for (const key of new Set(occurrences)) {
    for (const { actor } of await deps.app.repos.rsvps.list(entry.post.id, key)) {
      if (!actor.local) seen.set(actor.id, actor);
    }
  }
  return [...seen.values()];
}

