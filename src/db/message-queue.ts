/**
 * Fedify's message queue (fedify.dev/manual/mq, "Implementing a custom
 * MessageQueue") over the `queue_messages` table, for SQLite and PostgreSQL,
 * with native retries ("Native retry mechanisms"), ordering keys ("Ordering
 * guarantees"), leases for crash recovery and operator helpers for messages
 * that ran out of retries.
 *
 * Life of a row:
 *
 *  1. `enqueue` inserts it: `status = 'ready'`, `run_at` = now + delay.
 *  2. A worker claims it atomically by setting a lease (`locked_by` = its
 *     worker id, `locked_until` = now + `leaseMs`), renewed every `leaseMs/3`
 *     while the handler runs.  A lease that ran out (the worker crashed) makes
 *     the row claimable again, so nothing enqueued is lost to a crash.
 *  3. Handler resolves → the row is deleted.  Handler throws → `attempts + 1`,
 *     `last_error` saved, lease dropped, `run_at` = now + back-off from the
 *     retry schedule of the payload's `type`.  Schedule exhausted →
 *     `status = 'failed'` and `run_at` = the moment it gave up; the row stays
 *     for {@link KyselyMessageQueue.listFailed} / `retryFailed` / `purgeFailed`.
 *
 * Delivery is at-least-once: a handler whose worker dies after the remote
 * side accepted the activity, but before the row was deleted, runs again.
 *
 * Ordering keys: only the oldest (by id, i.e. enqueue order) `ready` message
 * of a key is claimable, and only while no other message of that key holds a
 * lease.  A message waiting for a retry (or for its `delay`) therefore holds
 * back the later ones of its key (a `Delete` must not overtake the `Create`
 * still being retried).  A message that has *given up* (`failed`) no longer
 * blocks its key — the rest proceed, as the remote has been unreachable for
 * the whole retry schedule.  If an operator later calls `retryFailed` on it,
 * it is the oldest of its key again and runs next (never concurrently with
 * one in flight), though successors may already have run.
 */
import { hostname } from "node:os";
import { pid } from "node:process";
import type {
  MessageQueue,
  MessageQueueDepth,
  MessageQueueEnqueueOptions,
  MessageQueueListenOptions,
} from "@fedify/fedify";
import type { Temporal } from "@js-temporal/polyfill";
import { getLogger, type Logger } from "@logtape/logtape";
import type { Kysely } from "kysely";
import { newId, nowIso } from "../domain/ids.ts";
import type { DatabaseHandle, Dialect } from "./database.ts";
import type { Database } from "./schema.ts";

const READY = "ready";
const FAILED = "failed";
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Rows per INSERT in `enqueueMany` (PostgreSQL allows 65 535 parameters per statement). */
const INSERT_CHUNK = 500;

/**
 * A retry schedule: given how many attempts have failed so far (1 after the
 * first failure), the delay in milliseconds before the next attempt, or `null`
 * to give up (the message becomes `failed`).
 */
export type RetrySchedule = (failedAttempts: number) => number | null;

/** Parameters of {@link exponentialBackoff}. */
export interface ExponentialBackoffOptions {
  /** Delay after the first failure, in milliseconds. */
  initialDelayMs: number;
  /** Growth per further failure (default 2: doubling). */
  factor?: number;
  /** Upper bound of any single delay, in milliseconds. */
  maxDelayMs: number;
  /** Attempts in all, the first one included; after this many failures the message gives up. */
  maxAttempts: number;
}

/**
 * Builds a capped exponential back-off schedule:
 * delay(n) = min(initialDelayMs × factor^(n−1), maxDelayMs) for n < maxAttempts,
 * then `null`.  No jitter, so schedules are reproducible in tests.
 */
export function exponentialBackoff(options: ExponentialBackoffOptions): RetrySchedule {
  const factor = options.factor ?? 2;
  return (failedAttempts) =>
    failedAttempts >= options.maxAttempts
      ? null
      : Math.min(options.initialDelayMs * factor ** Math.max(0, failedAttempts - 1), options.maxDelayMs);
}

/**
 * Default schedule for outgoing deliveries (`outbox` and `fanout` messages),
 * modelled on Mastodon's delivery retries: exponential back-off for about two
 * days.  1 min, doubling, capped at 12 h; 14 attempts in all (the first + 13
 * retries).  Waits: 1, 2, 4, 8, 16, 32, 64, 128, 256, 512 min, then
 * 12 h × 3 — 3 183 min = 53 h 3 min (≈ 2.2 days) from the first failure to
 * the last attempt.
 */
export function deliveryRetrySchedule(failedAttempts: number): number | null {
  return exponentialBackoff({ initialDelayMs: MINUTE, maxDelayMs: 12 * HOUR, maxAttempts: 14 })(failedAttempts);
}

/**
 * Default schedule for incoming activities (`inbox` messages) and any other
 * message type: 30 s, doubling, 8 attempts in all.  Waits: 30 s, 1, 2, 4, 8,
 * 16, 32 min — 3 810 s = 63.5 min in total.
 */
export function inboxRetrySchedule(failedAttempts: number): number | null {
  return exponentialBackoff({ initialDelayMs: 30_000, maxDelayMs: HOUR, maxAttempts: 8 })(failedAttempts);
}

/**
 * Sums a schedule: how many attempts it allows in all and the total waiting
 * time between the first and the last.
 *
 * @throws {RangeError} When the schedule has not given up after 10 000 failures.
 */
export function summarizeSchedule(schedule: RetrySchedule): { attempts: number; totalDelayMs: number } {
  let totalDelayMs = 0;
  for (let failed = 1; failed <= 10_000; failed++) {
    const delay = schedule(failed);
    if (delay == null) return { attempts: failed, totalDelayMs };
    totalDelayMs += delay;
  }
  throw new RangeError("Retry schedule does not give up within 10 000 attempts.");
}

/** Retry schedules by payload `type`; `other` covers unknown types. */
export interface RetrySchedules {
  outbox: RetrySchedule;
  fanout: RetrySchedule;
  inbox: RetrySchedule;
  other: RetrySchedule;
}

/** Options of {@link KyselyMessageQueue}. */
export interface KyselyMessageQueueOptions {
  /** Identifies this instance in `locked_by` (default `host:pid:random`). */
  workerId?: string;
  /** Lease length in milliseconds (default 5 min); renewed every third of it while a handler runs. */
  leaseMs?: number;
  /** How often an idle `listen()` looks for due messages, in milliseconds (default 1 000). */
  pollIntervalMs?: number;
  /** Handlers one `listen()` runs at once (default 4), so one slow remote does not stall the rest. */
  concurrency?: number;
  /** Overrides of the retry schedules; defaults: {@link deliveryRetrySchedule} for `outbox`/`fanout`, {@link inboxRetrySchedule} otherwise. */
  retrySchedules?: Partial<RetrySchedules>;
  /** The clock as ISO-8601 UTC text (default {@link nowIso}); injected by tests. */
  now?: () => string;
  /** Overrides of {@link HANDLER_TIMEOUTS_MS}, by payload `type`. */
  handlerTimeoutsMs?: Partial<Record<keyof RetrySchedules, number>>;
  /**
   * Errors that mean "drop this message": a handler that throws one is
   * neither retried nor kept as failed; the message is removed.  Fedify
   * remembers an inbox activity's id as processed whenever its listener
   * returns normally, so a listener that must *not* have an id remembered
   * (see `ForeignActivityId` in src/federation/inbox/support.ts) throws
   * instead, and this keeps it from being retried.
   */
  isDiscardable?: (error: unknown) => boolean;
}

/**
 * How long one handler run may take, in milliseconds, by payload `type`,
 * before the queue counts it as failed (and retries it on its schedule),
 * freeing its slot.  Fedify sends deliveries without a deadline: an inbox
 * that never answers holds a handler for Node's 300 s header timeout, and
 * one that answers an error and then trickles its body holds it for good,
 * so four hostile inboxes (on four host names) would stall every delivery
 * and every incoming activity.  Mastodon gives a delivery about 30 s; a
 * delivery here may knock twice (two signature specs).  The handler itself
 * cannot be cancelled; its late result is ignored.
 */
export const HANDLER_TIMEOUTS_MS: Readonly<Record<keyof RetrySchedules, number>> = {
  outbox: 60_000,
  fanout: 120_000,
  inbox: 120_000,
  other: 120_000,
};

/** A handler run that took longer than its type's timeout. */
export class QueueHandlerTimeout extends Error {
  override name = "QueueHandlerTimeout";
}

/** A message that exhausted its retry schedule, as shown to the operator. */
export interface FailedMessage {
  id: string;
  /** The parsed payload (the raw text if it is not valid JSON). */
  message: unknown;
  orderingKey: string | null;
  attempts: number;
  lastError: string | null;
  /** When it gave up (ISO-8601 UTC). */
  failedAt: string;
  /** When it was first enqueued (ISO-8601 UTC). */
  createdAt: string;
}

/** The columns a claim returns. */
interface ClaimedRow {
  id: string;
  payload: string;
  ordering_key: string | null;
  attempts: number;
}

/** One `listen()` loop's wake-up signal: set by enqueues and finished handlers. */
class Waker {
  #pending = false;
  #resolve: (() => void) | null = null;

  /** Ends the current wait, or the next one if none is running. */
  wake(): void {
    this.#pending = true;
    this.#resolve?.();
  }

  /** Forgets earlier wake-ups (called right before looking for work). */
  reset(): void {
    this.#pending = false;
  }

  /** Resolves after `ms` milliseconds, on `wake()`, or on abort, whichever is first. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#pending || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.#resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
      this.#resolve = done;
    });
  }
}

/** `iso` plus `ms` milliseconds, as ISO-8601 UTC text. */
function addMs(iso: string, ms: number): string {
  return new Date(Date.parse(iso) + ms).toISOString();
}

/** A Temporal.Duration in whole milliseconds, never negative; 0 when absent. */
function durationMs(duration: Temporal.Duration | undefined): number {
  if (duration == null) return 0;
  return Math.max(0, Math.round(duration.total({ unit: "millisecond" })));
}

/** An error as text for `last_error`: the stack when there is one, at most 4 000 characters. */
function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

/** The `type` field of a payload, if it has one. */
function messageType(payload: unknown): string | undefined {
  if (payload == null || typeof payload !== "object") return undefined;
  const type = (payload as { type?: unknown }).type;
  return typeof type === "string" ? type : undefined;
}

/** Which retry schedule and handler timeout a message `type` gets: its own, or `other`. */
function scheduleKey(type: string | undefined): keyof RetrySchedules {
  return type === "outbox" || type === "fanout" || type === "inbox" ? type : "other";
}

/**
 * Fedify `MessageQueue` (fedify.dev/manual/mq) backed by `queue_messages`,
 * with `nativeRetrial`: Fedify rethrows delivery and inbox failures and this
 * queue retries them on its own schedules.  Several instances (processes) may
 * share one database; claims are atomic (`FOR UPDATE SKIP LOCKED` on
 * PostgreSQL, a single `UPDATE … RETURNING` on SQLite) and leased.
 */
export class KyselyMessageQueue implements MessageQueue {
  /** The queue, not Fedify, retries failed handlers (Fedify ≥ 1.7 "Native retry mechanisms"). */
  readonly nativeRetrial = true;
  /** This instance's id, written to `locked_by` of the rows it claims. */
  readonly workerId: string;

  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #concurrency: number;
  readonly #schedules: RetrySchedules;
  readonly #now: () => string;
  readonly #isDiscardable: (error: unknown) => boolean;
  readonly #handlerTimeouts: Record<keyof RetrySchedules, number>;
  readonly #logger: Logger;
  readonly #wakers = new Set<Waker>();
  readonly #inFlight = new Set<string>();
  #renewTimer: ReturnType<typeof setInterval> | null = null;

  /**
   * @param database An open, migrated database (`openDatabase`); its dialect
   *   selects the claim query.
   * @param options See {@link KyselyMessageQueueOptions}.
   * @throws {RangeError} When `leaseMs`, `pollIntervalMs` or `concurrency` is not positive.
   */
  constructor(database: Pick<DatabaseHandle, "db" | "dialect">, options: KyselyMessageQueueOptions = {}) {
    this.#db = database.db;
    this.#dialect = database.dialect;
    this.workerId = options.workerId ?? `${hostname()}:${pid}:${newId().slice(-12)}`;
    this.#leaseMs = options.leaseMs ?? 5 * MINUTE;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.#concurrency = options.concurrency ?? 4;
    for (const [name, value] of Object.entries({ leaseMs: this.#leaseMs, pollIntervalMs: this.#pollIntervalMs, concurrency: this.#concurrency })) {
      if (!(value > 0)) throw new RangeError(`${name} must be positive, got ${value}.`);
    }
    this.#schedules = {
      outbox: options.retrySchedules?.outbox ?? deliveryRetrySchedule,
      fanout: options.retrySchedules?.fanout ?? deliveryRetrySchedule,
      inbox: options.retrySchedules?.inbox ?? inboxRetrySchedule,
      other: options.retrySchedules?.other ?? inboxRetrySchedule,
    };
    this.#now = options.now ?? nowIso;
    this.#isDiscardable = options.isDiscardable ?? (() => false);
    this.#handlerTimeouts = { ...HANDLER_TIMEOUTS_MS, ...options.handlerTimeoutsMs };
    this.#logger = getLogger(["buurt", "queue"]);
  }

  /**
   * Enqueues one message (Fedify `MessageQueue.enqueue`).
   *
   * @param message A JSON-serializable object (Fedify's have a `type` field).
   * @param options.delay Wait at least this long (Temporal.Duration) before handling.
   * @param options.orderingKey Handle after, and never concurrently with,
   *   earlier messages of the same key.
   * @throws {TypeError} When the message cannot be serialized to JSON.
   */
  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  /**
   * Enqueues several messages with the same options in one transaction
   * (Fedify `MessageQueue.enqueueMany`); with an ordering key they are
   * handled in array order.
   *
   * @throws {TypeError} When a message cannot be serialized to JSON.
   */
  async enqueueMany(messages: readonly unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    if (messages.length === 0) return;
    const now = this.#now();
    const runAt = addMs(now, durationMs(options?.delay as Temporal.Duration | undefined));
    const rows = messages.map((message) => {
      const payload = JSON.stringify(message);
      if (payload === undefined) throw new TypeError("Queue messages must be JSON-serializable.");
      return {
        id: newId(),
        payload,
        ordering_key: options?.orderingKey ?? null,
        status: READY,
        run_at: runAt,
        attempts: 0,
        locked_by: null,
        locked_until: null,
        last_error: null,
        created_at: now,
      };
    });
    if (rows.length <= INSERT_CHUNK) {
      await this.#db.insertInto("queue_messages").values(rows).execute();
    } else {
      await this.#db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
          await trx.insertInto("queue_messages").values(rows.slice(i, i + INSERT_CHUNK)).execute();
        }
      });
    }
    if (runAt <= now) this.#wakeAll();
  }

  /**
   * Handles messages until `options.signal` aborts (Fedify
   * `MessageQueue.listen`): up to `concurrency` handlers at once, polling
   * every `pollIntervalMs` when idle and waking at once when this instance
   * enqueues.  Never rejects; handler and database errors are logged.
   *
   * After the abort it claims nothing more, releases the leases of messages
   * claimed but not started, and resolves once the running handlers have
   * finished and their outcome is recorded (so a hanging handler delays
   * shutdown, at most by its type's timeout, {@link HANDLER_TIMEOUTS_MS}).
   * Without a signal it never resolves.
   */
  async listen(
    handler: (message: any) => Promise<void> | void,
    options: MessageQueueListenOptions = {},
  ): Promise<void> {
    const signal = options.signal;
    const waker = new Waker();
    const running = new Set<Promise<void>>();
    this.#wakers.add(waker);
    try {
      while (!signal?.aborted) {
        waker.reset();
        const free = this.#concurrency - running.size;
        if (free > 0) {
          let claimed: ClaimedRow[] = [];
          try {
            claimed = await this.#claim(free);
          } catch (error) {
            this.#logger.error("Failed to claim queued messages: {error}", { error });
          }
          if (signal?.aborted) {
            await this.#release(claimed);
            break;
          }
          for (const row of claimed) {
            const done: Promise<void> = this.#run(row, handler).finally(() => {
              running.delete(done);
              waker.wake();
            });
            running.add(done);
          }
        }
        await waker.wait(this.#pollIntervalMs, signal);
      }
    } finally {
      this.#wakers.delete(waker);
    }
    await Promise.allSettled(running);
  }

  /**
   * Handles every message that is due now, `concurrency` at a time, until
   * none is left (messages that become due through ordering or are enqueued
   * by handlers included; failed attempts are rescheduled, not repeated).
   * For one-shot runs (CLI, tests) instead of a long-running `listen`.
   *
   * @returns How many handler runs there were (successful or not).
   * @throws When the database fails while claiming (handler errors never propagate).
   */
  async processReady(handler: (message: any) => Promise<void> | void): Promise<number> {
    let handled = 0;
    for (;;) {
      const claimed = await this.#claim(this.#concurrency);
      if (claimed.length === 0) return handled;
      await Promise.all(claimed.map((row) => this.#run(row, handler)));
      handled += claimed.length;
    }
  }

  /**
   * Counts waiting messages (Fedify `MessageQueue.getDepth`, since 2.3):
   * `ready` ones are due, `delayed` ones scheduled later (retries included).
   * Messages being handled (leased) and `failed` ones are not counted.
   */
  async getDepth(): Promise<MessageQueueDepth> {
    const now = this.#now();
    const row = await this.#db
      .selectFrom("queue_messages")
      .select((eb) => [
        eb.fn.countAll<number | string | bigint>().as("queued"),
        eb.fn.sum<number | string | bigint | null>(
          eb.case().when("run_at", "<=", now).then(eb.lit(1)).else(eb.lit(0)).end(),
        ).as("ready"),
      ])
      .where("status", "=", READY)
      .where((eb) => eb.or([eb("locked_until", "is", null), eb("locked_until", "<=", now)]))
      .executeTakeFirstOrThrow();
    const queued = Number(row.queued);
    const ready = Number(row.ready ?? 0);
    return { queued, ready, delayed: queued - ready };
  }

  /**
   * Lists messages that exhausted their retries, most recent failure first.
   *
   * @param limit Maximum number returned (default 100).
   */
  async listFailed(limit = 100): Promise<FailedMessage[]> {
    const rows = await this.#db
      .selectFrom("queue_messages")
      .select(["id", "payload", "ordering_key", "attempts", "last_error", "run_at", "created_at"])
      .where("status", "=", FAILED)
      .orderBy("run_at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute();
    return rows.map((row) => {
      let message: unknown;
      try {
        message = JSON.parse(row.payload);
      } catch {
        message = row.payload;
      }
      return {
        id: row.id,
        message,
        orderingKey: row.ordering_key,
        attempts: Number(row.attempts),
        lastError: row.last_error,
        failedAt: row.run_at,
        createdAt: row.created_at,
      };
    });
  }

  /**
   * Puts a failed message back in the queue, due now, with its attempt count
   * reset (a full retry schedule ahead of it).
   *
   * @returns `false` when no failed message has that id.
   */
  async retryFailed(id: string): Promise<boolean> {
    const result = await this.#db
      .updateTable("queue_messages")
      .set({ status: READY, attempts: 0, run_at: this.#now(), locked_by: null, locked_until: null })
      .where("id", "=", id)
      .where("status", "=", FAILED)
      .executeTakeFirst();
    const found = result.numUpdatedRows > 0n;
    if (found) this.#wakeAll();
    return found;
  }

  /**
   * Deletes failed messages that gave up before `olderThan`.
   *
   * @param olderThan A Date or ISO-8601 UTC text.
   * @returns How many were deleted.
   */
  async purgeFailed(olderThan: Date | string): Promise<number> {
    const cutoff = typeof olderThan === "string" ? new Date(olderThan).toISOString() : olderThan.toISOString();
    const result = await this.#db
      .deleteFrom("queue_messages")
      .where("status", "=", FAILED)
      .where("run_at", "<", cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /**
   * Atomically leases up to `limit` due messages to this instance: ready,
   * `run_at` passed, no live lease, and — with an ordering key — the oldest
   * ready message of its key while no other of that key is leased.
   * PostgreSQL skips rows another worker is claiming at the same moment
   * (`FOR UPDATE SKIP LOCKED`); SQLite serializes the single statement.
   */
  async #claim(limit: number): Promise<ClaimedRow[]> {
    const now = this.#now();
    const candidates = this.#db
      .selectFrom("queue_messages as q")
      .select("q.id")
      .where("q.status", "=", READY)
      .where("q.run_at", "<=", now)
      .where((eb) => eb.or([eb("q.locked_until", "is", null), eb("q.locked_until", "<=", now)]))
      .where((eb) =>
        eb.or([
          eb("q.ordering_key", "is", null),
          eb.not(eb.exists(
            eb.selectFrom("queue_messages as o")
              .select("o.id")
              .whereRef("o.ordering_key", "=", "q.ordering_key")
              .where("o.status", "=", READY)
              .whereRef("o.id", "<>", "q.id")
              .where((inner) => inner.or([inner("o.id", "<", inner.ref("q.id")), inner("o.locked_until", ">", now)])),
          )),
        ])
      )
      .orderBy("q.run_at")
      .orderBy("q.id")
      .limit(limit)
      .$if(this.#dialect === "postgres", (qb) => qb.forUpdate().skipLocked());
    return await this.#db
      .updateTable("queue_messages")
      .set({ locked_by: this.workerId, locked_until: addMs(now, this.#leaseMs) })
      .where("id", "in", candidates)
      .returning(["id", "payload", "ordering_key", "attempts"])
      .execute();
  }

  /** Gives back the leases of claimed rows that were never started. */
  async #release(rows: readonly ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.#db
        .updateTable("queue_messages")
        .set({ locked_by: null, locked_until: null })
        .where("id", "in", rows.map((r) => r.id))
        .where("locked_by", "=", this.workerId)
        .execute();
    } catch (error) {
      // The leases expire on their own.
      this.#logger.warn("Failed to release {count} unstarted messages: {error}", { count: rows.length, error });
    }
  }

  /** Runs the handler on one claimed row and records the outcome; never rejects. */
  async #run(row: ClaimedRow, handler: (message: any) => Promise<void> | void): Promise<void> {
    this.#inFlight.add(row.id);
    this.#startRenewal();
    let payload: unknown;
    let failed = false;
    let failure: unknown;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      payload = JSON.parse(row.payload);
      const type = messageType(payload);
      const timeoutMs = this.#handlerTimeouts[scheduleKey(type)];
      const run = Promise.resolve().then(() => handler(payload));
      run.catch(() => {}); // a late failure after the timeout is not unhandled
      await Promise.race([
        run,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new QueueHandlerTimeout(`Handler took longer than ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (error) {
      failed = true;
      failure = error;
    } finally {
      clearTimeout(timer);
      this.#inFlight.delete(row.id);
    }
    const discarded = failed && this.#isDiscardable(failure);
    if (discarded) this.#logger.info("Dropped queued message {id}: {error}", { id: row.id, error: String(failure) });
    try {
      if (failed && !discarded) await this.#recordFailure(row, payload, failure);
      else await this.#complete(row);
    } catch (error) {
      // The lease runs out and the message is handled again (at-least-once).
      this.#logger.error("Failed to record the outcome of queued message {id}: {error}", { id: row.id, error });
    }
  }

  /** Deletes a handled message, unless another worker took it over after our lease lapsed. */
  async #complete(row: ClaimedRow): Promise<void> {
    const result = await this.#db
      .deleteFrom("queue_messages")
      .where("id", "=", row.id)
      .where("locked_by", "=", this.workerId)
      .executeTakeFirst();
    if (result.numDeletedRows === 0n) {
      this.#logger.warn("Queued message {id} was handled, but its lease had passed to another worker.", { id: row.id });
    }
  }

  /** Reschedules a failed message by its type's retry schedule, or marks it `failed` when exhausted. */
  async #recordFailure(row: ClaimedRow, payload: unknown, error: unknown): Promise<void> {
    const attempts = Number(row.attempts) + 1;
    const type = messageType(payload);
    const delay = this.#schedules[scheduleKey(type)](attempts);
    const now = this.#now();
    const lastError = describeError(error);
    const runAt = delay == null ? now : addMs(now, Math.max(0, delay));
    const result = await this.#db
      .updateTable("queue_messages")
      .set({
        status: delay == null ? FAILED : READY,
        attempts,
        last_error: lastError,
        run_at: runAt,
        locked_by: null,
        locked_until: null,
      })
      .where("id", "=", row.id)
      .where("locked_by", "=", this.workerId)
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n) {
      this.#logger.warn("Queued message {id} failed, but its lease had passed to another worker.", { id: row.id });
      return;
    }
    const details = {
      id: row.id,
      type: type ?? "unknown",
      attempts,
      activityId: (payload as { activityId?: unknown } | null)?.activityId,
      inbox: (payload as { inbox?: unknown } | null)?.inbox,
      error: lastError,
    };
    if (delay == null) {
      this.#logger.error(
        "Giving up on queued {type} message {id} after {attempts} attempts; kept as failed for the operator: {error}",
        details,
      );
    } else {
      this.#logger.warn("Queued {type} message {id} failed (attempt {attempts}); retrying at {runAt}.", {
        ...details,
        runAt,
      });
    }
  }

  /** Starts the lease-renewal timer if it is not running. */
  #startRenewal(): void {
    if (this.#renewTimer != null) return;
    const timer = setInterval(() => void this.#renewLeases(), Math.max(10, Math.floor(this.#leaseMs / 3)));
    if (typeof timer === "object" && "unref" in timer) timer.unref();
    this.#renewTimer = timer;
  }

  /** Extends the leases of the running handlers; stops the timer when none runs. */
  async #renewLeases(): Promise<void> {
    if (this.#inFlight.size === 0) {
      if (this.#renewTimer != null) clearInterval(this.#renewTimer);
      this.#renewTimer = null;
      return;
    }
    try {
      await this.#db
        .updateTable("queue_messages")
        .set({ locked_until: addMs(this.#now(), this.#leaseMs) })
        .where("id", "in", [...this.#inFlight])
        .where("locked_by", "=", this.workerId)
        .execute();
    } catch (error) {
      this.#logger.warn("Failed to renew queue leases: {error}", { error });
    }
  }

  /** Wakes every `listen()` loop of this instance. */
  #wakeAll(): void {
    for (const waker of this.#wakers) waker.wake();
  }
}
