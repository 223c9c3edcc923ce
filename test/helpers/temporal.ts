/**
 * Durations for tests of code typed against Fedify's declarations (the
 * ambient `Temporal` of TypeScript 6), made with the polyfill Node needs.
 * See src/federation/temporal.ts for why the bridge is a runtime guard.
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
