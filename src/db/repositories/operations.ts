/**
 * Storage for the delivery machinery's bookkeeping: which remote hosts are
 * unreachable, and removing followers whose inboxes are gone.
 */
import type { Kysely } from "kysely";
import { nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";

/**
 * Records a remote host's delivery state (Fedify circuit breaker:
 * `open` = unavailable, deliveries held; `half-open` = probing; `closed` = fine).
 */
export async function recordHostState(db: Kysely<Database>, host: string, state: string): Promise<void> {
  const now = nowIso();
  await db.insertInto("instances").values({ host, state, changed_at: now, last_error: null })
    .onConflict((oc) => oc.column("host").doUpdateSet({ state, changed_at: now }))
    .execute();
}

/** Hosts currently not available (circuit open or half-open), most recent first. */
export async function listUnavailableHosts(
  db: Kysely<Database>,
): Promise<Array<{ host: string; state: string; changedAt: string }>> {
  const rows = await db.selectFrom("instances").selectAll().where("state", "!=", "closed")
    .orderBy("changed_at", "desc").execute();
  return rows.map((r) => ({ host: r.host, state: r.state, changedAt: r.changed_at }));
}

/**
 * Removes the follows of remote actors whose inbox answered 404/410: they
 * are gone, so nothing more is delivered to them.
 * @returns Number of follows removed.
 */
export async function removeGoneFollowers(db: Kysely<Database>, actorIris: string[]): Promise<number> {
  if (actorIris.length === 0) return 0;
  const actors = db.selectFrom("actors").select("id").where("iri", "in", actorIris).where("local", "=", 0);
  const result = await db.deleteFrom("follows").where("follower_id", "in", actors).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
