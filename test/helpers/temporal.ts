/**
 * Time in tests: durations for code typed against Fedify's declarations
 * (the ambient `Temporal` of TypeScript 6), made with the polyfill Node
 * needs (see src/federation/temporal.ts for why the bridge is a runtime
 * guard), and a settable clock for the stores that take one.
 */
import type { KvStoreSetOptions } from "@fedify/fedify";
import { isTemporalDuration } from "@fedify/vocab-runtime/temporal";
import { Temporal } from "@js-temporal/polyfill";

/** The `Temporal.Duration` type Fedify's interfaces declare. */
export type Duration = NonNullable<KvStoreSetOptions["ttl"]>;

/** A duration Fedify's interfaces accept, e.g. `duration({ seconds: 10 })`. */
export function duration(like: Temporal.DurationLike): Duration {
  const value = Temporal.Duration.from(like);
  if (!isTemporalDuration(value)) throw new TypeError("The Temporal polyfill returned no Temporal.Duration.");
  return value;
}

/**
 * A settable clock in the storage format (ISO-8601 UTC text), for the
 * `now` option of the key-value store and the queue: `advance` moves it,
 * `plus` reads an instant ahead without moving it.
 */
export function fakeClock(start = "2030-01-01T00:00:00.000Z") {
  let ms = Date.parse(start);
  return {
    now: () => new Date(ms).toISOString(),
    advance(by: number) {
      ms += by;
    },
    plus: (by: number) => new Date(ms + by).toISOString(),
  };
}
