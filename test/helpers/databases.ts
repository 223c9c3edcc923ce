/**
 * Databases for tests: a fresh SQLite file per call, and a fresh PostgreSQL
 * database per call when `TEST_POSTGRES_URL` is set (as `.ci/run` does).
 *
 * In CI (`CI=true`) a missing `TEST_POSTGRES_URL` is an error, not a silent
 * skip, so the PostgreSQL half of the suite cannot quietly vanish.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { DatabaseConfig } from "../../src/config/config.ts";
import { type DatabaseHandle, openDatabase } from "../../src/db/database.ts";
import { migrateToLatest } from "../../src/db/migrate.ts";

export type TestDialect = "sqlite" | "postgres";

/** The dialects this run tests: always SQLite; PostgreSQL when configured. */
export function testDialects(): TestDialect[] {
  const url = process.env.TEST_POSTGRES_URL;
  if (url == null || url === "") {
    if (process.env.CI === "true") {
      throw new Error(
        "TEST_POSTGRES_URL is not set: in CI the storage and federation suites must run on PostgreSQL too.",
      );
    }
    return ["sqlite"];
  }
  return ["sqlite", "postgres"];
}

/** This test run's id (set in vitest.config.ts), part of every database name. */
export function runId(): string {
  return (process.env.BUURT_TEST_RUN ?? "local").replace(/[^a-z0-9]/g, "");
}

let templateName: Promise<string> | null = null;

/**
 * A migrated PostgreSQL database this test process copies its databases
 * from (`CREATE DATABASE … TEMPLATE`); created once per process and removed
 * by the global teardown (test/helpers/global-setup.ts).
 */
function migratedTemplate(adminUrl: string): Promise<string> {
  templateName ??= (async () => {
    const name = `buurt_tmpl_${runId()}_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (error) {
      throw new Error(
        `PostgreSQL at TEST_POSTGRES_URL is not reachable (${String(error)}); start it (see ../shared/services.md).`,
      );
    }
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    const handle = openDatabase({ kind: "postgres", url: url.href }, { poolSize: 1 });
    await migrateToLatest(handle.db);
    await handle.close();
    return name;
  })();
  return templateName;
}

/** A database config plus a function that removes the database again. */
export interface TestDatabaseConfig {
  config: DatabaseConfig;
  drop(): Promise<void>;
}

/**
 * Creates a database of the given dialect: an empty SQLite file, or a
 * PostgreSQL database copied from a migrated template (migrating it again
 * is then a no-op).
 * @throws {Error} With a clear message when PostgreSQL is unreachable.
 */
export async function createTestDatabaseConfig(dialect: TestDialect): Promise<TestDatabaseConfig> {
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "buurt-test-"));
    return {
      config: { kind: "sqlite", path: join(dir, "buurt.sqlite") },
      drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
    };
  }
  const adminUrl = process.env.TEST_POSTGRES_URL!;
  const name = `buurt_test_${runId()}_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const template = await migratedTemplate(adminUrl);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // Copying a migrated template is several times faster than migrating anew.
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    config: { kind: "postgres", url: url.href },
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** An open, migrated test database. */
export interface TestDatabase extends DatabaseHandle {
  config: DatabaseConfig;
  /** Closes the connection and removes the database. */
  destroy(): Promise<void>;
}

/** Opens a fresh, migrated database of the given dialect. */
export async function openTestDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const t = await createTestDatabaseConfig(dialect);
  const handle = openDatabase(t.config, { poolSize: 5 });
  await migrateToLatest(handle.db);
  return {
    ...handle,
    config: t.config,
    async destroy() {
      await handle.close();
      await t.drop();
    },
  };
}
