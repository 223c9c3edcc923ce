import type { Kysely } from "kysely";
import type { Buurt, BuurtRepository, StoredKeyPair } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import { nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";
import { insertKeyPairs } from "./key-pairs.ts";
import { actorFromRow, actorToRow } from "./rows.ts";

const BUURT_ID = "buurt";

/** Kysely implementation of `BuurtRepository` (a single row in `buurten`). */
export class KyselyBuurtRepository implements BuurtRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(): Promise<Buurt | null> {
    const row = await this.db.selectFrom("buurten")
      .innerJoin("actors", "actors.id", "buurten.actor_id")
      .selectAll("actors")
      .select(["buurten.timezone", "buurten.language", "buurten.join_policy"])
      .where("buurten.id", "=", BUURT_ID)
      .executeTakeFirst();
    if (row == null) return null;
    const { timezone, language, join_policy, ...actorRow } = row;
    return { actor: actorFromRow(actorRow), timezone, language, joinPolicy: join_policy };
  }

  async create(
    input: { actor: Actor; keyPairs: StoredKeyPair[]; timezone: string; language: string; joinPolicy: string },
  ): Promise<Buurt> {
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("actors").values(actorToRow(input.actor)).execute();
      await insertKeyPairs(trx, input.actor.id, input.keyPairs);
      await trx.insertInto("buurten").values({
        id: BUURT_ID,
        actor_id: input.actor.id,
        timezone: input.timezone,
        language: input.language,
        join_policy: input.joinPolicy,
        created_at: now,
        updated_at: now,
      }).execute();
    });
    const buurt = await this.get();
    if (buurt == null) throw new Error("Buurt vanished right after creation");
    return buurt;
  }

  async update(changes: { name?: string; timezone?: string; language?: string; joinPolicy?: string }): Promise<void> {
    const now = nowIso();
    await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("buurten").select("actor_id").where("id", "=", BUURT_ID).executeTakeFirst();
      if (row == null) return;
      if (changes.name !== undefined) {
        await trx.updateTable("actors").set({ name: changes.name, updated_at: now }).where("id", "=", row.actor_id)
          .execute();
      }
      await trx.updateTable("buurten").set({
        ...(changes.timezone !== undefined ? { timezone: changes.timezone } : {}),
        ...(changes.language !== undefined ? { language: changes.language } : {}),
        ...(changes.joinPolicy !== undefined ? { join_policy: changes.joinPolicy } : {}),
        updated_at: now,
      }).where("id", "=", BUURT_ID).execute();
    });
  }
}
