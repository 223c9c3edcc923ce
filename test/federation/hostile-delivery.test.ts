/**
 * Hostile followers on delivery: inboxes that never answer must not hold
 * back deliveries to everyone else.  The queue runs four handlers at a
 * time, and deliveries of one activity to one origin are ordered, so the
 * tarpits are on five origins (one hostile server can have as many names).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPost } from "../../src/app/posts.ts";
import { newId } from "../../src/domain/ids.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { storeAcceptedFollow, storeRemoteActor } from "../helpers/remote.ts";
import { type HostilePeer, startHostilePeer } from "../helpers/hostile-peer.ts";

describe("delivery past inboxes that never answer", () => {
  let a: TestBuurt;
  const tarpits: HostilePeer[] = [];
  let honest: HostilePeer;

  beforeAll(async () => {
    // Deliveries give up after 1 s here (60 s in production).
    a = await startTestBuurt({ name: "Buurt A", queueHandlerTimeoutsMs: { outbox: 1_000 } });
    for (let i = 0; i < 5; i++) tarpits.push(await startHostilePeer());
    honest = await startHostilePeer();
    await a.member("anna");
  });
  afterAll(async () => {
    await a.stop();
    for (const t of tarpits) await t.close();
    await honest.close();
  });

  it("delivers to an honest follower while five inboxes hang", async () => {
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const follow = async (origin: string, name: string) => {
      const host = new URL(origin).host;
      const actor = await storeRemoteActor(a.buurt, name, host, {
        iri: `${origin}/users/${name}`,
        inboxUrl: `${origin}/users/${name}/inbox`,
        sharedInboxUrl: null,
      });
      await storeAcceptedFollow(a.buurt, {
        iri: `${actor.iri}#follows/${newId()}`,
        followerId: actor.id,
        followingId: anna.id,
      });
    };
    for (const [i, tarpit] of tarpits.entries()) {
      tarpit.handlers.set(`/users/t${i}/inbox`, () => {
        // Reads nothing, answers nothing.
      });
      await follow(tarpit.origin, `t${i}`);
    }
    const hits = () => tarpits.filter((t) => t.requests.some((r) => r.method === "POST")).length;
    const first = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Eerste" });
    if (!first.ok) throw new Error(first.error);
    // Every worker slot is now waiting on a tarpit.
    await waitFor(() => hits() >= 4, "the tarpits to be hit");
    await follow(honest.origin, "honest");
    const second = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Tweede" });
    if (!second.ok) throw new Error(second.error);
    await waitFor(() => honest.requests.some((r) => r.method === "POST" && r.path === "/users/honest/inbox"), "the honest delivery", 20_000);
    // The hung deliveries count as failed attempts, to be retried on the delivery schedule.
    const rows = await a.buurt.database.db.selectFrom("queue_messages").select(["status", "attempts", "last_error"]).execute();
    const timedOut = rows.filter((r) => r.last_error?.includes("QueueHandlerTimeout"));
    expect(timedOut.length).toBeGreaterThanOrEqual(4);
    expect(timedOut.every((r) => r.status === "ready" && r.attempts >= 1)).toBe(true);
  }, 30_000);
});
