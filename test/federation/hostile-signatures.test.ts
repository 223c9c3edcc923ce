/**
 * Hostile HTTP Signatures at the inbox: replays, stale and future dates, a
 * Digest that does not match the body, key documents that redirect, 404,
 * claim someone else or carry keys of odd algorithms.  Each refusal has a
 * control that the same request, done right, is accepted.
 */
import { Buffer } from "node:buffer";
import { signRequest } from "@fedify/fedify";
import { Temporal } from "@js-temporal/polyfill";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishPost } from "../../src/app/posts.ts";
import { newId } from "../../src/domain/ids.ts";
import type { InboxOutcome } from "../../src/federation/inbox/support.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";
import {
  AS,
  hasStackTrace,
  type HostilePeer,
  type PeerActor,
  postSigned,
  rsaKeyPair,
  startHostilePeer,
} from "../helpers/hostile-peer.ts";
import { storeAcceptedFollow } from "../helpers/remote.ts";

async function outcomeOf(buurt: TestBuurt, id: string): Promise<InboxOutcome> {
  return await waitFor(() => buurt.outcomes.find((o) => o.id === id), `the outcome of ${id}`);
}

describe("hostile signatures", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;
  let annaIri: string;

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    peer = await startHostilePeer();
    eve = await peer.actor("eve");
    await a.member("anna");
    annaIri = a.buurt.app.iris.actor("anna");
  });

  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  const follow = (actor = eve.iri) => ({
    "@context": AS,
    id: `${actor}#follows/${newId()}`,
    type: "Follow",
    actor,
    object: annaIri,
  });

  /** Fedify's option type (its `Temporal` may be the global one, not the polyfill's). */
  type SignTime = NonNullable<Parameters<typeof signRequest>[3]>["currentTime"];

  async function signed(activity: unknown, options: { currentTime?: Temporal.Instant; keyId?: URL; key?: CryptoKey } = {}) {
    const request = new Request(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify(activity),
    });
    return await signRequest(request, options.key ?? eve.privateKey, options.keyId ?? eve.keyId, {
      spec: "draft-cavage-http-signatures-12",
      ...(options.currentTime == null ? {} : { currentTime: options.currentTime as unknown as SignTime }),
    });
  }

  it("processes a replayed request once", async () => {
    const activity = follow();
    const request = await signed(activity);
    const first = await fetch(request.clone());
    expect(first.status).toBe(202);
    await outcomeOf(a, activity.id);
    const replay = await fetch(request.clone());
    expect(replay.status).toBe(202);
    // Fedify's queue skips an id it has processed; the handler would see a duplicate.
    await waitForQueueIdle(a.buurt);
    expect(a.outcomes.filter((o) => o.id === activity.id && o.kind === "processed")).toHaveLength(1);
  });

  it("refuses a signature dated outside the time window, in the past or the future", async () => {
    for (const hours of [-2, 2]) {
      const activity = follow();
      const res = await fetch(await signed(activity, { currentTime: Temporal.Now.instant().add({ hours }) }));
      expect(res.status).toBe(401);
      expect(hasStackTrace(await res.text())).toBe(false);
    }
  });

  it("refuses a body that does not match its Digest", async () => {
    const activity = follow();
    const request = await signed(activity);
    const tampered = new Request(request.url, {
      method: "POST",
      headers: request.headers,
      body: JSON.stringify({ ...activity, object: a.buurt.app.iris.actor("buurt") }),
    });
    const res = await fetch(tampered);
    expect(res.status).toBe(401);
    expect(await a.buurt.app.repos.receivedActivities.has(activity.id)).toBe(false);
  });

  it("refuses a key id that 404s, or redirects to a key another origin says belongs to eve's victim", async () => {
    const missing = follow();
    const res404 = await fetch(await signed(missing, { keyId: new URL(`${peer.origin}/keys/missing`) }));
    expect(res404.status).toBe(401);

    const other = await startHostilePeer();
    try {
      const vic = await other.actor("vic");
      const { privateKey, pem } = await rsaKeyPair();
      // eve's key id redirects to a key document on vic's server that claims vic as owner.
      other.routes.set("/keys/planted", {
        "@context": "https://w3id.org/security/v1",
        id: `${other.origin}/keys/planted`,
        type: "Key",
        owner: vic.iri,
        publicKeyPem: pem,
      });
      peer.handlers.set("/keys/redirect", (_req, res) => res.writeHead(302, { Location: `${other.origin}/keys/planted` }).end());
      const activity = follow(vic.iri);
      const res = await fetch(await signed(activity, { keyId: new URL(`${peer.origin}/keys/redirect`), key: privateKey }));
      expect(res.status).toBe(401);
      expect(await a.buurt.app.repos.receivedActivities.has(activity.id)).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("refuses keys of odd algorithms and malformed keys without a stack trace", async () => {
    const ec = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const ecPem = `-----BEGIN PUBLIC KEY-----\n${
      Buffer.from(await crypto.subtle.exportKey("spki", ec.publicKey)).toString("base64")
    }\n-----END PUBLIC KEY-----\n`;
    const shapes: Array<[string, unknown]> = [
      ["ec", ecPem],
      ["garbage", "-----BEGIN PUBLIC KEY-----\nnot base64 at all\n-----END PUBLIC KEY-----\n"],
      ["number", 42],
      ["array", [ecPem, "garbage"]],
      ["empty", ""],
    ];
    for (const [name, publicKeyPem] of shapes) {
      const iri = `${peer.origin}/users/odd-${name}`;
      peer.routes.set(`/users/odd-${name}`, {
        "@context": [AS, "https://w3id.org/security/v1"],
        id: iri,
        type: "Person",
        inbox: `${iri}/inbox`,
        publicKey: { id: `${iri}#main-key`, owner: iri, publicKeyPem },
      });
      const res = await fetch(await signed(follow(iri), { keyId: new URL(`${iri}#main-key`) }));
      // 401, or 400 when Fedify cannot even parse the key.
      expect([400, 401], name).toContain(res.status);
      expect(hasStackTrace(await res.text()), name).toBe(false);
    }
  });

  it("accepts eve's correctly signed Follow (control)", async () => {
    const activity = follow();
    const res = await postSigned(`${a.origin}/inbox`, activity, eve);
    expect(res.status).toBe(202);
    expect((await outcomeOf(a, activity.id)).kind).toBe("processed");
  });

  it("serves a followers-only post to a follower's signed GET, not to a key that only claims the follower", async () => {
    const other = await startHostilePeer();
    try {
      const vic = await other.actor("vic");
      const found = await a.buurt.lookup.resolveActor(vic.iri);
      if (!found.ok) throw new Error(found.error);
      const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
      await storeAcceptedFollow(a.buurt, {
        iri: `${vic.iri}#follows/${newId()}`,
        followerId: found.value.id,
        followingId: anna.id,
      });
      const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Alleen voor volgers", visibility: "followers" });
      if (!posted.ok) throw new Error(posted.error);
      const get = async (signer: { privateKey: CryptoKey; keyId: URL }) => {
        const request = new Request(posted.value.iri, { headers: { Accept: "application/activity+json" } });
        return await fetch(await signRequest(request, signer.privateKey, signer.keyId, { spec: "draft-cavage-http-signatures-12" }));
      };
      // eve's key document names vic as its owner; vic does not list it.
      peer.routes.set("/keys/claims-vic", {
        "@context": "https://w3id.org/security/v1",
        id: `${peer.origin}/keys/claims-vic`,
        type: "Key",
        owner: vic.iri,
        publicKeyPem: eve.publicKeyPem,
      });
      const forged = await get({ privateKey: eve.privateKey, keyId: new URL(`${peer.origin}/keys/claims-vic`) });
      expect([401, 403, 404]).toContain(forged.status);
      expect(await forged.text()).not.toContain("Alleen voor volgers");
      const unsigned = await fetch(posted.value.iri, { headers: { Accept: "application/activity+json" } });
      expect([401, 403, 404]).toContain(unsigned.status);
      const genuine = await get(vic);
      expect(genuine.status).toBe(200);
      expect(await genuine.text()).toContain("Alleen voor volgers");
    } finally {
      await other.close();
    }
  });
});
