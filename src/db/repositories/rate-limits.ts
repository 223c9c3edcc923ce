import type { Kysely } from "kysely";
import type { RateCounter, RateLimitStore } from "../../app/ports.ts";
import type { Database } from "../schema.ts";

/** First element of every rate-limit key in `kv_entries`, apart from Fedify's own (`_fedify`). */
const PREFIX = ["buurt", "rate"];

/**
 * Fixed-window counters in the `kv_entries` table (the same table and row
 * format as `KyselyKvStore`: key = JSON text of the key array, value = JSON
 * text `{"count":n}`, `expires_at` = end of the window), so several web
 * processes on one database share them and they vanish with the window.
 *
 * Each change is one conditional SQL statement compared against the row it
 * read (insert-if-absent-or-expired, or update-if-unchanged), retried when a
 * concurrent request got there first: no count is lost on SQLite or
 * PostgreSQL.
 */
export class KyselyRateLimitStore implements RateLimitStore {
  readonly #now: () => number;

  /** @param options.now Clock in epoch milliseconds (tests). */
  constructor(private readonly db: Kysely<Database>, options: { now?: () => number } = {}) {
    this.#now = options.now ?? Date.now;
  }

  async hit(key: readonly string[], windowMs: number): Promise<RateCounter> {
    const encoded = JSON.stringify([...PREFIX, ...key]);
    for (let attempt = 0; attempt < 20; attempt++) {
      const now = new Date(this.#now()).toISOString();
      const row = await this.db.selectFrom("kv_entries").select(["value", "expires_at"])
        .where("key", "=", encoded).executeTakeFirst();
      if (row == null || row.expires_at == null || row.expires_at <= now) {
        const resetAt = new Date(this.#now() + windowMs).toISOString();
        const value = JSON.stringify({ count: 1 });
        const result = await this.db.insertInto("kv_entries")
          .values({ key: encoded, value, expires_at: resetAt })
          .onConflict((oc) =>
            oc.column("key").doUpdateSet({ value, expires_at: resetAt })
              .where((eb) => eb.or([eb("kv_entries.expires_at", "is", null), eb("kv_entries.expires_at", "<=", now)]))
          )
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0n) > 0) return { count: 1, resetAt };
        continue;
      }
      const count = readCount(row.value) + 1;
      const result = await this.db.updateTable("kv_entries")
        .set({ value: JSON.stringify({ count }) })
        .where("key", "=", encoded)
        .where("value", "=", row.value)
        .where("expires_at", "=", row.expires_at)
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) return { count, resetAt: row.expires_at };
    }
    throw new Error(`Rate-limit counter ${encoded} kept changing under contention`);
  }

  async peek(key: readonly string[]): Promise<RateCounter | null> {
    const row = await this.db.selectFrom("kv_entries").select(["value", "expires_at"])
      .where("key", "=", JSON.stringify([...PREFIX, ...key])).executeTakeFirst();
    const now = new Date(this.#now()).toISOString();
    if (row == null || row.expires_at == null || row.expires_at <= now) return null;
    return { count: readCount(row.value), resetAt: row.expires_at };
  }

  async clear(key: readonly string[]): Promise<void> {
    await this.db.deleteFrom("kv_entries").where("key", "=", JSON.stringify([...PREFIX, ...key])).execute();
  }
}

function readCount(value: string): number {
  try {
    const parsed = JSON.parse(value) as { count?: unknown };
    return typeof parsed.count === "number" && Number.isFinite(parsed.count) ? parsed.count : 0;
  } catch {
    return 0;
  }
}
