/**
 * A delivery queued before the server stops is sent after it starts again,
 * exactly once: the queue lives in the database and a message is removed
 * only after it was handled.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { publishPost } from "../../src/app/posts.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";

describe.each(testDialects())("restart (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("sends a delivery queued before a stop after the restart, exactly once", async () => {
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(b);
    await b.member("bob");
    let a = await startTestBuurt({ name: "Buurt A", dialect });
    await a.member("anna");

    const annaOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("anna"));
    if (!annaOnB.ok) throw new Error("lookup failed");
    await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(
      async () => (await b.buurt.app.repos.follows.findByPair(bobOnB.id, annaOnB.value.id))?.status === "accepted",
      "the follow to be accepted",
    );
    await waitForQueueIdle(a.buurt);

    // Restart A as a web-only process: it queues deliveries but sends none.
    const { port, database } = a;
    await a.stop({ drop: false });
    a = await startTestBuurt({ name: "Buurt A", dialect, database, port, role: "web" });
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Bericht in de wachtrij" });
    if (!posted.ok) throw new Error(posted.error);
    const queued = await a.buurt.database.db.selectFrom("queue_messages").select("id").execute();
    expect(queued.length).toBeGreaterThan(0);

    // Stop before anything was sent.
    await a.stop({ drop: false });
    const inboxPosts = () => b.requests.filter((r) => r.method === "POST" && r.path.endsWith("/inbox")).length;
    const before = inboxPosts();
    expect(await b.buurt.app.repos.posts.findByIri(posted.value.iri)).toBeNull();

    // Start again, now processing the queue: the Create arrives once.
    a = await startTestBuurt({ name: "Buurt A", dialect, database, port });
    started.push(a);
    const received = await waitFor(() => b.buurt.app.repos.posts.findByIri(posted.value.iri), "B to receive the post");
    expect(received.contentHtml).toContain("Bericht in de wachtrij");
    await waitForQueueIdle(a.buurt);
    expect(await a.buurt.database.db.selectFrom("queue_messages").select("id").execute()).toEqual([]);
    expect(inboxPosts() - before).toBe(1);
  });
});
