/**
 * A peer in authorized-fetch ("secure") mode, as GoToSocial and Mastodon
 * with AUTHORIZED_FETCH run: it refuses unsigned GETs of its objects and
 * serves only a minimal actor (enough to verify signatures) to unsigned
 * requests.  buurt must sign its fetches to read anything from it.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { signRequest } from "@fedify/fedify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { storeAcceptedFollow } from "../helpers/remote.ts";

const AS = "https://www.w3.org/ns/activitystreams";

interface SecurePeer {
  origin: string;
  carolIri: string;
  privateKey: CryptoKey;
  keyId: URL;
  /** Every GET: path and the keyId of its signature, or null when unsigned. */
  gets: Array<{ path: string; keyId: string | null }>;
  close(): void;
}

async function startSecurePeer(): Promise<SecurePeer> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const pem = `-----BEGIN PUBLIC KEY-----\n${
    Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey)).toString("base64")
  }\n-----END PUBLIC KEY-----\n`;
  const gets: SecurePeer["gets"] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const signature = req.headers["signature"];
    const keyId = typeof signature === "string" ? /keyId="([^"]+)"/.exec(signature)?.[1] ?? null : null;
    if (req.method === "POST") {
      res.writeHead(202).end();
      return;
    }
    gets.push({ path: req.url ?? "", keyId });
    const json = (doc: unknown) => res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(doc));
    const carol = `${origin}/users/carol`;
    if (req.url === "/users/carol") {
      const minimal = {
        "@context": [AS, "https://w3id.org/security/v1"],
        id: carol,
        type: "Person",
        preferredUsername: "carol",
        inbox: `${carol}/inbox`,
        publicKey: { id: `${carol}#main-key`, owner: carol, publicKeyPem: pem },
      };
      // Unsigned requests get only what signature verification needs.
      json(keyId == null ? minimal : { ...minimal, name: "Carol", followers: `${carol}/followers`, endpoints: { sharedInbox: `${origin}/inbox` } });
      return;
    }
    if (keyId == null) {
      res.writeHead(401).end("Request not signed");
      return;
    }
    if (req.url === "/notes/1") {
      json({
        "@context": AS,
        id: `${origin}/notes/1`,
        type: "Note",
        attributedTo: carol,
        content: "<p>Alleen met handtekening te lezen</p>",
        published: "2026-11-01T12:00:00Z",
        to: [`${AS}#Public`],
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    carolIri: `${origin}/users/carol`,
    privateKey: pair.privateKey,
    keyId: new URL(`${origin}/users/carol#main-key`),
    gets,
    close: () => server.close(),
  };
}

describe("a peer in authorized-fetch mode", () => {
  let a: TestBuurt;
  let peer: SecurePeer;
  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A", handle: "oost" });
    peer = await startSecurePeer();
    await a.member("anna");
  });
  afterAll(async () => {
    await a.stop();
    peer.close();
  });

  it("looks up the peer's actor with a signed GET and gets the full profile", async () => {
    const carol = await a.buurt.lookup.resolveActor(peer.carolIri);
    if (!carol.ok) throw new Error(carol.error);
    expect(carol.value.name).toBe("Carol");
    expect(carol.value.followersUrl).toBe(`${peer.carolIri}/followers`);
    const actorGet = peer.gets.find((g) => g.path === "/users/carol" && g.keyId != null);
    expect(actorGet?.keyId).toMatch(new RegExp(`^${a.origin}/users/oost#`));
  });

  it("fetches an object referenced only by its id with a signed GET while handling a Create", async () => {
    const carol = await a.buurt.app.repos.actors.findByIri(peer.carolIri);
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await storeAcceptedFollow(a.buurt, {
      iri: `${a.origin}/users/anna#follow/x`,
      followerId: anna.id,
      followingId: carol!.id,
    });
    const create = {
      "@context": AS,
      id: `${peer.carolIri}#create/1`,
      type: "Create",
      actor: peer.carolIri,
      object: `${peer.origin}/notes/1`,
      to: [`${AS}#Public`],
    };
    const request = new Request(`${a.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json" },
      body: JSON.stringify(create),
    });
    const response = await fetch(await signRequest(request, peer.privateKey, peer.keyId));
    expect(response.status).toBe(202);
    const stored = await waitFor(() => a.buurt.app.repos.posts.findByIri(`${peer.origin}/notes/1`), "the Note");
    expect(stored.contentHtml).toContain("Alleen met handtekening te lezen");
    const noteGets = peer.gets.filter((g) => g.path === "/notes/1");
    expect(noteGets.length).toBeGreaterThan(0);
    expect(noteGets.every((g) => g.keyId != null)).toBe(true);
  });
});
