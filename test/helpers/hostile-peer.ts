/**
 * A hostile ActivityPub peer on loopback for security tests: a plain
 * `node:http` server whose actors, keys and documents the test controls,
 * including documents that never answer, trickle forever, are huge or
 * redirect; and a signer that posts activities to a buurt's inbox with
 * keys the test holds (draft-cavage HTTP Signatures, as Mastodon signs).
 */
import { Buffer } from "node:buffer";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { signRequest } from "@fedify/fedify";

export const AS = "https://www.w3.org/ns/activitystreams";
export const PUBLIC = `${AS}#Public`;

/** A route that writes its response itself. */
export type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback peer. */
export interface HostilePeer {
  origin: string;
  /** Every request: method, path and the signature's keyId (null when unsigned). */
  requests: Array<{ method: string; path: string; keyId: string | null }>;
  /** Path → JSON document served with 200. */
  routes: Map<string, unknown>;
  /** Path → handler writing its own response (takes precedence over `routes`). */
  handlers: Map<string, Handler>;
  /** Adds an actor with an RSA key at `/users/<name>`; returns its IRI, key id and private key. */
  actor(name: string, extra?: Record<string, unknown>): Promise<PeerActor>;
  /** Requests to `path` so far. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** An actor the peer serves, with its key. */
export interface PeerActor {
  iri: string;
  keyId: URL;
  privateKey: CryptoKey;
  publicKeyPem: string;
}

/** A fresh RSA-2048 key pair and its public key as PEM. */
export async function rsaKeyPair(): Promise<{ privateKey: CryptoKey; publicKey: CryptoKey; pem: string }> {
  const pair = await crypto.subtle.generateKey(
    { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
    true,
    ["sign", "verify"],
  );
  const spki = Buffer.from(await crypto.subtle.exportKey("spki", pair.publicKey)).toString("base64");
  return { ...pair, pem: `-----BEGIN PUBLIC KEY-----\n${spki}\n-----END PUBLIC KEY-----\n` };
}

/** Starts a hostile peer on a free loopback port. */
export async function startHostilePeer(): Promise<HostilePeer> {
  const routes = new Map<string, unknown>();
  const handlers = new Map<string, Handler>();
  const requests: HostilePeer["requests"] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const signature = req.headers["signature"];
    const keyId = typeof signature === "string" ? /keyId="([^"]+)"/.exec(signature)?.[1] ?? null : null;
    const path = req.url ?? "";
    requests.push({ method: req.method ?? "", path, keyId });
    const handler = handlers.get(path);
    if (handler != null) {
      handler(req, res);
      return;
    }
    const route = routes.get(path);
    if (route === undefined) {
      res.writeHead(req.method === "POST" ? 202 : 404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(route));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    routes,
    handlers,
    async actor(name, extra = {}) {
      const iri = `${origin}/users/${name}`;
      const { privateKey, pem } = await rsaKeyPair();
      routes.set(`/users/${name}`, {
        "@context": [AS, "https://w3id.org/security/v1"],
        id: iri,
        type: "Person",
        preferredUsername: name,
        name,
        inbox: `${iri}/inbox`,
        outbox: `${iri}/outbox`,
        followers: `${iri}/followers`,
        endpoints: { sharedInbox: `${origin}/inbox` },
        publicKey: { id: `${iri}#main-key`, owner: iri, publicKeyPem: pem },
        ...extra,
      });
      return { iri, keyId: new URL(`${iri}#main-key`), privateKey, publicKeyPem: pem };
    },
    hits(path) {
      return requests.filter((r) => r.path === path).length;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Signs (draft-cavage) and posts an activity; `body` overrides the serialised activity. */
export async function postSigned(
  inbox: string,
  activity: unknown,
  signer: { privateKey: CryptoKey; keyId: URL },
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<Response> {
  const request = new Request(inbox, {
    method: "POST",
    headers: { "Content-Type": "application/activity+json", ...options.headers },
    body: options.body ?? JSON.stringify(activity),
  });
  const signed = await signRequest(request, signer.privateKey, signer.keyId, { spec: "draft-cavage-http-signatures-12" });
  return await fetch(signed);
}

/** A response text must not leak a stack trace or an exception name. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at\s|Error: |TypeError|SyntaxError/.test(text);
}
