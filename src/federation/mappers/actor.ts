/**
 * Actors between ActivityStreams (Fedify vocabulary) and the domain.
 * `toActorObject` renders a local actor; `fromActorObject` reads any remote
 * actor document into what the buurt stores.
 */
import { Buffer } from "node:buffer";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import {
  type Actor as APActor,
  Application,
  CryptographicKey,
  Endpoints,
  Group,
  Image,
  isActor,
  Link,
  type Multikey,
  Object as APObject,
  Organization,
  Person,
  PropertyValue,
  Service,
} from "@fedify/vocab";
import type { RemoteActorInput } from "../../app/ports.ts";
import type { Actor, ActorType, ProfileField } from "../../domain/actor.ts";
import { escapeHtml } from "../../domain/text.ts";
import { toInstant } from "../temporal.ts";
import {
  cleanName,
  cleanUsername,
  httpUrl,
  MAX_FIELD_NAME_LENGTH,
  MAX_FIELD_VALUE_LENGTH,
  MAX_FIELDS,
  MAX_SUMMARY_LENGTH,
  MAX_USERNAME_LENGTH,
  truncate,
} from "./remote-text.ts";

/** Keys of a local actor in both forms Fedify hands out. */
export interface ActorKeys {
  cryptographicKey: CryptographicKey;
  multikey: Multikey;
}

/**
 * Renders a local actor as a `Person` (members) or `Group` (the buurt),
 * with its RSA key as `publicKey` and all keys as FEP-521a `assertionMethod`.
 *
 * @param actor The local actor.
 * @param keys From `ctx.getActorKeyPairs()`; RSA first.
 * @param fields Profile fields to show (e.g. a professional's organisation and function).
 */
export function toActorObject(actor: Actor, keys: ActorKeys[], fields: ProfileField[]): Person | Group {
  const values = {
    id: new URL(actor.iri),
    preferredUsername: actor.username,
    name: actor.name ?? actor.username,
    summary: actor.summary,
    url: actor.url == null ? null : new URL(actor.url),
    inbox: new URL(actor.inboxUrl),
    outbox: actor.outboxUrl == null ? null : new URL(actor.outboxUrl),
    followers: actor.followersUrl == null ? null : new URL(actor.followersUrl),
    following: actor.followingUrl == null ? null : new URL(actor.followingUrl),
    endpoints: actor.sharedInboxUrl == null ? null : new Endpoints({ sharedInbox: new URL(actor.sharedInboxUrl) }),
    icon: actor.iconUrl == null ? null : new Image({ url: new URL(actor.iconUrl) }),
    manuallyApprovesFollowers: actor.manuallyApprovesFollowers,
    discoverable: true,
    indexable: false,
    published: toInstant(actor.createdAt),
    publicKey: keys[0]?.cryptographicKey ?? null,
    assertionMethods: keys.map((k) => k.multikey),
    attachments: fields.map((f) => new PropertyValue({ name: f.name, value: f.value })),
  };
  return actor.type === "Group" ? new Group(values) : new Person(values);
}

/** Names of a professional's profile fields, in the buurt's language (readers elsewhere see these words). */
const PROFESSIONAL_FIELD_NAMES: Record<string, { organisation: string; jobTitle: string }> = {
  nl: { organisation: "Organisatie", jobTitle: "Functie" },
  en: { organisation: "Organisation", jobTitle: "Function" },
};

/**
 * Profile fields a local member shows (Mastodon `PropertyValue`s): a
 * professional's organisation and function.
 * @param language The buurt's language (`nl` or `en`); field names are in it.
 */
export function professionalFields(
  member: { role: string; organisation: string | null; jobTitle: string | null },
  language = "nl",
): ProfileField[] {
  if (member.role !== "professional") return [];
  const names = PROFESSIONAL_FIELD_NAMES[language] ?? PROFESSIONAL_FIELD_NAMES.nl!;
  const fields: ProfileField[] = [];
  if (member.organisation) fields.push({ name: names.organisation, value: escapeHtml(member.organisation) });
  if (member.jobTitle) fields.push({ name: names.jobTitle, value: escapeHtml(member.jobTitle) });
  return fields;
}

function actorTypeOf(actor: APActor): ActorType {
  if (actor instanceof Group) return "Group";
  if (actor instanceof Service) return "Service";
  if (actor instanceof Application) return "Application";
  if (actor instanceof Organization) return "Organization";
  return "Person";
}

function urlOf(value: URL | Link | null | undefined): string | null {
  if (value == null) return null;
  if (value instanceof URL) return value.href;
  return value.href?.href ?? null;
}

async function spkiPem(key: CryptoKey): Promise<string> {
  const der = new Uint8Array(await crypto.subtle.exportKey("spki", key));
  const b64 = Buffer.from(der).toString("base64").replace(/(.{64})/g, "$1\n").trim();
  return `-----BEGIN PUBLIC KEY-----\n${b64}\n-----END PUBLIC KEY-----\n`;
}

/** An actor document as parsed by `parseActorDocument`. */
export interface ParsedActor {
  actor: APActor;
  /** True when the document's keys could not be read and were left out. */
  keysDropped: boolean;
}

/**
 * Parses a fetched actor document with Fedify, tolerating an unreadable key.
 *
 * Fedify reads `publicKey` and `assertionMethod` while parsing and throws
 * on a PEM or Multikey it cannot import (seen in real documents: a PEM with
 * a corrupted header).  Such a document is parsed again without its keys:
 * the profile is still worth storing, and nothing is trusted from it, since
 * Fedify fetches and checks keys itself when it verifies a signature.
 *
 * @param json The document, best prepared with `normaliseReceivedJson`.
 * @param options Loaders for contexts and referenced documents; `baseUrl` for relative ids.
 * @returns The actor, or `null` when the document is not an actor or cannot be parsed at all.
 */
export async function parseActorDocument(
  json: unknown,
  options: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader; baseUrl?: URL } = {},
): Promise<ParsedActor | null> {
  try {
    const object = await APObject.fromJsonLd(json, options);
    return isActor(object) ? { actor: object, keysDropped: false } : null;
  } catch {
    if (json == null || typeof json !== "object" || Array.isArray(json)) return null;
    const { publicKey, assertionMethod, ...rest } = json as Record<string, unknown>;
    if (publicKey === undefined && assertionMethod === undefined) return null;
    try {
      const object = await APObject.fromJsonLd(rest, options);
      return isActor(object) ? { actor: object, keysDropped: true } : null;
    } catch {
      return null;
    }
  }
}

/** Why a remote actor document cannot be stored. */
export type ActorRejection = "no_id" | "no_inbox" | "bad_id";

/**
 * Reads a remote actor document.
 *
 * Tolerant of what real servers send: a missing `preferredUsername` falls
 * back to the last path segment of the id, a missing `name` stays null, a
 * key that cannot be read leaves the key fields null (signatures are
 * checked by Fedify, not from this copy).
 *
 * Careful with what hostile servers send (`remote-text.ts`): URLs other
 * than http(s) are dropped (an inbox that is not http(s) refuses the
 * actor), the name loses bidi overrides and invisible characters, the
 * username any format character, whitespace or `@`, and name, bio and
 * fields are capped in length and number.
 *
 * @param options.documentLoader Signed loader for the rare referenced (not embedded) key or icon.
 * @returns What to store, or why not (no id, no inbox).
 */
export async function fromActorObject(
  actor: APActor,
  options: { documentLoader?: DocumentLoader; contextLoader?: DocumentLoader } = {},
): Promise<{ ok: true; value: RemoteActorInput } | { ok: false; error: ActorRejection }> {
  if (actor.id == null) return { ok: false, error: "no_id" };
  if (actor.id.protocol !== "https:" && actor.id.protocol !== "http:") return { ok: false, error: "bad_id" };
  const inbox = httpUrl(actor.inboxId);
  if (inbox == null) return { ok: false, error: "no_inbox" };
  const loaderOptions = { ...options, suppressError: true };

  const preferred = cleanUsername(actor.preferredUsername?.toString());
  const lastSegment = actor.id.pathname.split("/").filter(Boolean).pop() ?? actor.id.host;
  const fallbackName = (() => {
    try {
      return decodeURIComponent(lastSegment);
    } catch {
      return lastSegment;
    }
  })();
  const username = preferred != null && [...(actor.preferredUsername?.toString() ?? "")].length <= MAX_USERNAME_LENGTH
    ? preferred
    : cleanUsername(fallbackName) ?? actor.id.host;

  let publicKeyId: string | null = actor.publicKeyId?.href ?? null;
  let publicKeyPem: string | null = null;
  try {
    const key = await actor.getPublicKey(loaderOptions);
    if (key?.id != null) publicKeyId = key.id.href;
    if (key?.publicKey != null) publicKeyPem = await spkiPem(key.publicKey);
  } catch {
    // An unreadable key is not fatal here; Fedify fetches keys itself to verify signatures.
  }

  let iconUrl: string | null = null;
  try {
    const icon = await actor.getIcon(loaderOptions);
    iconUrl = httpUrl(urlOf(icon?.url ?? null));
  } catch {
    iconUrl = null;
  }

  const fields: ProfileField[] = [];
  try {
    for await (const a of actor.getAttachments(loaderOptions)) {
      if (fields.length >= MAX_FIELDS) break;
      if (a instanceof PropertyValue && a.name != null && a.value != null) {
        const name = cleanName(a.name.toString(), MAX_FIELD_NAME_LENGTH);
        if (name != null) fields.push({ name, value: truncate(a.value.toString(), MAX_FIELD_VALUE_LENGTH) });
      }
    }
  } catch {
    // Profile fields are decoration; ignore malformed ones.
  }
  const summary = actor.summary?.toString() ?? null;

  return {
    ok: true,
    value: {
      iri: actor.id.href,
      type: actorTypeOf(actor),
      username,
      domain: actor.id.host,
      name: cleanName(actor.name?.toString()),
      summary: summary == null ? null : truncate(summary, MAX_SUMMARY_LENGTH),
      url: httpUrl(urlOf(actor.url)),
      inboxUrl: inbox,
      sharedInboxUrl: httpUrl(actor.endpoints?.sharedInbox),
      followersUrl: httpUrl(actor.followersId),
      followingUrl: httpUrl(actor.followingId),
      outboxUrl: httpUrl(actor.outboxId),
      iconUrl,
      manuallyApprovesFollowers: actor.manuallyApprovesFollowers ?? false,
      publicKeyId,
      publicKeyPem,
      fields,
    },
  };
}
