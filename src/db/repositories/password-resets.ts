import type { Kysely } from "kysely";
import type { PasswordReset, PasswordResetRepository } from "../../app/ports.ts";
import type { Database } from "../schema.ts";

/** Kysely implementation of `PasswordResetRepository` over `password_resets`. */
export class KyselyPasswordResetRepository implements PasswordResetRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(reset: PasswordReset): Promise<void> {
    await this.db.insertInto("password_resets").values({
      token_hash: reset.tokenHash,
      member_id: reset.memberId,
      created_at: reset.createdAt,
      expires_at: reset.expiresAt,
      used_at: reset.usedAt,
    }).execute();
  }

  async find(tokenHash: string): Promise<PasswordReset | null> {
    const row = await this.db.selectFrom("password_resets").selectAll().where("token_hash", "=", tokenHash)
      .executeTakeFirst();
    return row == null ? null : {
      tokenHash: row.token_hash,
      memberId: row.member_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
    };
  }

  async consume(tokenHash: string, now: string, usedAt: string): Promise<boolean> {
    const result = await this.db.updateTable("password_resets").set({ used_at: usedAt })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }
}
