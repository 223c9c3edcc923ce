/**
 * Delivery and serving details peers depend on: stable keys, signed GETs
 * for followers-only posts, and unreachable peers marked unavailable.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest } from "@fedify/fedify";
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { publishPost } from "../../src/app/posts.ts";
import { listUnavailableHosts } from "../../src/db/repositories/operations.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { storeAcceptedFollow, storeRemoteActor } from "../helpers/remote.ts";

const AP = "application/activity+json";

describe("delivery", () => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("keeps an actor's keys across restarts", async () => {
    let a = await startTestBuurt({ name: "Buurt A" });
    await a.member("anna");
    const before = await (await fetch(`${a.origin}/users/anna`, { headers: { Accept: AP } })).json();
    const { port, database } = a;
    await a.stop({ drop: false });
    a = await startTestBuurt({ name: "Buurt A", port, database });
    started.push(a);
    const after = await (await fetch(`${a.origin}/users/anna`, { headers: { Accept: AP } })).json();
    expect(before.publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    expect(after.publicKey).toEqual(before.publicKey);
    expect(after.assertionMethod).toEqual(before.assertionMethod);
    // RSA-2048 (as Mastodon uses), not Fedify's default 4096.
    const der = Buffer.from(before.publicKey.publicKeyPem.replace(/-----[^-]+-----|\s/g, ""), "base64");
    const key = await crypto.subtle.importKey("spki", der, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["verify"]);
    expect((key.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(2048);
  });

  it("serves a followers-only post only to a signed request from a follower", async () => {
    const a = await startTestBuurt({ name: "Buurt A" });
    const b = await startTestBuurt({ name: "Buurt B" });
    started.push(a, b);
    await a.member("anna");
    await b.member("bob");
    await b.member("mallory");
    const annaOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("anna"));
    if (!annaOnB.ok) throw new Error("lookup failed");
    await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    const bob = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(
      async () => (await b.buurt.app.repos.follows.findByPair(bob.id, annaOnB.value.id))?.status === "accepted",
      "the follow to be accepted",
    );
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Alleen voor volgers", visibility: "followers" });
    if (!posted.ok) throw new Error(posted.error);

    const ctxB = b.buurt.federation.createContext(new URL(b.origin), undefined);
    const signedGet = async (username: string) => {
      const key = (await ctxB.getActorKeyPairs(username))[0]!;
      const request = await signRequest(new Request(posted.value.iri, { headers: { Accept: AP } }), key.privateKey, key.keyId);
      return await fetch(request);
    };
    const unsigned = await fetch(posted.value.iri, { headers: { Accept: AP } });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    expect((await signedGet("mallory")).status).toBeGreaterThanOrEqual(400);
    const allowed = await signedGet("bob");
    expect(allowed.status).toBe(200);
    const note = await allowed.json();
    expect(note.content).toContain("Alleen voor volgers");
    expect(note.to).toEqual(a.buurt.app.iris.followers("anna"));

    // A buurt-only post is not served to anyone over ActivityPub.
    const local = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Binnen de buurt", visibility: "buurt" });
    if (!local.ok) throw new Error(local.error);
    expect((await fetch(local.value.iri, { headers: { Accept: AP } })).status).toBe(404);
  });

  it("marks a peer that keeps failing as unavailable", async () => {
    // A port that refuses connections: open a server, note the port, close it.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const deadHost = `127.0.0.1:${deadPort}`;

    const a = await startTestBuurt({ name: "Buurt A" });
    started.push(a);
    const anna = await a.member("anna");
    const dead = await storeRemoteActor(a.buurt, "gone", deadHost, {
      iri: `http://${deadHost}/users/gone`,
      inboxUrl: `http://${deadHost}/users/gone/inbox`,
      sharedInboxUrl: null,
    });
    await storeAcceptedFollow(a.buurt, {
      iri: `http://${deadHost}/follows/1`,
      followerId: dead.id,
      followingId: anna.actorId,
    });
    for (let i = 0; i < 6; i++) {
      const r = await publishPost(a.buurt.app, { authorUsername: "anna", text: `Bericht ${i}` });
      expect(r.ok).toBe(true);
    }
    const unavailable = await waitFor(async () => {
      const hosts = await listUnavailableHosts(a.buurt.database.db);
      return hosts.length > 0 ? hosts : null;
    }, "the dead host to be marked unavailable");
    expect(unavailable.map((h) => h.host)).toEqual([deadHost]);
    expect(unavailable[0]!.state).toBe("open");
    // Nothing was thrown away: the deliveries wait in the queue for a retry.
    const waiting = await a.buurt.database.db.selectFrom("queue_messages").select(["status"]).execute();
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((m) => m.status === "ready")).toBe(true);
  });
});
