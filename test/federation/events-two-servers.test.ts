/**
 * Events and RSVPs between two buurten on loopback, with real signatures:
 * a member of B answers an event of A (B finds it by its IRI), A counts
 * them and answers `Accept`, B shows the RSVP confirmed; the member leaves
 * and A's count drops; an edit on A reaches B.
 */
import { afterEach, describe, expect, it } from "vitest";
import { answerEvent, cancelEvent, createEvent, updateEvent } from "../../src/app/agenda.ts";
import { followActor } from "../../src/app/follows.ts";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";

describe.each(testDialects())("events between two buurten (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("counts a remote RSVP, answers Accept, drops the count on Leave, and delivers an edit", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");

    const created = await createEvent(a.buurt.app, { authorUsername: "anna", draft: eventDraft({ capacity: "10" }) });
    if (!created.ok) throw new Error(created.error);
    const eventIri = created.value.post.iri;
    expect(eventIri).toBe(`${a.origin}/events/${created.value.post.id}`);

    // B finds the event by its IRI (as a member pasting a link would).
    const found = await resolveRemoteEvent(b.buurt.federation, { app: b.buurt.app, origin: new URL(b.origin) }, eventIri);
    if (!found.ok) throw new Error(`${found.error} ${found.detail ?? ""}`);
    const onB = found.value;
    expect(onB.post.local).toBe(false);
    expect(onB.post.name).toBe("Koffieochtend");
    expect(onB.details.startAt).toBe("2030-06-07T08:00:00.000Z");
    expect(onB.details.endAt).toBe("2030-06-07T10:00:00.000Z");
    expect(onB.details.timezone).toBe("Europe/Amsterdam");
    expect(onB.details.locationName).toBe("Buurthuis De Linde");
    expect(onB.details.address?.streetAddress).toBe("Lindenlaan 1");
    expect(onB.details.latitude).toBe(52.0907);
    expect(onB.details.capacity).toBe(10);
    expect(onB.details.category).toBe("MEETING");
    expect(onB.author.iri).toBe(a.buurt.app.iris.actor("anna"));

    // bob answers "going": pending on B until A's Accept arrives.
    const going = await answerEvent(b.buurt.app, { username: "bob", postId: onB.post.id, occurrence: "", status: "going" });
    if (!going.ok) throw new Error(going.error);
    expect(going.value.state).toBe("pending");
    await waitFor(
      async () => (await a.buurt.app.repos.rsvps.count(created.value.post.id, "")).going === 1,
      "A to count bob as going",
    );
    const attendees = await a.buurt.app.repos.rsvps.list(created.value.post.id, "");
    expect(attendees.map((r) => [r.actor.iri, r.rsvp.status, r.rsvp.source, r.rsvp.state])).toEqual([
      [b.buurt.app.iris.actor("bob"), "going", "join", "confirmed"],
    ]);
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(
      async () => (await b.buurt.app.repos.rsvps.find(onB.post.id, "", bobOnB.id))?.state === "confirmed",
      "B to receive A's Accept",
    );
    // The organiser was notified.
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const notes = await a.buurt.app.repos.notifications.listForRecipient(anna.id, { limit: 10 });
    expect(notes.items.map((n) => n.type)).toContain("rsvp");

    // bob leaves; A's count drops.
    const leaving = await answerEvent(b.buurt.app, { username: "bob", postId: onB.post.id, occurrence: "", status: "not_going" });
    expect(leaving.ok).toBe(true);
    await waitFor(
      async () => (await a.buurt.app.repos.rsvps.count(created.value.post.id, "")).going === 0,
      "A to process the Leave",
    );
    expect((await a.buurt.app.repos.rsvps.count(created.value.post.id, "")).not_going).toBe(1);

    // anna moves the event; B's agenda entry follows.
    const moved = await updateEvent(a.buurt.app, {
      postId: created.value.post.id,
      editorUsername: "anna",
      draft: eventDraft({
        startTime: "14:00",
        endTime: "16:30",
        locationName: "Speeltuin",
        streetAddress: "Parkweg 2",
        onlineUrl: "https://meet.example/koffie",
      }),
    });
    expect(moved.ok).toBe(true);
    const updated = await waitFor(async () => {
      const e = await b.buurt.app.repos.events.findEntryByIri(eventIri);
      return e?.details.startAt === "2030-06-07T12:00:00.000Z" ? e : null;
    }, "B to receive the Update");
    expect(updated.details.endAt).toBe("2030-06-07T14:30:00.000Z");
    expect(updated.details.locationName).toBe("Speeltuin");
    expect(updated.details.address?.streetAddress).toBe("Parkweg 2");
    expect(updated.details.onlineUrl).toBe("https://meet.example/koffie");
    // B's agenda page shows the new time and place.
    const page = await (await b.buurt.web.request("/agenda?month=2030-06")).text();
    expect(page).toContain("Speeltuin");
    expect(page).toContain("14:00");
    expect(page).toContain(`van 127.0.0.1:${a.port}`);
  });

  it("federates a recurring event as its upcoming occurrences, each its own Event, and a cancelled date as cancelled", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");
    const annaOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("anna"));
    if (!annaOnB.ok) throw new Error("lookup failed");
    await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    const annaOnA = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await waitFor(async () => (await a.buurt.app.repos.follows.countFollowers(annaOnA.id)) === 1, "A to accept bob");

    // A weekly coffee morning over three Saturdays around the clock change (30 March 2031).
    const created = await createEvent(a.buurt.app, {
      authorUsername: "anna",
      draft: eventDraft({ startDate: "2031-03-22", recurrence: "weekly", repeatUntil: "2031-04-05" }),
      now: "2031-03-01T00:00:00.000Z",
    });
    if (!created.ok) throw new Error(created.error);
    const id = created.value.post.id;
    const iris = ["20310322", "20310329", "20310405"].map((k) => a.buurt.app.iris.event(`${id}_${k}`));
    const onB = await waitFor(async () => {
      const found = await Promise.all(iris.map((iri) => b.buurt.app.repos.events.findEntryByIri(iri)));
      return found.every((e) => e != null) ? found.map((e) => e!) : null;
    }, "B to receive the three occurrences");
    expect(onB.map((e) => [e.details.startAt, e.details.endAt, e.details.rrule])).toEqual([
      ["2031-03-22T09:00:00.000Z", "2031-03-22T11:00:00.000Z", null],
      ["2031-03-29T09:00:00.000Z", "2031-03-29T11:00:00.000Z", null],
      ["2031-04-05T08:00:00.000Z", "2031-04-05T10:00:00.000Z", null],
    ]);
    // The series itself is no ActivityPub object; each occurrence is.
    const series = await a.buurt.web.request(created.value.post.iri, { headers: { Accept: "application/activity+json" } });
    expect(series.headers.get("Content-Type") ?? "").not.toContain("activity+json");

    // Cancelling one date reaches B as that occurrence cancelled.
    const cancelled = await cancelEvent(a.buurt.app, { postId: id, editorUsername: "anna", occurrence: "20310329" });
    expect(cancelled.ok).toBe(true);
    await waitFor(
      async () => (await b.buurt.app.repos.events.findEntryByIri(iris[1]!))?.details.status === "cancelled",
      "B to see 29 March cancelled",
    );
    expect((await b.buurt.app.repos.events.findEntryByIri(iris[0]!))?.details.status).toBe("scheduled");
  });
});
