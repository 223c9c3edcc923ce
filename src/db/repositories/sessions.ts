import type { Kysely } from "kysely";
import type { Session, SessionRepository } from "../../app/ports.ts";
import type { Database } from "../schema.ts";

/** Kysely implementation of `SessionRepository`. */
export class KyselySessionRepository implements SessionRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(session: Session): Promise<void> {
    await this.db.insertInto("sessions").values({
      id: session.id,
      member_id: session.memberId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      last_seen_at: session.lastSeenAt,
      user_agent: session.userAgent,
    }).execute();
  }

  async find(id: string): Promise<Session | null> {
    const row = await this.db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
    return row == null ? null : {
      id: row.id,
      memberId: row.member_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      userAgent: row.user_agent,
    };
  }

  async touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await this.db.updateTable("sessions").set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where("id", "=", id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("id", "=", id).execute();
  }

  async deleteForMember(memberId: string): Promise<void> {
    await this.db.deleteFrom("sessions").where("member_id", "=", memberId).execute();
  }
}
