/**
 * JSON-LD details of fetched ActivityStreams documents that Fedify leaves to
 * the application.
 *
 * Only for documents buurt *fetches* (an actor profile): an inbound POST body
 * is never rewritten, because its `Digest` header and HTTP signature cover
 * the exact bytes.
 */

/** The normative ActivityStreams 2.0 context IRI. */
export const ACTIVITYSTREAMS_CONTEXT = "https://www.w3.org/ns/activitystreams";

/** Spellings of the AS2 context IRI seen in the wild (some servers use http://). */
const AS2_CONTEXT_IRIS = new Set([ACTIVITYSTREAMS_CONTEXT, "http://www.w3.org/ns/activitystreams"]);

function referencesActivityStreams(context: unknown): boolean {
  if (typeof context === "string") return AS2_CONTEXT_IRIS.has(context);
  if (Array.isArray(context)) return context.some((c) => typeof c === "string" && AS2_CONTEXT_IRIS.has(c));
  return false;
}

/**
 * Applies ActivityStreams 2.0 Core §2.1: a document "that does not contain a
 * `@context` property whose value includes a reference to the normative
 * Activity Streams 2.0 JSON-LD `@context` definition" must be read as if that
 * context applied.  A JSON-LD processor (Fedify) otherwise drops every term
 * of such a document: it would have no type, no inbox, no content.
 *
 * The AS2 context is put *first*, so the document's own term definitions
 * still override it.  A document that already references AS2 is returned
 * unchanged (the same object).
 *
 * @param document Parsed JSON (any JSON value; only objects are changed).
 * @returns The same value when nothing had to change, otherwise a shallow copy
 *   with `@context` = `[AS2, …original contexts]`.
 */
export function withActivityStreamsContext<T>(document: T): T {
  if (document == null || typeof document !== "object" || Array.isArray(document)) return document;
  const record = document as Record<string, unknown>;
  const context = record["@context"];
  if (referencesActivityStreams(context)) return document;
  const rest = context == null ? [] : Array.isArray(context) ? context : [context];
  return { ...record, "@context": [ACTIVITYSTREAMS_CONTEXT, ...rest] } as T;
}

function hasNullId(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasNullId);
  if (value == null || typeof value !== "object") return false;
  return Object.entries(value).some(([k, v]) => ((k === "id" || k === "@id") && v === null) || hasNullId(v));
}

function withoutNullIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNullIds);
  if (value == null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).filter(([k, v]) => !((k === "id" || k === "@id") && v === null))
      .map(([k, v]) => [k, k === "@context" ? v : withoutNullIds(v)]),
  );
}

/**
 * Prepares a fetched ActivityStreams document for a JSON-LD processor, the
 * way a plain-JSON reader (Mastodon) would understand it:
 *
 * 1. the AS2 context is assumed where it is missing (`withActivityStreamsContext`);
 * 2. `"id": null` is read as an absent id.  BookWyrm sends it on book-cover
 *    attachments, and jsonld.js aborts the whole document on it
 *    ("@id value must a string").
 *
 * @param document Parsed JSON of a fetched document.
 * @returns The same value when nothing had to change, otherwise a copy.
 */
export function normaliseReceivedJson<T>(document: T): T {
  const withContext = withActivityStreamsContext(document);
  return hasNullId(withContext) ? withoutNullIds(withContext) as T : withContext;
}
