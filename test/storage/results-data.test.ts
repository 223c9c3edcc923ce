/**
 * The data the results dashboard (a later issue) will count, on SQLite and
 * PostgreSQL: every RSVP (who answered which event occurrence, how, when
 * first and last) and every help match (who helped whom, when, and when a
 * match fell through) is stored in plain tables with timestamps and both
 * parties, and can be read with ordinary queries over a period.  The
 * queries here are written the way the dashboard will read the tables
 * (see "Data for the results dashboard" in ARCHITECTURE.md), against the
 * typed schema, so renaming a column the dashboard relies on fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerEvent, createEvent } from "../../src/app/agenda.ts";
import { createHelpItem, matchHelpItem, releaseHelpMatch, respondToHelpItem } from "../../src/app/help.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(testDialects())("results data: RSVPs and help matches (%s)", (dialect) => {
  let s: TestBuurt;
  const ids: Record<string, string> = {};
  let eventId = "";
  let itemId = "";

  beforeAll(async () => {
    s = await startTestBuurt({ name: "Buurt Resultaten", dialect });
    for (const name of ["anna", "bob", "carla", "dirk"]) ids[name] = (await s.member(name)).actorId;
    const { app } = s.buurt;

    // anna organises a weekly coffee morning (buurt-only: nothing to deliver); bob and carla come to
    // the first date, dirk says maybe and then no.
    const created = await createEvent(app, {
      authorUsername: "anna",
      draft: eventDraft({ startDate: "2030-06-01", recurrence: "weekly", repeatUntil: "2030-06-22", visibility: "buurt" }),
      now: "2030-05-01T09:00:00.000Z",
    });
    if (!created.ok) throw new Error(created.error);
    eventId = created.value.post.id;
    const answer = (username: string, occurrence: string, status: "going" | "maybe" | "not_going", now: string) =>
      answerEvent(app, { username, postId: eventId, occurrence, status, now });
    for (const r of [
      await answer("bob", "20300601", "going", "2030-05-20T10:00:00.000Z"),
      await answer("carla", "20300601", "going", "2030-05-21T10:00:00.000Z"),
      await answer("dirk", "20300601", "maybe", "2030-05-22T10:00:00.000Z"),
      await answer("dirk", "20300601", "not_going", "2030-05-25T10:00:00.000Z"),
      await answer("bob", "20300608", "going", "2030-06-02T10:00:00.000Z"),
    ]) if (!r.ok) throw new Error(r.error);

    // carla asks for help; bob and dirk respond; the match with bob falls through, dirk helps.
    const wording = helpWording("nl");
    const item = await createHelpItem(app, {
      authorUsername: "carla",
      kind: "request",
      category: "odd_jobs",
      title: "Wie hangt mijn lamp op?",
      description: "",
      visibility: "buurt",
      wording,
      language: "nl",
    });
    if (!item.ok) throw new Error(item.error);
    itemId = item.value.postId;
    for (const username of ["bob", "dirk"]) {
      const r = await respondToHelpItem(app, { postId: itemId, username, message: "Ik kan helpen." });
      if (!r.ok) throw new Error(r.error);
    }
    for (const step of [
      await matchHelpItem(app, { postId: itemId, username: "carla", helperActorId: ids.bob!, wording }),
      await releaseHelpMatch(app, { postId: itemId, username: "carla", wording }),
      await matchHelpItem(app, { postId: itemId, username: "carla", helperActorId: ids.dirk!, wording }),
    ]) if (!step.ok) throw new Error(step.error);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it("keeps every RSVP with the event, its date, the attendee, the organiser, the answer and when", async () => {
    const db = s.buurt.database.db;
    const rows = await db.selectFrom("rsvps")
      .innerJoin("events", "events.post_id", "rsvps.post_id")
      .innerJoin("posts", "posts.id", "rsvps.post_id")
      .select([
        "rsvps.post_id",
        "rsvps.occurrence",
        "rsvps.actor_id",
        "posts.actor_id as organizer_actor_id",
        "rsvps.status",
        "rsvps.state",
        "rsvps.source",
        "rsvps.created_at",
        "rsvps.updated_at",
        "events.start_at",
        "events.status as event_status",
      ])
      .orderBy("rsvps.occurrence").orderBy("rsvps.created_at")
      .execute();
    expect(rows.map((r) => [r.occurrence, r.actor_id, r.organizer_actor_id, r.status, r.state, r.source, r.created_at, r.updated_at]))
      .toEqual([
        ["20300601", ids.bob, ids.anna, "going", "confirmed", "local", "2030-05-20T10:00:00.000Z", "2030-05-20T10:00:00.000Z"],
        ["20300601", ids.carla, ids.anna, "going", "confirmed", "local", "2030-05-21T10:00:00.000Z", "2030-05-21T10:00:00.000Z"],
        // One row per person and date: first answered on the 22nd, last changed on the 25th.
        ["20300601", ids.dirk, ids.anna, "not_going", "confirmed", "local", "2030-05-22T10:00:00.000Z", "2030-05-25T10:00:00.000Z"],
        ["20300608", ids.bob, ids.anna, "going", "confirmed", "local", "2030-06-02T10:00:00.000Z", "2030-06-02T10:00:00.000Z"],
      ]);
    expect(rows.every((r) => r.post_id === eventId && r.event_status === "scheduled" && ISO.test(r.start_at))).toBe(true);

    // A meeting: an event date with people going, counted over a period (here June 2030).
    const meetings = await db.selectFrom("rsvps")
      .select(["occurrence", (eb) => eb.fn.countAll().as("going")])
      .where("status", "=", "going").where("state", "=", "confirmed")
      .where("occurrence", ">=", "20300601").where("occurrence", "<", "20300701")
      .groupBy("occurrence").orderBy("occurrence")
      .execute();
    expect(meetings.map((m) => [m.occurrence, Number(m.going)])).toEqual([["20300601", 2], ["20300608", 1]]);
  });

  it("keeps every help match with both parties and when it was made and released, and every response", async () => {
    const db = s.buurt.database.db;
    const matches = await db.selectFrom("help_matches")
      .select(["item_post_id", "author_actor_id", "helper_actor_id", "matched_at", "released_at"])
      .orderBy("matched_at").orderBy("id")
      .execute();
    expect(matches.map((m) => [m.item_post_id, m.author_actor_id, m.helper_actor_id, m.released_at == null])).toEqual([
      [itemId, ids.carla, ids.bob, false],
      [itemId, ids.carla, ids.dirk, true],
    ]);
    for (const m of matches) expect(m.matched_at).toMatch(ISO);
    expect(matches[0]!.released_at! >= matches[0]!.matched_at).toBe(true);
    expect(matches[1]!.matched_at >= matches[0]!.released_at!).toBe(true);

    // The relations a period produced: matches made in it that did not fall through.
    const lasting = await db.selectFrom("help_matches")
      .select(["author_actor_id", "helper_actor_id"])
      .where("released_at", "is", null).where("matched_at", ">=", "2000-01-01T00:00:00.000Z")
      .execute();
    expect(lasting).toEqual([{ author_actor_id: ids.carla, helper_actor_id: ids.dirk }]);

    const responses = await db.selectFrom("help_responses").select(["item_post_id", "actor_id", "created_at"])
      .orderBy("created_at").orderBy("id").execute();
    expect(responses.map((r) => [r.item_post_id, r.actor_id])).toEqual([[itemId, ids.bob], [itemId, ids.dirk]]);
    for (const r of responses) expect(r.created_at).toMatch(ISO);

    const item = await db.selectFrom("help_items").select(["status", "matched_actor_id", "created_at", "matched_at"])
      .where("post_id", "=", itemId).executeTakeFirstOrThrow();
    expect([item.status, item.matched_actor_id]).toEqual(["matched", ids.dirk]);
    expect(item.matched_at! >= item.created_at).toBe(true);
  });
});
