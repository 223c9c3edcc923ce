/**
 * Taking an RSVP back with `Undo`, as Mastodon-style servers do instead of
 * sending `Leave`: `Undo(Join)`, `Undo(Accept)` and `Undo(TentativeAccept)`
 * of one of our events count as leaving (the place frees up), whether the
 * undone activity is embedded or named by its id only.  Only the actor who
 * answered can take their answer back, and an `Undo` of an answer that a
 * later one replaced changes nothing.
 */
import { describe, expect, it } from "vitest";
import { createEvent } from "../../src/app/agenda.ts";
import { eventDraft } from "./helpers.ts";
import { type Json, standInActor } from "../helpers/fixtures.ts";
import { deliver, MEMBER, useFixtureBuurts } from "../helpers/interop.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const ALICE = "https://mastodon.test/users/alice";
const BOB = "https://mastodon.test/users/bob";
const MALLORY = "https://evil.test/users/mallory";

function activity(type: string, id: string, actor: string, object: unknown): Json {
  return { "@context": AS, type, id, actor, object };
}

describe("Undo of an RSVP to a local event", () => {
  const buurten = useFixtureBuurts();

  async function setUp(capacity = "") {
    const fb = await buurten.start([ALICE, BOB, MALLORY].map((a) => standInActor(a, "mastodon")));
    const created = await createEvent(fb.buurt.app, { authorUsername: MEMBER, draft: eventDraft({ capacity }) });
    if (!created.ok) throw new Error(created.error);
    return { fb, postId: created.value.post.id, eventIri: created.value.post.iri };
  }

  it("counts Undo(Join) as leaving, embedded or by id, and frees the place", async () => {
    const { fb, postId, eventIri } = await setUp("1");
    const join = activity("Join", `${ALICE}#join/1`, ALICE, eventIri);
    expect(await deliver(fb, join)).toBe("processed: rsvp_going");
    expect((await fb.buurt.app.repos.rsvps.count(postId, "")).going).toBe(1);

    const undo = activity("Undo", `${ALICE}#join/1/undo`, ALICE, join);
    expect(await deliver(fb, undo)).toBe("processed: rsvp_undone_not_going");
    expect(await fb.buurt.app.repos.rsvps.count(postId, "")).toEqual({ going: 0, maybe: 0, not_going: 1 });

    // A new Join takes the free place again; an Undo naming only its id takes it back.
    const again = activity("Join", `${ALICE}#join/2`, ALICE, eventIri);
    expect(await deliver(fb, again)).toBe("processed: rsvp_going");
    expect(await deliver(fb, activity("Undo", `${ALICE}#join/2/undo`, ALICE, `${ALICE}#join/2`)))
      .toBe("processed: rsvp_undone_not_going");
    expect((await fb.buurt.app.repos.rsvps.count(postId, "")).going).toBe(0);
  });

  it("counts Undo(Accept) and Undo(TentativeAccept) of the Event as leaving", async () => {
    const { fb, postId, eventIri } = await setUp();
    const accept = activity("Accept", `${ALICE}#accept/1`, ALICE, eventIri);
    expect(await deliver(fb, accept)).toBe("processed: rsvp_going");
    expect(await deliver(fb, activity("Undo", `${ALICE}#accept/1/undo`, ALICE, accept)))
      .toBe("processed: rsvp_undone_not_going");
    expect(await fb.buurt.app.repos.rsvps.count(postId, "")).toEqual({ going: 0, maybe: 0, not_going: 1 });

    const maybe = activity("TentativeAccept", `${ALICE}#maybe/1`, ALICE, eventIri);
    expect(await deliver(fb, maybe)).toBe("processed: rsvp_maybe");
    expect(await deliver(fb, activity("Undo", `${ALICE}#maybe/1/undo`, ALICE, maybe)))
      .toBe("processed: rsvp_undone_not_going");
    expect(await fb.buurt.app.repos.rsvps.count(postId, "")).toEqual({ going: 0, maybe: 0, not_going: 1 });
  });

  it("lets nobody else take an answer back, and ignores an Undo of an answer that was replaced", async () => {
    const { fb, postId, eventIri } = await setUp();
    const join = activity("Join", `${ALICE}#join/1`, ALICE, eventIri);
    expect(await deliver(fb, join)).toBe("processed: rsvp_going");

    // Mallory undoes Alice's Join: embedded (Fedify does not trust an embedded
    // activity from another origin and fetches it by id, which fails here) or by id only.
    expect(await deliver(fb, activity("Undo", `${MALLORY}#undo/1`, MALLORY, join)))
      .toBe("ignored: Undo of another actor's RSVP");
    expect(await deliver(fb, activity("Undo", `${MALLORY}#undo/2`, MALLORY, `${ALICE}#join/1`)))
      .toBe("ignored: Undo of another actor's RSVP");
    // Bob, on Alice's server, embeds her Join (trusted as embedded: same origin), but it is hers.
    expect(await deliver(fb, activity("Undo", `${BOB}#undo/1`, BOB, join)))
      .toBe("ignored: Undo of another actor's activity");
    expect((await fb.buurt.app.repos.rsvps.count(postId, "")).going).toBe(1);

    // Alice leaves and joins again; a late Undo of her first Join does not undo the second.
    expect(await deliver(fb, activity("Leave", `${ALICE}#leave/1`, ALICE, eventIri))).toBe("processed: rsvp_not_going");
    expect(await deliver(fb, activity("Join", `${ALICE}#join/2`, ALICE, eventIri))).toBe("processed: rsvp_going");
    const late = await deliver(fb, activity("Undo", `${ALICE}#join/1/undo`, ALICE, join));
    expect(late.startsWith("ignored:")).toBe(true);
    expect((await fb.buurt.app.repos.rsvps.count(postId, "")).going).toBe(1);
  });
});
