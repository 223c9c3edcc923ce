/**
 * Real-world ActivityPub documents from `test/fixtures/ap/` (anonymised, see
 * its README and MANIFEST.tsv) and a document loader that serves them, and
 * the JSON-LD contexts they name, without any network.
 *
 * Contexts come from Fedify's preloaded set (`preloadedContexts` in
 * `@fedify/vocab-runtime`: AS2, security, Lemmy, GoToSocial, schema.org …).
 * Context documents that a server publishes itself (Pleroma's per-instance
 * `litepub-0.1.jsonld`, Mbin's `/contexts`, Kroeg's `/-/context`, Hubzilla's
 * `apschema`, Funkwhale's `ns`) are served from one small local stand-in,
 * `test/fixtures/contexts/extensions.jsonld`, that defines the common
 * extension terms those documents rely on.  Any other URL answers like a 404.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type DocumentLoader, FetchError, preloadedContexts, type RemoteDocument } from "@fedify/vocab-runtime";
import { normaliseReceivedJson } from "../../src/federation/jsonld.ts";

/** Absolute path of `test/fixtures/`. */
export const FIXTURES_DIR = fileURLToPath(new URL("../fixtures/", import.meta.url));

/** JSON object as read from a fixture file. */
export type Json = Record<string, unknown>;

/** One row of `test/fixtures/ap/MANIFEST.tsv`. */
export interface ManifestRow {
  /** Path under `test/fixtures/ap/`, e.g. `mastodon/person.json`. */
  file: string;
  /** The software that produced the document. */
  implementation: string;
  /** Top-level type, with embedded types after slashes (`Announce/Create/Page`). */
  type: string;
  sourceRepo: string;
  sourcePath: string;
  sourceCommit: string;
  license: string;
}

/** Every real-world fixture, as listed in the manifest. */
export function readManifest(): ManifestRow[] {
  const text = readFileSync(join(FIXTURES_DIR, "ap", "MANIFEST.tsv"), "utf8");
  const [, ...lines] = text.trim().split("\n");
  return lines.map((line) => {
    const [file, implementation, type, sourceRepo, sourcePath, sourceCommit, license] = line.split("\t");
    return {
      file: file!,
      implementation: implementation!,
      type: type!,
      sourceRepo: sourceRepo!,
      sourcePath: sourcePath!,
      sourceCommit: sourceCommit!,
      license: license!,
    };
  });
}

/** Every synthetic fixture file, as `synthetic/<name>.json`. */
export function syntheticFiles(): string[] {
  return readdirSync(join(FIXTURES_DIR, "synthetic")).filter((f) => f.endsWith(".json")).sort()
    .map((f) => `synthetic/${f}`);
}

/**
 * Reads a fixture exactly as stored.
 * @param file `ap/…` paths may be given without the `ap/` prefix (as in the manifest); `synthetic/…` as is.
 */
export function readFixture(file: string): Json {
  const path = file.startsWith("synthetic/") ? join(FIXTURES_DIR, file) : join(FIXTURES_DIR, "ap", file);
  return JSON.parse(readFileSync(path, "utf8")) as Json;
}

/** The `@context` Lemmy puts on everything it sends (its repository assets strip it). */
export const LEMMY_CONTEXT = ["https://join-lemmy.org/context.json", "https://www.w3.org/ns/activitystreams"];

/**
 * A fixture as its server would send it over the wire.
 *
 * Lemmy's own assets (`lemmy/*` without `@context`) have the context
 * stripped in Lemmy's repository; real Lemmy traffic always carries
 * `LEMMY_CONTEXT`, so it is put back.  Every other document is returned
 * unchanged: documents without (or without the AS2) context are real
 * (Gancio, Prismo, BookWyrm, a Pleroma test payload), and buurt must cope
 * with them itself (ActivityStreams 2.0 Core §2.1).
 */
export function asSent(file: string): Json {
  const doc = readFixture(file);
  if (file.startsWith("lemmy/") && !("@context" in doc)) return { "@context": LEMMY_CONTEXT, ...doc };
  return doc;
}

/**
 * A fixture ready for `Object.fromJsonLd`: as sent (above), then with the
 * AS2 context assumed where it is missing (AS2 Core §2.1; the same rule the
 * inbox applies).  Without it a JSON-LD processor would drop every term of a
 * context-less document.
 */
export function normalised(file: string): Json {
  return normaliseReceivedJson(asSent(file));
}

const EXTENSIONS_CONTEXT = JSON.parse(
  readFileSync(join(FIXTURES_DIR, "contexts", "extensions.jsonld"), "utf8"),
) as unknown;

/** http:// spellings of preloaded contexts that real documents use. */
const CONTEXT_ALIASES: Record<string, string> = {
  "http://www.w3.org/ns/activitystreams": "https://www.w3.org/ns/activitystreams",
  "http://w3id.org/security/v1": "https://w3id.org/security/v1",
};

/** Every `@context` IRI named anywhere in a JSON value. */
function contextIrisOf(value: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) contextIrisOf(v, into);
  } else if (value != null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (k === "@context") {
        for (const c of Array.isArray(v) ? v : [v]) if (typeof c === "string") into.add(c);
      }
      contextIrisOf(v, into);
    }
  }
  return into;
}

let allFixtureContexts: Set<string> | null = null;

/** Context IRIs named by any fixture, real or synthetic. */
function fixtureContextIris(): Set<string> {
  if (allFixtureContexts != null) return allFixtureContexts;
  const iris = new Set<string>();
  for (const row of readManifest()) contextIrisOf(readFixture(row.file), iris);
  for (const file of syntheticFiles()) contextIrisOf(readFixture(file), iris);
  allFixtureContexts = iris;
  return iris;
}

/** Documents already normalised for serving (the same fixture objects are served by many loaders). */
const prepared = new WeakMap<Json, Json>();

/** A loader that serves fixtures by id, and records what was asked. */
export interface FixtureLoader {
  loader: DocumentLoader;
  /** Every document URL requested (contexts excluded), in order. */
  requested: string[];
  /** Document URLs requested that were not served (answered like a 404). */
  missing: string[];
  /** Serves one more document at its `id` (or at `url` when given). */
  serve(document: Json, url?: string): void;
}

/**
 * Creates a document loader over the given documents.
 *
 * @param documents Documents to serve at their `id`; each is served as
 *   `normalised` would give it (`asSent` plus the AS2 context), because a
 *   server answering a fetch sends the same JSON it federates.
 * @returns The loader; anything it does not know throws a `FetchError` like
 *   an HTTP 404, so no test reaches the network.
 */
export function createFixtureLoader(documents: Iterable<Json> = []): FixtureLoader {
  const byUrl = new Map<string, Json>();
  const requested: string[] = [];
  const missing: string[] = [];
  const serve = (document: Json, url?: string) => {
    const key = url ?? (typeof document.id === "string" ? document.id : null);
    if (key == null) return;
    let ready = prepared.get(document);
    if (ready == null) prepared.set(document, ready = normaliseReceivedJson(document));
    byUrl.set(key, ready);
  };
  for (const d of documents) serve(d);
  const contextIris = fixtureContextIris();

  const loader: DocumentLoader = (url) => {
    const preloaded = preloadedContexts[url] ?? preloadedContexts[CONTEXT_ALIASES[url] ?? ""];
    if (preloaded != null) return Promise.resolve(remote(url, preloaded));
    if (contextIris.has(url)) return Promise.resolve(remote(url, EXTENSIONS_CONTEXT));
    requested.push(url);
    const document = byUrl.get(url) ?? byUrl.get(url.replace(/#.*$/, ""));
    if (document != null) return Promise.resolve(remote(url, structuredClone(document)));
    missing.push(url);
    return Promise.reject(new FetchError(url, `HTTP 404: ${url} is not in the fixture set`));
  };
  return { loader, requested, missing, serve };
}

function remote(url: string, document: unknown): RemoteDocument {
  return { contextUrl: null, document, documentUrl: url };
}


/** Actor fixtures used as templates for stand-in senders, by implementation. */
const STAND_IN_TEMPLATES: Record<string, string> = {
  friendica: "friendica/person.json",
  lemmy: "lemmy/person.json",
  misskey: "misskey/person-misskey-io.json",
  mobilizon: "mobilizon/person.json",
  pleroma: "pleroma/person.json",
  mitra: "mitra/person-multikey-did.json",
  peertube: "peertube/person.json",
  smithereen: "smithereen/person.json",
  wordpress: "wordpress/person.json",
};

/**
 * A stand-in actor document for a sender the fixture set does not hold.
 *
 * Most activities in the set name an actor whose document was not captured.
 * To let such an activity get past actor resolution and exercise its
 * handler, a real actor document of the same software (Mastodon's when
 * there is none; Lemmy's community for `/c/` and `/m/` groups) is
 * re-addressed to the sender's IRI: `id`, inbox, outbox, collections and
 * key id follow the IRI; everything else stays as that software sends it.
 *
 * @param iri The sender's actor IRI.
 * @param implementation The producing software (manifest column), to choose the template.
 */
export function standInActor(iri: string, implementation: string): Json {
  const url = new URL(iri);
  const group = /\/(c|m)\/[^/]+\/?$/.test(url.pathname);
  const templateFile = group ? "lemmy/group-community.json" : STAND_IN_TEMPLATES[implementation] ?? "mastodon/person.json";
  const doc = structuredClone(asSent(templateFile));
  const base = iri.replace(/\/$/, "");
  const username = decodeURIComponent(url.pathname.split("/").filter(Boolean).pop() ?? url.hostname).replace(/^@/, "");
  Object.assign(doc, {
    id: iri,
    preferredUsername: username,
    url: iri,
    inbox: `${base}/inbox`,
    outbox: `${base}/outbox`,
    followers: `${base}/followers`,
    following: `${base}/following`,
    endpoints: { sharedInbox: `${url.origin}/inbox` },
  });
  if (doc.publicKey != null && typeof doc.publicKey === "object") {
    doc.publicKey = { ...doc.publicKey as Json, id: `${iri}#main-key`, owner: iri };
  }
  delete doc.assertionMethod;
  delete doc.attributedTo;
  return doc;
}

/**
 * Actor IRIs an activity names as `actor` or `attributedTo`, at any depth
 * (the sender, the author of an embedded object, an embedded activity's
 * actor); embedded actor objects count by their `id`.
 */
export function referencedActors(document: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(document)) {
    for (const d of document) referencedActors(d, into);
  } else if (document != null && typeof document === "object") {
    for (const [key, value] of Object.entries(document)) {
      if (key === "actor" || key === "attributedTo") {
        for (const v of Array.isArray(value) ? value : [value]) {
          const iri = typeof v === "string" ? v : v != null && typeof v === "object" ? (v as Json).id : null;
          if (typeof iri === "string" && URL.canParse(iri)) into.add(new URL(iri).href);
        }
      }
      if (value != null && typeof value === "object" && key !== "@context") referencedActors(value, into);
    }
  }
  return into;
}

/**
 * Mbin's fixtures come from its snapshot tests, which replace every id with
 * `SCRUBBED_ID` and every date with `SCRUBBED_DATE`; no JSON-LD reader
 * accepts such an id.  This gives each occurrence a distinct id on the
 * document's own host (`https://kbin.test/scrubbed/<name>/<n>`) and a fixed
 * date, as a real Mbin would send them.
 *
 * @param name Distinguishes the ids of one document from another's.
 */
export function descrubbed(document: Json, name: string): Json {
  let n = 0;
  const walk = (value: unknown): unknown => {
    if (value === "SCRUBBED_ID") return `https://kbin.test/scrubbed/${name}/${++n}`;
    if (value === "SCRUBBED_DATE") return "2024-03-01T12:00:00Z";
    if (Array.isArray(value)) return value.map(walk);
    if (value != null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "@context" ? v : walk(v)]));
    }
    return value;
  };
  return walk(document) as Json;
}

/** A copy of a document with every string equal to `from` replaced by `to` (to aim an activity at a local actor or post). */
export function retargeted(document: Json, from: string, to: string): Json {
  const walk = (value: unknown): unknown => {
    if (value === from) return to;
    if (Array.isArray(value)) return value.map(walk);
    if (value != null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, k === "@context" ? v : walk(v)]));
    }
    return value;
  };
  return walk(document) as Json;
}
