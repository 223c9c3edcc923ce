import type { Kysely } from "kysely";
import type { MemberRepository, NewMemberInput } from "../../app/ports.ts";
import type { Member, MemberStatus, Role } from "../../domain/member.ts";
import { nowIso } from "../../domain/ids.ts";
import type { Database } from "../schema.ts";
import { insertKeyPairs } from "./key-pairs.ts";
import { actorToRow } from "./rows.ts";

/** Kysely implementation of `MemberRepository`; profile fields come from the member's actor row. */
export class KyselyMemberRepository implements MemberRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private select() {
    return this.db.selectFrom("members")
      .innerJoin("actors", "actors.id", "members.actor_id")
      .selectAll("members")
      .select(["actors.name as display_name", "actors.manually_approves_followers"]);
  }

  private static fromRow(
    row: Awaited<ReturnType<ReturnType<KyselyMemberRepository["select"]>["executeTakeFirstOrThrow"]>>,
  ): Member {
    return {
      id: row.id,
      actorId: row.actor_id,
      username: row.username,
      displayName: row.display_name ?? row.username,
      email: row.email,
      role: row.role as Role,
      status: row.status as MemberStatus,
      organisation: row.organisation,
      jobTitle: row.job_title,
      locale: row.locale as Member["locale"],
      manuallyApprovesFollowers: row.manually_approves_followers === 1,
      createdAt: row.created_at,
      approvedAt: row.approved_at,
    };
  }

  async create(input: NewMemberInput): Promise<Member> {
    const m = input.member;
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("actors").values(actorToRow(input.actor)).execute();
      await trx.insertInto("members").values({
        id: m.id,
        actor_id: input.actor.id,
        username: m.username,
        email: m.email,
        password_hash: input.passwordHash,
        role: m.role,
        status: m.status,
        organisation: m.organisation,
        job_title: m.jobTitle,
        locale: m.locale,
        created_at: m.createdAt,
        approved_at: m.approvedAt,
        approved_by: null,
      }).execute();
      await insertKeyPairs(trx, input.actor.id, input.keyPairs);
    });
    const member = await this.findById(m.id);
    if (member == null) throw new Error(`Member ${m.username} vanished right after creation`);
    return member;
  }

  async findByUsername(username: string): Promise<Member | null> {
    const row = await this.select().where("members.username", "=", username.toLowerCase()).executeTakeFirst();
    return row == null ? null : KyselyMemberRepository.fromRow(row);
  }

  async findById(id: string): Promise<Member | null> {
    const row = await this.select().where("members.id", "=", id).executeTakeFirst();
    return row == null ? null : KyselyMemberRepository.fromRow(row);
  }

  async findByActorId(actorId: string): Promise<Member | null> {
    const row = await this.select().where("members.actor_id", "=", actorId).executeTakeFirst();
    return row == null ? null : KyselyMemberRepository.fromRow(row);
  }

  async findByEmail(email: string): Promise<Member | null> {
    const row = await this.select().where("members.email", "=", email.toLowerCase()).executeTakeFirst();
    return row == null ? null : KyselyMemberRepository.fromRow(row);
  }

  async list(filter: { status?: MemberStatus }): Promise<Member[]> {
    let q = this.select().orderBy("members.created_at", "asc");
    if (filter.status != null) q = q.where("members.status", "=", filter.status);
    return (await q.execute()).map(KyselyMemberRepository.fromRow);
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.db.updateTable("members").set({ role }).where("id", "=", id).execute();
  }

  async setStatus(id: string, status: MemberStatus, approvedBy?: string | null): Promise<void> {
    await this.db.updateTable("members").set({
      status,
      ...(status === "active" && approvedBy !== undefined ? { approved_at: nowIso(), approved_by: approvedBy } : {}),
    }).where("id", "=", id).execute();
  }

  async getPasswordHash(id: string): Promise<string | null> {
    const row = await this.db.selectFrom("members").select("password_hash").where("id", "=", id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  async setPasswordHash(id: string, hash: string): Promise<void> {
    await this.db.updateTable("members").set({ password_hash: hash }).where("id", "=", id).execute();
  }

  async countByStatus(status: MemberStatus): Promise<number> {
    const row = await this.db.selectFrom("members").select((eb) => eb.fn.countAll().as("n"))
      .where("status", "=", status).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setProfessional(id: string, organisation: string | null, jobTitle: string | null): Promise<void> {
    await this.db.updateTable("members").set({ organisation, job_title: jobTitle }).where("id", "=", id).execute();
  }

  async setLocale(id: string, locale: "nl" | "en" | null): Promise<void> {
    await this.db.updateTable("members").set({ locale }).where("id", "=", id).execute();
  }

  async deletePending(id: string): Promise<boolean> {
    return await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom("members").select(["actor_id", "status"]).where("id", "=", id)
        .executeTakeFirst();
      if (row == null || row.status !== "pending") return false;
      const actorId = row.actor_id;
      await trx.deleteFrom("notifications")
        .where((eb) => eb.or([eb("recipient_actor_id", "=", actorId), eb("from_actor_id", "=", actorId)])).execute();
      await trx.deleteFrom("follows")
        .where((eb) => eb.or([eb("follower_id", "=", actorId), eb("following_id", "=", actorId)])).execute();
      await trx.deleteFrom("media").where("owner_actor_id", "=", actorId).execute();
      await trx.deleteFrom("sessions").where("member_id", "=", id).execute();
      await trx.deleteFrom("password_resets").where("member_id", "=", id).execute();
      await trx.deleteFrom("key_pairs").where("actor_id", "=", actorId).execute();
      await trx.deleteFrom("members").where("id", "=", id).execute();
      await trx.deleteFrom("actors").where("id", "=", actorId).execute();
      return true;
    });
  }
}
