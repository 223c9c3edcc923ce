import { type Kysely, sql } from "kysely";
import type { ActorRepository, RemoteActorInput } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import { newId, nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";
import { actorFromRow } from "./rows.ts";

/** Kysely implementation of `ActorRepository`. */
export class KyselyActorRepository implements ActorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async findById(id: string): Promise<Actor | null> {
    const row = await this.db.selectFrom("actors").selectAll().where("id", "=", id).executeTakeFirst();
    return row == null ? null : actorFromRow(row);
  }

  async findByIri(iri: string): Promise<Actor | null> {
    const row = await this.db.selectFrom("actors").selectAll().where("iri", "=", iri).executeTakeFirst();
    return row == null ? null : actorFromRow(row);
  }

  async findLocalByUsername(username: string): Promise<Actor | null> {
    const row = await this.db.selectFrom("actors").selectAll()
      .where("local", "=", 1).where("username", "=", username.toLowerCase()).executeTakeFirst();
    return row == null ? null : actorFromRow(row);
  }

  async findByHandle(username: string, domain: string): Promise<Actor | null> {
    const row = await this.db.selectFrom("actors").selectAll()
      .where((eb) => eb(eb.fn("lower", ["username"]), "=", username.toLowerCase()))
      .where((eb) => eb(eb.fn("lower", ["domain"]), "=", domain.toLowerCase()))
      .orderBy("updated_at", "desc")
      .executeTakeFirst();
    return row == null ? null : actorFromRow(row);
  }

  async searchLocal(query: string, limit: number): Promise<Actor[]> {
    const text = query.trim().toLowerCase();
    if (text === "") return [];
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.selectFrom("actors")
      .leftJoin("members", "members.actor_id", "actors.id")
      .selectAll("actors")
      .where("actors.local", "=", 1)
      .where((eb) => eb.or([eb("members.status", "=", "active"), eb("actors.type", "=", "Group")]))
      .where((eb) =>
        eb.or([
          sql<boolean>`lower(${eb.ref("actors.username")}) like ${pattern} escape '\\'`,
          sql<boolean>`lower(coalesce(${eb.ref("actors.name")}, '')) like ${pattern} escape '\\'`,
        ])
      )
      .orderBy((eb) => eb.fn.coalesce("actors.name", "actors.username"))
      .orderBy("actors.username")
      .limit(Math.min(50, Math.max(1, limit)))
      .execute();
    return rows.map(actorFromRow);
  }

  async upsertRemote(input: RemoteActorInput): Promise<Actor> {
    const now = nowIso();
    const values = {
      type: input.type,
      username: input.username,
      domain: input.domain,
      name: input.name,
      summary: input.summary,
      url: input.url,
      inbox_url: input.inboxUrl,
      shared_inbox_url: input.sharedInboxUrl,
      followers_url: input.followersUrl,
      following_url: input.followingUrl,
      outbox_url: input.outboxUrl,
      icon_url: input.iconUrl,
      manually_approves_followers: input.manuallyApprovesFollowers ? 1 : 0,
      public_key_id: input.publicKeyId,
      public_key_pem: input.publicKeyPem,
      fields_json: JSON.stringify(input.fields),
      updated_at: now,
      fetched_at: now,
    };
    await this.db.insertInto("actors")
      .values({ id: newId(), iri: input.iri, local: 0, created_at: now, ...values })
      // Never let a remote document overwrite one of our own actors.
      .onConflict((oc) => oc.column("iri").doUpdateSet(values).where("actors.local", "=", 0))
      .execute();
    const actor = await this.findByIri(input.iri);
    if (actor == null) throw new Error(`Actor ${input.iri} vanished right after upsert`);
    return actor;
  }

  async deleteRemote(iri: string): Promise<boolean> {
    return await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("actors").select("id").where("iri", "=", iri).where("local", "=", 0)
        .executeTakeFirst();
      if (row == null) return false;
      const postIds = trx.selectFrom("posts").select("id").where("actor_id", "=", row.id);
      await trx.deleteFrom("notifications").where((eb) =>
        eb.or([eb("from_actor_id", "=", row.id), eb("post_id", "in", postIds)])
      ).execute();
      await trx.deleteFrom("post_hashtags").where("post_id", "in", postIds).execute();
      await trx.deleteFrom("likes").where((eb) => eb.or([eb("actor_id", "=", row.id), eb("post_id", "in", postIds)]))
        .execute();
      await trx.deleteFrom("announces").where((eb) =>
        eb.or([eb("actor_id", "=", row.id), eb("post_id", "in", postIds)])
      ).execute();
      await trx.deleteFrom("posts").where("actor_id", "=", row.id).execute();
      await trx.deleteFrom("follows").where((eb) =>
        eb.or([eb("follower_id", "=", row.id), eb("following_id", "=", row.id)])
      ).execute();
      await trx.deleteFrom("actors").where("id", "=", row.id).execute();
      return true;
    });
  }

  async updateLocalProfile(
    id: string,
    changes: Partial<Pick<Actor, "name" | "summary" | "iconUrl" | "manuallyApprovesFollowers" | "fields">>,
  ): Promise<void> {
    await this.db.updateTable("actors").set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.summary !== undefined ? { summary: changes.summary } : {}),
      ...(changes.iconUrl !== undefined ? { icon_url: changes.iconUrl } : {}),
      ...(changes.manuallyApprovesFollowers !== undefined
        ? { manually_approves_followers: changes.manuallyApprovesFollowers ? 1 : 0 }
        : {}),
      ...(changes.fields !== undefined ? { fields_json: JSON.stringify(changes.fields) } : {}),
      updated_at: nowIso(),
    }).where("id", "=", id).where("local", "=", 1).execute();
  }
}
