import type { Kysely } from "kysely";
import { type Migration, type MigrationResultSet, Migrator } from "kysely/migration";
import * as m0001 from "../../migrations/0001_initial.ts";
import * as m0002 from "../../migrations/0002_residents.ts";
import * as m0010 from "../../migrations/0010_events.ts";
import * as m0011 from "../../migrations/0011_help.ts";

/**
 * Every migration, listed explicitly (no directory scanning, so the list is
 * the same under Node, Deno and bundlers).  Append new ones; never edit old ones.
 */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  "0001_initial": m0001,
  "0002_residents": m0002,
  "0010_events": m0010,
  "0011_help": m0011,
};

/**
 * Brings the database to the latest schema.
 *
 * @param db Any Kysely instance (SQLite or PostgreSQL).
 * @returns Names of the migrations applied by this call (empty when up to date).
 * @throws {Error} With the failing migration's name when one fails; earlier
 *   ones in the same run stay applied.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve({ ...MIGRATIONS }) },
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  const failed = result.results?.find((r) => r.status === "Error");
  if (result.error != null || failed != null) {
    const name = failed?.migrationName ?? "(unknown)";
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${name} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
