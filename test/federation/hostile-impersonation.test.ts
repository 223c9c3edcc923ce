/**
 * Impersonation at the inbox: a hostile server with a valid key of its own
 * (eve) tries to act for a local member, for an actor on another server
 * (vic), or for objects it does not own.  Every attack is paired with what
 * the rightful owner can do, so each test fails if the rule is lost in
 * either direction.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answerEvent, createEvent } from "../../src/app/agenda.ts";
import { followActor } from "../../src/app/follows.ts";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { publishPost } from "../../src/app/posts.ts";
import type { InboxOutcome } from "../../src/federation/inbox/support.ts";
import { newId, nowIso } from "../../src/domain/ids.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { AS, type HostilePeer, type PeerActor, postSigned, PUBLIC, startHostilePeer } from "../helpers/hostile-peer.ts";
import { storeAcceptedFollow, storeRemotePost } from "../helpers/remote.ts";
import { eventDraft } from "../agenda/helpers.ts";

/** Waits for the inbox outcome of an activity id. */
async function outcomeOf(buurt: TestBuurt, id: string): Promise<InboxOutcome> {
  return await waitFor(() => buurt.outcomes.find((o) => o.id === id), `the outcome of ${id}`);
}

describe("impersonation at the inbox", () => {
  let a: TestBuurt;
  let victimServer: HostilePeer;
  let evilServer: HostilePeer;
  let vic: PeerActor;
  let eve: PeerActor;
  let annaIri: string;

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    victimServer = await startHostilePeer();
    evilServer = await startHostilePeer();
    vic = await victimServer.actor("vic");
    eve = await evilServer.actor("eve");
    await a.member("anna");
    annaIri = a.buurt.app.iris.actor("anna");
    // anna follows vic and eve, so their posts are wanted here.
    for (const iri of [vic.iri, eve.iri]) {
      const found = await a.buurt.lookup.resolveActor(iri);
      if (!found.ok) throw new Error(`lookup ${iri}: ${found.error}`);
      const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
      await storeAcceptedFollow(a.buurt, {
        iri: `${a.origin}/users/anna#follow/${newId()}`,
        followerId: anna.id,
        followingId: found.value.id,
      });
    }
  });

  afterAll(async () => {
    await a.stop();
    await victimServer.close();
    await evilServer.close();
  });

  const inbox = () => `${a.origin}/inbox`;

  it("refuses an activity whose actor is a local member, signed by a remote key", async () => {
    const id = `${annaIri}#create/${newId()}`;
    const res = await postSigned(inbox(), {
      "@context": AS,
      id,
      type: "Create",
      actor: annaIri,
      object: { id: `${a.origin}/posts/${newId()}`, type: "Note", attributedTo: annaIri, content: "forged", to: PUBLIC },
    }, eve);
    expect(res.status).toBe(401);
  });

  it("does not store a Create that plants a post on our own origin", async () => {
    const planted = `${a.origin}/posts/${newId()}`;
    const id = `${eve.iri}#create/${newId()}`;
    const res = await postSigned(inbox(), {
      "@context": AS,
      id,
      type: "Create",
      actor: eve.iri,
      to: PUBLIC,
      object: { id: planted, type: "Note", attributedTo: eve.iri, content: "planted", to: PUBLIC },
    }, eve);
    expect(res.status).toBe(202);
    expect((await outcomeOf(a, id)).kind).toBe("ignored");
    expect(await a.buurt.app.repos.posts.findByIri(planted)).toBeNull();
  });

  it("does not store eve's post attributed to vic, but stores eve's own (control)", async () => {
    const spoofed = `${evilServer.origin}/notes/${newId()}`;
    const id = `${eve.iri}#create/${newId()}`;
    await postSigned(inbox(), {
      "@context": AS,
      id,
      type: "Create",
      actor: eve.iri,
      to: PUBLIC,
      object: { id: spoofed, type: "Note", attributedTo: vic.iri, content: "by vic, really", to: PUBLIC },
    }, eve);
    expect((await outcomeOf(a, id)).kind).toBe("ignored");
    expect(await a.buurt.app.repos.posts.findByIri(spoofed)).toBeNull();

    const own = `${evilServer.origin}/notes/${newId()}`;
    const ownId = `${eve.iri}#create/${newId()}`;
    await postSigned(inbox(), {
      "@context": AS,
      id: ownId,
      type: "Create",
      actor: eve.iri,
      to: PUBLIC,
      object: { id: own, type: "Note", attributedTo: eve.iri, content: "mine", to: PUBLIC },
    }, eve);
    expect((await outcomeOf(a, ownId)).detail).toBe("stored");
  });

  it("refuses an activity id on our own origin", async () => {
    const id = `${a.origin}/activities/${newId()}`;
    const note = `${evilServer.origin}/notes/${newId()}`;
    await postSigned(inbox(), {
      "@context": AS,
      id,
      type: "Create",
      actor: eve.iri,
      to: PUBLIC,
      object: { id: note, type: "Note", attributedTo: eve.iri, content: "x", to: PUBLIC },
    }, eve);
    expect((await outcomeOf(a, id)).kind).toBe("ignored");
    expect(await a.buurt.app.repos.posts.findByIri(note)).toBeNull();
  });

  it("does not let eve update vic's profile", async () => {
    const id = `${eve.iri}#update/${newId()}`;
    await postSigned(inbox(), {
      "@context": [AS, "https://w3id.org/security/v1"],
      id,
      type: "Update",
      actor: eve.iri,
      object: { id: vic.iri, type: "Person", name: "Vic (hacked)", inbox: `${vic.iri}/inbox`, preferredUsername: "vic" },
    }, eve);
    expect((await outcomeOf(a, id)).kind).toBe("ignored");
    expect((await a.buurt.app.repos.actors.findByIri(vic.iri))?.name).toBe("vic");
  });

  it("does not let eve delete or update vic's post; vic can", async () => {
    const vicActor = (await a.buurt.app.repos.actors.findByIri(vic.iri))!;
    const post = await storeRemotePost(a.buurt, vicActor, { iri: `${victimServer.origin}/notes/${newId()}` });
    const updateId = `${eve.iri}#update/${newId()}`;
    await postSigned(inbox(), {
      "@context": AS,
      id: updateId,
      type: "Update",
      actor: eve.iri,
      object: { id: post.iri, type: "Note", attributedTo: vic.iri, content: "defaced", to: PUBLIC },
    }, eve);
    const deleteId = `${eve.iri}#delete/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: deleteId, type: "Delete", actor: eve.iri, object: post.iri }, eve);
    expect((await outcomeOf(a, updateId)).kind).toBe("ignored");
    expect((await outcomeOf(a, deleteId)).kind).toBe("ignored");
    expect((await a.buurt.app.repos.posts.findByIri(post.iri))?.contentHtml).toBe("<p>Hallo</p>");

    const genuine = `${vic.iri}#delete/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: genuine, type: "Delete", actor: vic.iri, object: post.iri }, vic);
    expect((await outcomeOf(a, genuine)).detail).toBe("post_deleted");
  });

  it("does not let eve delete a local member's post", async () => {
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Van anna" });
    if (!posted.ok) throw new Error(posted.error);
    const id = `${eve.iri}#delete/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id, type: "Delete", actor: eve.iri, object: posted.value.iri }, eve);
    expect((await outcomeOf(a, id)).kind).toBe("ignored");
    expect(await a.buurt.app.repos.posts.findByIri(posted.value.iri)).not.toBeNull();
  });

  it("does not let eve undo vic's follow, like or announce; vic can", async () => {
    const vicActor = (await a.buurt.app.repos.actors.findByIri(vic.iri))!;
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const followIri = `${vic.iri}#follows/${newId()}`;
    await storeAcceptedFollow(a.buurt, {
      iri: followIri,
      followerId: vicActor.id,
      followingId: anna.id,
    });
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Leuk" });
    if (!posted.ok) throw new Error(posted.error);
    const likeIri = `${vic.iri}#likes/${newId()}`;
    await a.buurt.app.repos.likes.create({ id: newId(), iri: likeIri, actorId: vicActor.id, postId: posted.value.id, createdAt: nowIso() });
    const announceIri = `${vic.iri}/statuses/${newId()}/activity`;
    await a.buurt.app.repos.announces.create({
      id: newId(),
      iri: announceIri,
      actorId: vicActor.id,
      postId: posted.value.id,
      createdAt: nowIso(),
      publishedAt: nowIso(),
    });

    // By id only, and with the undone activity embedded (claiming vic as its actor).
    const attempts = [
      followIri,
      { id: followIri, type: "Follow", actor: vic.iri, object: annaIri },
      likeIri,
      { id: likeIri, type: "Like", actor: vic.iri, object: posted.value.iri },
      announceIri,
      { id: announceIri, type: "Announce", actor: vic.iri, object: posted.value.iri },
    ];
    for (const object of attempts) {
      const id = `${eve.iri}#undo/${newId()}`;
      await postSigned(inbox(), { "@context": AS, id, type: "Undo", actor: eve.iri, object }, eve);
      const outcome = await outcomeOf(a, id);
      expect(["ignored", "processed"]).toContain(outcome.kind);
      expect(outcome.detail).not.toBe("removed");
    }
    expect(await a.buurt.app.repos.follows.findByPair(vicActor.id, anna.id)).not.toBeNull();
    expect(await a.buurt.app.repos.likes.findByIri(likeIri)).not.toBeNull();
    expect(await a.buurt.app.repos.announces.findByIri(announceIri)).not.toBeNull();

    const genuine = `${vic.iri}#undo/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: genuine, type: "Undo", actor: vic.iri, object: likeIri }, vic);
    expect((await outcomeOf(a, genuine)).detail).toBe("removed");
  });

  it("does not let eve answer a follow request sent to vic; vic can", async () => {
    const vicActor = (await a.buurt.app.repos.actors.findByIri(vic.iri))!;
    await a.member("bert");
    const followed = await followActor(a.buurt.app, { followerUsername: "bert", target: vicActor });
    if (!followed.ok) throw new Error(followed.error);
    const follow = followed.value;
    const bertIri = a.buurt.app.iris.actor("bert");
    for (const object of [follow.iri, { id: follow.iri, type: "Follow", actor: bertIri, object: vic.iri }, {
      id: `${evilServer.origin}/follows/${newId()}`,
      type: "Follow",
      actor: bertIri,
      object: vic.iri,
    }]) {
      const id = `${eve.iri}#accept/${newId()}`;
      await postSigned(inbox(), { "@context": AS, id, type: "Accept", actor: eve.iri, object }, eve);
      expect((await outcomeOf(a, id)).kind).toBe("ignored");
    }
    expect((await a.buurt.app.repos.follows.findByIri(follow.iri))?.status).toBe("pending");

    const genuine = `${vic.iri}#accept/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: genuine, type: "Accept", actor: vic.iri, object: follow.iri }, vic);
    expect((await outcomeOf(a, genuine)).detail).toBe("accepted");
  });

  it("does not let eve poison the id of vic's future activity", async () => {
    // Mastodon's Delete of a status has a predictable id: `<status>#delete`.
    const vicActor = (await a.buurt.app.repos.actors.findByIri(vic.iri))!;
    const post = await storeRemotePost(a.buurt, vicActor, { iri: `${victimServer.origin}/notes/${newId()}` });
    const deleteId = `${post.iri}#delete`;
    const res = await postSigned(inbox(), { "@context": AS, id: deleteId, type: "Delete", actor: eve.iri, object: post.iri }, eve);
    expect(res.status).toBe(202);
    expect((await outcomeOf(a, deleteId)).kind).toBe("ignored");

    const genuine = await postSigned(inbox(), { "@context": AS, id: deleteId, type: "Delete", actor: vic.iri, object: post.iri }, vic);
    expect(genuine.status).toBe(202);
    await waitFor(() => a.outcomes.filter((o) => o.id === deleteId).length >= 2, "vic's Delete to be handled");
    expect(a.outcomes.filter((o) => o.id === deleteId).at(-1)?.detail).toBe("post_deleted");
    expect(await a.buurt.app.repos.posts.findByIri(post.iri)).toBeNull();
    // eve's message was dropped from the queue, not kept for retries.
    const rows = await a.buurt.database.db.selectFrom("queue_messages").select("payload").execute();
    expect(rows.filter((r) => r.payload.includes(deleteId))).toEqual([]);
  });

  it("does not let eve delete vic's account by pointing her key id at a page that answers 410", async () => {
    const vicActor = (await a.buurt.app.repos.actors.findByIri(vic.iri))!;
    evilServer.handlers.set("/gone", (_req, res) => res.writeHead(410).end());
    const id = `${vic.iri}#delete`;
    const res = await postSigned(inbox(), { "@context": AS, id, type: "Delete", actor: vic.iri, object: vic.iri }, {
      privateKey: eve.privateKey,
      keyId: new URL(`${evilServer.origin}/gone`),
    });
    expect(res.status).toBe(401);
    expect(await a.buurt.app.repos.actors.findById(vicActor.id)).not.toBeNull();

    // Nor with a key id on vic's own server that answers 410 (a deleted status does) while vic is still there.
    victimServer.handlers.set("/statuses/deleted", (_req, res) => res.writeHead(410).end());
    const again = await postSigned(inbox(), { "@context": AS, id, type: "Delete", actor: vic.iri, object: vic.iri }, {
      privateKey: eve.privateKey,
      keyId: new URL(`${victimServer.origin}/statuses/deleted`),
    });
    expect(again.status).toBe(401);
    expect(await a.buurt.app.repos.actors.findById(vicActor.id)).not.toBeNull();
  });

  it("removes an actor whose own server answers 410 for it and its key (control)", async () => {
    const gus = await victimServer.actor("gus");
    const found = await a.buurt.lookup.resolveActor(gus.iri);
    if (!found.ok) throw new Error(found.error);
    victimServer.handlers.set("/users/gus", (_req, res) => res.writeHead(410).end());
    const res = await postSigned(inbox(), { "@context": AS, id: `${gus.iri}#delete`, type: "Delete", actor: gus.iri, object: gus.iri }, gus);
    expect(res.status).toBe(202);
    expect(await a.buurt.app.repos.actors.findByIri(gus.iri)).toBeNull();
  });

  it("does not let eve answer an RSVP sent to vic's event; vic can", async () => {
    const eventIri = `${victimServer.origin}/events/1`;
    victimServer.routes.set("/events/1", {
      "@context": AS,
      id: eventIri,
      type: "Event",
      name: "Buurtfeest",
      content: "Bij vic",
      attributedTo: vic.iri,
      startTime: "2030-06-07T10:00:00Z",
      to: PUBLIC,
    });
    const found = await resolveRemoteEvent(a.buurt.federation, { app: a.buurt.app, origin: new URL(a.origin) }, eventIri);
    if (!found.ok) throw new Error(found.error);
    const answered = await answerEvent(a.buurt.app, { username: "anna", postId: found.value.post.id, occurrence: "", status: "going" });
    if (!answered.ok) throw new Error(answered.error);
    const joinIri = answered.value.activityIri!;
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;

    const forged = `${eve.iri}#accept/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: forged, type: "Reject", actor: eve.iri, object: joinIri }, eve);
    expect((await outcomeOf(a, forged)).kind).toBe("ignored");
    expect((await a.buurt.app.repos.rsvps.find(found.value.post.id, "", anna.id))?.state).toBe("pending");

    const genuine = `${vic.iri}#accept/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id: genuine, type: "Accept", actor: vic.iri, object: joinIri }, vic);
    expect((await outcomeOf(a, genuine)).detail).toBe("rsvp_confirmed");
  });

  it("counts eve's own RSVP to a local event only for eve", async () => {
    const created = await createEvent(a.buurt.app, { authorUsername: "anna", draft: eventDraft({}) });
    if (!created.ok) throw new Error(created.error);
    const id = `${eve.iri}#join/${newId()}`;
    await postSigned(inbox(), { "@context": AS, id, type: "Join", actor: eve.iri, object: created.value.post.iri }, eve);
    expect((await outcomeOf(a, id)).detail).toBe("rsvp_going");
    const list = await a.buurt.app.repos.rsvps.list(created.value.post.id, "");
    expect(list.map((r) => r.actor.iri)).toEqual([eve.iri]);
  });

  it("does not store an announced post that claims another server's origin", async () => {
    const spoofedIri = `${victimServer.origin}/notes/${newId()}`;
    const localIri = `${a.origin}/posts/${newId()}`;
    for (const object of [
      { id: spoofedIri, type: "Note", attributedTo: vic.iri, content: "spoofed for vic", to: PUBLIC },
      { id: localIri, type: "Note", attributedTo: annaIri, content: "spoofed for anna", to: PUBLIC },
      {
        id: `${victimServer.origin}/creates/${newId()}`,
        type: "Create",
        actor: vic.iri,
        object: { id: spoofedIri, type: "Note", attributedTo: vic.iri, content: "spoofed for vic", to: PUBLIC },
      },
    ]) {
      const id = `${eve.iri}#announce/${newId()}`;
      await postSigned(inbox(), { "@context": AS, id, type: "Announce", actor: eve.iri, object, to: PUBLIC }, eve);
      expect((await outcomeOf(a, id)).kind).toBe("ignored");
    }
    expect(await a.buurt.app.repos.posts.findByIri(spoofedIri)).toBeNull();
    expect(await a.buurt.app.repos.posts.findByIri(localIri)).toBeNull();
    // The victim's server was asked for its own copy (and had none).
    expect(victimServer.hits(new URL(spoofedIri).pathname)).toBeGreaterThan(0);
  });
});
