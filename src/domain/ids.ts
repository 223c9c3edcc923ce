import { v7 } from "uuid";

/**
 * A new time-ordered identifier (UUIDv7, RFC 9562 §5.7), generated before
 * insert so an object's IRI is known before it is stored.
 *
 * @returns 36-character lower-case UUID text; later calls sort after earlier ones.
 */
export function newId(): string {
  return v7();
}

/** The current instant as ISO-8601 UTC text with milliseconds, the storage format of every timestamp. */
export function nowIso(): string {
  return new Date().toISOString();
}
