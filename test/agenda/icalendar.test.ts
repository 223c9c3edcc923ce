/**
 * The iCalendar output, read back by an independent parser (node-ical):
 * the same events, instants and zones, all-day dates, places and
 * coordinates, statuses, and a recurring event that expands to the right
 * dates (10:00 Amsterdam time on both sides of the clock change).
 */
import { Temporal } from "@js-temporal/polyfill";
import nodeIcal, { type DateWithTimeZone, type VEvent } from "node-ical";
import { describe, expect, it } from "vitest";
import type { EventEntry } from "../../src/app/event-ports.ts";
import type { Actor } from "../../src/domain/actor.ts";
import { buildRrule, type EventDetails, occurrencesBetween, resolveEventTimes } from "../../src/domain/event.ts";
import type { Post } from "../../src/domain/post.ts";
import { icalendar } from "../../src/web/calendar.ts";

const author: Actor = {
  id: "a1", iri: "https://buurt.test/users/anna", type: "Person", username: "anna", domain: "buurt.test", name: "Anna",
  summary: null, url: null, inboxUrl: "https://buurt.test/users/anna/inbox", sharedInboxUrl: null, followersUrl: null,
  followingUrl: null, outboxUrl: null, iconUrl: null, manuallyApprovesFollowers: false, local: true, publicKeyId: null,
  publicKeyPem: null, fields: [], createdAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", fetchedAt: null,
};

function entry(id: string, title: string, times: Parameters<typeof resolveEventTimes>[0], extra: Partial<EventDetails> = {}): EventEntry {
  const resolved = resolveEventTimes(times);
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const post: Post = {
    id, iri: `https://buurt.test/events/${id}`, actorId: author.id, type: "Event", name: title, contentHtml: "<p>Welkom!</p>",
    source: "Welkom!", summary: null, sensitive: false, language: null, visibility: "public", inReplyToIri: null,
    audienceIri: null, url: null, attachments: [], tags: [], pollOptions: null, publishedAt: "2030-01-01T00:00:00.000Z",
    updatedAt: null, local: true,
  };
  const details: EventDetails = {
    postId: id, ...resolved.value, locationName: null, address: null, latitude: null, longitude: null, onlineUrl: null,
    capacity: null, category: null, status: "scheduled", rrule: null, cancelledOccurrences: [], pollOptions: null,
    organizerActorId: null, createdAt: "2030-01-01T00:00:00.000Z", updatedAt: "2030-01-01T00:00:00.000Z", ...extra,
  };
  return { post, details, author, organizer: null };
}

type ParsedEvent = VEvent & { start: DateWithTimeZone; end: DateWithTimeZone };

function parse(text: string): Map<string, ParsedEvent> {
  const parsed = nodeIcal.sync.parseICS(text);
  const events = new Map<string, ParsedEvent>();
  for (const value of Object.values(parsed)) {
    if (value != null && value.type === "VEVENT") events.set((value as ParsedEvent).uid, value as ParsedEvent);
  }
  return events;
}

describe("iCalendar feed", () => {
  const coffee = entry("coffee", "Koffieochtend", {
    startDate: "2030-03-23", startTime: "10:00", endDate: "", endTime: "11:30", allDay: false, timezone: "Europe/Amsterdam",
  }, {
    rrule: buildRrule("weekly", "2030-03-23", "2030-04-13", "Europe/Amsterdam"),
    cancelledOccurrences: ["20300406"],
    locationName: "Buurthuis",
    address: { streetAddress: "Lindenlaan 1", postalCode: "3511 AB", addressLocality: "Utrecht", addressRegion: null, addressCountry: null },
    latitude: 52.0907,
    longitude: 5.1214,
    category: "MEETING",
  });
  const fair = entry("fair", "Braderie", {
    startDate: "2030-07-05", startTime: "", endDate: "2030-07-06", endTime: "", allDay: true, timezone: "Europe/Amsterdam",
  }, { locationName: "Marktplein" });
  const call = entry("call", "Online overleg", {
    startDate: "2030-05-01", startTime: "19:30", endDate: "", endTime: "21:00", allDay: false, timezone: "America/New_York",
  }, { onlineUrl: "https://meet.example/overleg", status: "cancelled" });

  const text = icalendar("Buurt", [
    { entry: coffee, occurrence: null, url: "https://buurt.test/events/coffee" },
    { entry: fair, occurrence: null, url: "https://buurt.test/events/fair" },
    { entry: call, occurrence: null, url: "https://buurt.test/events/call" },
  ]);
  const events = parse(text);

  it("keeps every event with its instants and time zone", () => {
    expect([...events.keys()].sort()).toEqual([
      "https://buurt.test/events/call",
      "https://buurt.test/events/coffee",
      "https://buurt.test/events/fair",
    ]);
    const c = events.get("https://buurt.test/events/coffee")!;
    expect(c.summary).toBe("Koffieochtend");
    expect(c.start.toISOString()).toBe("2030-03-23T09:00:00.000Z");
    expect(c.end.toISOString()).toBe("2030-03-23T10:30:00.000Z");
    expect(c.start.tz).toBe("Europe/Amsterdam");
    const n = events.get("https://buurt.test/events/call")!;
    expect(n.start.toISOString()).toBe("2030-05-01T23:30:00.000Z");
    expect(n.start.tz).toBe("America/New_York");
    expect(n.status).toBe("CANCELLED");
    expect(n.location).toBe("https://meet.example/overleg");
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam");
    expect(text).toContain("TZID:America/New_York");
  });

  it("keeps all-day dates as dates (an exclusive end the day after the last day)", () => {
    const f = events.get("https://buurt.test/events/fair")!;
    expect(f.datetype).toBe("date");
    expect(f.start.dateOnly).toBe(true);
    expect([f.start.getFullYear(), f.start.getMonth() + 1, f.start.getDate()]).toEqual([2030, 7, 5]);
    expect([f.end.getFullYear(), f.end.getMonth() + 1, f.end.getDate()]).toEqual([2030, 7, 7]);
    expect(text).toContain("DTSTART;VALUE=DATE:20300705");
    expect(text).toContain("DTEND;VALUE=DATE:20300707");
  });

  it("keeps the place, coordinates, category and URL", () => {
    const c = events.get("https://buurt.test/events/coffee")!;
    expect(c.location).toBe("Buurthuis, Lindenlaan 1, 3511 AB Utrecht");
    expect(c.geo).toEqual({ lat: 52.0907, lon: 5.1214 });
    expect(c.categories).toEqual(["MEETING"]);
    const url = c.url as unknown as string | { val: string };
    expect(typeof url === "string" ? url : url.val).toBe("https://buurt.test/events/coffee");
  });

  it("expands a recurring event at 10:00 local time across the clock change, without the cancelled date", () => {
    const c = events.get("https://buurt.test/events/coffee")!;
    expect(c.rrule).toBeDefined();
    // node-ical expands the rule in the event's zone and leaves out EXDATEs.
    const instants = nodeIcal.expandRecurringEvent(c, {
      from: new Date("2030-03-01T00:00:00Z"),
      to: new Date("2030-05-01T00:00:00Z"),
    }).map((i) => Temporal.Instant.fromEpochMilliseconds(i.start.getTime()).toString());
    // The clocks change on 31 March 2030: 23 and 30 March are UTC+1, 13 April UTC+2; 6 April is cancelled.
    expect(instants).toEqual(["2030-03-23T09:00:00Z", "2030-03-30T09:00:00Z", "2030-04-13T08:00:00Z"]);
    expect(Temporal.Instant.from(c.start.toISOString()).toZonedDateTimeISO(c.start.tz!).toPlainTime().toString()).toBe("10:00:00");
    // The agenda's own expansion agrees.
    const ours = occurrencesBetween(coffee.details, "2030-03-01T00:00:00Z", "2030-05-01T00:00:00Z")
      .filter((o) => !o.cancelled).map((o) => o.startAt);
    expect(ours).toEqual(["2030-03-23T09:00:00.000Z", "2030-03-30T09:00:00.000Z", "2030-04-13T08:00:00.000Z"]);
    expect(text).toContain("EXDATE;TZID=Europe/Amsterdam:20300406T100000");
  });
});
