/**
 * The composition root: configuration → database → migrations →
 * repositories → use-case context → federation → web app.  The only module
 * that knows every concrete piece; tests use it to run several buurten in
 * one process.
 */
import { Buffer } from "node:buffer";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { hash, verify } from "@node-rs/argon2";
import { getLogger } from "@logtape/logtape";
import type { Hono } from "hono";
import type { AppContext, PasswordHasher } from "./app/context.ts";
import { ensureBuurt } from "./app/buurt.ts";
import { EventBus } from "./app/events.ts";
import { attachHelpBoard } from "./app/help.ts";
import type { RemoteLookup } from "./app/ports.ts";
import type { Config } from "./config/config.ts";
import { type DatabaseHandle, openDatabase } from "./db/database.ts";
import { KyselyKvStore } from "./db/kv-store.ts";
import { KyselyMessageQueue, type KyselyMessageQueueOptions } from "./db/message-queue.ts";
import { migrateToLatest } from "./db/migrate.ts";
import { createRepositories } from "./db/repositories/index.ts";
import { recordHostState, removeGoneFollowers } from "./db/repositories/operations.ts";
import { isTransientStorageError } from "./db/errors.ts";
import { type BuurtFederationOptions, createBuurtFederation } from "./federation/builder.ts";
import type { BuurtFederation } from "./federation/deps.ts";
import { ForeignActivityId, type InboxOutcome } from "./federation/inbox/support.ts";
import { WebCryptoKeyPairFactory } from "./federation/keys.ts";
import { createRemoteLookup } from "./federation/lookup.ts";
import { attachOutbox } from "./federation/outbox.ts";
import { attachEventOutbox } from "./federation/event-outbox.ts";
import { federateDueOccurrences } from "./app/agenda.ts";
import { createLocalIris } from "./federation/uris.ts";
import { createImageStore } from "./media/image-store.ts";
import { createWebApp } from "./web/app.ts";
import type { WebEnv } from "./web/env.ts";

const logger = getLogger(["buurt"]);

/**
 * Which work this process does.
 * - `all`: serve HTTP and process the delivery queue (the default, one process on SQLite).
 * - `web`: serve HTTP and enqueue only (scale-out with separate workers).
 * - `worker`: process the queue only.
 * - `cli`: neither; commands that enqueue deliveries for a running server to send.
 */
export type ProcessRole = "all" | "web" | "worker" | "cli";

/** Argon2id password hashing (OWASP parameters: 19 MiB, 2 iterations) from `@node-rs/argon2`. */
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: (digest, password) => verify(digest, password).catch(() => false),
};

/** Options mainly for tests. */
export interface BuurtOptions {
  role?: ProcessRole;
  /** Test only: accept unsigned inbox posts. */
  skipSignatureVerification?: boolean;
  /** Test only: serve remote documents from memory. */
  documentLoader?: DocumentLoader;
  /** Faster password hashing for tests. */
  passwords?: PasswordHasher;
  /** Queue poll interval in ms (tests use a short one). */
  queuePollIntervalMs?: number;
  /** Test only: shorter queue handler timeouts (see `HANDLER_TIMEOUTS_MS`). */
  queueHandlerTimeoutsMs?: KyselyMessageQueueOptions["handlerTimeoutsMs"];
  /** Observer of every inbound activity's outcome (tests). */
  onInboxOutcome?: (outcome: InboxOutcome) => void;
  /** Test only: limits of remote fetches, and loopback fetches allowed (see `BuurtFederationOptions.remoteFetch`). */
  remoteFetch?: BuurtFederationOptions["remoteFetch"];
}

/** One running buurt. */
export interface BuurtInstance {
  config: Config;
  database: DatabaseHandle;
  app: AppContext;
  federation: BuurtFederation;
  queue: KyselyMessageQueue;
  lookup: RemoteLookup;
  web: Hono<WebEnv>;
  /** Starts processing the queue (roles `all` and `worker`); resolves when stopped. */
  startQueue(): Promise<void>;
  /**
   * Serves HTTP on the configured host and port, or on `server` when given
   * (tests open the socket first to learn the port the origin names).
   */
  listen(server?: Server): Promise<{ url: string; port: number }>;
  /** Stops HTTP and the queue, then closes the database. */
  close(): Promise<void>;
}

/** The session secret: configured, or generated once and kept in the data directory (development). */
export function resolveSessionSecret(config: Config): string {
  if (config.sessionSecret != null) return config.sessionSecret;
  const file = join(config.dataDir, "session-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // Not created yet.
  }
  const secret = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString("hex");
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/**
 * Opens the database, migrates it, sets up the buurt on first start and
 * wires every layer together.  Nothing listens or processes yet.
 *
 * @throws {Error} When the database cannot be opened or migrated, or the
 *   configured handle conflicts with the stored buurt.
 */
export async function createBuurt(config: Config, options: BuurtOptions = {}): Promise<BuurtInstance> {
  const role = options.role ?? "all";
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) logger.info("Applied migrations: {applied}", { applied: applied.join(", ") });
  } catch (error) {
    await database.close();
    throw error;
  }
  const repos = createRepositories(database.db);
  const iris = createLocalIris(config.origin);
  const events = new EventBus((error, event) =>
    logger.error("Handling {event} failed: {error}", { event: event.type, error })
  );
  const app: AppContext = {
    repos,
    iris,
    keys: new WebCryptoKeyPairFactory(),
    events,
    passwords: options.passwords ?? argon2Hasher,
    groupHandle: config.buurt.handle,
  };
  await ensureBuurt(app, {
    name: config.buurt.name,
    handle: config.buurt.handle,
    timezone: config.buurt.timezone,
    language: config.buurt.language,
    joinPolicy: config.buurt.joinPolicy,
  });

  const kv = new KyselyKvStore(database);
  const queue = new KyselyMessageQueue(database, {
    ...(options.queuePollIntervalMs == null ? {} : { pollIntervalMs: options.queuePollIntervalMs }),
    isDiscardable: (error) => error instanceof ForeignActivityId,
    ...(options.queueHandlerTimeoutsMs == null ? {} : { handlerTimeoutsMs: options.queueHandlerTimeoutsMs }),
  });
  const deps = {
    app,
    origin: config.origin,
    isTransientError: isTransientStorageError,
    ...(options.onInboxOutcome == null ? {} : { onOutcome: options.onInboxOutcome }),
  };
  const federation = await createBuurtFederation({
    deps,
    kv,
    queue,
    allowPrivateAddress: config.allowPrivateAddress,
    manuallyStartQueue: true,
    skipSignatureVerification: options.skipSignatureVerification,
    documentLoader: options.documentLoader,
    remoteFetch: options.remoteFetch,
    onHostStateChange: (host, state) => recordHostState(database.db, host, state),
    onGoneActors: async (gone) => {
      await removeGoneFollowers(database.db, gone);
    },
  });
  attachOutbox(events, federation, deps);
  attachEventOutbox(events, federation, deps);
  attachHelpBoard(app);
  const lookup = createRemoteLookup(federation, deps);
  const web = createWebApp({
    app,
    lookup,
    images: createImageStore({ directory: join(config.dataDir, "media") }),
    federation,
    language: config.buurt.language,
    origin: config.origin,
    sessionSecret: resolveSessionSecret(config),
    trustProxy: config.trustProxy,
    acceptUnsignedInbox: options.skipSignatureVerification ?? false,
    isTransientError: isTransientStorageError,
  });

  const queueAbort = new AbortController();
  let queueRun: Promise<void> | null = null;
  let maintenanceTimer: ReturnType<typeof setInterval> | null = null;

  /** Hourly upkeep in the processes that work the queue. Failures are logged, never fatal. */
  const maintain = async () => {
    const jobs: Array<[string, () => Promise<unknown>]> = [
      // Recurring events go out occurrence by occurrence as they come within the horizon.
      ["sending due event occurrences", () => federateDueOccurrences(app)],
      // Expired cache entries, nonces and rate-limit counters.
      ["removing expired key-value entries", () => kv.cleanup()],
      // Deliveries that gave up stay visible to the operator for 30 days.
      ["purging old failed deliveries", () => queue.purgeFailed(new Date(Date.now() - 30 * 24 * 60 * 60 * 1000))],
    ];
    for (const [what, job] of jobs) {
      await job().catch((error) => logger.warn(`Hourly upkeep: ${what} failed: {error}`, { error }));
    }
  };
  let server: Server | null = null;

  const instance: BuurtInstance = {
    config,
    database,
    app,
    federation,
    queue,
    lookup,
    web,
    startQueue() {
      if (role === "web" || role === "cli") return Promise.resolve();
      maintenanceTimer ??= setInterval(() => void maintain(), 60 * 60 * 1000);
      queueRun ??= federation.startQueue(undefined, { signal: queueAbort.signal });
      return queueRun;
    },
    async listen(existing?: Server) {
      const listener = getRequestListener(web.fetch, { overrideGlobalObjects: false });
      if (existing != null) {
        server = existing;
        server.on("request", listener);
      } else {
        server = createServer(listener);
        await new Promise<void>((resolve, reject) => {
          server!.once("error", reject);
          server!.listen(config.listen.port, config.listen.host, () => resolve());
        });
      }
      const port = (server.address() as AddressInfo).port;
      if (role === "all") void instance.startQueue();
      return { url: config.origin.href, port };
    },
    async close() {
      queueAbort.abort();
      if (maintenanceTimer != null) clearInterval(maintenanceTimer);
      if (server != null) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      await queueRun?.catch(() => {});
      await database.close();
    },
  };
  return instance;
}
