/**
 * Real Mobilizon and Gancio documents (test/fixtures/ap/, provenance in its
 * MANIFEST.tsv) through the real inbox and look-up: the events land in the
 * agenda with the right instants, zone, place and organiser; Gancio's event
 * without `startTime` is refused with its reason; Mobilizon's `Join`,
 * `Leave` and `Accept` become RSVPs.
 */
import { describe, expect, it } from "vitest";
import { answerEvent, createEvent } from "../../src/app/agenda.ts";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { withActivityStreamsContext } from "../../src/federation/jsonld.ts";
import { eventDraft } from "./helpers.ts";
import {
  asSent,
  type Json,
  readFixture,
  readManifest,
  referencedActors,
  retargeted,
  standInActor,
} from "../helpers/fixtures.ts";
import { deliver, type FixtureBuurt, MEMBER, ORIGIN, useFixtureBuurts } from "../helpers/interop.ts";

const DOCUMENTS = readManifest().map((r) => readFixture(r.file));
const KNOWN = new Set(DOCUMENTS.flatMap((d) => (typeof d.id === "string" ? [d.id] : [])));

/** A fixture as its server sends it (the AS2 context where it has none, as Gancio's lack it). */
function wire(file: string): Json {
  const sent = asSent(file);
  return "@context" in sent ? sent : withActivityStreamsContext(sent);
}

/** Stand-in actor documents for every actor the bodies name that the set does not hold. */
function standIns(bodies: Json[], implementation: string, groups: string[] = []): Json[] {
  const actors = new Set(bodies.flatMap((b) => [...referencedActors(b)]));
  return [...actors].filter((a) => !KNOWN.has(a)).map((a) => {
    const doc = standInActor(a, implementation);
    return groups.includes(a) ? { ...doc, type: "Group" } : doc;
  });
}

describe("Mobilizon and Gancio events in the agenda", () => {
  const buurten = useFixtureBuurts();

  async function start(extra: Json[]): Promise<FixtureBuurt> {
    const fb = await buurten.start([...DOCUMENTS, ...extra]);
    return fb;
  }

  function lookup(fb: FixtureBuurt, iri: string) {
    return resolveRemoteEvent(fb.buurt.federation, { app: fb.buurt.app, origin: new URL(ORIGIN) }, iri);
  }

  it("reads a Mobilizon event: instants, its own time zone, PostalAddress, coordinates, capacity, category, image", async () => {
    const event = wire("mobilizon/event.json");
    const fb = await start(standIns([event], "mobilizon"));
    const found = await lookup(fb, String(event.id));
    if (!found.ok) throw new Error(`${found.error} ${found.detail ?? ""}`);
    const { post, details, author, organizer } = found.value;
    expect(post.name).toBe("Adipiscing deserunt lorem felis");
    expect(details.startAt).toBe("2022-12-11T19:00:00.000Z");
    expect(details.endAt).toBe("2022-12-11T21:00:00.000Z");
    expect(details.timezone).toBe("Europe/London");
    expect(details.allDay).toBe(false);
    expect(details.locationName).toBe("The Kenn Centre");
    expect(details.address).toEqual({
      streetAddress: "Devon Expressway",
      postalCode: "EX6 7TW",
      addressLocality: "Teignbridge",
      addressRegion: "England",
      addressCountry: "United Kingdom",
    });
    expect(details.latitude).toBe(50.66881615);
    expect(details.longitude).toBe(-3.537739788359949);
    // Mobilizon's 0 means "no limit".
    expect(details.capacity).toBeNull();
    expect(details.category).toBe("SPORTS");
    expect(details.status).toBe("scheduled");
    expect(author.iri).toBe("https://s34.example/@user16");
    expect(organizer).toBeNull();
    expect(post.attachments.map((a) => [a.mediaType, a.description])).toEqual([["image/jpeg", "Ornare"]]);

    // It shows in the agenda page, marked with where it comes from.
    const page = await fb.buurt.web.request(`${ORIGIN}/events/${post.id}`);
    const html = await page.text();
    expect(html).toContain("van s34.example");
    expect(html).toContain("Devon Expressway, EX6 7TW Teignbridge, England, United Kingdom");
  });

  it("ignores the swapped legacy `geo` coordinates of an old Mobilizon event, keeping place and address", async () => {
    const event = wire("mobilizon/event-mobilizon-org.json");
    const fb = await start(standIns([event], "mobilizon"));
    const found = await lookup(fb, String(event.id));
    if (!found.ok) throw new Error(`${found.error} ${found.detail ?? ""}`);
    const { details } = found.value;
    expect(details.startAt).toBe("2019-12-18T13:00:00.000Z");
    expect(details.endAt).toBe("2019-12-18T14:00:00.000Z");
    // No `timezone` in the document: shown in the buurt's zone.
    expect(details.timezone).toBe("Europe/Amsterdam");
    expect(details.locationName).toBe("Cour du Château des Ducs de Bretagne");
    expect(details.address).toEqual({
      streetAddress: null,
      postalCode: null,
      addressLocality: "Nantes",
      addressRegion: "Pays de la Loire",
      addressCountry: "France",
    });
    // The document says latitude −1.549, longitude 47.216: Nantes with the two swapped.
    expect(details.latitude).toBeNull();
    expect(details.longitude).toBeNull();
    expect(details.category).toBe("MEETING");
  });

  it("stores a Mobilizon group's event sent by its creator, with the group as organiser", async () => {
    const create = wire("mobilizon/create-event-by-group.json");
    const fb = await start(standIns([create], "mobilizon", ["http://s77.example/@group"]));
    await fb.follow("http://s77.example/@group");
    expect(await deliver(fb, create)).toBe("processed: event_stored");
    const entry = (await fb.buurt.app.repos.events.findEntryByIri("http://s77.example/events/f270ae07-7991-453c-9bb7-3d2122ededae"))!;
    expect(entry.post.name).toBe("In magna culpa");
    expect(entry.details.startAt).toBe("2018-02-12T14:08:20.000Z");
    expect(entry.details.endAt).toBeNull();
    expect(entry.author.iri).toBe("http://s77.example/@user");
    expect(entry.organizer?.iri).toBe("http://s77.example/@group");
    expect(entry.organizer?.type).toBe("Group");
  });

  it("reads a Mobilizon event's place from its Create, and drops a free-text category", async () => {
    const create = wire("mobilizon/create-event.json");
    const fb = await start(standIns([create], "mobilizon"));
    await fb.follow("https://s37.example/@user29");
    expect(await deliver(fb, create)).toBe("processed: event_stored");
    const entry = (await fb.buurt.app.repos.events.findEntryByIri("https://s37.example/events/39a0c4a6-f2b6-41dc-bbe2-fc5bff76cc93"))!;
    expect(entry.details.locationName).toBe("Locaux de Framasoft");
    expect(entry.details.address).toEqual({
      streetAddress: "10 Rue Jangot",
      postalCode: "69007",
      addressLocality: "Lyon",
      addressRegion: "Auvergne Rhône Alpes",
      addressCountry: "France",
    });
    expect(entry.details.category).toBeNull();
    expect(entry.author.iri).toBe("https://s37.example/@user29");
  });

  it("reads a Gancio event (offset times, a Place without type) and refuses the one without startTime", async () => {
    const create = wire("gancio/create-event.json");
    // Gancio serves the Event at its id too; Fedify drops its untyped `location`, so the document is read again.
    const fb = await start([create.object as Json]);
    await fb.follow("https://s79.example/federation/u/gancio");
    expect(await deliver(fb, create)).toBe("processed: event_stored");
    const entry = (await fb.buurt.app.repos.events.findEntryByIri("https://s79.example/federation/m/1"))!;
    expect(entry.post.name).toBe("Sunt culpa");
    // 17:30:57 at +02:00.
    expect(entry.details.startAt).toBe("2021-07-14T15:30:57.000Z");
    expect(entry.details.endAt).toBe("2021-07-14T16:30:57.000Z");
    expect(entry.details.locationName).toBe("Colosseo");
    expect(entry.author.iri).toBe("https://s79.example/federation/u/gancio");

    // Gancio 1.22 sent an Event without startTime: refused, with the reason logged.
    const event = readFixture("gancio/event-v1-22-sanitized.json");
    const organizer = "https://remote.example/@organizer";
    const fb2 = await start([standInActor(organizer, "gancio")]);
    await fb2.follow(organizer);
    const noStart = withActivityStreamsContext({
      id: `${String(event.id)}#create`,
      type: "Create",
      actor: organizer,
      to: event.to,
      object: event,
    });
    expect(await deliver(fb2, noStart)).toBe("ignored: Event refused: Event without startTime (FEP-8a8e requires one)");
    expect(await fb2.buurt.app.repos.posts.findByIri(String(event.id))).toBeNull();
  });

  it("counts Mobilizon's Join and Leave of a local event, and answers the Join with Accept", async () => {
    const fb = await start(standIns([readFixture("mobilizon/join-event.json")], "mobilizon"));
    const created = await createEvent(fb.buurt.app, { authorUsername: MEMBER, draft: eventDraft() });
    if (!created.ok) throw new Error(created.error);
    const eventIri = created.value.post.iri;
    const join = retargeted(wire("mobilizon/join-event.json"), "http://mobilizon.test/events/some-uuid", eventIri);
    expect(await deliver(fb, join)).toBe("processed: rsvp_going");
    const rows = await fb.buurt.app.repos.rsvps.list(created.value.post.id, "");
    expect(rows.map((r) => [r.actor.iri, r.rsvp.status, r.rsvp.source, r.rsvp.state, r.rsvp.activityIri])).toEqual([
      ["http://mobilizon2.test/@admin", "going", "join", "confirmed", "http://mobilizon2.test/@admin/join/event/1"],
    ]);
    // The Accept naming the Join is queued for the participant's server.
    const queued = await fb.buurt.database.db.selectFrom("queue_messages").select("payload").execute();
    const accept = queued.map((q) => JSON.parse(q.payload) as { message?: { activity?: Json } })
      .map((p) => p.message?.activity ?? (p as unknown as { activity?: Json }).activity)
      .find((a) => a?.type === "Accept");
    expect(accept).toBeDefined();
    expect((accept!.object as Json).id).toBe("http://mobilizon2.test/@admin/join/event/1");
    expect((accept!.object as Json).type).toBe("Join");

    // Mobilizon's Leave fixture reuses the Join's id; a real Leave has its own.
    const leave = retargeted(
      retargeted(wire("mobilizon/leave-event.json"), "http://mobilizon.test/events/some-uuid", eventIri),
      "http://mobilizon2.test/@admin/join/event/1",
      "http://mobilizon2.test/@admin/leave/event/1",
    );
    expect(await deliver(fb, leave)).toBe("processed: rsvp_not_going");
    expect(await fb.buurt.app.repos.rsvps.count(created.value.post.id, "")).toEqual({ going: 0, maybe: 0, not_going: 1 });
  });

  it("counts a Mastodon poll vote on an event's RSVP poll as an RSVP", async () => {
    const vote = readFixture("mastodon/create-note-poll-vote.json");
    const fb = await start(standIns([vote], "mastodon"));
    const created = await createEvent(fb.buurt.app, {
      authorUsername: MEMBER,
      draft: eventDraft({ poll: true }),
      pollOptionNames: { going: "Ik kom", maybe: "Misschien", notGoing: "Ik kom niet" },
    });
    if (!created.ok) throw new Error(created.error);
    const pollIri = `${created.value.post.iri}/poll`;
    // Mastodon's vote: a Note with only `name` and `inReplyTo`, aimed here at our event's poll.
    let ours = retargeted(vote, "https://s87.example/objects/9d300947-2dcb-445d-8978-9a3b4b84fa14", pollIri);
    ours = retargeted(ours, "https://s87.example/users/user34", fb.memberIri);
    ours = retargeted(ours, "Option 1", "Misschien");
    expect(await deliver(fb, ours)).toBe("processed: poll_vote_maybe");
    const rows = await fb.buurt.app.repos.rsvps.list(created.value.post.id, "");
    expect(rows.map((r) => [r.actor.iri, r.rsvp.status, r.rsvp.source, r.rsvp.state])).toEqual([
      ["https://s86.example/users/user33", "maybe", "poll_vote", "confirmed"],
    ]);
    // The poll itself is served as a Question with the three answers and their counts.
    const res = await fb.buurt.web.request(pollIri, { headers: { Accept: "application/activity+json" } });
    const question = await res.json() as Json;
    expect(question.type).toBe("Question");
    expect((question.oneOf as Json[]).map((o) => [o.name, (o.replies as Json).totalItems])).toEqual([
      ["Ik kom", 0],
      ["Misschien", 1],
      ["Ik kom niet", 0],
    ]);
  });

  it("confirms a member's RSVP to a Mobilizon event when Mobilizon's Accept(Join) arrives", async () => {
    // accept-join's actor and id sit on two anonymised hosts; on one server they share one.
    const accept = retargeted(wire("mobilizon/accept-join.json"), "https://s113.example/accept/join/fef2a925-cce5-4b8e-b12f-20afe01e5a0f", "https://s112.example/accept/join/fef2a925-cce5-4b8e-b12f-20afe01e5a0f");
    const eventIri = "https://s112.example/events/252d5816-00a3-4a89-a66f-15bf65c33e39";
    const fb = await start(standIns([accept, wire("mobilizon/event-mobilizon-org.json")], "mobilizon"));
    const found = await lookup(fb, eventIri);
    if (!found.ok) throw new Error(`${found.error} ${found.detail ?? ""}`);
    // The event is in the past in the fixture; answer as if it were still to come.
    const answered = await answerEvent(fb.buurt.app, {
      username: MEMBER,
      postId: found.value.post.id,
      occurrence: "",
      status: "going",
      now: "2019-12-01T00:00:00.000Z",
    });
    if (!answered.ok) throw new Error(answered.error);
    expect(answered.value.state).toBe("pending");
    const joinId = answered.value.activityIri!;
    const object = accept.object as Json;
    const ours = {
      ...accept,
      object: { ...object, id: joinId, actor: fb.memberIri, object: eventIri },
    };
    expect(await deliver(fb, ours)).toBe("processed: rsvp_confirmed");
    const member = (await fb.buurt.app.repos.actors.findLocalByUsername(MEMBER))!;
    const rsvp = await fb.buurt.app.repos.rsvps.find(found.value.post.id, "", member.id);
    expect([rsvp?.status, rsvp?.state]).toEqual(["going", "confirmed"]);
  });
});
