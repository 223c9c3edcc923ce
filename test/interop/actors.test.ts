/**
 * Every actor document of the fixture set (Person, Group, Organization,
 * Application, Service; plus the synthetic GoToSocial one) is accepted as a
 * remote actor: parsed as the inbox parses a fetched actor
 * (`normaliseReceivedJson` + `parseActorDocument`), mapped by
 * `fromActorObject`, stored with `upsertRemote` and found again by IRI and
 * by handle.  Expected values are read from the raw JSON.
 */
import { exportSpki, importPem } from "@fedify/vocab-runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRepositories } from "../../src/db/repositories/index.ts";
import { handleOf } from "../../src/domain/actor.ts";
import { fromActorObject, parseActorDocument } from "../../src/federation/mappers/actor.ts";
import { createFixtureLoader, type Json, normalised, readFixture, readManifest } from "../helpers/fixtures.ts";
import { openTestDatabase, type TestDatabase, testDialects } from "../helpers/databases.ts";

const ACTOR_TYPES = new Set(["Person", "Group", "Organization", "Application", "Service"]);

/**
 * Documents whose `publicKey` is present in the JSON but not read, and why.
 * Every other actor document's key must be read.
 */
const KEY_NOT_READ: Record<string, string> = {
  // Their @context is the AS2 context alone, which does not define
  // `publicKey` (the security vocabulary does), so a JSON-LD reader does not
  // see the key.  Fedify cannot verify these actors' signatures either.
  "discourse/person.json": "AS2-only @context: publicKey is no term",
  "discourse/group-category.json": "AS2-only @context: publicKey is no term",
  "pleroma/relay-application-actor.json": "AS2-only @context: publicKey is no term",
  "bridgy-fed/person.json": "AS2-only @context (and the key id `s198.example` is no URL)",
  // A test fixture whose PEM header is corrupted (…AA0CA08A… for …AAOCAQ8A…):
  // Fedify throws while parsing; the profile is stored without the key.
  "mastodon/application-instance-actor.json": "corrupted PEM",
};

/**
 * Profile fields (`PropertyValue` attachments) not read, and why.
 */
const FIELDS_NOT_READ: Record<string, string> = {
  // Gancio's @context defines the misspelt term `ProperyValue`, so the
  // attachment's `PropertyValue` is no term and JSON-LD drops the field.
  "gancio/application-actor.json": "context defines ProperyValue, not PropertyValue",
};

/** Actor documents to check: the manifest's, and the synthetic GoToSocial actor. */
const FILES = [
  ...readManifest().filter((r) => ACTOR_TYPES.has(r.type)).map((r) => r.file),
  "synthetic/gotosocial-person.json",
];

function iriOrNull(value: unknown): string | null {
  return typeof value === "string" ? new URL(value).href : null;
}

function iconOf(raw: Json): string | null {
  const icon = Array.isArray(raw.icon) ? raw.icon[0] : raw.icon;
  if (icon == null || typeof icon !== "object") return null;
  const url = (icon as Json).url;
  return typeof url === "string" ? url : null;
}

/** The key as SPKI PEM, whatever form (SPKI or PKCS#1) the document used. */
async function spkiOf(pem: string): Promise<string> {
  return await exportSpki(await importPem(pem));
}

function normalisePem(pem: string | null): string | null {
  return pem == null ? null : pem.replace(/\r/g, "").trim();
}

describe("actors: every actor fixture", () => {
  it("covers every actor type the set holds", () => {
    const types = new Set(FILES.map((f) => readFixture(f).type));
    expect([...types].sort()).toEqual(["Application", "Group", "Organization", "Person"]);
    expect(FILES.length).toBe(45);
  });

  describe.each(testDialects())("accepted and stored (%s)", (dialect) => {
    let db: TestDatabase;
    let repos: ReturnType<typeof createRepositories>;
    const { loader } = createFixtureLoader();
    beforeAll(async () => {
      db = await openTestDatabase(dialect);
      repos = createRepositories(db.db);
    });
    afterAll(async () => {
      await db.destroy();
    });

    it.each(FILES)("%s", async (file) => {
      const raw = readFixture(file);
      const parsed = await parseActorDocument(normalised(file), { documentLoader: loader, contextLoader: loader });
      expect(parsed, "parsed as an actor").not.toBeNull();
      expect(parsed!.keysDropped).toBe(file === "mastodon/application-instance-actor.json");
      const result = await fromActorObject(parsed!.actor, { documentLoader: loader, contextLoader: loader });
      if (!result.ok) throw new Error(`${file} refused: ${result.error}`);
      const actor = result.value;

      const iri = new URL(String(raw.id));
      expect(actor.iri).toBe(iri.href);
      expect(actor.type).toBe(raw.type);
      expect(actor.username).toBe(raw.preferredUsername);
      expect(actor.domain).toBe(iri.host);
      expect(actor.name).toBe(typeof raw.name === "string" ? raw.name : null);
      expect(actor.inboxUrl).toBe(new URL(String(raw.inbox)).href);
      expect(actor.sharedInboxUrl).toBe(iriOrNull((raw.endpoints as Json | undefined)?.sharedInbox));
      expect(actor.followersUrl).toBe(iriOrNull(raw.followers));
      expect(actor.iconUrl).toBe(iconOf(raw) == null ? null : new URL(iconOf(raw)!).href);
      expect(actor.manuallyApprovesFollowers).toBe(raw.manuallyApprovesFollowers === true);
      const propertyValues = (Array.isArray(raw.attachment) ? raw.attachment : [])
        .filter((a) => (a as Json).type === "PropertyValue").map((a) => (a as Json).name);
      expect(actor.fields.map((f) => f.name)).toEqual(file in FIELDS_NOT_READ ? [] : propertyValues);

      const key = raw.publicKey as Json | undefined;
      if (key?.publicKeyPem == null || file in KEY_NOT_READ) {
        expect(actor.publicKeyId).toBeNull();
        expect(actor.publicKeyPem).toBeNull();
      } else {
        expect(actor.publicKeyId).toBe(new URL(String(key.id)).href);
        expect(normalisePem(actor.publicKeyPem)).toBe(normalisePem(await spkiOf(String(key.publicKeyPem))));
      }

      const stored = await repos.actors.upsertRemote(actor);
      expect(await repos.actors.findByIri(actor.iri)).toEqual(stored);
      expect(stored).toMatchObject({ ...actor, local: false });
      expect(handleOf(stored)).toBe(`@${raw.preferredUsername}@${iri.host}`);
      expect((await repos.actors.findByHandle(actor.username, actor.domain))?.id).toBe(stored.id);
    });
  });
});
