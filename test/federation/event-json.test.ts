/**
 * The Event JSON-LD buurt emits (FEP-8a8e) and whether its extra terms
 * survive Fedify: as served by the object dispatcher (Fedify returns the
 * JSON-LD it parsed) and inside a Create (where Fedify re-serialises, so
 * `BuurtEvent`/`EventCreate` are needed); and reading it back.
 */
import { Create, Event } from "@fedify/vocab";
import { describe, expect, it } from "vitest";
import type { EventEntry } from "../../src/app/event-ports.ts";
import type { Actor } from "../../src/domain/actor.ts";
import { occurrenceByKey } from "../../src/domain/event.ts";
import { EventCreate, fromEventObject, receivedJsonLd, toBuurtEvent, toEventJson } from "../../src/federation/mappers/event.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { createFixtureLoader, type Json } from "../helpers/fixtures.ts";

const fixtures = createFixtureLoader([]);
const { loader } = fixtures;
const loaders = { documentLoader: loader, contextLoader: loader };

const anna: Actor = {
  id: "a1", iri: "https://buurt.test/users/anna", type: "Person", username: "anna", domain: "buurt.test", name: "Anna",
  summary: null, url: null, inboxUrl: "https://buurt.test/users/anna/inbox", sharedInboxUrl: null,
  followersUrl: "https://buurt.test/users/anna/followers", followingUrl: null, outboxUrl: null, iconUrl: null,
  manuallyApprovesFollowers: false, local: true, publicKeyId: null, publicKeyPem: null, fields: [],
  createdAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", fetchedAt: null,
};

function entry(): EventEntry {
  const draft = eventDraft({ capacity: "20", onlineUrl: "https://meet.example/koffie" });
  return {
    author: anna,
    organizer: null,
    post: {
      id: "e1", iri: "https://buurt.test/events/e1", actorId: anna.id, type: "Event", name: "Koffieochtend",
      contentHtml: "<p>Koffie en koek.</p><p>Wanneer: za 7 jun 2030 10:00–12:00</p>", source: "Koffie en koek.",
      summary: null, sensitive: false, language: null, visibility: "public", inReplyToIri: null,
      audienceIri: "https://buurt.test/users/buurt", url: "https://buurt.test/events/e1", attachments: [], tags: [],
      pollOptions: null, publishedAt: "2030-05-01T12:00:00.000Z", updatedAt: null, local: true,
    },
    details: {
      postId: "e1", ...draft.times, locationName: draft.locationName, address: draft.address, latitude: draft.latitude,
      longitude: draft.longitude, onlineUrl: draft.onlineUrl, capacity: draft.capacity, category: draft.category,
      status: "scheduled", rrule: null, cancelledOccurrences: [], pollOptions: null, organizerActorId: null,
      createdAt: "2030-05-01T12:00:00.000Z", updatedAt: "2030-05-01T12:00:00.000Z",
    },
  };
}

function json(): Json {
  const e = entry();
  return toEventJson(e, occurrenceByKey(e.details, "")!, {
    iri: e.post.iri,
    url: e.post.iri,
    attendeesIri: `${e.post.iri}/attendees`,
    going: 3,
    pollIri: null,
  });
}

describe("Event JSON-LD (FEP-8a8e)", () => {
  it("has the FEP-8a8e shape, with local times, the zone, a Place with a PostalAddress, capacity and counts", () => {
    const j = json();
    expect(j).toMatchObject({
      id: "https://buurt.test/events/e1",
      type: "Event",
      name: "Koffieochtend",
      startTime: "2030-06-07T10:00:00+02:00",
      endTime: "2030-06-07T12:00:00+02:00",
      timezone: "Europe/Amsterdam",
      eventStatus: "EventScheduled",
      "ical:status": "CONFIRMED",
      joinMode: "free",
      category: "MEETING",
      maximumAttendeeCapacity: 20,
      remainingAttendeeCapacity: 17,
      attributedTo: "https://buurt.test/users/anna",
      organizers: { type: "Collection", totalItems: 1, items: ["https://buurt.test/users/anna"] },
      attendees: { type: "Collection", id: "https://buurt.test/events/e1/attendees", totalItems: 3 },
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      location: [
        {
          type: "Place",
          name: "Buurthuis De Linde",
          address: { type: "PostalAddress", streetAddress: "Lindenlaan 1", postalCode: "3511 AB", addressLocality: "Utrecht" },
          latitude: 52.0907,
          longitude: 5.1214,
        },
        { type: "VirtualLocation", url: "https://meet.example/koffie" },
      ],
    });
    expect(j.content).toContain("Wanneer: za 7 jun 2030");
  });

  it("survives Fedify unchanged where it serves the object (toJsonLd of a parsed object)", async () => {
    const original = json();
    const event = await toBuurtEvent(original, loaders);
    expect(await event.toJsonLd()).toEqual(original);

    // Fedify's own cache of parsed JSON-LD holds for an Event it fully understands …
    const physical = { ...original, location: (original.location as Json[])[0] };
    expect(await (await Event.fromJsonLd(physical, loaders)).toJsonLd()).toEqual(physical);
    // … but a VirtualLocation (schema.org) makes it drop the copy and write the Event itself, without FEP-8a8e's terms;
    const plain = await Event.fromJsonLd(original, loaders);
    expect((await plain.toJsonLd() as Json).timezone).toBeUndefined();
    // and whenever it serialises on its own (compact or expanded), they are gone too.
    const rewritten = await (await Event.fromJsonLd(physical, loaders)).toJsonLd({ format: "compact", contextLoader: loader }) as Json;
    expect(rewritten.timezone).toBeUndefined();
    expect(rewritten.maximumAttendeeCapacity).toBeUndefined();
  });

  it("keeps every term inside a Create only as BuurtEvent in an EventCreate", async () => {
    const original = json();
    const plainCreate = new Create({
      id: new URL("https://buurt.test/events/e1#create"),
      actor: new URL(anna.iri),
      object: await Event.fromJsonLd(original, loaders),
    });
    const lossy = (await plainCreate.toJsonLd({ format: "compact", contextLoader: loader }) as Json).object as Json;
    expect(lossy.timezone).toBeUndefined();

    const create = new EventCreate({
      id: new URL("https://buurt.test/events/e1#create"),
      actor: new URL(anna.iri),
      object: await toBuurtEvent(original, loaders),
    });
    const sent = await create.toJsonLd({ format: "compact", contextLoader: loader }) as Json;
    const object = sent.object as Json;
    expect(object.timezone).toBe("Europe/Amsterdam");
    expect(object.startTime).toBe("2030-06-07T10:00:00+02:00");
    expect(object.eventStatus).toBe("EventScheduled");
    expect(object.maximumAttendeeCapacity).toBe(20);
    expect((object.organizers as Json).items).toBe("https://buurt.test/users/anna");
    expect(((object.location as Json[])[0]!.address as Json).streetAddress).toBe("Lindenlaan 1");

    // And the receiving side reads the same event back from the activity as sent.  Fedify keeps
    // no copy of an activity with a VirtualLocation, so the receiver reads the Event again from
    // its id, where our object dispatcher serves it (as `toBuurtEvent` above).
    fixtures.serve(original);
    const received = await Create.fromJsonLd(sent, loaders);
    const inner = await received.getObject(loaders);
    const read = await fromEventObject(inner!, anna, { ...loaders, fallbackZone: "UTC", activityJson: receivedJsonLd(received) });
    if (!read.ok) throw new Error(read.error);
    const d = read.value.details;
    expect([d.startAt, d.endAt, d.timezone]).toEqual(["2030-06-07T08:00:00.000Z", "2030-06-07T10:00:00.000Z", "Europe/Amsterdam"]);
    expect([d.locationName, d.address?.streetAddress, d.latitude, d.longitude]).toEqual(["Buurthuis De Linde", "Lindenlaan 1", 52.0907, 5.1214]);
    expect([d.onlineUrl, d.capacity, d.category, d.status]).toEqual(["https://meet.example/koffie", 20, "MEETING", "scheduled"]);
  });
});
