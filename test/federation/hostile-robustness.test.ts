/**
 * Malformed and oversized (but within 1 MB) activities on every inbox code
 * path: missing ids, null, empty or array objects, wrong types, thousands
 * of recipients, tags and attachments.  Each must end as processed or
 * ignored with a reason — never an unexpected exception, a 5xx or a stack
 * trace — and what is stored stays bounded.  A transient storage failure
 * is retried, not lost.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "../../src/app/agenda.ts";
import { publishPost } from "../../src/app/posts.ts";
import { newId } from "../../src/domain/ids.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { MAX_ATTACHMENTS, MAX_TAGS } from "../../src/federation/mappers/post.ts";
import { MAX_JSON_VALUES } from "../../src/web/inbox-guard.ts";
import { loginAs } from "../helpers/web.ts";
import { AS, hasStackTrace, type HostilePeer, type PeerActor, postSigned, PUBLIC, startHostilePeer } from "../helpers/hostile-peer.ts";
import { storeAcceptedFollow } from "../helpers/remote.ts";

describe("malformed activities on every inbox path", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;
  let annaIri: string;
  let postIri: string;
  let eventIri: string;

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    peer = await startHostilePeer();
    eve = await peer.actor("eve");
    await a.member("anna");
    annaIri = a.buurt.app.iris.actor("anna");
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Hallo" });
    if (!posted.ok) throw new Error(posted.error);
    postIri = posted.value.iri;
    const created = await createEvent(a.buurt.app, { authorUsername: "anna", draft: eventDraft({}) });
    if (!created.ok) throw new Error(created.error);
    eventIri = created.value.post.iri;
    // anna follows eve, so eve's posts would be kept.
    const found = await a.buurt.lookup.resolveActor(eve.iri);
    if (!found.ok) throw new Error(found.error);
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await storeAcceptedFollow(a.buurt, {
      iri: `${annaIri}#follow/${newId()}`,
      followerId: anna.id,
      followingId: found.value.id,
    });
  });

  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  it("ends every malformed shape as processed or ignored, never failed", async () => {
    const types = ["Follow", "Accept", "Reject", "Undo", "Create", "Update", "Delete", "Like", "Announce", "Join", "Leave",
      "TentativeAccept", "Block", "Flag", "Move", "EmojiReact"];
    const objects: unknown[] = [
      null,
      [],
      42,
      true,
      "not an iri",
      {},
      { type: "Note" },
      { id: null, type: "Note", content: "x" },
      { id: `${eve.iri}/things/${newId()}`, type: "Note", content: { nested: ["x"] }, attributedTo: [42, null], to: 42 },
      { id: `${eve.iri}/things/${newId()}`, type: ["Note", "Article"], content: "twee typen", attributedTo: eve.iri },
      { id: `${eve.iri}/things/${newId()}`, type: "Note", content: "x", attributedTo: eve.iri, published: "gisteren", inReplyTo: 7 },
      { id: `${eve.iri}/things/${newId()}`, type: "Event", name: "x", attributedTo: eve.iri, startTime: "morgen" },
      { id: `${eve.iri}/things/${newId()}`, type: "Follow", actor: eve.iri },
      { type: "Follow", actor: eve.iri, object: annaIri },
      { type: "Like", actor: eve.iri, object: postIri },
      [postIri, annaIri, eventIri],
      postIri,
      annaIri,
      eventIri,
      `${a.origin}/posts/${newId()}`,
      `${peer.origin}/missing/${newId()}`,
    ];
    const responses: Array<{ type: string; status: number }> = [];
    const sent: string[] = [];
    for (const type of types) {
      for (const object of objects) {
        const id = `${eve.iri}#${type}/${newId()}`;
        sent.push(id);
        const activity: Record<string, unknown> = { "@context": AS, id, type, actor: eve.iri, to: PUBLIC };
        if (object !== undefined) activity.object = object;
        const res = await postSigned(`${a.origin}/inbox`, activity, eve);
        const text = await res.text();
        responses.push({ type, status: res.status });
        expect(hasStackTrace(text), `${type} ${JSON.stringify(object)}`).toBe(false);
      }
    }
    expect(responses.filter((r) => r.status >= 500)).toEqual([]);
    await waitForQueueIdle(a.buurt, 60_000);
    const failed = a.outcomes.filter((o) => o.kind === "failed");
    expect(failed).toEqual([]);
    // Nothing stays behind in the queue as failed either.
    const stuck = await a.buurt.database.db.selectFrom("queue_messages").select(["payload", "last_error"]).execute();
    expect(stuck.map((r) => r.last_error)).toEqual([]);
  });

  it("handles an activity without id, with several actors, or with odd addressing", async () => {
    const shapes: Array<Record<string, unknown>> = [
      { "@context": AS, type: "Like", actor: eve.iri, object: postIri },
      { "@context": AS, id: `${eve.iri}#like/${newId()}`, type: "Like", actor: [eve.iri, annaIri], object: postIri },
      { "@context": AS, id: `${eve.iri}#like/${newId()}`, type: "Like", actor: { id: eve.iri, type: "Person" }, object: postIri, to: [[[PUBLIC]]] },
      { "@context": AS, id: `${eve.iri}#like/${newId()}`, type: "Like", actor: eve.iri, object: { id: postIri }, cc: { id: annaIri } },
    ];
    for (const activity of shapes) {
      const res = await postSigned(`${a.origin}/inbox`, activity, eve);
      expect(res.status, JSON.stringify(activity)).toBeLessThan(500);
    }
    await waitForQueueIdle(a.buurt);
    expect(a.outcomes.filter((o) => o.kind === "failed")).toEqual([]);
  });

  it("refuses an activity with more values than the limit before parsing it, signed or not", async () => {
    const tags = Array.from({ length: 28_000 }, (_, i) => ({ type: "Hashtag", name: `#t${i}` }));
    const id = `${eve.iri}#create/${newId()}`;
    const body = JSON.stringify({
      "@context": [AS, { Hashtag: "as:Hashtag" }],
      id,
      type: "Create",
      actor: eve.iri,
      object: { id: `${peer.origin}/notes/${newId()}`, type: "Note", attributedTo: eve.iri, content: "x", to: PUBLIC, tag: tags },
    });
    expect(body.length).toBeLessThan(1024 * 1024);
    const res = await postSigned(`${a.origin}/inbox`, null, eve, { body });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`more than ${MAX_JSON_VALUES} values`);
  });

  it("stores a post with many tags, attachments and recipients, keeping a bounded number", async () => {
    const tags = Array.from({ length: 1_000 }, (_, i) => ({ type: "Hashtag", name: `#t${i}` }));
    const attachments = Array.from({ length: 600 }, (_, i) => ({ type: "Document", mediaType: "image/png", url: `${peer.origin}/m/${i}.png` }));
    const to = Array.from({ length: 4_000 }, (_, i) => `${peer.origin}/u/${i}`);
    const cases: Array<[string, Record<string, unknown>]> = [
      ["tags", { tag: tags }],
      ["attachments", { attachment: attachments }],
      ["recipients", { to: [PUBLIC, ...to] }],
    ];
    for (const [name, extra] of cases) {
      const iri = `${peer.origin}/notes/${newId()}`;
      const id = `${eve.iri}#create/${newId()}`;
      const res = await postSigned(`${a.origin}/inbox`, {
        "@context": [AS, { Hashtag: "as:Hashtag" }],
        id,
        type: "Create",
        actor: eve.iri,
        to: PUBLIC,
        object: { id: iri, type: "Note", attributedTo: eve.iri, content: `<p>${name}</p>`, to: PUBLIC, ...extra },
      }, eve);
      expect(res.status, name).toBe(202);
      const outcome = await waitFor(() => a.outcomes.find((o) => o.id === id), `the ${name} Create`, 60_000);
      expect(outcome.kind, name).toBe("processed");
      const post = (await a.buurt.app.repos.posts.findByIri(iri))!;
      expect(post.tags.length, name).toBeLessThanOrEqual(MAX_TAGS);
      expect(post.attachments.length, name).toBeLessThanOrEqual(MAX_ATTACHMENTS);
      if (name === "tags") expect(post.tags.length).toBe(MAX_TAGS);
      if (name === "attachments") expect(post.attachments.length).toBe(MAX_ATTACHMENTS);
    }
    const home = await (await loginAs(a.buurt, "anna")).get("/home");
    expect(home.status).toBe(200);
  });
});

describe("a transient storage failure while handling an activity", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    peer = await startHostilePeer();
    eve = await peer.actor("eve");
    await a.member("anna");
  });
  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  it("is retried, not lost", async () => {
    const follows = a.buurt.app.repos.follows;
    const original = follows.create.bind(follows);
    let failures = 0;
    follows.create = async (input) => {
      if (failures++ === 0) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      return await original(input);
    };
    const activity = { "@context": AS, id: `${eve.iri}#follows/${newId()}`, type: "Follow", actor: eve.iri, object: a.buurt.app.iris.actor("anna") };
    const res = await postSigned(`${a.origin}/inbox`, activity, eve);
    expect(res.status).toBe(202);
    // The first attempt fails and is scheduled again (30 s later); bring that moment forward.
    const row = await waitFor(async () => {
      const rows = await a.buurt.database.db.selectFrom("queue_messages").selectAll().execute();
      return rows.find((r) => r.payload.includes(activity.id) && r.attempts === 1);
    }, "the failed attempt to be rescheduled");
    expect(row.status).toBe("ready");
    expect(await a.buurt.app.repos.receivedActivities.has(activity.id)).toBe(false);
    await a.buurt.database.db.updateTable("queue_messages").set({ run_at: new Date().toISOString() }).where("id", "=", row.id).execute();
    const outcome = await waitFor(() => a.outcomes.find((o) => o.id === activity.id), "the retry");
    expect(outcome.detail).toBe("accepted");
    expect(failures).toBe(2);
    follows.create = original;
  });

  it("answers 503 (retry later), not 400 (give up), when the queue cannot take the activity", async () => {
    const queue = a.buurt.queue;
    const original = queue.enqueue.bind(queue);
    let failures = 0;
    queue.enqueue = async (message, options) => {
      if (failures++ === 0) throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
      return await original(message, options);
    };
    try {
      const activity = { "@context": AS, id: `${eve.iri}#follows/${newId()}`, type: "Follow", actor: eve.iri, object: a.buurt.app.iris.actor("anna") };
      const busy = await postSigned(`${a.origin}/inbox`, activity, eve);
      expect(busy.status).toBe(503);
      expect(busy.headers.get("Retry-After")).not.toBeNull();
      expect(hasStackTrace(await busy.text())).toBe(false);
      // The sender retries, and now it goes through.
      const again = await postSigned(`${a.origin}/inbox`, activity, eve);
      expect(again.status).toBe(202);
      expect((await waitFor(() => a.outcomes.find((o) => o.id === activity.id), "the Follow")).kind).toBe("processed");
    } finally {
      queue.enqueue = original;
    }
  });
});
