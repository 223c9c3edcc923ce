import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config/config.ts";
import type { Database } from "./schema.ts";
import { StripNulPlugin } from "./strip-nul.ts";

/** Which SQL dialect a connection speaks; a few queries differ (row locking). */
export type Dialect = "sqlite" | "postgres";

/** An open database: the Kysely handle, its dialect, and how to close it. */
export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

/**
 * Opens the database named by the configuration.
 *
 * SQLite (better-sqlite3) runs in WAL mode with foreign keys on and a 5 s busy
 * timeout, so a web and a worker process can share one file; its directory is
 * created when missing.  PostgreSQL uses a `pg` pool of `poolSize` connections.
 * On both, string parameters lose U+0000, which PostgreSQL refuses (`StripNulPlugin`).
 *
 * @param config `{ kind: "sqlite", path }` or `{ kind: "postgres", url }`.
 * @param options.poolSize PostgreSQL pool size (default 10).
 * @throws {Error} When the SQLite file cannot be opened.  PostgreSQL errors
 *   surface on the first query.
 */
export function openDatabase(
  config: DatabaseConfig,
  options: { poolSize?: number } = {},
): DatabaseHandle {
  if (config.kind === "sqlite") {
    if (config.path !== ":memory:") mkdirSync(dirname(config.path), { recursive: true });
    const sqlite = new SQLite(config.path);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("synchronous = NORMAL");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }), plugins: [new StripNulPlugin()] });
    return { db, dialect: "sqlite", close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: options.poolSize ?? 10 });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [new StripNulPlugin()] });
  return { db, dialect: "postgres", close: () => db.destroy() };
}

/**
 * Whether an error is a unique-constraint violation on either dialect
 * (SQLite `SQLITE_CONSTRAINT_UNIQUE`/`PRIMARYKEY`, PostgreSQL `23505`).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (error == null || typeof error !== "object") return false;
  const code = (error as { code?: unknown }).code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY";
}
