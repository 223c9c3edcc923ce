import type { Kysely } from "kysely";
import type { Invite, InviteRepository } from "../../app/ports.ts";
import type { Database } from "../schema.ts";

/** Kysely implementation of `InviteRepository` over `invites`. */
export class KyselyInviteRepository implements InviteRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private static fromRow(row: Database["invites"]): Invite {
    return {
      code: row.code,
      createdBy: row.created_by,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      maxUses: Number(row.max_uses),
      uses: Number(row.uses),
    };
  }

  async create(invite: Invite): Promise<void> {
    await this.db.insertInto("invites").values({
      code: invite.code,
      created_by: invite.createdBy,
      created_at: invite.createdAt,
      expires_at: invite.expiresAt,
      max_uses: invite.maxUses,
      uses: invite.uses,
    }).execute();
  }

  async find(code: string): Promise<Invite | null> {
    const row = await this.db.selectFrom("invites").selectAll().where("code", "=", code).executeTakeFirst();
    return row == null ? null : KyselyInviteRepository.fromRow(row);
  }

  async consume(code: string, now: string): Promise<boolean> {
    // One conditional statement: two sign-ups racing for the last use cannot both win.
    const result = await this.db.updateTable("invites")
      .set((eb) => ({ uses: eb("uses", "+", 1) }))
      .where("code", "=", code)
      .where((eb) => eb("uses", "<", eb.ref("max_uses")))
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async release(code: string): Promise<void> {
    await this.db.updateTable("invites").set((eb) => ({ uses: eb("uses", "-", 1) }))
      .where("code", "=", code).where("uses", ">", 0).execute();
  }

  async listUsable(now: string): Promise<Invite[]> {
    const rows = await this.db.selectFrom("invites").selectAll()
      .where((eb) => eb("uses", "<", eb.ref("max_uses")))
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .orderBy("created_at", "desc").limit(100).execute();
    return rows.map(KyselyInviteRepository.fromRow);
  }
}
