/**
 * An in-process buurt fed with fixture documents: its document loader serves
 * `test/fixtures/` (see `fixtures.ts`), inbox POSTs go through
 * `web.request` (no socket), signatures are not checked (fixture signatures
 * cannot verify, see the fixtures README), and every inbound activity's
 * outcome is collected.
 *
 * Each `start()` gets its own copy of a template SQLite database that already
 * holds the buurt group and one active member, so a test sees only its own
 * activity and starting costs a file copy rather than migrations and key
 * generation.
 */
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, afterEach, beforeAll } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { type DatabaseConfig, loadConfig } from "../../src/config/config.ts";
import { newId } from "../../src/domain/ids.ts";
import type { InboxOutcome } from "../../src/federation/inbox/support.ts";
import { type BuurtInstance, createBuurt } from "../../src/main.ts";
import { createFixtureLoader, type FixtureLoader, type Json } from "./fixtures.ts";
import { testPasswords } from "./buurt.ts";
import { createTestDatabaseConfig, type TestDialect } from "./databases.ts";
import { storeAcceptedFollow } from "./remote.ts";

/** Public origin of the fixture buurt (never resolved: nothing listens). */
export const ORIGIN = "https://buurt.test";
/** Username of the member every fixture buurt has. */
export const MEMBER = "anna";

function configFor(database: DatabaseConfig, dataDir: string) {
  const result = loadConfig({
    NODE_ENV: "test",
    BUURT_ORIGIN: ORIGIN,
    BUURT_NAME: "Fixture Buurt",
    BUURT_HANDLE: "buurt",
    // A custom document loader replaces Fedify's, and with it the private
    // address guard; Fedify refuses both at once.
    BUURT_ALLOW_PRIVATE_ADDRESS: "false",
    DATA_DIR: dataDir,
    SESSION_SECRET: "interop-test-secret-0123456789abcdef",
  });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return { ...result.config, database };
}

/** One running fixture buurt. */
export interface FixtureBuurt {
  buurt: BuurtInstance;
  loader: FixtureLoader;
  /** Every outcome reported so far, in order. */
  outcomes: InboxOutcome[];
  /** IRI of the local member and of the buurt group. */
  memberIri: string;
  groupIri: string;
  /**
   * Makes the local member follow a remote actor (accepted), fetching the
   * actor through the fixture loader.
   * @throws {Error} When the actor cannot be resolved.
   */
  follow(actorIri: string): Promise<void>;
  /** POSTs a JSON body to the shared inbox; returns status and text. */
  post(body: unknown): Promise<{ status: number; text: string }>;
  /**
   * Waits for the outcome of the activity with this id (`null` when none
   * comes within the bound), looking only at outcomes from index `since` on.
   */
  outcomeOf(id: string, since?: number, timeoutMs?: number): Promise<InboxOutcome | null>;
  close(): Promise<void>;
}

/**
 * POSTs an activity to a fixture buurt's shared inbox and says what became
 * of it: `kind: detail` of its outcome (`processed: rsvp_going`), `no
 * outcome`, or `<status> <text>` when the inbox refused the POST.
 */
export async function deliver(fb: FixtureBuurt, body: Json): Promise<string> {
  const since = fb.outcomes.length;
  const response = await fb.post(body);
  if (response.status !== 202) return `${response.status} ${response.text}`;
  const outcome = await fb.outcomeOf(new URL(String(body.id)).href, since);
  return outcome == null ? "no outcome" : `${outcome.kind}: ${outcome.detail}`;
}

/**
 * Fixture buurten for the tests of one `describe` block.  Registers its
 * hooks: the template is made before the tests (`beforeAll`), the buurten a
 * test started are closed after it (`afterEach`), and the template is
 * removed at the end (`afterAll`).  Call it inside `describe`.
 *
 * @returns `start`, as `FixtureBuurtFactory.start`.
 */
export function useFixtureBuurts(dialect: TestDialect = "sqlite"): {
  start(documents?: Iterable<Json>): Promise<FixtureBuurt>;
} {
  let factory: FixtureBuurtFactory | null = null;
  const running: FixtureBuurt[] = [];
  beforeAll(async () => {
    factory = await fixtureBuurtFactory(dialect);
  });
  afterEach(async () => {
    for (const fb of running.splice(0)) await fb.close();
  });
  afterAll(async () => {
    await factory?.dispose();
  });
  return {
    async start(documents) {
      if (factory == null) throw new Error("useFixtureBuurts: start() before the beforeAll hook ran");
      const fb = await factory.start(documents);
      running.push(fb);
      return fb;
    },
  };
}

/** Starts fixture buurten from one template database (per test file). */
export interface FixtureBuurtFactory {
  start(documents?: Iterable<Json>): Promise<FixtureBuurt>;
  /** Removes the template (and any database left open). */
  dispose(): Promise<void>;
}

/**
 * Creates the template database and returns a factory for buurten on copies
 * of it.
 *
 * @param dialect `sqlite` copies the file per buurt; `postgres` creates each
 *   buurt's database from a template database (`CREATE DATABASE … TEMPLATE`).
 */
export async function fixtureBuurtFactory(dialect: TestDialect = "sqlite"): Promise<FixtureBuurtFactory> {
  const dirs: string[] = [];
  /** Removes the PostgreSQL copies (in parallel), then the template. */
  const drops: Array<() => Promise<void>> = [];
  let dropTemplate: (() => Promise<void>) | null = null;
  let template: string | null = null;

  async function prepare(buurt: BuurtInstance) {
    const r = await createMember(buurt.app, { username: MEMBER, displayName: "Anna", status: "active" });
    if (!r.ok) throw new Error(`createMember: ${r.error}`);
  }

  const templateDir = mkdtempSync(join(tmpdir(), "buurt-interop-template-"));
  dirs.push(templateDir);
  let pgTemplate: { adminUrl: string; name: string } | null = null;
  let copies = 0;
  if (dialect === "sqlite") {
    template = join(templateDir, "buurt.sqlite");
    const buurt = await createBuurt(configFor({ kind: "sqlite", path: template }, templateDir), { passwords: testPasswords });
    await prepare(buurt);
    await buurt.close();
  } else {
    const t = await createTestDatabaseConfig(dialect);
    dropTemplate = t.drop;
    const buurt = await createBuurt(configFor(t.config, templateDir), { passwords: testPasswords });
    await prepare(buurt);
    await buurt.close();
    const url = new URL(t.config.kind === "postgres" ? t.config.url : "");
    pgTemplate = { adminUrl: process.env.TEST_POSTGRES_URL!, name: url.pathname.slice(1) };
  }

  async function copyPostgres(source: { adminUrl: string; name: string }): Promise<DatabaseConfig> {
    const name = `${source.name}_${++copies}`;
    const admin = new pg.Client({ connectionString: source.adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.name}`);
    await admin.end();
    drops.push(async () => {
      const c = new pg.Client({ connectionString: source.adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
    const url = new URL(source.adminUrl);
    url.pathname = `/${name}`;
    return { kind: "postgres", url: url.href };
  }

  return {
    async start(documents = []) {
      let database: DatabaseConfig;
      const dir = mkdtempSync(join(tmpdir(), "buurt-interop-"));
      dirs.push(dir);
      if (template != null) {
        database = { kind: "sqlite", path: join(dir, "buurt.sqlite") };
        copyFileSync(template, database.path);
      } else {
        database = await copyPostgres(pgTemplate!);
      }
      const loader = createFixtureLoader(documents);
      const outcomes: InboxOutcome[] = [];
      const buurt = await createBuurt(configFor(database, dir), {
        skipSignatureVerification: true,
        documentLoader: loader.loader,
        onInboxOutcome: (o) => outcomes.push(o),
        passwords: testPasswords,
        queuePollIntervalMs: 20,
      });
      void buurt.startQueue();
      const groupIri = (await buurt.app.repos.buurt.get())!.actor.iri;
      return {
        buurt,
        loader,
        outcomes,
        memberIri: buurt.app.iris.actor(MEMBER),
        groupIri,
        async follow(actorIri) {
          const resolved = await buurt.lookup.resolveActor(actorIri);
          if (!resolved.ok) throw new Error(`resolveActor(${actorIri}): ${resolved.error}`);
          const member = await buurt.app.repos.actors.findLocalByUsername(MEMBER);
          await storeAcceptedFollow(buurt, {
            iri: `${ORIGIN}/follows/${newId()}`,
            followerId: member!.id,
            followingId: resolved.value.id,
          });
        },
        async post(body) {
          const response = await buurt.web.request(`${ORIGIN}/inbox`, {
            method: "POST",
            headers: { "content-type": "application/activity+json" },
            body: JSON.stringify(body),
          });
          return { status: response.status, text: await response.text() };
        },
        async outcomeOf(id, since = 0, timeoutMs = 10_000) {
          // Polls often: the outcome is a state to wait for, the bound only ends a hung test.
          const deadline = Date.now() + timeoutMs;
          while (Date.now() < deadline) {
            const found = outcomes.slice(since).find((o) => o.id === id);
            if (found != null) return found;
            await new Promise((r) => setTimeout(r, 5));
          }
          return null;
        },
        close: () => buurt.close(),
      };
    },
    async dispose() {
      await Promise.all(drops.map((drop) => drop().catch(() => {})));
      await dropTemplate?.().catch(() => {});
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}
