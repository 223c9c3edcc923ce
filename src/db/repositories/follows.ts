import type { Kysely, Selectable } from "kysely";
import type { FollowRepository, Page, PageRequest } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import type { Follow, FollowStatus } from "../../domain/follow.ts";
import { nowIso } from "../../domain/ids.ts";
import { isUniqueViolation } from "../database.ts";
import type { Database } from "../schema.ts";
import type { FollowsTable } from "../tables/follows.ts";
import { actorFromRow, decodeCursor, olderThan, pageSize, takePage } from "./rows.ts";

function followFromRow(row: Selectable<FollowsTable>): Follow {
  return {
    id: row.id,
    iri: row.iri,
    followerId: row.follower_id,
    followingId: row.following_id,
    status: row.status as FollowStatus,
    createdAt: row.created_at,
    acceptedAt: row.accepted_at,
  };
}

/** Kysely implementation of `FollowRepository`. */
export class KyselyFollowRepository implements FollowRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(follow: Follow): Promise<{ follow: Follow; created: boolean }> {
    try {
      await this.db.insertInto("follows").values({
        id: follow.id,
        iri: follow.iri,
        follower_id: follow.followerId,
        following_id: follow.followingId,
        status: follow.status,
        created_at: follow.createdAt,
        accepted_at: follow.acceptedAt,
      }).execute();
      return { follow, created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findByPair(follow.followerId, follow.followingId);
      if (existing == null) throw error;
      return { follow: existing, created: false };
    }
  }

  async findByIri(iri: string): Promise<Follow | null> {
    const row = await this.db.selectFrom("follows").selectAll().where("iri", "=", iri).executeTakeFirst();
    return row == null ? null : followFromRow(row);
  }

  async findByPair(followerId: string, followingId: string): Promise<Follow | null> {
    const row = await this.db.selectFrom("follows").selectAll()
      .where("follower_id", "=", followerId).where("following_id", "=", followingId).executeTakeFirst();
    return row == null ? null : followFromRow(row);
  }

  async setStatus(id: string, status: FollowStatus): Promise<void> {
    await this.db.updateTable("follows").set({
      status,
      accepted_at: status === "accepted" ? nowIso() : null,
    }).where("id", "=", id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("follows").where("id", "=", id).execute();
  }

  private async listActors(
    joinOn: "follower_id" | "following_id",
    whereOn: "follower_id" | "following_id",
    actorId: string,
    page: PageRequest,
  ): Promise<Page<Actor>> {
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    let q = this.db.selectFrom("follows")
      .innerJoin("actors", "actors.id", `follows.${joinOn}`)
      .selectAll("actors")
      .select(["follows.id as follow_id", "follows.created_at as followed_at"])
      .where(`follows.${whereOn}`, "=", actorId)
      .where("follows.status", "=", "accepted");
    if (cursor != null) {
      q = q.where((eb) => olderThan(eb, "follows.created_at", "follows.id", cursor));
    }
    const taken = takePage(
      await q.orderBy("follows.created_at", "desc").orderBy("follows.id", "desc").limit(limit + 1).execute(),
      limit,
      (r) => ({ at: r.followed_at, id: r.follow_id }),
    );
    return {
      items: taken.rows.map(({ follow_id: _f, followed_at: _a, ...r }) => actorFromRow(r)),
      nextCursor: taken.nextCursor,
    };
  }

  listFollowers(actorId: string, page: PageRequest): Promise<Page<Actor>> {
    return this.listActors("follower_id", "following_id", actorId, page);
  }

  listFollowing(actorId: string, page: PageRequest): Promise<Page<Actor>> {
    return this.listActors("following_id", "follower_id", actorId, page);
  }

  async listRemoteFollowers(actorId: string): Promise<Actor[]> {
    const rows = await this.db.selectFrom("follows")
      .innerJoin("actors", "actors.id", "follows.follower_id")
      .selectAll("actors")
      .where("follows.following_id", "=", actorId)
      .where("follows.status", "=", "accepted")
      .where("actors.local", "=", 0)
      .execute();
    return rows.map(actorFromRow);
  }

  async listPendingRequests(actorId: string): Promise<Array<{ follow: Follow; follower: Actor }>> {
    const rows = await this.db.selectFrom("follows")
      .innerJoin("actors", "actors.id", "follows.follower_id")
      .selectAll("actors")
      .select([
        "follows.id as f_id",
        "follows.iri as f_iri",
        "follows.follower_id as f_follower_id",
        "follows.following_id as f_following_id",
        "follows.status as f_status",
        "follows.created_at as f_created_at",
        "follows.accepted_at as f_accepted_at",
      ])
      .where("follows.following_id", "=", actorId)
      .where("follows.status", "=", "pending")
      .orderBy("follows.created_at", "asc")
      .execute();
    return rows.map((r) => {
      const { f_id, f_iri, f_follower_id, f_following_id, f_status, f_created_at, f_accepted_at, ...actor } = r;
      return {
        follow: followFromRow({
          id: f_id,
          iri: f_iri,
          follower_id: f_follower_id,
          following_id: f_following_id,
          status: f_status,
          created_at: f_created_at,
          accepted_at: f_accepted_at,
        }),
        follower: actorFromRow(actor),
      };
    });
  }

  private async count(column: "follower_id" | "following_id", actorId: string): Promise<number> {
    const row = await this.db.selectFrom("follows").select((eb) => eb.fn.countAll().as("n"))
      .where(column, "=", actorId).where("status", "=", "accepted").executeTakeFirstOrThrow();
    return Number(row.n);
  }

  countFollowers(actorId: string): Promise<number> {
    return this.count("following_id", actorId);
  }

  countFollowing(actorId: string): Promise<number> {
    return this.count("follower_id", actorId);
  }

  async hasLocalFollower(actorId: string): Promise<boolean> {
    const row = await this.db.selectFrom("follows")
      .innerJoin("actors", "actors.id", "follows.follower_id")
      .select("follows.id")
      .where("follows.following_id", "=", actorId)
      .where("follows.status", "=", "accepted")
      .where("actors.local", "=", 1)
      .limit(1)
      .executeTakeFirst();
    return row != null;
  }
}
