/**
 * Hostile input at the inbox: missing, forged and misattributed signatures,
 * spoofed origins, malformed and oversized bodies, and delivery to private
 * addresses outside test mode.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { publishPost } from "../../src/app/posts.ts";
import { newId } from "../../src/domain/ids.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";
import { storeAcceptedFollow, storeRemoteActor } from "../helpers/remote.ts";

const AS = "https://www.w3.org/ns/activitystreams";

/** A plain HTTP server that serves fixed JSON documents and counts requests. */
async function startDocumentServer(): Promise<{
  url: string;
  server: Server;
  docs: Map<string, unknown>;
  received: Array<{ method: string; path: string }>;
}> {
  const docs = new Map<string, unknown>();
  const received: Array<{ method: string; path: string }> = [];
  const server = createServer((req, res) => {
    received.push({ method: req.method ?? "", path: req.url ?? "" });
    const doc = docs.get(req.url ?? "");
    if (doc == null) {
      res.writeHead(req.method === "POST" ? 202 : 404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(doc));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, docs, received };
}

/** Signs and posts an activity to an inbox with the given key (draft-cavage). */
async function postSigned(inbox: string, activity: unknown, key: CryptoKey, keyId: URL): Promise<Response> {
  const body = JSON.stringify(activity);
  const request = new Request(inbox, {
    method: "POST",
    headers: { "Content-Type": "application/activity+json" },
    body,
  });
  const signed = await signRequest(request, key, keyId, { spec: "draft-cavage-http-signatures-12" });
  return await fetch(signed);
}

function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/\n\s+at\s|Error: |TypeError|SyntaxError/);
}

describe("inbox security", () => {
  let a: TestBuurt;
  let b: TestBuurt;
  let attacker: Awaited<ReturnType<typeof startDocumentServer>>;
  let bobIri: string;
  let bobKey: { privateKey: CryptoKey; keyId: URL };
  let malloryKey: { privateKey: CryptoKey; keyId: URL };

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    b = await startTestBuurt({ name: "Buurt B" });
    attacker = await startDocumentServer();
    await a.member("anna");
    await b.member("bob");
    await b.member("mallory");
    bobIri = b.buurt.app.iris.actor("bob");
    const ctxB = b.buurt.federation.createContext(new URL(b.origin), undefined);
    bobKey = (await ctxB.getActorKeyPairs("bob"))[0]!;
    malloryKey = (await ctxB.getActorKeyPairs("mallory"))[0]!;
  });

  afterAll(async () => {
    await a.stop();
    await b.stop();
    attacker.server.close();
  });

  function follow(actor: string) {
    return {
      "@context": AS,
      id: `${actor}#follows/${newId()}`,
      type: "Follow",
      actor,
      object: a.buurt.app.iris.actor("anna"),
    };
  }

  it("refuses an unsigned POST", async () => {
    const res = await fetch(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify(follow(bobIri)),
    });
    expect(res.status).toBe(401);
    expectNoStackTrace(await res.text());
  });

  it("accepts a correctly signed Follow (control for the refusals below)", async () => {
    const res = await postSigned(`${a.origin}/inbox`, follow(bobIri), bobKey.privateKey, bobKey.keyId);
    expect(res.status).toBe(202);
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await waitFor(async () => {
      const bob = await a.buurt.app.repos.actors.findByIri(bobIri);
      return bob != null && (await a.buurt.app.repos.follows.findByPair(bob.id, anna.id))?.status === "accepted";
    }, "A to accept bob's follow");
  });

  it("refuses a valid signature by a key whose owner is not the activity's actor", async () => {
    // mallory signs with her own (valid) key, claiming to be bob.
    const activity = follow(bobIri);
    const res = await postSigned(`${a.origin}/inbox`, activity, malloryKey.privateKey, malloryKey.keyId);
    expect(res.status).toBe(401);
    expectNoStackTrace(await res.text());
    expect(await a.buurt.app.repos.receivedActivities.has(activity.id)).toBe(false);
  });

  it("refuses a key document that names a victim as owner when the victim does not list the key", async () => {
    const pair = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    );
    const spki = Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey)).toString("base64");
    const keyId = `${attacker.url}/keys/evil`;
    attacker.docs.set("/keys/evil", {
      "@context": ["https://w3id.org/security/v1"],
      id: keyId,
      type: "CryptographicKey",
      owner: bobIri,
      publicKeyPem: `-----BEGIN PUBLIC KEY-----\n${spki}\n-----END PUBLIC KEY-----\n`,
    });
    const activity = follow(bobIri);
    const res = await postSigned(`${a.origin}/inbox`, activity, pair.privateKey, new URL(keyId));
    expect(res.status).toBe(401);
    expectNoStackTrace(await res.text());
    // The key was fetched and its claimed ownership checked against bob's actor, then refused.
    expect(attacker.received).toContainEqual({ method: "GET", path: "/keys/evil" });
    expect(await a.buurt.app.repos.receivedActivities.has(activity.id)).toBe(false);
  });

  it("does not store a Create whose object id is on another origin", async () => {
    // anna follows bob, so bob's posts are wanted on A.
    const bobOnA = await a.buurt.lookup.resolveActor(bobIri);
    if (!bobOnA.ok) throw new Error("lookup failed");
    await followActor(a.buurt.app, { followerUsername: "anna", target: bobOnA.value });
    const annaOnA = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await waitFor(
      async () => (await a.buurt.app.repos.follows.findByPair(annaOnA.id, bobOnA.value.id))?.status === "accepted",
      "bob's Accept",
    );

    const spoofedIri = `${attacker.url}/notes/spoofed`;
    const outcomes: string[] = [];
    const spoof = {
      "@context": AS,
      id: `${bobIri}#creates/${newId()}`,
      type: "Create",
      actor: bobIri,
      to: [`${AS}#Public`],
      object: { id: spoofedIri, type: "Note", attributedTo: bobIri, content: "spoofed", to: [`${AS}#Public`] },
    };
    const res = await postSigned(`${a.origin}/inbox`, spoof, bobKey.privateKey, bobKey.keyId);
    expect(res.status).toBe(202);

    // Control: the same Create with an object on bob's own origin is stored.
    const genuineIri = `${b.origin}/posts/${newId()}`;
    const genuine = {
      ...spoof,
      id: `${bobIri}#creates/${newId()}`,
      object: { ...spoof.object, id: genuineIri, content: "genuine" },
    };
    expect((await postSigned(`${a.origin}/inbox`, genuine, bobKey.privateKey, bobKey.keyId)).status).toBe(202);
    await waitFor(() => a.buurt.app.repos.posts.findByIri(genuineIri), "the genuine post");
    await waitFor(() => a.buurt.app.repos.receivedActivities.has(spoof.id), "the spoofed Create to be handled");
    void outcomes;
    expect(await a.buurt.app.repos.posts.findByIri(spoofedIri)).toBeNull();
    expect(attacker.received.some((r) => r.path === "/notes/spoofed")).toBe(false);
  });

  it("answers malformed JSON with 400", async () => {
    const res = await fetch(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: '{"type": "Follow", "actor": ',
    });
    expect(res.status).toBe(400);
    expectNoStackTrace(await res.text());
  });

  it("answers JSON nested 10,000 levels deep with 400", async () => {
    const res = await fetch(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: `{"@context":"${AS}","type":"Create","object":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
    });
    expect(res.status).toBe(400);
    expectNoStackTrace(await res.text());
  });

  it("answers a body over 1 MB with 413", async () => {
    const res = await fetch(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify({ ...follow(bobIri), padding: "x".repeat(1_100_000) }),
    });
    expect(res.status).toBe(413);
    expectNoStackTrace(await res.text());
  });

  it("answers an activity whose @context cannot be loaded with a 4xx", async () => {
    const activity = { ...follow(bobIri), "@context": `${attacker.url}/missing-context.jsonld` };
    const res = await postSigned(`${a.origin}/inbox`, activity, bobKey.privateKey, bobKey.keyId);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectNoStackTrace(await res.text());
  });
});

describe("delivery to private addresses", () => {
  it.each([
    { allowPrivateAddress: false, expected: 0, label: "outside test mode: nothing is sent" },
    { allowPrivateAddress: true, expected: 1, label: "in test mode (control): the post is delivered" },
  ])("to a follower whose inbox is a loopback address, $label", async ({ allowPrivateAddress, expected }) => {
    const target = await startDocumentServer();
    const a = await startTestBuurt({ name: "Buurt A", allowPrivateAddress });
    try {
      const anna = await a.member("anna");
      const sneaky = await storeRemoteActor(a.buurt, "sneaky", new URL(target.url).host, {
        iri: `${target.url}/users/sneaky`,
        name: "Sneaky",
        inboxUrl: `${target.url}/users/sneaky/inbox`,
        sharedInboxUrl: null,
      });
      await storeAcceptedFollow(a.buurt, {
        iri: `${target.url}/follows/1`,
        followerId: sneaky.id,
        followingId: anna.actorId,
      });
      const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Alleen voor de buurt" });
      expect(posted.ok).toBe(true);
      await waitForQueueIdle(a.buurt);
      expect(target.received.filter((r) => r.method === "POST")).toHaveLength(expected);
    } finally {
      await a.stop();
      target.server.close();
    }
  });
});
