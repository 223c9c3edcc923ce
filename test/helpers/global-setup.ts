/**
 * Vitest global setup: after the run, drops the PostgreSQL databases this
 * run created (named with its run id, so parallel runs don't interfere).
 */
import pg from "pg";

async function dropTestDatabases(): Promise<void> {
  const url = process.env.TEST_POSTGRES_URL;
  const run = (process.env.BUURT_TEST_RUN ?? "").replace(/[^a-z0-9]/g, "");
  if (url == null || url === "" || run === "") return;
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch {
    return;
  }
  const { rows } = await client.query<{ datname: string }>(
    "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE $2",
    [`buurt_test_${run}_%`, `buurt_tmpl_${run}_%`],
  );
  for (const { datname } of rows) {
    await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
  }
  await client.end();
}

export function setup(): void {}

export async function teardown(): Promise<void> {
  await dropTestDatabases();
}
