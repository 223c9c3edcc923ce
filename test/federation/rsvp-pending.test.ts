/**
 * Nobody's RSVP is silently lost (issue 4, item 3): a member of B answers
 * an event of A while A is down.  The `Join` stays in B's delivery queue
 * with its failure and a retry scheduled, and the member sees their answer
 * as pending on the event page.  When A is back and the retry comes due,
 * A counts them and answers `Accept`, and the answer shows as confirmed.
 * The organiser then writes to everyone coming, which reaches the member
 * on B as a direct message.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createEvent, messageAttendees } from "../../src/app/agenda.ts";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { loginAs } from "../helpers/web.ts";

describe.each(testDialects())("an RSVP to a server that is down (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("keeps the Join queued for retry, shows it pending, and confirms it once the organiser's server answers", async () => {
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(b);
    let a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");
    const created = await createEvent(a.buurt.app, { authorUsername: "anna", draft: eventDraft() });
    if (!created.ok) throw new Error(created.error);
    const found = await resolveRemoteEvent(b.buurt.federation, { app: b.buurt.app, origin: new URL(b.origin) }, created.value.post.iri);
    if (!found.ok) throw new Error(found.error);
    const onB = found.value;

    // A goes down.
    const { port, database } = a;
    await a.stop({ drop: false });

    const bob = await loginAs(b.buurt, "bob");
    const answered = await bob.post(`/events/${onB.post.id}/rsvp`, { status: "going" });
    expect(answered.status).toBe(303);
    expect(answered.headers.get("Location")).toBe(`/events/${onB.post.id}?notice=pending`);

    // The delivery failed and waits for its retry; nothing is dropped.
    const queued = await waitFor(async () => {
      const rows = await b.buurt.database.db.selectFrom("queue_messages").selectAll().execute();
      const join = rows.find((r) => r.payload.includes('"Join"'));
      return join != null && join.attempts >= 1 ? join : null;
    }, "B to fail the first delivery of the Join");
    expect(queued.status).toBe("ready");
    expect(queued.last_error).not.toBeNull();
    expect(Date.parse(queued.run_at)).toBeGreaterThan(Date.now());
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    expect((await b.buurt.app.repos.rsvps.find(onB.post.id, "", bobOnB.id))?.state).toBe("pending");
    const pendingPage = await (await bob.get(`/events/${onB.post.id}`)).text();
    expect(pendingPage).toContain(`Wacht op bevestiging van 127.0.0.1:${port}. Het wordt opnieuw verstuurd tot het aankomt.`);

    // A is back; the retry comes due (a minute later in production: here at once).
    a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect, database, port });
    started.push(a);
    await b.buurt.database.db.updateTable("queue_messages").set({ run_at: new Date().toISOString() })
      .where("id", "=", queued.id).execute();
    await waitFor(
      async () => (await a.buurt.app.repos.rsvps.count(created.value.post.id, "")).going === 1,
      "A to count bob once the Join arrives",
    );
    await waitFor(
      async () => (await b.buurt.app.repos.rsvps.find(onB.post.id, "", bobOnB.id))?.state === "confirmed",
      "B to receive A's Accept",
    );
    const confirmedPage = await (await bob.get(`/events/${onB.post.id}`)).text();
    expect(confirmedPage).not.toContain("Wacht op bevestiging");
    expect(confirmedPage).toContain("Je komt");

    // The organiser writes to everyone coming: bob gets it on B, as a direct message.
    const sent = await messageAttendees(a.buurt.app, {
      username: "anna",
      postId: created.value.post.id,
      occurrence: "",
      text: "Neem een mok mee!",
    });
    if (!sent.ok) throw new Error(sent.error);
    const dm = await waitFor(() => b.buurt.app.repos.posts.findByIri(sent.value.iri), "B to receive the organiser's message");
    expect(dm.visibility).toBe("direct");
    expect(dm.contentHtml).toContain("Neem een mok mee!");
    expect(dm.tags.filter((t) => t.type === "Mention").map((t) => t.href)).toEqual([bobOnB.iri]);
    const notes = await b.buurt.app.repos.notifications.listForRecipient(bobOnB.id, { limit: 5 });
    expect(notes.items.map((n) => [n.type, n.postId])).toContainEqual(["mention", dm.id]);
  });
});
