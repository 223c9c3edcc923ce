/**
 * Capacity under concurrency, on SQLite and PostgreSQL: when many people
 * answer "going" to the last places at the same moment (members on the
 * web, remote actors through the inbox), exactly as many get in as there
 * are places.  The check and the insert are one atomic step
 * (`RsvpRepository.upsertIfRoom`); before, every request counted the same
 * free place and all of them got in.
 */
import { afterEach, describe, expect, it } from "vitest";
import { answerEvent, createEvent, receiveRsvp } from "../../src/app/agenda.ts";
import type { RemoteActorInput } from "../../src/app/ports.ts";
import { eventDraft } from "./helpers.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

function remoteActor(name: string): RemoteActorInput {
  const host = "mobilizon.test";
  return {
    iri: `https://${host}/@${name}`,
    type: "Person",
    username: name,
    domain: host,
    name,
    summary: null,
    url: null,
    inboxUrl: `https://${host}/@${name}/inbox`,
    sharedInboxUrl: `https://${host}/inbox`,
    followersUrl: null,
    followingUrl: null,
    outboxUrl: null,
    iconUrl: null,
    manuallyApprovesFollowers: false,
    publicKeyId: null,
    publicKeyPem: null,
    fields: [],
  };
}

describe.each(testDialects())("event capacity under concurrent RSVPs (%s)", (dialect) => {
  let s: TestBuurt | null = null;
  afterEach(async () => {
    await s?.stop();
    s = null;
  });

  it("lets exactly as many in as there are places when members and remote actors answer at once", async () => {
    s = await startTestBuurt({ name: "Buurt Vol", dialect });
    const { app } = s.buurt;
    await s.member("anna", "Anna");
    const names = Array.from({ length: 8 }, (_, i) => `lid${i}`);
    for (const name of names) await s.member(name);
    const remotes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => app.repos.actors.upsertRemote(remoteActor(`gast${i}`))),
    );

    // Buurt-only: nothing is delivered, so no remote server has to answer.
    const created = await createEvent(app, { authorUsername: "anna", draft: eventDraft({ capacity: "3", visibility: "buurt" }) });
    if (!created.ok) throw new Error(created.error);
    const entry = created.value;
    // One place is taken beforehand; two are left for sixteen people.
    const first = await answerEvent(app, { username: "anna", postId: entry.post.id, occurrence: "", status: "going" });
    expect(first.ok).toBe(true);

    const outcomes = await Promise.all([
      ...names.map(async (username) => {
        const r = await answerEvent(app, { username, postId: entry.post.id, occurrence: "", status: "going" });
        return r.ok ? "going" : r.error;
      }),
      ...remotes.map((actor, i) =>
        receiveRsvp(app, {
          entry,
          occurrence: "",
          actor,
          status: "going",
          source: "join",
          activityIri: `${actor.iri}/join/${i}`,
          answer: null,
        })
      ),
    ]);

    expect(outcomes.filter((o) => o === "going")).toHaveLength(2);
    expect(outcomes.filter((o) => o === "event_full" || o === "full")).toHaveLength(14);
    expect(await app.repos.rsvps.count(entry.post.id, "")).toEqual({ going: 3, maybe: 0, not_going: 0 });
    // Refused remote answers are kept (the organiser sees who wanted to come), as rejected.
    const rows = await app.repos.rsvps.list(entry.post.id, "");
    const confirmedGoing = rows.filter((r) => r.rsvp.status === "going" && r.rsvp.state === "confirmed");
    expect(confirmedGoing).toHaveLength(3);
    const remoteRefused = rows.filter((r) => !r.actor.local && r.rsvp.state === "rejected");
    expect(remoteRefused).toHaveLength(8 - outcomes.slice(8).filter((o) => o === "going").length);

    // Someone already going keeps their place when they answer "going" again on a full event.
    const again = await answerEvent(app, { username: "anna", postId: entry.post.id, occurrence: "", status: "going" });
    expect(again.ok).toBe(true);
    expect((await app.repos.rsvps.count(entry.post.id, "")).going).toBe(3);
  });
});
