/**
 * Two buurten on two loopback ports, really signing and delivering to each
 * other: follow, accept, post, the group's FEP-1b12 announce, and Undo.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followActor, unfollowActor } from "../../src/app/follows.ts";
import { publishPost } from "../../src/app/posts.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";

describe.each(testDialects())("two buurten federating (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("delivers a member's post and the group's announce to followers on the other buurt, until Undo(Follow)", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    const anna = await a.member("anna", "Anna");
    await b.member("bob", "Bob");

    // bob@B looks up A's group and anna by actor IRI (WebFinger over https
    // cannot reach loopback) and follows both.
    const groupIri = await a.groupIri();
    const annaIri = a.buurt.app.iris.actor("anna");
    const group = await b.buurt.lookup.resolveActor(groupIri);
    const annaOnB = await b.buurt.lookup.resolveActor(annaIri);
    expect(group.ok && group.value.type).toBe("Group");
    expect(annaOnB.ok && annaOnB.value.name).toBe("Anna");
    if (!group.ok || !annaOnB.ok) throw new Error("lookup failed");
    const f1 = await followActor(b.buurt.app, { followerUsername: "bob", target: group.value });
    const f2 = await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    expect(f1.ok && f1.value.status).toBe("pending");
    expect(f2.ok && f2.value.status).toBe("pending");

    // A auto-accepts and answers Accept; B marks both follows accepted.
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(async () => {
      const g = await b.buurt.app.repos.follows.findByPair(bobOnB.id, group.value.id);
      const n = await b.buurt.app.repos.follows.findByPair(bobOnB.id, annaOnB.value.id);
      return g?.status === "accepted" && n?.status === "accepted";
    }, "B to receive both Accepts");
    const groupOnA = (await a.buurt.app.repos.buurt.get())!.actor;
    expect(await a.buurt.app.repos.follows.countFollowers(groupOnA.id)).toBe(1);
    expect(await a.buurt.app.repos.follows.countFollowers(anna.actorId)).toBe(1);
    const remoteBob = await a.buurt.app.repos.actors.findByIri(b.buurt.app.iris.actor("bob"));
    expect(remoteBob?.local).toBe(false);
    expect(remoteBob?.publicKeyPem).toContain("BEGIN PUBLIC KEY");

    // anna posts; B receives the Create(Note) and the group's Announce.
    const posted = await publishPost(a.buurt.app, {
      authorUsername: "anna",
      text: "Zaterdag koffie op het plein!",
      language: "nl",
    });
    if (!posted.ok) throw new Error(posted.error);
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(posted.value.iri), "B to store the Note");
    expect(onB.contentHtml).toContain("Zaterdag koffie op het plein!");
    expect(onB.language).toBe("nl");
    expect(onB.visibility).toBe("public");
    expect(onB.audienceIri).toBe(groupIri);
    expect(onB.local).toBe(false);
    await waitFor(async () => (await b.buurt.app.repos.announces.countForPost(onB.id)) === 1, "B to store the group's Announce");
    const announce = await b.buurt.app.repos.announces.findByPair(group.value.id, onB.id);
    expect(announce).not.toBeNull();

    // bob's home timeline on B shows the post once, and B's web page for it renders.
    const home = await b.buurt.app.repos.posts.listHomeTimeline(bobOnB.id, { limit: 20 });
    expect(home.items.map((e) => e.post.iri)).toEqual([posted.value.iri]);
    const page = await b.buurt.web.request(`/posts/${onB.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Zaterdag koffie op het plein!");

    // Undo(Follow) for both: A removes bob as follower and delivers nothing more.
    await unfollowActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    await unfollowActor(b.buurt.app, { followerUsername: "bob", target: group.value });
    await waitFor(
      async () =>
        (await a.buurt.app.repos.follows.countFollowers(anna.actorId)) === 0 &&
        (await a.buurt.app.repos.follows.countFollowers(groupOnA.id)) === 0,
      "A to process both Undo(Follow)s",
    );
    const inboxPostsBefore = b.requests.filter((r) => r.method === "POST").length;
    const second = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Niemand hoort dit meer" });
    if (!second.ok) throw new Error(second.error);
    await waitForQueueIdle(a.buurt);
    expect(await b.buurt.app.repos.posts.findByIri(second.value.iri)).toBeNull();
    expect(b.requests.filter((r) => r.method === "POST").length).toBe(inboxPostsBefore);
  });

  it("keeps a follow to an account that approves followers by hand pending until Accept or Reject", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    const carol = await a.member("carol");
    await a.buurt.app.repos.actors.updateLocalProfile(carol.actorId, { manuallyApprovesFollowers: true });
    await b.member("bob");
    const carolOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("carol"));
    if (!carolOnB.ok) throw new Error("lookup failed");
    expect(carolOnB.value.manuallyApprovesFollowers).toBe(true);
    await followActor(b.buurt.app, { followerUsername: "bob", target: carolOnB.value });

    // A records a pending request and sends no Accept.
    const requests = await waitFor(async () => {
      const r = await a.buurt.app.repos.follows.listPendingRequests(carol.actorId);
      return r.length === 1 ? r : null;
    }, "A to record the follow request");
    await waitForQueueIdle(a.buurt);
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    expect((await b.buurt.app.repos.follows.findByPair(bobOnB.id, carolOnB.value.id))?.status).toBe("pending");

    // carol accepts; B's follow becomes accepted.
    const { answerFollowRequest } = await import("../../src/app/follows.ts");
    const answered = await answerFollowRequest(a.buurt.app, {
      followingUsername: "carol",
      followId: requests[0]!.follow.id,
      accept: true,
    });
    expect(answered.ok).toBe(true);
    await waitFor(
      async () => (await b.buurt.app.repos.follows.findByPair(bobOnB.id, carolOnB.value.id))?.status === "accepted",
      "B to receive the Accept",
    );
  });
});
