/**
 * Fedify's key–value store (fedify.dev/manual/kv, "Implement the KvStore
 * interface") over the `kv_entries` table, for SQLite and PostgreSQL alike.
 *
 * Storage format: `key` is the JSON text of the key array (`["a","b"]`),
 * `value` the canonical JSON text of the value (object keys sorted, so equal
 * values have equal text and `cas` can compare in SQL), `expires_at` an
 * ISO-8601 UTC instant or `NULL` for "never".  An expired row is treated as
 * absent by every method and purged lazily (on `get`, `cas`) or in bulk by
 * {@link KyselyKvStore.cleanup}.
 */
import type { KvKey, KvStore, KvStoreListEntry, KvStoreSetOptions } from "@fedify/fedify";
import type { Expression, ExpressionBuilder, Kysely, SqlBool } from "kysely";
import { nowIso } from "../domain/ids.ts";
import type { DatabaseHandle } from "./database.ts";
import type { Database } from "./schema.ts";

/** Options of {@link KyselyKvStore}. */
export interface KyselyKvStoreOptions {
  /**
   * The clock: the current instant as ISO-8601 UTC text (the format of
   * {@link nowIso}, its default).  Injected by tests to expire entries
   * without sleeping.
   */
  now?: () => string;
  /** Rows fetched per round trip by `list()` (default 500). */
  listBatchSize?: number;
}

/**
 * Options of `set` and `cas`: Fedify's `KvStoreSetOptions`, whose `ttl` is a
 * `Temporal.Duration` (time to live; the entry reads as absent once it has
 * passed).  Calendar units (months, years) are not supported.
 */
export type KvSetOptions = KvStoreSetOptions;

/**
 * Serializes a value to canonical JSON: like `JSON.stringify` (so `toJSON`
 * is honoured and `undefined` properties vanish) but with every object's keys
 * in sorted order, so structurally equal values give identical text.
 *
 * @param value Any JSON-serializable value, not `undefined`.
 * @returns The canonical JSON text.
 * @throws {TypeError} For values JSON cannot represent (`BigInt`, cycles).
 */
export function canonicalJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    const entries = Object.entries(v as Record<string, unknown>);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
  if (text === undefined) throw new TypeError(`Value cannot be stored as JSON: ${String(value)}`);
  return text;
}

/** Encodes a key array as stored in `kv_entries.key`. */
function encodeKey(key: KvKey | readonly string[]): string {
  return JSON.stringify(key);
}

/** Number of Unicode code points in `text` (what SQLite's and PostgreSQL's `substr` count). */
function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * A `KvStore` for Fedify backed by the `kv_entries` table.
 *
 * Follows Fedify's `KvStore` contract (fedify.dev/manual/kv) including the
 * optional `cas`, which is atomic on both dialects: each case is a single
 * conditional SQL statement (PostgreSQL re-checks the condition on the latest
 * row version after a concurrent writer commits; SQLite serializes writes),
 * so Fedify's circuit breaker and nonce checks work across processes.
 */
export class KyselyKvStore implements KvStore {
  readonly #db: Kysely<Database>;
  readonly #now: () => string;
  readonly #batchSize: number;

  /**
   * @param database An open, migrated database (`openDatabase`), SQLite or PostgreSQL.
   * @param options Clock and batch size; see {@link KyselyKvStoreOptions}.
   */
  constructor(database: Pick<DatabaseHandle, "db">, options: KyselyKvStoreOptions = {}) {
    this.#db = database.db;
    this.#now = options.now ?? nowIso;
    this.#batchSize = Math.max(1, options.listBatchSize ?? 500);
  }

  /**
   * Reads the value stored under `key`.
   *
   * @returns The parsed JSON value, or `undefined` when the key is absent or
   *   expired (an expired row is deleted on the way).
   */
  async get<T = unknown>(key: KvKey): Promise<T | undefined> {
    const encoded = encodeKey(key);
    const now = this.#now();
    const row = await this.#db
      .selectFrom("kv_entries")
      .select(["value", "expires_at"])
      .where("key", "=", encoded)
      .executeTakeFirst();
    if (row == null) return undefined;
    if (row.expires_at != null && row.expires_at <= now) {
      await this.#purgeExpired(encoded, now);
      return undefined;
    }
    return JSON.parse(row.value) as T;
  }

  /**
   * Stores `value` under `key`, replacing any previous value and expiry.
   * Storing `undefined` deletes the key (reads return `undefined` either way).
   *
   * @param options.ttl Optional time to live (Temporal.Duration).
   * @throws {TypeError} When the value cannot be serialized to JSON.
   */
  async set(key: KvKey, value: unknown, options?: KvSetOptions): Promise<void> {
    if (value === undefined) return await this.delete(key);
    const row = { key: encodeKey(key), value: canonicalJson(value), expires_at: this.#expiry(options) };
    await this.#db
      .insertInto("kv_entries")
      .values(row)
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: row.value, expires_at: row.expires_at }))
      .execute();
  }

  /** Removes `key`; a missing key is not an error. */
  async delete(key: KvKey): Promise<void> {
    await this.#db.deleteFrom("kv_entries").where("key", "=", encodeKey(key)).execute();
  }

  /**
   * Atomic compare-and-swap (Fedify `KvStore.cas`, since 1.8).
   *
   * Values are compared structurally via their canonical JSON, so
   * `{a:1,b:2}` matches `{b:2,a:1}`.  `undefined` means "absent": an
   * `expectedValue` of `undefined` succeeds only when the key is absent or
   * expired (race-free insert-if-absent), and a `newValue` of `undefined`
   * deletes the key on success (Fedify consumes nonces this way).
   *
   * @param options.ttl Time to live of the new value (ignored when deleting).
   * @returns `true` when the value matched and was replaced, `false` otherwise.
   * @throws {TypeError} When a value cannot be serialized to JSON.
   */
  async cas(key: KvKey, expectedValue: unknown, newValue: unknown, options?: KvSetOptions): Promise<boolean> {
    const encoded = encodeKey(key);
    const now = this.#now();
    if (expectedValue === undefined) {
      if (newValue === undefined) {
        // "Swap absent for absent": true iff nothing live is stored.
        await this.#purgeExpired(encoded, now);
        const live = await this.#db
          .selectFrom("kv_entries")
          .select("key")
          .where("key", "=", encoded)
          .executeTakeFirst();
        return live == null;
      }
      const row = { key: encoded, value: canonicalJson(newValue), expires_at: this.#expiry(options) };
      // One statement: insert, or take over a row that has expired.  A live
      // row (even one inserted concurrently) makes this a no-op.
      const result = await this.#db
        .insertInto("kv_entries")
        .values(row)
        .onConflict((oc) =>
          oc.column("key")
            .doUpdateSet({ value: row.value, expires_at: row.expires_at })
            .where((eb) => this.#expired(eb, now))
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    }
    const expected = canonicalJson(expectedValue);
    if (newValue === undefined) {
      const result = await this.#db
        .deleteFrom("kv_entries")
        .where("key", "=", encoded)
        .where("value", "=", expected)
        .where((eb) => this.#live(eb, now))
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    }
    const result = await this.#db
      .updateTable("kv_entries")
      .set({ value: canonicalJson(newValue), expires_at: this.#expiry(options) })
      .where("key", "=", encoded)
      .where("value", "=", expected)
      .where((eb) => this.#live(eb, now))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  /**
   * Lists live entries whose key starts with `prefix` (Fedify `KvStore.list`,
   * since 1.10), in key-text order, fetched in batches.
   *
   * Matching is per whole key element and case-sensitive on both dialects:
   * prefix `["a","b"]` yields `["a","b"]` itself and `["a","b",…]`, never
   * `["a","bc"]` or `["A","b"]`.  (No `LIKE`: its wildcards and SQLite's
   * case-folding would be wrong; the JSON prefix is compared with `substr`.)
   *
   * @param prefix Key prefix; omitted or empty lists every entry.
   */
  async *list(prefix?: KvKey | readonly string[]): AsyncIterable<KvStoreListEntry> {
    const exact = prefix == null || prefix.length === 0 ? null : encodeKey(prefix);
    // `["a","b"]` → children start with `["a","b",`.
    const childPrefix = exact == null ? null : `${exact.slice(0, -1)},`;
    const childLength = childPrefix == null ? 0 : codePointLength(childPrefix);
    let after: string | null = null;
    for (;;) {
      const now = this.#now();
      let query = this.#db
        .selectFrom("kv_entries")
        .select(["key", "value"])
        .where((eb) => this.#live(eb, now))
        .orderBy("key")
        .limit(this.#batchSize);
      if (exact != null && childPrefix != null) {
        query = query.where((eb) =>
          eb.or([
            eb("key", "=", exact),
            eb(eb.fn<string>("substr", ["key", eb.lit(1), eb.lit(childLength)]), "=", childPrefix),
          ])
        );
      }
      if (after != null) query = query.where("key", ">", after);
      const rows = await query.execute();
      for (const row of rows) {
        yield { key: JSON.parse(row.key) as KvKey, value: JSON.parse(row.value) as unknown };
      }
      if (rows.length < this.#batchSize) return;
      after = rows[rows.length - 1]!.key;
    }
  }

  /**
   * Deletes every expired entry.
   *
   * @returns How many rows were removed.
   */
  async cleanup(): Promise<number> {
    const now = this.#now();
    const result = await this.#db
      .deleteFrom("kv_entries")
      .where((eb) => this.#expired(eb, now))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes `key` if (and only if) it has expired by `now`. */
  async #purgeExpired(encoded: string, now: string): Promise<void> {
    await this.#db
      .deleteFrom("kv_entries")
      .where("key", "=", encoded)
      .where((eb) => this.#expired(eb, now))
      .execute();
  }

  /** The `expires_at` to store for a write made now with `options`. */
  #expiry(options: KvSetOptions | undefined): string | null {
    if (options?.ttl == null) return null;
    const ms = options.ttl.total({ unit: "millisecond" });
    return new Date(Date.parse(this.#now()) + Math.max(0, ms)).toISOString();
  }

  /** SQL condition: the row has not expired at `now`. */
  #live(eb: ExpressionBuilder<Database, "kv_entries">, now: string): Expression<SqlBool> {
    return eb.or([eb("kv_entries.expires_at", "is", null), eb("kv_entries.expires_at", ">", now)]);
  }

  /** SQL condition: the row has expired at `now`. */
  #expired(eb: ExpressionBuilder<Database, "kv_entries">, now: string): Expression<SqlBool> {
    return eb.and([eb("kv_entries.expires_at", "is not", null), eb("kv_entries.expires_at", "<=", now)]);
  }
}
