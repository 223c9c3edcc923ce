/**
 * Contract tests of KyselyMessageQueue (Fedify MessageQueue with native
 * retries, fedify.dev/manual/mq) on every configured dialect: delivery,
 * back-off and giving up (with an injected clock), operator helpers, leases
 * and crash recovery, several workers on one database, ordering keys,
 * delays, wake-up and shutdown.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.ts";
import {
  deliveryRetrySchedule,
  inboxRetrySchedule,
  KyselyMessageQueue,
  type KyselyMessageQueueOptions,
  summarizeSchedule,
} from "../../src/db/message-queue.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";
import { duration, fakeClock } from "../helpers/temporal.ts";
import {
  createTestDatabaseConfig,
  openTestDatabase,
  type TestDatabase,
  testDialects,
} from "../helpers/databases.ts";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** A promise with its resolve function, to hold a handler open or signal from one. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** Polls `condition` until it holds (10 s at most): waits for an outcome, asserts no timing. */
async function waitFor(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

function outboxMessage(n: number) {
  return { type: "outbox", inbox: `https://remote.example/users/${n}/inbox`, activityId: `https://buurt.example/activities/${n}` };
}

describe.each(testDialects())("KyselyMessageQueue on %s", (dialect) => {
  let database: TestDatabase;
  let clock: ReturnType<typeof fakeClock>;
  const controllers: AbortController[] = [];
  const listeners: Promise<void>[] = [];

  beforeEach(async () => {
    database = await openTestDatabase(dialect);

    clock = fakeClock();
  });

  afterEach(async () => {
    for (const c of controllers.splice(0)) c.abort();
    await Promise.all(listeners.splice(0));
    await database.destroy();
  });

  function queue(options: KyselyMessageQueueOptions = {}, handle: Pick<DatabaseHandle, "db" | "dialect"> = database) {
    return new KyselyMessageQueue(handle, { now: clock.now, pollIntervalMs: 10, ...options });
  }

  /** Starts `q.listen(handler)`; stopped (and awaited) after the test. */
  function listen(q: KyselyMessageQueue, handler: (message: any) => Promise<void> | void) {
    const controller = new AbortController();
    controllers.push(controller);
    const done = q.listen(handler, { signal: controller.signal });
    listeners.push(done);
    return { controller, done };
  }

  async function rows() {
    return await database.db.selectFrom("queue_messages").selectAll().orderBy("id").execute();
  }

  it("hands an enqueued message to the listener and deletes the row afterwards", async () => {
    const q = queue();
    const got = deferred<unknown>();
    const { controller, done } = listen(q, (message) => got.resolve(message));
    await q.enqueue(outboxMessage(1));
    expect(await got.promise).toEqual(outboxMessage(1));
    await waitFor(async () => (await rows()).length === 0, "the row to be deleted");
    controller.abort();
    await done;
    expect(await rows()).toEqual([]);
  });

  it("keeps a failed message with attempts 1 and a later run_at, then succeeds on retry", async () => {
    const q = queue();
    await q.enqueue(outboxMessage(1));
    let calls = 0;
    const handled = await q.processReady(() => {
      calls++;
      throw new Error("remote said 502");
    });
    expect(handled).toBe(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "ready", attempts: 1, run_at: clock.plus(MINUTE), locked_by: null, locked_until: null });
    expect(row!.last_error).toContain("remote said 502");

    // Not before its time.
    clock.advance(MINUTE - 1);
    expect(await q.processReady(() => {
      calls++;
    })).toBe(0);
    clock.advance(1);
    expect(await q.processReady(() => {
      calls++;
    })).toBe(1);
    expect(calls).toBe(2);
    expect(await rows()).toEqual([]);
  });

  it("chooses the back-off by message type", async () => {
    const q = queue();
    await q.enqueue({ type: "inbox", activity: {} });
    await q.enqueue({ type: "fanout", activityId: "x" });
    await q.enqueue({ type: "something-else" });
    await q.processReady(async () => {
      await Promise.resolve();
      throw new Error("no");
    });
    const byType = Object.fromEntries((await rows()).map((r) => [JSON.parse(r.payload).type, r.run_at]));
    expect(byType).toEqual({
      inbox: clock.plus(30_000),
      fanout: clock.plus(MINUTE),
      "something-else": clock.plus(30_000),
    });
  });

  it("documents the default schedules: deliveries ≈ 2.2 days over 14 attempts, inbox ≈ 1 h over 8", () => {
    expect(summarizeSchedule(deliveryRetrySchedule)).toEqual({ attempts: 14, totalDelayMs: 3183 * MINUTE });
    expect(summarizeSchedule(inboxRetrySchedule)).toEqual({ attempts: 8, totalDelayMs: 3810_000 });
    expect([1, 2, 10, 11, 13].map(deliveryRetrySchedule)).toEqual([MINUTE, 2 * MINUTE, 512 * MINUTE, 12 * HOUR, 12 * HOUR]);
    expect(deliveryRetrySchedule(14)).toBeNull();
    expect(inboxRetrySchedule(7)).toBe(32 * MINUTE);
    expect(inboxRetrySchedule(8)).toBeNull();
  });

  it("marks a message failed when its schedule is exhausted; listFailed shows it and retryFailed runs it again", async () => {
    const q = queue();
    await q.enqueue(outboxMessage(7), { orderingKey: "k" });
    let attempts = 0;
    const failing = () => {
      attempts++;
      throw new Error(`attempt ${attempts} failed`);
    };
    for (let i = 0; i < 20; i++) {
      await q.processReady(failing);
      clock.advance(12 * HOUR);
    }
    expect(attempts).toBe(14);
    const [row] = await rows();
    expect(row).toMatchObject({ status: "failed", attempts: 14, locked_by: null });
    expect(await q.getDepth()).toEqual({ queued: 0, ready: 0, delayed: 0 });

    const failed = await q.listFailed(10);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: row!.id, message: outboxMessage(7), orderingKey: "k", attempts: 14 });
    expect(failed[0]!.lastError).toContain("attempt 14 failed");

    expect(await q.retryFailed("no-such-id")).toBe(false);
    expect(await q.retryFailed(row!.id)).toBe(true);
    expect(await q.retryFailed(row!.id)).toBe(false);
    expect((await rows())[0]).toMatchObject({ status: "ready", attempts: 0 });
    const seen: unknown[] = [];
    expect(await q.processReady((m) => {
      seen.push(m);
    })).toBe(1);
    expect(seen).toEqual([outboxMessage(7)]);
    expect(await q.listFailed()).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it("uses custom schedules and purges failed messages older than a cutoff", async () => {
    const q = queue({ retrySchedules: { inbox: () => null } });
    await q.enqueue({ type: "inbox", n: 1 });
    await q.processReady(() => Promise.reject(new Error("bad signature")));
    clock.advance(HOUR);
    await q.enqueue({ type: "inbox", n: 2 });
    await q.processReady(() => Promise.reject(new Error("bad signature")));
    expect((await q.listFailed()).map((f) => (f.message as { n: number }).n)).toEqual([2, 1]);

    expect(await q.purgeFailed(clock.plus(-30 * MINUTE))).toBe(1);
    expect((await q.listFailed()).map((f) => (f.message as { n: number }).n)).toEqual([2]);
    expect(await q.purgeFailed(new Date(Date.parse(clock.now()) + 1))).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it("respects delay: a message is not handled before its run_at", async () => {
    const q = queue();
    await q.enqueue(outboxMessage(1), { delay: duration({ seconds: 30 }) });
    expect((await rows())[0]!.run_at).toBe(clock.plus(30_000));
    expect(await q.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
    const seen: unknown[] = [];
    const handler = (m: unknown) => {
      seen.push(m);
    };
    expect(await q.processReady(handler)).toBe(0);
    clock.advance(29_999);
    expect(await q.processReady(handler)).toBe(0);
    clock.advance(1);
    expect(await q.getDepth()).toEqual({ queued: 1, ready: 1, delayed: 0 });
    expect(await q.processReady(handler)).toBe(1);
    expect(seen).toEqual([outboxMessage(1)]);
  });

  it("reports depth without messages being handled or failed", async () => {
    const q = queue({ retrySchedules: { other: () => null } });
    await q.enqueueMany([outboxMessage(1), outboxMessage(2)]);
    await q.enqueue(outboxMessage(3), { delay: duration({ minutes: 5 }) });
    await q.enqueue({ type: "doomed" });
    await q.enqueue({ type: "slow" });
    expect(await q.getDepth()).toEqual({ queued: 5, ready: 4, delayed: 1 });

    const release = deferred();
    const started = deferred();
    const running = q.processReady(async (m: { type: string }) => {
      if (m.type === "doomed") throw new Error("never works");
      if (m.type === "slow") {
        started.resolve();
        await release.promise;
      }
    });
    await started.promise;
    // "slow" is leased (in flight): not counted; "doomed" failed: not counted.
    expect(await q.getDepth()).toEqual({ queued: 1, ready: 0, delayed: 1 });
    release.resolve();
    expect(await running).toBe(4);
  });

  it("delivers a message enqueued before a restart exactly once after it", async () => {
    const target = await createTestDatabaseConfig(dialect);
    try {
      const first = openDatabase(target.config, { poolSize: 2 });

      await migrateToLatest(first.db);
      await new KyselyMessageQueue(first).enqueue(outboxMessage(42));
      await first.close();

      const second = openDatabase(target.config, { poolSize: 2 });

      try {
        const b = new KyselyMessageQueue(second, { pollIntervalMs: 10 });
        const seen: unknown[] = [];
        const controller = new AbortController();
        const done = b.listen((m) => {
          seen.push(m);
        }, { signal: controller.signal });
        await waitFor(() => seen.length > 0, "the message after restart");
        await waitFor(async () => (await second.db.selectFrom("queue_messages").select("id").execute()).length === 0, "deletion");
        controller.abort();
        await done;
        expect(seen).toEqual([outboxMessage(42)]);
      } finally {
        await second.close();
      }
    } finally {
      await target.drop();
    }
  });

  it("re-claims the message of a crashed worker once its lease has expired", async () => {
    const a = queue({ workerId: "worker-a", leaseMs: 5 * MINUTE });
    const b = queue({ workerId: "worker-b", leaseMs: 5 * MINUTE });
    await a.enqueue(outboxMessage(1));
    const hang = deferred();
    const started = deferred();
    // Worker A claims the message and then "crashes" (its handler never returns in time).
    const aRun = a.processReady(async () => {
      started.resolve();
      await hang.promise;
    });
    await started.promise;
    expect((await rows())[0]).toMatchObject({ locked_by: "worker-a", locked_until: clock.plus(5 * MINUTE) });

    const seenByB: unknown[] = [];
    const bHandler = (m: unknown) => {
      seenByB.push(m);
    };
    expect(await b.processReady(bHandler)).toBe(0); // lease still live
    clock.advance(5 * MINUTE);
    expect(await b.processReady(bHandler)).toBe(1);
    expect(seenByB).toEqual([outboxMessage(1)]);
    expect(await rows()).toEqual([]);

    // A finally returns: its outcome must not resurrect or disturb anything.
    hang.resolve();
    expect(await aRun).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it("renews the lease while a slow handler runs", async () => {
    const a = queue({ workerId: "worker-a", leaseMs: 150 });
    const b = queue({ workerId: "worker-b", leaseMs: 150 });
    await a.enqueue(outboxMessage(1));
    const hang = deferred();
    const started = deferred();
    const aRun = a.processReady(async () => {
      started.resolve();
      await hang.promise;
    });
    await started.promise;
    clock.advance(MINUTE); // the original lease is long gone by this clock
    const renewed = clock.plus(150);
    await waitFor(async () => (await rows())[0]?.locked_until === renewed, "the lease to be renewed");
    expect(await b.processReady(() => {})).toBe(0);
    hang.resolve();
    expect(await aRun).toBe(1);
    expect(await rows()).toEqual([]);
  });

  it("never hands one message to two workers sharing the database", async () => {
    const handles = [openDatabase(database.config, { poolSize: 4 }), openDatabase(database.config, { poolSize: 4 })];

    try {
      const counts = new Map<number, number>();
      const byWorker = [0, 0];
      const handler = (worker: number) => async (m: { n: number }) => {
        counts.set(m.n, (counts.get(m.n) ?? 0) + 1);
        byWorker[worker]!++;
        await new Promise((r) => setImmediate(r));
      };
      const workers = handles.map((h) => new KyselyMessageQueue(h, { now: clock.now, pollIntervalMs: 5, concurrency: 4 }));
      const producer = queue();
      const runs = workers.map((w, i) => listen(w, handler(i)));
      for (let n = 0; n < 50; n += 10) {
        await producer.enqueueMany(Array.from({ length: 10 }, (_, i) => ({ type: "outbox", n: n + i })));
      }
      await waitFor(() => counts.size === 50, "all 50 messages");
      await waitFor(async () => (await rows()).length === 0, "all rows deleted");
      for (const r of runs) r.controller.abort();
      await Promise.all(runs.map((r) => r.done));
      expect([...counts.keys()].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
      expect([...counts.values()].every((c) => c === 1)).toBe(true);
      expect(byWorker[0]! + byWorker[1]!).toBe(50);
    } finally {
      for (const h of handles) await h.close();
    }
  });

  it("handles messages of one ordering key one at a time, in enqueue order", async () => {
    const q = queue({ concurrency: 4 });
    const order: Record<string, number[]> = { a: [], b: [], none: [] };
    const active: Record<string, number> = { a: 0, b: 0, none: 0 };
    let overlap = false;
    for (let i = 0; i < 6; i++) {
      await q.enqueue({ type: "outbox", key: "a", i }, { orderingKey: "a" });
      await q.enqueue({ type: "outbox", key: "b", i }, { orderingKey: "b" });
      await q.enqueue({ type: "outbox", key: "none", i });
    }
    await q.enqueueMany([6, 7, 8].map((i) => ({ type: "outbox", key: "a", i })), { orderingKey: "a" });
    const { controller, done } = listen(q, async (m: { key: string; i: number }) => {
      active[m.key]!++;
      if (m.key !== "none" && active[m.key]! > 1) overlap = true;
      for (let y = 0; y < 3; y++) await new Promise((r) => setImmediate(r));
      order[m.key]!.push(m.i);
      active[m.key]!--;
    });
    await waitFor(() => order.a!.length === 9 && order.b!.length === 6 && order.none!.length === 6, "all messages");
    controller.abort();
    await done;
    expect(overlap).toBe(false);
    expect(order.a).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(order.b).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it("holds later messages of a key while an earlier one waits to be retried, but not after it failed", async () => {
    const q = queue({ retrySchedules: { outbox: (n) => (n < 2 ? MINUTE : null) } });
    await q.enqueue({ type: "outbox", i: 1 }, { orderingKey: "k" });
    await q.enqueue({ type: "outbox", i: 2 }, { orderingKey: "k" });
    await q.enqueue({ type: "outbox", i: 3 }, { orderingKey: "other" });
    const seen: number[] = [];
    const handler = (m: { i: number }) => {
      seen.push(m.i);
      if (m.i === 1) throw new Error("first one fails");
    };
    expect(await q.processReady(handler)).toBe(2); // 1 (fails) and 3; 2 must wait for 1
    expect(seen.sort()).toEqual([1, 3]);
    clock.advance(MINUTE);
    expect(await q.processReady(handler)).toBe(2); // 1 fails for good, then 2 may go
    expect(seen).toEqual([1, 3, 1, 2]);
    expect((await q.listFailed()).map((f) => f.message)).toEqual([{ type: "outbox", i: 1 }]);
  });

  it("wakes an idle listener at once when the same instance enqueues", async () => {
    const q = queue({ pollIntervalMs: 60 * MINUTE });
    const seen: number[] = [];
    listen(q, (m: { n: number }) => {
      seen.push(m.n);
    });
    await q.enqueue({ type: "outbox", n: 1 });
    await waitFor(() => seen.length === 1, "the first message");
    // Let the listener go back to its (hour-long) idle wait before the next enqueue.
    await new Promise((r) => setTimeout(r, 50));
    await q.enqueue({ type: "outbox", n: 2 });
    await waitFor(() => seen.length === 2, "the second message, which only a wake-up can deliver");
    expect(seen).toEqual([1, 2]);
  });

  it("resolves listen() on abort after in-flight handlers finish, then claims nothing more", async () => {
    const q = queue();
    const idle = new AbortController();
    idle.abort();
    await q.listen(() => {}, { signal: idle.signal }); // already aborted: returns at once

    await q.enqueue(outboxMessage(1));
    const started = deferred();
    const release = deferred();
    const controller = new AbortController();
    let finished = false;
    const done = q.listen(async () => {
      started.resolve();
      await release.promise;
    }, { signal: controller.signal }).then(() => {
      finished = true;
    });
    await started.promise;
    controller.abort();
    await Promise.resolve();
    expect(finished).toBe(false);
    release.resolve();
    await done;
    expect(finished).toBe(true);
    expect(await rows()).toEqual([]); // the in-flight outcome was recorded

    await q.enqueue(outboxMessage(2));
    expect(await q.getDepth()).toEqual({ queued: 1, ready: 1, delayed: 0 });
  });

  it("enqueues large batches atomically and in order", async () => {
    const q = queue();
    await q.enqueueMany(Array.from({ length: 1200 }, (_, n) => ({ type: "fanout", n })), { orderingKey: "big" });
    await q.enqueueMany([]);
    const stored = await rows();
    expect(stored).toHaveLength(1200);
    expect(stored.map((r) => JSON.parse(r.payload).n)).toEqual(Array.from({ length: 1200 }, (_, n) => n));
    expect(new Set(stored.map((r) => r.ordering_key))).toEqual(new Set(["big"]));
  });

  it("rejects messages that are not JSON-serializable", async () => {
    const q = queue();
    await expect(q.enqueue(undefined)).rejects.toThrow(TypeError);
    expect(await rows()).toEqual([]);
  });
});
