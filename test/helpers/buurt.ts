/**
 * Real buurt servers for tests: each on its own loopback port with its own
 * database, signing and delivering to the others over HTTP.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { PasswordHasher } from "../../src/app/context.ts";
import { createMember } from "../../src/app/members.ts";
import { publishPost } from "../../src/app/posts.ts";
import type { Member } from "../../src/domain/member.ts";
import type { Post, Visibility } from "../../src/domain/post.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { InboxOutcome } from "../../src/federation/inbox/support.ts";
import { type BuurtInstance, createBuurt, type ProcessRole } from "../../src/main.ts";
import { createTestDatabaseConfig, type TestDialect } from "./databases.ts";

/** Plain-text "hashing" for tests: argon2 is deliberately slow. */
export const testPasswords: PasswordHasher = {
  hash: (p) => Promise.resolve(`test:${p}`),
  verify: (h, p) => Promise.resolve(h === `test:${p}`),
};

/** Opens an HTTP server on a free loopback port (or the given one). */
export async function openServer(port = 0): Promise<{ server: Server; port: number }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

export interface TestBuurtOptions {
  name?: string;
  handle?: string;
  dialect?: TestDialect;
  /** Allow loopback federation (default true; false reproduces production's SSRF guard). */
  allowPrivateAddress?: boolean;
  role?: ProcessRole;
  /** Reuse this database (restart tests). */
  database?: { config: import("../../src/config/config.ts").DatabaseConfig; drop(): Promise<void> };
  /** Listen on this port (restart tests). */
  port?: number;
  /** Limits of remote fetches; with `allowPrivateAddress: false`, lets the bounded loaders fetch from loopback. */
  remoteFetch?: import("../../src/main.ts").BuurtOptions["remoteFetch"];
  /** Shorter queue handler timeouts. */
  queueHandlerTimeoutsMs?: import("../../src/main.ts").BuurtOptions["queueHandlerTimeoutsMs"];
}

export interface TestBuurt {
  buurt: BuurtInstance;
  origin: string;
  port: number;
  server: Server;
  database: { config: import("../../src/config/config.ts").DatabaseConfig; drop(): Promise<void> };
  /** Every request the server received: method and path. */
  requests: Array<{ method: string; path: string }>;
  /** Every inbound activity's outcome (processed, duplicate, ignored, failed), in order. */
  outcomes: InboxOutcome[];
  /** Creates an active member. */
  member(username: string, name?: string): Promise<Member>;
  /** The buurt group's actor IRI. */
  groupIri(): Promise<string>;
  /** Stops the server and the queue; keeps the database unless `drop`. */
  stop(options?: { drop?: boolean }): Promise<void>;
}

/** Starts a buurt server on loopback. */
export async function startTestBuurt(options: TestBuurtOptions = {}): Promise<TestBuurt> {
  const database = options.database ?? await createTestDatabaseConfig(options.dialect ?? "sqlite");
  const { server, port } = await openServer(options.port ?? 0);
  const requests: Array<{ method: string; path: string }> = [];
  server.on("request", (req: IncomingMessage) => requests.push({ method: req.method ?? "", path: req.url ?? "" }));
  const result = loadConfig({
    NODE_ENV: "test",
    BUURT_ORIGIN: `http://127.0.0.1:${port}`,
    BUURT_NAME: options.name ?? `Buurt ${port}`,
    BUURT_HANDLE: options.handle ?? "buurt",
    BUURT_ALLOW_PRIVATE_ADDRESS: options.allowPrivateAddress === false ? "false" : "true",
    DATA_DIR: "/tmp/buurt-test-data",
    SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
  });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const config = { ...result.config, database: database.config };
  const outcomes: InboxOutcome[] = [];
  const buurt = await createBuurt(config, {
    role: options.role ?? "all",
    passwords: testPasswords,
    queuePollIntervalMs: 50,
    onInboxOutcome: (outcome) => outcomes.push(outcome),
    remoteFetch: options.remoteFetch,
    queueHandlerTimeoutsMs: options.queueHandlerTimeoutsMs,
  });
  await buurt.listen(server);
  return {
    buurt,
    origin: `http://127.0.0.1:${port}`,
    port,
    server,
    database,
    requests,
    outcomes,
    async member(username, name) {
      const r = await createMember(buurt.app, { username, displayName: name ?? username, status: "active" });
      if (!r.ok) throw new Error(`createMember(${username}): ${r.error}`);
      return r.value;
    },
    async groupIri() {
      return (await buurt.app.repos.buurt.get())!.actor.iri;
    },
    async stop(stopOptions = {}) {
      await buurt.close();
      if (stopOptions.drop !== false) await database.drop();
    },
  };
}

/**
 * Waits until `check` returns a truthy value (polling), or fails with
 * `message` after `timeoutMs`.  Waiting for a state is not a timing
 * assertion: the timeout only bounds a hung test.
 */
export async function waitFor<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  message: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting: ${message}${last == null ? "" : ` (last error: ${String(last)})`}`);
}

/** Waits until a buurt's delivery queue has nothing ready to run. */
export async function waitForQueueIdle(buurt: BuurtInstance, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => {
    const rows = await buurt.database.db.selectFrom("queue_messages").select(["id", "attempts", "status"]).execute();
    return rows.every((r) => r.status === "failed" || r.attempts > 0);
  }, "queue to be idle", timeoutMs);
}

/**
 * Publishes a post as a member (public unless said otherwise).
 * @throws {Error} With the error code when `publishPost` refuses it.
 */
export async function publishAs(
  buurt: BuurtInstance,
  username: string,
  text: string,
  visibility: Visibility = "public",
): Promise<Post> {
  const r = await publishPost(buurt.app, { authorUsername: username, text, visibility });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}
