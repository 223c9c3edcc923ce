import type { Kysely } from "kysely";
import type { ReceivedActivityRepository } from "../../app/ports.ts";
import { nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";

/** Kysely implementation of `ReceivedActivityRepository`. */
export class KyselyReceivedActivityRepository implements ReceivedActivityRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async has(iri: string): Promise<boolean> {
    const row = await this.db.selectFrom("received_activities").select("iri").where("iri", "=", iri)
      .executeTakeFirst();
    return row != null;
  }

  async record(iri: string, type: string, actorIri: string | null): Promise<boolean> {
    const result = await this.db.insertInto("received_activities")
      .values({ iri, type, actor_iri: actorIri, received_at: nowIso() })
      .onConflict((oc) => oc.column("iri").doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}
