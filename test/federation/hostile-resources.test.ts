/**
 * Resource exhaustion at the inbox and in remote fetches: bodies at and
 * over the size limit (with and without Content-Length), deep nesting in
 * every shape, key and actor documents that never answer, never finish,
 * are huge or redirect in circles, and an outbox that pages forever.  Each
 * test states what bounds the attack; each has a control that the same
 * path works for sane input.
 */
import { Buffer } from "node:buffer";
import { request as httpRequest, type ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../../src/domain/ids.ts";
import { boundedDocumentLoader, MAX_CACHED_DOCUMENT_BYTES } from "../../src/federation/remote-fetch.ts";
import { MAX_INBOX_BODY_BYTES, MAX_JSON_DEPTH } from "../../src/web/inbox-guard.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import {
  AS,
  hasStackTrace,
  type HostilePeer,
  type PeerActor,
  postSigned,
  PUBLIC,
  startHostilePeer,
} from "../helpers/hostile-peer.ts";
import { storeAcceptedFollow } from "../helpers/remote.ts";

/**
 * An unsigned inbox POST of exactly `text` over a fresh connection, chunked
 * (no Content-Length) when `chunked`.  Resolves with the status as soon as
 * the server answers, even if it answers (and closes) before reading the
 * whole body, as a server refusing an oversized body should.
 */
function postRaw(
  url: string,
  text: string,
  chunked = false,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const bytes = Buffer.from(text);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, {
      method: "POST",
      agent: false,
      headers: {
        "Content-Type": "application/activity+json",
        ...extraHeaders,
        ...(chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(bytes.length) }),
      },
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", () => {
      // EPIPE/ECONNRESET after an early answer; a missing answer fails the test by timing out.
    });
    for (let i = 0; i < bytes.length; i += 64 * 1024) req.write(bytes.subarray(i, i + 64 * 1024));
    req.end();
  });
}

/** A Follow padded with a `summary` so that its JSON is exactly `size` bytes. */
function followOfSize(actor: string, object: string, size: number): string {
  const base = JSON.stringify({ "@context": AS, id: `${actor}#follows/${newId()}`, type: "Follow", actor, object, summary: "" });
  return base.replace('"summary":""', `"summary":"${"x".repeat(size - base.length)}"`);
}

describe("inbox body limits", () => {
  let a: TestBuurt;
  let annaIri: string;
  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    await a.member("anna");
    annaIri = a.buurt.app.iris.actor("anna");
  });
  afterAll(async () => {
    await a.stop();
  });

  it("reads a body of exactly the limit and refuses one byte more, with or without Content-Length", async () => {
    const atLimit = followOfSize("https://remote.example/users/x", annaIri, MAX_INBOX_BODY_BYTES);
    const over = followOfSize("https://remote.example/users/x", annaIri, MAX_INBOX_BODY_BYTES + 1);
    expect(new TextEncoder().encode(atLimit).length).toBe(MAX_INBOX_BODY_BYTES);
    for (const chunked of [false, true]) {
      for (const path of ["/inbox", "/users/anna/inbox"]) {
        // At the limit the body is read and the missing signature refused (401).
        const ok = await postRaw(`${a.origin}${path}`, atLimit, chunked);
        expect(ok.status, `${path} chunked=${chunked}`).toBe(401);
        const res = await postRaw(`${a.origin}${path}`, over, chunked);
        expect(res.status, `${path} chunked=${chunked}`).toBe(413);
        expect(hasStackTrace(res.text)).toBe(false);
      }
    }
  });

  it("refuses an oversized body on every spelling of an inbox path, before Fedify reads it", async () => {
    const over = followOfSize("https://remote.example/users/x", annaIri, MAX_INBOX_BODY_BYTES + 1);
    for (const path of ["/inbox/", "//inbox", "/inbox?x=1", "/%69nbox", "/users/anna/inbox/", "/users/%61nna/inbox", "/users/anna//inbox"]) {
      const res = await postRaw(`${a.origin}${path}`, over);
      // 413 from the guard, or a 4xx of the web routes (no inbox there); never
      // Fedify's 401 (it read the body) or a 202.
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.status, path).not.toBe(401);
    }
  });

  it("answers an unsigned activity with 401 before Fedify parses it, and lets a signed-looking one through", async () => {
    const body = `{"@context":"${AS}","id":"https://remote.example/f/2","type":"Follow","actor":"https://remote.example/users/x","object":"${annaIri}"}`;
    const unsigned = await postRaw(`${a.origin}/inbox`, body);
    expect(unsigned).toEqual({ status: 401, text: "Activity is not signed." });
    // With a (bogus) signature or proof it reaches Fedify, which refuses it in its own words.
    const withProof = await postRaw(`${a.origin}/inbox`, body.replace(/}$/, ',"proof":{"type":"DataIntegrityProof"}}'));
    expect(withProof.status).toBeGreaterThanOrEqual(400);
    expect(withProof.text).not.toBe("Activity is not signed.");
  });

  it("refuses nesting deeper than the limit in objects and arrays, but not brackets inside strings", async () => {
    const deepObjects = `{"@context":"${AS}","type":"Note","content":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`;
    const deepArrays = `{"@context":"${AS}","type":"Note","content":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
    // A Follow (so that Fedify only misses its signature) carrying `x` nested to a depth.
    const follow = `{"@context":"${AS}","id":"https://remote.example/f/1","type":"Follow","actor":"https://remote.example/users/x","object":"${annaIri}"`;
    const nested = (depth: number) => `${follow},"x":${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
    const inString = JSON.stringify({ ...JSON.parse(`${follow}}`), content: `${"[{".repeat(100_000)}\\"]]]` });
    for (const [name, body, status] of [
      ["objects", deepObjects, 400],
      ["arrays", deepArrays, 400],
      ["one level over", nested(MAX_JSON_DEPTH + 1), 400],
      ["at the limit", nested(MAX_JSON_DEPTH), 401],
      ["brackets in a string", inString, 401],
    ] as const) {
      const res = await postRaw(`${a.origin}/inbox`, body);
      expect(res.status, name).toBe(status);
      expect(hasStackTrace(res.text), name).toBe(false);
    }
  });
});

describe("remote fetches with limits (production loaders)", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;
  let annaIri: string;
  const limits = { timeoutMs: 1_000, maxBytes: 256 * 1024, maxRedirects: 5 };

  beforeAll(async () => {
    // Fedify's production setting (no private addresses, bounded loaders), with
    // loopback fetches allowed so the hostile peer can be reached.
    a = await startTestBuurt({ name: "Buurt A", allowPrivateAddress: false, remoteFetch: { allowPrivateAddress: true, limits } });
    peer = await startHostilePeer();
    eve = await peer.actor("eve");
    await a.member("anna");
    annaIri = a.buurt.app.iris.actor("anna");
  });
  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  const follow = (actor: string) => ({ "@context": AS, id: `${actor}#follows/${newId()}`, type: "Follow", actor, object: annaIri });

  /** Posts a Follow signed by eve's key under another key id. */
  async function withKeyId(path: string): Promise<Response> {
    return await postSigned(`${a.origin}/inbox`, follow(eve.iri), { privateKey: eve.privateKey, keyId: new URL(`${peer.origin}${path}`) });
  }

  it("accepts a Follow whose key it fetches within the limits (control)", async () => {
    const activity = follow(eve.iri);
    const res = await postSigned(`${a.origin}/inbox`, activity, eve);
    expect(res.status).toBe(202);
    await waitFor(() => a.outcomes.find((o) => o.id === activity.id), "the Follow");
    expect(a.outcomes.find((o) => o.id === activity.id)?.detail).toBe("accepted");
  });

  it("fetches an object signed, draft-cavage first and RFC 9421 when refused (control)", async () => {
    const eveOnA = await a.buurt.lookup.resolveActor(eve.iri);
    if (!eveOnA.ok) throw new Error(eveOnA.error);
    const anna = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await storeAcceptedFollow(a.buurt, {
      iri: `${annaIri}#follow/${newId()}`,
      followerId: anna.id,
      followingId: eveOnA.value.id,
    });
    const signatures: string[] = [];
    const note = (n: string) => ({ "@context": AS, id: `${eve.iri}/statuses/${n}`, type: "Note", attributedTo: eve.iri, content: `Nummer ${n}`, to: PUBLIC });
    // One server takes any signature; the other only RFC 9421 (it answers 401 to draft-cavage).
    peer.handlers.set("/users/eve/statuses/cavage", (req, res) => {
      signatures.push(req.headers["signature-input"] != null ? "rfc9421" : req.headers["signature"] != null ? "cavage" : "none");
      if (req.headers["signature"] == null) return void res.writeHead(401).end();
      res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(note("cavage")));
    });
    peer.handlers.set("/users/eve/statuses/rfc9421", (req, res) => {
      signatures.push(req.headers["signature-input"] != null ? "rfc9421" : req.headers["signature"] != null ? "cavage" : "none");
      if (req.headers["signature-input"] == null) return void res.writeHead(401).end();
      res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(note("rfc9421")));
    });
    for (const n of ["cavage", "rfc9421"]) {
      const id = `${eve.iri}#create/${newId()}`;
      await postSigned(`${a.origin}/inbox`, { "@context": AS, id, type: "Create", actor: eve.iri, object: `${eve.iri}/statuses/${n}`, to: PUBLIC }, eve);
      await waitFor(() => a.buurt.app.repos.posts.findByIri(`${eve.iri}/statuses/${n}`), `the ${n} note`);
    }
    expect(signatures).toEqual(["cavage", "cavage", "rfc9421"]);
  });

  it("answers 401 when the key server never answers", async () => {
    peer.handlers.set("/keys/silent", () => {
      // Never answers.
    });
    const res = await withKeyId("/keys/silent");
    expect(res.status).toBe(401);
    expect(peer.hits("/keys/silent")).toBe(1);
  });

  it("answers 401 when the key document never finishes", async () => {
    peer.handlers.set("/keys/trickle", (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/activity+json" });
      res.write('{"id": "');
      const timer = setInterval(() => res.write("x"), 100);
      res.on("close", () => clearInterval(timer));
    });
    const res = await withKeyId("/keys/trickle");
    expect(res.status).toBe(401);
  });

  it("refuses a key or actor document over the size limit, with or without Content-Length", async () => {
    const huge = (chunked: boolean) => (_req: unknown, res: ServerResponse) => {
      const doc = JSON.stringify({
        "@context": [AS, "https://w3id.org/security/v1"],
        id: `${peer.origin}/users/huge`,
        type: "Person",
        inbox: `${peer.origin}/users/huge/inbox`,
        summary: "x".repeat(5 * 1024 * 1024),
        publicKey: { id: `${peer.origin}/users/huge#main-key`, owner: `${peer.origin}/users/huge`, publicKeyPem: eve.publicKeyPem },
      });
      res.writeHead(200, {
        "Content-Type": "application/activity+json",
        ...(chunked ? {} : { "Content-Length": String(Buffer.byteLength(doc)) }),
      });
      res.end(doc);
    };
    for (const chunked of [false, true]) {
      peer.handlers.set("/users/huge", huge(chunked));
      const activity = follow(`${peer.origin}/users/huge`);
      const res = await postSigned(`${a.origin}/inbox`, activity, {
        privateKey: eve.privateKey,
        keyId: new URL(`${peer.origin}/users/huge#main-key`),
      });
      expect(res.status, `chunked=${chunked}`).toBe(401);
    }
    expect(await a.buurt.app.repos.actors.findByIri(`${peer.origin}/users/huge`)).toBeNull();
  });

  it("refuses a key behind a redirect loop or too many redirects, and follows a short chain (control)", async () => {
    peer.handlers.set("/keys/loop-a", (_req, res) => res.writeHead(302, { Location: "/keys/loop-b" }).end());
    peer.handlers.set("/keys/loop-b", (_req, res) => res.writeHead(302, { Location: "/keys/loop-a" }).end());
    expect((await withKeyId("/keys/loop-a")).status).toBe(401);
    expect(peer.hits("/keys/loop-a")).toBe(1);

    for (let i = 0; i < 10; i++) {
      peer.handlers.set(`/keys/chain-${i}`, (_req, res) => res.writeHead(302, { Location: `/keys/chain-${i + 1}` }).end());
    }
    peer.handlers.set("/keys/chain-10", (_req, res) =>
      res.writeHead(302, { Location: new URL(eve.iri).pathname }).end());
    expect((await withKeyId("/keys/chain-0")).status).toBe(401);
    expect(peer.hits("/keys/chain-6")).toBe(0);

    const activity = follow(eve.iri);
    const res = await postSigned(`${a.origin}/inbox`, activity, { privateKey: eve.privateKey, keyId: new URL(`${peer.origin}/keys/chain-8`) });
    expect(res.status).toBe(202);
  });

  it("does not hang an inbox request on an @context that never answers", async () => {
    peer.handlers.set("/context-silent", () => {});
    const res = await postSigned(`${a.origin}/inbox`, { ...follow(eve.iri), "@context": [AS, `${peer.origin}/context-silent`] }, eve);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(hasStackTrace(await res.text())).toBe(false);
  });

  it("caches small JSON-LD contexts, never a large one an activity names", async () => {
    const cachedUrls = async () =>
      (await a.buurt.database.db.selectFrom("kv_entries").select("key").execute())
        .map((r) => JSON.parse(r.key) as string[])
        .filter((k) => k[0] === "_fedify" && k[1] === "remoteDocument")
        .map((k) => k[2]);
    // Contexts are loaded while Fedify parses the activity, before any signature is checked.
    const context = (size: number) => ({ "@context": { note: `https://example.org/${"x".repeat(size)}` } });
    peer.routes.set("/ctx/bulky", context(MAX_CACHED_DOCUMENT_BYTES + 1));
    peer.routes.set("/ctx/small", context(10));
    for (const path of ["/ctx/bulky", "/ctx/small"]) {
      const res = await postRaw(`${a.origin}/inbox`, JSON.stringify({ ...follow(eve.iri), "@context": [AS, `${peer.origin}${path}`] }), false, {
        Signature: 'keyId="https://example.org/k",signature="x"',
      });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(peer.hits(path), path).toBeGreaterThan(0);
    }
    const urls = await cachedUrls();
    expect(urls).not.toContain(`${peer.origin}/ctx/bulky`);
    expect(urls).toContain(`${peer.origin}/ctx/small`);
  });

  it("stops reading a compressed document once it has unpacked more than the limit (a gzip bomb)", async () => {
    const packed = gzipSync(Buffer.from(`{"id":"${"a".repeat(50 * 1024 * 1024)}"}`));
    expect(packed.length).toBeLessThan(limits.maxBytes);
    peer.handlers.set("/bomb", (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/activity+json", "Content-Encoding": "gzip", "Content-Length": String(packed.length) });
      res.end(packed);
    });
    const load = boundedDocumentLoader({ allowPrivateAddress: true, userAgent: "test", limits });
    await expect(load(`${peer.origin}/bomb`)).rejects.toThrow(`larger than ${limits.maxBytes} bytes`);
  });

  it("keeps what it could read of an outbox that pages forever", async () => {
    let pages = 0;
    peer.routes.set("/users/eve/outbox", {
      "@context": AS,
      id: `${eve.iri}/outbox`,
      type: "OrderedCollection",
      first: `${eve.iri}/outbox?page=0`,
    });
    peer.handlers.set(`/users/eve/outbox?page=0`, pageHandler(0));
    function pageHandler(n: number) {
      return (_req: unknown, res: ServerResponse) => {
        pages++;
        peer.handlers.set(`/users/eve/outbox?page=${n + 1}`, pageHandler(n + 1));
        const items = n === 0
          ? [{
            id: `${eve.iri}/statuses/1/activity`,
            type: "Create",
            actor: eve.iri,
            object: { id: `${eve.iri}/statuses/1`, type: "Note", attributedTo: eve.iri, content: "Eerste", to: PUBLIC },
            to: PUBLIC,
          }]
          : [];
        res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify({
          "@context": AS,
          id: `${eve.iri}/outbox?page=${n}`,
          type: "OrderedCollectionPage",
          partOf: `${eve.iri}/outbox`,
          orderedItems: items,
          next: `${eve.iri}/outbox?page=${n + 1}`,
        }));
      };
    }
    const stored = await a.buurt.lookup.resolveActor(eve.iri);
    if (!stored.ok) throw new Error(stored.error);
    const recent = await a.buurt.lookup.recentPosts(stored.value, 20);
    expect(recent.ok && recent.value.map((e) => e.post.iri)).toEqual([`${eve.iri}/statuses/1`]);
    expect(pages).toBeLessThanOrEqual(10);
  });
});
