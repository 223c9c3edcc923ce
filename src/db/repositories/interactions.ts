import type { Kysely } from "kysely";
import type { AnnounceRepository, Interaction, LikeRepository, Page, PageRequest } from "../../app/ports.ts";
import { isUniqueViolation } from "../database.ts";
import type { Database } from "../schema.ts";
import { decodeCursor, olderThan, pageSize, takePage } from "./rows.ts";

type Row = { id: string; iri: string; actor_id: string; post_id: string; created_at: string };

function fromRow(r: Row): Interaction {
  return { id: r.id, iri: r.iri, actorId: r.actor_id, postId: r.post_id, createdAt: r.created_at };
}

async function insertOnce(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Kysely implementation of `LikeRepository`. */
export class KyselyLikeRepository implements LikeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  create(like: Interaction): Promise<boolean> {
    return insertOnce(() =>
      this.db.insertInto("likes").values({
        id: like.id,
        iri: like.iri,
        actor_id: like.actorId,
        post_id: like.postId,
        created_at: like.createdAt,
      }).execute()
    );
  }

  async findByIri(iri: string): Promise<Interaction | null> {
    const row = await this.db.selectFrom("likes").selectAll().where("iri", "=", iri).executeTakeFirst();
    return row == null ? null : fromRow(row);
  }

  async findByPair(actorId: string, postId: string): Promise<Interaction | null> {
    const row = await this.db.selectFrom("likes").selectAll()
      .where("actor_id", "=", actorId).where("post_id", "=", postId).executeTakeFirst();
    return row == null ? null : fromRow(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("likes").where("id", "=", id).execute();
  }

  async countForPost(postId: string): Promise<number> {
    const row = await this.db.selectFrom("likes").select((eb) => eb.fn.countAll().as("n"))
      .where("post_id", "=", postId).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

/** Kysely implementation of `AnnounceRepository`. */
export class KyselyAnnounceRepository implements AnnounceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  create(announce: Interaction & { publishedAt: string }): Promise<boolean> {
    return insertOnce(() =>
      this.db.insertInto("announces").values({
        id: announce.id,
        iri: announce.iri,
        actor_id: announce.actorId,
        post_id: announce.postId,
        published_at: announce.publishedAt,
        created_at: announce.createdAt,
      }).execute()
    );
  }

  async findByIri(iri: string): Promise<Interaction | null> {
    const row = await this.db.selectFrom("announces").selectAll().where("iri", "=", iri).executeTakeFirst();
    return row == null ? null : fromRow(row);
  }

  async findByPair(actorId: string, postId: string): Promise<Interaction | null> {
    const row = await this.db.selectFrom("announces").selectAll()
      .where("actor_id", "=", actorId).where("post_id", "=", postId).executeTakeFirst();
    return row == null ? null : fromRow(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("announces").where("id", "=", id).execute();
  }

  async countForPost(postId: string): Promise<number> {
    const row = await this.db.selectFrom("announces").select((eb) => eb.fn.countAll().as("n"))
      .where("post_id", "=", postId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countByActor(actorId: string): Promise<number> {
    const row = await this.db.selectFrom("announces").select((eb) => eb.fn.countAll().as("n"))
      .where("actor_id", "=", actorId).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async listByActor(actorId: string, page: PageRequest): Promise<Page<Interaction & { publishedAt: string }>> {
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    let q = this.db.selectFrom("announces").selectAll().where("actor_id", "=", actorId);
    if (cursor != null) {
      q = q.where((eb) => olderThan(eb, "published_at", "id", cursor));
    }
    const taken = takePage(
      await q.orderBy("published_at", "desc").orderBy("id", "desc").limit(limit + 1).execute(),
      limit,
      (r) => ({ at: r.published_at, id: r.id }),
    );
    return {
      items: taken.rows.map((r) => ({ ...fromRow(r), publishedAt: r.published_at })),
      nextCursor: taken.nextCursor,
    };
  }
}
