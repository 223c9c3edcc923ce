/**
 * Instants for Fedify's vocabulary objects (`published`, `updated`,
 * `deleted`).
 *
 * Fedify 2.3 declares these with TypeScript's ambient `Temporal` namespace
 * (`lib.esnext.temporal`, TypeScript 6) and accepts, at run time, a value
 * from any spec-conformant implementation.  Node 24 has no native Temporal,
 * so values come from `@js-temporal/polyfill` everywhere; its declared
 * classes are not structurally the ambient ones (Deno's checker, on
 * TypeScript 6, rejects them).  Fedify's own guard — the check its
 * constructors run — bridges the two without a type assertion.
 */
import type { Note } from "@fedify/vocab";
import { isTemporalInstant } from "@fedify/vocab-runtime/temporal";
import { Temporal } from "@js-temporal/polyfill";

/** The `Temporal.Instant` type Fedify's vocabulary declares. */
export type Instant = NonNullable<Note["published"]>;

/**
 * Parses ISO-8601 text into an instant Fedify accepts.
 * @throws {RangeError} When the text is not an ISO-8601 instant.
 */
export function toInstant(iso: string): Instant {
  return forFedify(Temporal.Instant.from(iso));
}

/** The current instant, for Fedify's vocabulary. */
export function nowInstant(): Instant {
  return forFedify(Temporal.Now.instant());
}

function forFedify(instant: Temporal.Instant): Instant {
  if (!isTemporalInstant(instant)) throw new TypeError("The Temporal polyfill returned no Temporal.Instant.");
  return instant;
}

/** An instant as ISO-8601 UTC text with milliseconds (the format the database stores). */
export function instantText(value: Instant | null | undefined): string | null {
  return value == null ? null : new Date(value.epochMilliseconds).toISOString();
}
