/**
 * Server-side request forgery: in production mode (private addresses not
 * allowed) nothing a remote server or a member names — key ids, actor,
 * object, outbox and event IRIs, handles — makes the buurt fetch from a
 * loopback or private address, or through a non-http scheme, in any
 * spelling (IPv6, decimal, octal, hexadecimal, a trailing dot, a name in
 * /etc/hosts).
 */
import { UrlError } from "@fedify/vocab-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.ts";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { boundedDocumentLoader } from "../../src/federation/remote-fetch.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { AS, type HostilePeer, type PeerActor, postSigned, startHostilePeer } from "../helpers/hostile-peer.ts";
import { storeRemoteActor } from "../helpers/remote.ts";

/** Spellings of the peer's own loopback address, and schemes that are not http. */
function privateSpellings(port: number, path: string): string[] {
  return [
    `http://127.0.0.1:${port}${path}`,
    `http://localhost:${port}${path}`,
    `http://localhost.:${port}${path}`,
    `http://vm:${port}${path}`, // /etc/hosts: 127.0.0.1 vm
    `http://[::1]:${port}${path}`,
    `http://[::ffff:127.0.0.1]:${port}${path}`,
    `http://2130706433:${port}${path}`,
    `http://0177.0.0.1:${port}${path}`,
    `http://0x7f.1:${port}${path}`,
    `http://127.1:${port}${path}`,
    `http://0.0.0.0:${port}${path}`,
    `http://10.0.0.1:${port}${path}`,
    `http://169.254.169.254${path}`,
    `file:///etc/passwd`,
    `data:application/activity+json,{"id":"x"}`,
    `ftp://127.0.0.1${path}`,
  ];
}

describe("no fetches to private addresses in production mode", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;
  let port: number;

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A", allowPrivateAddress: false });
    peer = await startHostilePeer();
    eve = await peer.actor("eve");
    port = Number(new URL(peer.origin).port);
    await a.member("anna");
  });
  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  it("the document loader refuses every private spelling before connecting, and fetches when allowed (control)", async () => {
    const refusing = boundedDocumentLoader({ allowPrivateAddress: false, userAgent: "test" });
    for (const url of privateSpellings(port, "/users/eve")) {
      await expect(refusing(url), url).rejects.toBeInstanceOf(UrlError);
    }
    expect(peer.requests).toEqual([]);
    const allowing = boundedDocumentLoader({ allowPrivateAddress: true, userAgent: "test" });
    expect((await allowing(eve.iri)).documentUrl).toBe(eve.iri);
  });

  it("fetches no key, actor or object named in an inbox POST", async () => {
    peer.requests.length = 0;
    for (const keyId of privateSpellings(port, "/users/eve#main-key")) {
      if (!keyId.startsWith("http")) continue;
      const actor = keyId.replace("#main-key", "");
      const res = await postSigned(`${a.origin}/inbox`, {
        "@context": AS,
        id: `${actor}#create/${newId()}`,
        type: "Create",
        actor,
        object: `${actor}/statuses/1`,
      }, { privateKey: eve.privateKey, keyId: new URL(keyId) });
      expect(res.status, keyId).toBe(401);
    }
    expect(peer.requests).toEqual([]);
  });

  it("looks up no handle, actor, outbox or event on a private address", async () => {
    peer.requests.length = 0;
    for (const query of [`eve@127.0.0.1:${port}`, `@eve@localhost:${port}`, `eve@vm:${port}`, ...privateSpellings(port, "/users/eve")]) {
      const found = await a.buurt.lookup.resolveActor(query);
      expect(found.ok, query).toBe(false);
      const event = await resolveRemoteEvent(a.buurt.federation, { app: a.buurt.app, origin: new URL(a.origin) }, query);
      expect(event.ok, query).toBe(false);
    }
    // An actor stored with a private outbox (as a hostile Update could leave it).
    const stored = await storeRemoteActor(a.buurt, "sneaky", "public.example", {
      iri: `http://127.0.0.1:${port}/users/sneaky`,
      outboxUrl: `http://127.0.0.1:${port}/users/sneaky/outbox`,
    });
    const recent = await a.buurt.lookup.recentPosts(stored, 10);
    expect(recent.ok).toBe(false);
    expect(peer.requests).toEqual([]);
  });
});
