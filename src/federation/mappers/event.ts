/**
 * Events between ActivityStreams and the agenda, following FEP-8a8e ("A
 * common approach to using the Event object type"), with the terms
 * Mobilizon and Gancio send.
 *
 * Fedify's vocabulary `Event` has no `timezone`, `eventStatus`, `organizers`,
 * `attendees`, capacity, category or a `Place`'s `address`.  Outgoing Events
 * are therefore written as JSON-LD here and parsed with
 * `BuurtEvent.fromJsonLd`: Fedify keeps the JSON-LD it parsed and returns it
 * unchanged from `toJsonLd()` (what the object dispatcher serves).  Inside an
 * activity Fedify re-serialises the object from its own properties, which
 * would drop those terms; `BuurtEvent` therefore expands and compacts its
 * kept JSON-LD itself, and `EventCreate`/`EventUpdate` compact the activity
 * with `EVENT_CONTEXT`, so the terms arrive under their plain names.  Both
 * facts are checked by `test/federation/event-json.test.ts`.
 *
 * Incoming Events are read from their expanded JSON-LD, by IRI, so any
 * context spelling works (FEP-8a8e, Mobilizon's `mz:`, schema.org as
 * `http://schema.org#` or `https://schema.org/`).
 */
import { Create, Event, type Object as APObject, Update } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { Temporal } from "@js-temporal/polyfill";
import type { EventEntry } from "../../app/event-ports.ts";
import type { Actor } from "../../domain/actor.ts";
import {
  type EventDetails,
  EVENT_STATUSES,
  type EventStatus,
  formatAddress,
  instantToWallTime,
  isCoordinate,
  isTimeZone,
  normaliseCategory,
  type Occurrence,
  type PostalAddress,
} from "../../domain/event.ts";
import type { Post } from "../../domain/post.ts";
import { instantText } from "../temporal.ts";
import { addressingForVisibility, followersIriOf } from "./addressing.ts";
import { fromPostObject, type PostRejection } from "./post.ts";
import { httpUrl } from "./remote-text.ts";

/** FEP-8a8e's namespace. */
export const FEP_8A8E = "https://w3id.org/fep/8a8e/";
const SCHEMA = "http://schema.org#";
const MOBILIZON = "https://joinmobilizon.org/ns#";
const ICAL = "http://www.w3.org/2002/12/cal/ical#";
const AS = "https://www.w3.org/ns/activitystreams#";

/**
 * The `@context` of every Event (and Create/Update of one) buurt sends:
 * ActivityStreams, Data Integrity (for Fedify's proofs), and inline term
 * definitions, so no receiver has to fetch a context document.
 */
export const EVENT_CONTEXT = [
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/data-integrity/v1",
  {
    fep: FEP_8A8E,
    sc: SCHEMA,
    mz: MOBILIZON,
    ical: ICAL,
    toot: "http://joinmastodon.org/ns#",
    Hashtag: "as:Hashtag",
    sensitive: "as:sensitive",
    timezone: "fep:timezone",
    eventStatus: "fep:eventStatus",
    category: "fep:category",
    joinMode: "fep:joinMode",
    displayEndTime: "fep:displayEndTime",
    organizers: { "@id": "fep:organizers", "@type": "@id" },
    attendees: { "@id": "fep:attendees", "@type": "@id" },
    maximumAttendeeCapacity: "sc:maximumAttendeeCapacity",
    remainingAttendeeCapacity: "sc:remainingAttendeeCapacity",
    participantCount: "mz:participantCount",
    isOnline: "mz:isOnline",
    address: { "@id": "sc:address" },
    PostalAddress: "sc:PostalAddress",
    VirtualLocation: "sc:VirtualLocation",
    streetAddress: "sc:streetAddress",
    postalCode: "sc:postalCode",
    addressLocality: "sc:addressLocality",
    addressRegion: "sc:addressRegion",
    addressCountry: "sc:addressCountry",
    votersCount: "toot:votersCount",
  },
];

type JsonObject = Record<string, unknown>;
type LoaderOptions = { contextLoader?: DocumentLoader; documentLoader?: DocumentLoader };

/**
 * Serialises a parsed JSON-LD object from the JSON-LD it was parsed from,
 * so terms the Fedify class does not model survive every format.
 */
async function ownJsonLd(kept: unknown, options: { format?: string; context?: unknown; contextLoader?: DocumentLoader }) {
  if (options.format == null) return kept;
  const loader = options.contextLoader;
  const expanded = await jsonld.expand(kept as JsonObject, loader == null ? {} : { documentLoader: loader as never });
  if (options.format === "expand") return expanded;
  const context = options.context ?? (kept as JsonObject)["@context"];
  return await jsonld.compact(expanded, context as never, loader == null ? {} : { documentLoader: loader as never });
}

/**
 * An Event that serialises its full JSON-LD (FEP-8a8e terms included) also
 * when embedded in an activity.  Create one with `BuurtEvent.fromJsonLd`.
 */
export class BuurtEvent extends Event {
  /** Makes this Event serialise as exactly `json` (see `toBuurtEvent`). */
  keep(json: JsonObject): void {
    this._cachedJsonLd = structuredClone(json);
  }

  // Fedify's signature uses the ambient Temporal/option types; the override keeps it.
  override async toJsonLd(options: Parameters<Event["toJsonLd"]>[0] = {}): Promise<unknown> {
    const kept = this._cachedJsonLd;
    if (kept == null) return await super.toJsonLd(options);
    return await ownJsonLd(kept, options as never);
  }
}

/** `toJsonLd` options with `EVENT_CONTEXT` for a compaction that names no context of its own. */
function withEventContext<O extends { format?: string; context?: unknown }>(options: O): O {
  return options.format === "compact" && options.context == null ? { ...options, context: EVENT_CONTEXT as never } : options;
}

/** `Create` of an Event, compacted with `EVENT_CONTEXT` (see the module comment). */
export class EventCreate extends Create {
  override async toJsonLd(options: Parameters<Create["toJsonLd"]>[0] = {}): Promise<unknown> {
    return await super.toJsonLd(withEventContext(options));
  }
}

/** `Update` of an Event, compacted with `EVENT_CONTEXT`. */
export class EventUpdate extends Update {
  override async toJsonLd(options: Parameters<Update["toJsonLd"]>[0] = {}): Promise<unknown> {
    return await super.toJsonLd(withEventContext(options));
  }
}

/** An instant as local date-time with offset in a zone (`2025-06-07T10:00:00+02:00`), as people read it. */
export function zonedDateTime(iso: string, zone: string): string {
  return Temporal.Instant.from(iso).toZonedDateTimeISO(zone).toString({ timeZoneName: "never", smallestUnit: "second" });
}

/** What `toEventJson` needs besides the event. */
export interface EventJsonOptions {
  /** The occurrence's IRI (the event's own IRI for a single event). */
  iri: string;
  /** The human page of the occurrence. */
  url: string;
  /** The `attendees` collection's IRI. */
  attendeesIri: string;
  /** Confirmed "going" answers. */
  going: number;
  /** The event's RSVP poll, when it has one. */
  pollIri: string | null;
}

/** FEP-8a8e `eventStatus` value of a status. */
export function eventStatusTerm(status: EventStatus): string {
  return `Event${status.split("_").map((p) => p[0]!.toUpperCase() + p.slice(1)).join("")}`;
}

/**
 * The JSON-LD of a local event (one occurrence of it), FEP-8a8e shaped:
 * `name`, `content` (which also states when, where and how to join, since
 * Mastodon shows only the name and a link), `startTime`/`endTime` with the
 * zone's offset, `timezone`, `location` (`Place` with a PostalAddress and
 * coordinates, and/or a `VirtualLocation`), `eventStatus` (and Mobilizon's
 * `ical:status`), `organizers`, `attendees` (count only), capacity,
 * `category`, `joinMode: free`, and the image with its alt text as `name`
 * (`attachment` and `image`).
 *
 * An event without an end gets the end of its start day as `endTime` with
 * `displayEndTime: false` (FEP-8a8e "Events with Open End").
 */
export function toEventJson(entry: EventEntry, occurrence: Occurrence, options: EventJsonOptions): JsonObject {
  const { post, details, author } = entry;
  const zone = details.timezone;
  const { to, cc } = addressingForVisibility(post.visibility, followersIriOf(author), post.audienceIri == null ? [] : [post.audienceIri]);
  const openEnd = occurrence.endAt == null;
  const endTime = occurrence.endAt == null
    ? zonedDateTime(
      Temporal.Instant.from(occurrence.startAt).toZonedDateTimeISO(zone).toPlainDate().add({ days: 1 })
        .toZonedDateTime({ timeZone: zone }).toInstant().toString(),
      zone,
    )
    : zonedDateTime(occurrence.endAt, zone);
  const locations: JsonObject[] = [];
  if (details.locationName != null || details.address != null || details.latitude != null) {
    const place: JsonObject = { type: "Place", name: details.locationName ?? formatAddress(details.address) ?? "" };
    if (details.address != null) {
      const a = details.address;
      const address: JsonObject = { type: "PostalAddress" };
      if (a.streetAddress) address.streetAddress = a.streetAddress;
      if (a.postalCode) address.postalCode = a.postalCode;
      if (a.addressLocality) address.addressLocality = a.addressLocality;
      if (a.addressRegion) address.addressRegion = a.addressRegion;
      if (a.addressCountry) address.addressCountry = a.addressCountry;
      place.address = address;
    }
    if (details.latitude != null && details.longitude != null) {
      place.latitude = details.latitude;
      place.longitude = details.longitude;
    }
    locations.push(place);
  }
  if (details.onlineUrl != null) locations.push({ type: "VirtualLocation", name: details.onlineUrl, url: details.onlineUrl });
  const status: EventStatus = occurrence.cancelled ? "cancelled" : details.status;
  const json: JsonObject = {
    "@context": EVENT_CONTEXT,
    id: options.iri,
    type: "Event",
    name: post.name ?? "",
    content: post.contentHtml ?? "",
    mediaType: "text/html",
    url: options.url,
    attributedTo: author.iri,
    to: to.map((u) => u.href),
    cc: cc.map((u) => u.href),
    published: post.publishedAt,
    startTime: zonedDateTime(occurrence.startAt, zone),
    endTime,
    timezone: zone,
    eventStatus: eventStatusTerm(status),
    "ical:status": status === "cancelled" ? "CANCELLED" : status === "tentative" ? "TENTATIVE" : "CONFIRMED",
    joinMode: "free",
    organizers: { type: "Collection", totalItems: 1, items: [author.iri] },
    attendees: { type: "Collection", id: options.attendeesIri, totalItems: options.going },
    participantCount: options.going,
  };
  if (openEnd) json.displayEndTime = false;
  if (post.updatedAt != null) json.updated = post.updatedAt;
  if (post.audienceIri != null) json.audience = post.audienceIri;
  if (locations.length > 0) json.location = locations.length === 1 ? locations[0] : locations;
  if (details.onlineUrl != null && locations.length === 1) json.isOnline = true;
  if (details.capacity != null) {
    json.maximumAttendeeCapacity = details.capacity;
    json.remainingAttendeeCapacity = Math.max(0, details.capacity - options.going);
  }
  if (details.category != null) json.category = details.category;
  if (post.attachments.length > 0) {
    // The event's image, with its alt text as `name`: as `attachment` (what
    // Mastodon shows, and Mobilizon's banner) and as the ActivityStreams
    // `image` (the picture that represents the object, as Gancio reads it).
    const images = post.attachments.map((a) => ({
      type: "Image",
      url: a.url,
      ...(a.mediaType == null ? {} : { mediaType: a.mediaType }),
      ...(a.description == null ? {} : { name: a.description }),
      ...(a.width == null ? {} : { width: a.width }),
      ...(a.height == null ? {} : { height: a.height }),
    }));
    json.attachment = images;
    json.image = images[0];
  }
  if (options.pollIri != null) json.replies = options.pollIri;
  return json;
}

/**
 * Parses our own Event JSON-LD into a `BuurtEvent` (no network: the context
 * is inline and preloaded) that serialises as exactly this JSON-LD.
 *
 * Fedify keeps the JSON-LD it parsed only when it understood every embedded
 * object: a `VirtualLocation` (schema.org, unknown to it) makes it drop its
 * copy and write the Event from its own properties, without the FEP-8a8e
 * terms.  The copy is therefore set here explicitly.
 */
export async function toBuurtEvent(json: JsonObject, loaders: LoaderOptions): Promise<BuurtEvent> {
  const event = await BuurtEvent.fromJsonLd(json, loaders) as BuurtEvent;
  event.keep(json);
  return event;
}

// ---------------------------------------------------------------------------
// Reading received Events

type Expanded = Record<string, unknown[]>;

/**
 * The IRIs a schema.org term arrives under: its spellings of the schema.org
 * namespace, and `_:term`, what a term the document's context does not
 * define becomes under the ActivityStreams context's `"@vocab": "_:"`
 * (Mobilizon's Create of an Event uses `address` without defining it): read
 * the way a plain-JSON reader such as Mastodon would.
 */
function schemaIris(term: string): string[] {
  return [`${SCHEMA}${term}`, `https://schema.org/${term}`, `http://schema.org/${term}`, `https://schema.org#${term}`, `_:${term}`];
}

function valuesOf(node: Expanded | null | undefined, iris: string[]): unknown[] {
  if (node == null) return [];
  return iris.flatMap((iri) => (Array.isArray(node[iri]) ? node[iri] as unknown[] : []));
}

function literal(value: unknown): string | number | boolean | null {
  if (value == null || typeof value !== "object") return null;
  const v = (value as JsonObject)["@value"] ?? (value as JsonObject)["@id"];
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? v : null;
}

function firstString(node: Expanded | null | undefined, iris: string[]): string | null {
  for (const v of valuesOf(node, iris)) {
    const l = literal(v);
    if (typeof l === "string" && l.trim() !== "") return l.trim();
    if (typeof l === "number") return String(l);
  }
  return null;
}

function firstNumber(node: Expanded | null | undefined, iris: string[]): number | null {
  for (const v of valuesOf(node, iris)) {
    const l = literal(v);
    const n = typeof l === "number" ? l : typeof l === "string" && l.trim() !== "" ? Number(l) : NaN;
    if (Number.isFinite(n)) return n;
  }
  return null;
}

function typesOf(node: Expanded): string[] {
  const t = (node as unknown as JsonObject)["@type"];
  return Array.isArray(t) ? t.filter((x): x is string => typeof x === "string") : [];
}

function nodesOf(node: Expanded | null | undefined, iris: string[]): Expanded[] {
  return valuesOf(node, iris).filter((v): v is Expanded => v != null && typeof v === "object" && !("@value" in v));
}

/**
 * The JSON-LD of an object embedded in a received activity, from the
 * activity's own JSON-LD (which Fedify keeps as received), with the
 * activity's `@context`.  Fedify re-serialises an embedded object from its
 * own properties, dropping terms it does not model (`address`, `timezone`),
 * so the received text is the only complete source.
 */
function embeddedJson(activityJson: unknown, id: string): JsonObject | null {
  if (activityJson == null || typeof activityJson !== "object") return null;
  const activity = activityJson as JsonObject;
  const object = activity.object;
  if (object == null || typeof object !== "object" || Array.isArray(object)) return null;
  if ((object as JsonObject).id !== id && (object as JsonObject)["@id"] !== id) return null;
  return { "@context": activity["@context"] ?? "https://www.w3.org/ns/activitystreams", ...(object as JsonObject) };
}

/**
 * The JSON-LD Fedify kept of an object it parsed (the document as received),
 * or `undefined` when it kept none.  Fedify marks this property internal;
 * it is read here, in one place, because a received Event's FEP-8a8e terms
 * exist nowhere else.
 */
export function receivedJsonLd(object: APObject): unknown {
  return (object as unknown as { _cachedJsonLd?: unknown })._cachedJsonLd;
}

/** The document at the object's id, as its server sends it (not parsed by Fedify), or `null`. */
async function fetchedJson(object: APObject, loaders: LoaderOptions): Promise<unknown> {
  if (object.id == null || loaders.documentLoader == null) return null;
  try {
    const remote = await loaders.documentLoader(object.id.href);
    const doc = remote.document as JsonObject | null;
    return doc != null && typeof doc === "object" && (doc.id === object.id.href || doc["@id"] === object.id.href)
      ? withAs2Context(doc)
      : null;
  } catch {
    return null;
  }
}

function withAs2Context(doc: JsonObject): JsonObject {
  return "@context" in doc ? doc : { "@context": "https://www.w3.org/ns/activitystreams", ...doc };
}

/**
 * The expanded JSON-LD of a received Event, from the most complete source:
 * the embedded object's text in the received activity (when Fedify kept the
 * activity as received), else what Fedify kept of the object itself (a
 * fetched document), else the document fetched again from its id.  Fedify
 * drops what it cannot model (an untyped `location`, as Gancio sends, or
 * `address`) and then keeps no copy; its own serialisation is the last
 * resort.
 *
 * @param activityJson The received activity's JSON-LD (`activity.toJsonLd()`), when the object came embedded.
 */
export async function expandedOf(object: APObject, loaders: LoaderOptions, activityJson?: unknown): Promise<Expanded | null> {
  try {
    const kept = receivedJsonLd(object);
    const json = (object.id == null ? null : embeddedJson(activityJson, object.id.href)) ??
      (kept != null ? kept : null) ??
      await fetchedJson(object, loaders) ??
      await object.toJsonLd(loaders.contextLoader == null ? {} : { contextLoader: loaders.contextLoader });
    const expanded = await jsonld.expand(
      json as JsonObject,
      loaders.contextLoader == null ? {} : { documentLoader: loaders.contextLoader as never },
    );
    return (expanded[0] as Expanded | undefined) ?? null;
  } catch {
    return null;
  }
}

/** A received status value as ours: FEP-8a8e/schema.org `Event…` names or IRIs, or iCalendar's `STATUS`. */
function statusFrom(node: Expanded | null): EventStatus {
  const fep = firstString(node, [`${FEP_8A8E}eventStatus`, ...schemaIris("eventStatus")]);
  if (fep != null) {
    const name = fep.replace(/^.*[/#]/, "").replace(/^Event/, "").replace(/^event/, "");
    const snake = name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase();
    if ((EVENT_STATUSES as readonly string[]).includes(snake)) {
      return snake as EventStatus;
    }
  }
  const ical = firstString(node, [`${ICAL}status`])?.toUpperCase();
  if (ical === "CANCELLED") return "cancelled";
  if (ical === "TENTATIVE") return "tentative";
  return "scheduled";
}

interface ReadPlace {
  name: string | null;
  address: PostalAddress | null;
  latitude: number | null;
  longitude: number | null;
  onlineUrl: string | null;
}

/**
 * The location of a received Event: the first `Place` (ActivityStreams
 * `location`, or schema.org `location` as older Mobilizon versions map it),
 * its `address` as text or PostalAddress (FEP-8a8e: both must be read), its
 * `latitude`/`longitude`, and the first `VirtualLocation`'s `url`.
 *
 * Coordinates given only as a schema.org `geo` (GeoCoordinates), the shape
 * of Mobilizon 1.0, are ignored: the one such document we have
 * (`mobilizon/event-mobilizon-org`) has latitude and longitude swapped (a
 * venue in Nantes arrives as latitude −1.55, longitude 47.22, a point off
 * Somalia), and a pin in the wrong country is worse than none.  Place,
 * name and address still come through.
 */
function placeFrom(node: Expanded | null): ReadPlace {
  const result: ReadPlace = { name: null, address: null, latitude: null, longitude: null, onlineUrl: null };
  const locations = nodesOf(node, [`${AS}location`, ...schemaIris("location")]);
  for (const loc of locations) {
    const types = typesOf(loc);
    const virtual = types.some((t) => t.endsWith("VirtualLocation"));
    if (virtual) {
      // Only http(s): it becomes a link on the event page.
      result.onlineUrl ??= httpUrl(firstString(loc, [`${AS}url`, ...schemaIris("url")]));
      continue;
    }
    if (result.name != null || result.address != null) continue;
    result.name = firstString(loc, [`${AS}name`, ...schemaIris("name")]);
    const addressText = valuesOf(loc, schemaIris("address")).map(literal).find((l) => typeof l === "string");
    const addressNode = nodesOf(loc, schemaIris("address")).find((n) => !("@id" in n && Object.keys(n).length === 1));
    if (addressNode != null) {
      const part = (term: string) => firstString(addressNode, schemaIris(term));
      const address: PostalAddress = {
        streetAddress: part("streetAddress"),
        postalCode: part("postalCode"),
        addressLocality: part("addressLocality"),
        addressRegion: part("addressRegion"),
        addressCountry: part("addressCountry"),
      };
      result.address = formatAddress(address) == null ? null : address;
    } else if (typeof addressText === "string" && addressText.trim() !== "") {
      result.address = {
        streetAddress: addressText.trim(),
        postalCode: null,
        addressLocality: null,
        addressRegion: null,
        addressCountry: null,
      };
    }
    const lat = firstNumber(loc, [`${AS}latitude`, ...schemaIris("latitude")]);
    const lon = firstNumber(loc, [`${AS}longitude`, ...schemaIris("longitude")]);
    if (lat != null && lon != null && isCoordinate(lat, lon)) {
      result.latitude = lat;
      result.longitude = lon;
    }
  }
  return result;
}

/** Why a received Event is not stored. */
export type EventRejection = PostRejection | "no_start_time" | "not_an_event" | "not_organizer";

/** A received Event, read. */
export interface ReadEvent {
  post: Post;
  /** Details without a meaningful `postId` (the stored post's id is set on save). */
  details: EventDetails;
  /** The organising actor's IRI when it is not the sender (Mobilizon's group in `attributedTo`). */
  organizerIri: string | null;
}

/**
 * Reads a received Event.
 *
 * Who may send it: an actor in its `attributedTo` (FEP-8a8e's fallback for
 * `organizers`), or — Mobilizon — the member who created it: Mobilizon
 * attributes a group's event to the `Group` and names the creating member in
 * the Event's own `actor`, and either of them sends it.  The creator is
 * accepted only when `actor` names them and the attributed group is on the
 * creator's own server (that server speaks for both: FEP-fe34's same-origin
 * rule).  The group is then the organiser.
 *
 * Times: `startTime` is required (Gancio 1.22 sends Events without one:
 * refused); `timezone` (FEP-8a8e, Mobilizon's `mz:timezone`) is kept when it
 * is an IANA zone, else the buurt's zone is used for display.  An event
 * from local midnight to a later local midnight in its zone is all-day.
 *
 * @param options.fallbackZone The buurt's zone, for events without a usable `timezone`.
 * @param options.activityJson The received activity's JSON-LD when the Event came embedded in it.
 */
export async function fromEventObject(
  object: APObject,
  sender: Actor,
  options: LoaderOptions & { fallbackZone: string; now?: string; activityJson?: unknown },
): Promise<{ ok: true; value: ReadEvent } | { ok: false; error: EventRejection }> {
  if (!(object instanceof Event)) return { ok: false, error: "not_an_event" };
  if (object.id == null) return { ok: false, error: "no_id" };
  const node = await expandedOf(object, options, options.activityJson);
  const attributed = object.attributionIds.map((u) => u.href);
  const creator = firstString(node, [`${AS}actor`]);
  const senderOrigin = new URL(sender.iri).origin;
  const bySender = attributed.includes(sender.iri);
  const byCreator = creator === sender.iri && attributed.length > 0 &&
    attributed.every((a) => new URL(a).origin === senderOrigin);
  if (!bySender && !byCreator) return { ok: false, error: "not_organizer" };
  if (object.startTime == null) return { ok: false, error: "no_start_time" };

  const parsed = await fromPostObject(object, sender, { ...options, ...(options.now == null ? {} : { now: options.now }) });
  if (!parsed.ok) return parsed;
  const post = { ...parsed.value, type: "Event" as const };
  if (post.attachments.length === 0) {
    // An Event whose picture is only its `image` (no attachment) still shows it.
    const image = await object.getImage({ ...options, suppressError: true }).catch(() => null);
    const url = httpUrl(image?.url instanceof URL ? image.url : image?.url?.href);
    if (image != null && url != null) {
      post.attachments = [{
        url,
        mediaType: image.mediaType ?? null,
        description: image.name?.toString().trim() || null,
        width: image.width ?? null,
        height: image.height ?? null,
      }];
    }
  }

  const startAt = instantText(object.startTime)!;
  let endAt = instantText(object.endTime);
  if (endAt != null && Date.parse(endAt) <= Date.parse(startAt)) endAt = null;
  const displayEnd = valuesOf(node, [`${FEP_8A8E}displayEndTime`]).map(literal)[0];
  if (displayEnd === false || displayEnd === "false") endAt = null;
  const zoneText = firstString(node, [`${FEP_8A8E}timezone`, `${MOBILIZON}timezone`, "http://www.w3.org/2006/time#timezone", "_:timezone"]);
  const timezone = zoneText != null && isTimeZone(zoneText) ? zoneText : options.fallbackZone;

  let allDay = false;
  let startDate: string | null = null;
  let endDate: string | null = null;
  if (endAt != null) {
    const s = instantToWallTime(startAt, timezone);
    const e = instantToWallTime(endAt, timezone);
    if (s.time === "00:00" && e.time === "00:00" && e.date > s.date) {
      allDay = true;
      startDate = s.date;
      endDate = Temporal.PlainDate.from(e.date).subtract({ days: 1 }).toString();
    }
  }
  const place = placeFrom(node);
  const capacity = firstNumber(node, schemaIris("maximumAttendeeCapacity"));
  const category = normaliseCategory(
    firstString(node, [`${FEP_8A8E}category`, ...schemaIris("category"), `${MOBILIZON}category`]),
  );
  const now = options.now ?? new Date().toISOString();
  const organizerIri = bySender ? null : attributed.find((a) => a !== sender.iri) ?? null;
  return {
    ok: true,
    value: {
      post,
      organizerIri,
      details: {
        postId: post.id,
        startAt,
        endAt,
        timezone,
        allDay,
        startDate,
        endDate,
        locationName: place.name,
        address: place.address,
        latitude: place.latitude,
        longitude: place.longitude,
        onlineUrl: place.onlineUrl,
        // Mobilizon sends 0 for "no limit".
        capacity: capacity != null && capacity > 0 ? Math.floor(capacity) : null,
        category,
        status: statusFrom(node),
        rrule: null,
        cancelledOccurrences: [],
        pollOptions: null,
        organizerActorId: null,
        createdAt: now,
        updatedAt: now,
      },
    },
  };
}
