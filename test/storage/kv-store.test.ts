/**
 * Contract tests of KyselyKvStore (Fedify KvStore, fedify.dev/manual/kv) on
 * every configured dialect: values, prefix listing, TTL with an injected
 * clock, and compare-and-swap including concurrent races.
 */
import type { KvKey } from "@fedify/fedify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { KyselyKvStore } from "../../src/db/kv-store.ts";
import { duration, fakeClock } from "../helpers/temporal.ts";
import { openTestDatabase, type TestDatabase, testDialects } from "../helpers/databases.ts";

async function collect(iterable: AsyncIterable<{ key: KvKey; value: unknown }>) {
  const out: { key: KvKey; value: unknown }[] = [];
  for await (const entry of iterable) out.push(entry);
  return out;
}

describe.each(testDialects())("KyselyKvStore on %s", (dialect) => {
  let database: TestDatabase;
  let clock: ReturnType<typeof fakeClock>;
  let kv: KyselyKvStore;

  beforeEach(async () => {
    database = await openTestDatabase(dialect);

    clock = fakeClock();
    kv = new KyselyKvStore(database, { now: clock.now });
  });

  afterEach(async () => {
    await database.destroy();
  });

  it("stores, reads, overwrites and deletes JSON values", async () => {
    expect(await kv.get(["missing"])).toBeUndefined();
    const value = { name: "Anna", tags: ["a", "b"], nested: { n: 1.5, ok: true, none: null } };
    await kv.set(["user", "1"], value);
    expect(await kv.get(["user", "1"])).toEqual(value);
    await kv.set(["user", "1"], "second");
    expect(await kv.get(["user", "1"])).toBe("second");
    await kv.set(["null"], null);
    expect(await kv.get(["null"])).toBeNull();
    await kv.set(["zero"], 0);
    expect(await kv.get(["zero"])).toBe(0);
    await kv.delete(["user", "1"]);
    expect(await kv.get(["user", "1"])).toBeUndefined();
    await kv.delete(["never-there"]);
    await kv.set(["gone"], 1);
    await kv.set(["gone"], undefined);
    expect(await kv.get(["gone"])).toBeUndefined();
  });

  it("keeps keys apart that a naive join would merge", async () => {
    await kv.set(["a", "b"], 1);
    await kv.set(["a,b"], 2);
    await kv.set(["a:b"], 3);
    expect(await kv.get(["a", "b"])).toBe(1);
    expect(await kv.get(["a,b"])).toBe(2);
    expect(await kv.get(["a:b"])).toBe(3);
  });

  it("lists by prefix: the prefix key itself and its extensions, nothing else", async () => {
    await kv.set(["a"], "a");
    await kv.set(["a", "b"], "ab");
    await kv.set(["a", "b", "c"], "abc");
    await kv.set(["a", "b", "c", "d"], "abcd");
    await kv.set(["a", "bc"], "a-bc");
    await kv.set(["a", "B"], "aB");
    await kv.set(["A", "b"], "Ab");
    await kv.set(["ab"], "ab-single");
    await kv.set(["b"], "b");

    const ab = await collect(kv.list(["a", "b"]));
    expect(ab.map((e) => e.value).sort()).toEqual(["ab", "abc", "abcd"]);
    expect(ab.find((e) => e.value === "abcd")?.key).toEqual(["a", "b", "c", "d"]);

    const a = await collect(kv.list(["a"]));
    expect(a.map((e) => e.key).sort()).toEqual(
      [["a"], ["a", "B"], ["a", "b"], ["a", "b", "c"], ["a", "b", "c", "d"], ["a", "bc"]].sort(),
    );

    expect((await collect(kv.list(["A"]))).map((e) => e.key)).toEqual([["A", "b"]]);
    expect((await collect(kv.list(["a", "B"]))).map((e) => e.value)).toEqual(["aB"]);
    expect(await collect(kv.list(["a", "b", "c", "d", "e"]))).toEqual([]);
    expect(await collect(kv.list(["zzz"]))).toEqual([]);
    expect(await collect(kv.list())).toHaveLength(9);
    expect(await collect(kv.list([] as unknown as KvKey))).toHaveLength(9);
  });

  it("lists keys with SQL wildcards, quotes and non-BMP characters literally", async () => {
    await kv.set(["a%"], 1);
    await kv.set(["ab"], 2);
    await kv.set(["a_", "x"], 3);
    await kv.set(["a\",\"b"], 4);
    await kv.set(["a", "b"], 5);
    await kv.set(["🏠", "x"], 6);
    await kv.set(["🏠x"], 7);

    expect((await collect(kv.list(["a%"]))).map((e) => e.value)).toEqual([1]);
    expect((await collect(kv.list(["a_"]))).map((e) => e.value)).toEqual([3]);
    expect((await collect(kv.list(["a"]))).map((e) => e.value)).toEqual([5]);
    expect((await collect(kv.list(["a\",\"b"]))).map((e) => e.value)).toEqual([4]);
    expect((await collect(kv.list(["🏠"]))).map((e) => e.value)).toEqual([6]);
  });

  it("lists across several batches without losing or repeating entries", async () => {
    const small = new KyselyKvStore(database, { now: clock.now, listBatchSize: 3 });
    for (let i = 0; i < 10; i++) await small.set(["batch", String(i).padStart(2, "0")], i);
    await small.set(["other"], -1);
    const entries = await collect(small.list(["batch"]));
    expect(entries.map((e) => e.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it("expires entries after their TTL by the injected clock, and cleans them up", async () => {
    await kv.set(["ttl", "short"], "s", { ttl: duration({ seconds: 10 }) });
    await kv.set(["ttl", "long"], "l", { ttl: duration({ hours: 1 }) });
    await kv.set(["ttl", "forever"], "f");
    const row = await database.db.selectFrom("kv_entries").select("expires_at")
      .where("key", "=", JSON.stringify(["ttl", "short"])).executeTakeFirstOrThrow();
    expect(row.expires_at).toBe("2030-01-01T00:00:10.000Z");

    clock.advance(9_999);
    expect(await kv.get(["ttl", "short"])).toBe("s");
    clock.advance(1);
    expect(await kv.get(["ttl", "short"])).toBeUndefined();
    expect((await collect(kv.list(["ttl"]))).map((e) => e.value)).toEqual(["f", "l"]);

    clock.advance(2 * 3_600_000);
    expect((await collect(kv.list(["ttl"]))).map((e) => e.value)).toEqual(["f"]);
    expect(await kv.cleanup()).toBe(1); // "short" was already purged by get()
    const keys = await database.db.selectFrom("kv_entries").select("key").execute();
    expect(keys.map((k) => k.key)).toEqual([JSON.stringify(["ttl", "forever"])]);
    expect(await kv.cleanup()).toBe(0);
  });

  it("set without TTL clears an earlier expiry", async () => {
    await kv.set(["k"], 1, { ttl: duration({ seconds: 1 }) });
    await kv.set(["k"], 2);
    clock.advance(60_000);
    expect(await kv.get(["k"])).toBe(2);
  });

  it("cas swaps only when the current value matches structurally", async () => {
    await kv.set(["c"], { a: 1, b: [1, 2] });
    expect(await kv.cas(["c"], { a: 2, b: [1, 2] }, "x")).toBe(false);
    expect(await kv.cas(["c"], { a: 1, b: [2, 1] }, "x")).toBe(false);
    expect(await kv.get(["c"])).toEqual({ a: 1, b: [1, 2] });
    // Same value, different key order and a fresh object.
    expect(await kv.cas(["c"], { b: [1, 2], a: 1 }, { z: 1, y: 2 })).toBe(true);
    expect(await kv.get(["c"])).toEqual({ y: 2, z: 1 });
    expect(await kv.cas(["c"], { y: 2, z: 1 }, "next")).toBe(true);
    expect(await kv.get(["c"])).toBe("next");
    // Absent and null are different.
    await kv.set(["n"], null);
    expect(await kv.cas(["n"], undefined, 1)).toBe(false);
    expect(await kv.cas(["n"], null, 1)).toBe(true);
    expect(await kv.cas(["missing"], null, 1)).toBe(false);
    expect(await kv.get(["missing"])).toBeUndefined();
  });

  it("cas with expected undefined inserts only when absent (or expired)", async () => {
    expect(await kv.cas(["i"], undefined, "first")).toBe(true);
    expect(await kv.cas(["i"], undefined, "second")).toBe(false);
    expect(await kv.get(["i"])).toBe("first");

    await kv.set(["e"], "old", { ttl: duration({ seconds: 5 }) });
    expect(await kv.cas(["e"], undefined, "new")).toBe(false);
    clock.advance(5_000);
    expect(await kv.cas(["e"], "old", "x")).toBe(false); // expired counts as absent
    expect(await kv.cas(["e"], undefined, "new", { ttl: duration({ minutes: 1 }) })).toBe(true);
    expect(await kv.get(["e"])).toBe("new");
    clock.advance(60_000);
    expect(await kv.get(["e"])).toBeUndefined();

    expect(await kv.cas(["absent"], undefined, undefined)).toBe(true);
    expect(await kv.cas(["i"], undefined, undefined)).toBe(false);
  });

  it("cas to undefined deletes (Fedify's nonce consumption)", async () => {
    await kv.set(["nonce", "abc"], true);
    expect(await kv.cas(["nonce", "abc"], true, undefined)).toBe(true);
    expect(await kv.get(["nonce", "abc"])).toBeUndefined();
    expect(await kv.cas(["nonce", "abc"], true, undefined)).toBe(false);
  });

  it("cas stores the new value with the given TTL", async () => {
    await kv.set(["t"], 1);
    expect(await kv.cas(["t"], 1, 2, { ttl: duration({ seconds: 30 }) })).toBe(true);
    clock.advance(29_999);
    expect(await kv.get(["t"])).toBe(2);
    clock.advance(1);
    expect(await kv.get(["t"])).toBeUndefined();
  });

  it("lets exactly one of many concurrent cas calls win", async () => {
    await kv.set(["race"], { v: 0 });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => kv.cas(["race"], { v: 0 }, { v: i + 1 })),
    );
    const winners = results.flatMap((won, i) => (won ? [i + 1] : []));
    expect(winners).toHaveLength(1);
    expect(await kv.get(["race"])).toEqual({ v: winners[0] });
  });

  it("lets exactly one of many concurrent insert-if-absent cas calls win", async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => kv.cas(["fresh"], undefined, i)),
    );
    const winners = results.flatMap((won, i) => (won ? [i] : []));
    expect(winners).toHaveLength(1);
    expect(await kv.get(["fresh"])).toBe(winners[0]);
  });

  it("counts correctly when concurrent workers increment with cas retry loops", async () => {
    // Separate store instances, as separate processes would have.
    const stores = Array.from({ length: 5 }, () => new KyselyKvStore(database));
    await kv.set(["counter"], 0);
    await Promise.all(stores.map(async (store) => {
      for (let i = 0; i < 8; i++) {
        for (;;) {
          const current = (await store.get<number>(["counter"]))!;
          if (await store.cas(["counter"], current, current + 1)) break;
        }
      }
    }));
    expect(await kv.get(["counter"])).toBe(40);
  });
});
