import type { Kysely } from "kysely";

/**
 * What residents using the buurt in the browser need: sessions, invite
 * codes, password-reset links, an audit log of approvals and role changes,
 * notifications, uploaded media and a hashtag index.
 *
 * Frozen in time; valid on SQLite and PostgreSQL (text ids and timestamps).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("sessions")
    // SHA-256 of the cookie's random token: a stolen database holds no usable session.
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("member_id", "text", (c) => c.notNull().references("members.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .addColumn("user_agent", "text")
    .execute();
  await db.schema.createIndex("sessions_member").on("sessions").column("member_id").execute();

  await db.schema
    .createTable("invites")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("created_by", "text", (c) => c.references("members.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .addColumn("max_uses", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("uses", "integer", (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable("password_resets")
    .addColumn("token_hash", "text", (c) => c.primaryKey())
    .addColumn("member_id", "text", (c) => c.notNull().references("members.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .addColumn("used_at", "text")
    .execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_member_id", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("subject_member_id", "text")
    .addColumn("detail_json", "text", (c) => c.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_time").on("audit_log").column("created_at").execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("recipient_actor_id", "text", (c) => c.notNull().references("actors.id"))
    // follow, follow_request, reply, mention, like, boost, signup …
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("from_actor_id", "text", (c) => c.references("actors.id"))
    .addColumn("post_id", "text")
    .addColumn("subject_id", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("read_at", "text")
    .execute();
  await db.schema.createIndex("notifications_recipient").on("notifications").columns(["recipient_actor_id", "created_at"])
    .execute();

  await db.schema
    .createTable("media")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("owner_actor_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("post_id", "text")
    // Path relative to the data directory's media folder.
    .addColumn("path", "text", (c) => c.notNull())
    .addColumn("media_type", "text", (c) => c.notNull())
    .addColumn("width", "integer")
    .addColumn("height", "integer")
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("description", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("media_post").on("media").column("post_id").execute();

  await db.schema
    .createTable("post_hashtags")
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id"))
    // Lower-case, without '#'.
    .addColumn("name", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("post_hashtags_pk", ["post_id", "name"])
    .execute();
  await db.schema.createIndex("post_hashtags_name").on("post_hashtags").column("name").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["post_hashtags", "media", "notifications", "audit_log", "password_resets", "invites", "sessions"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
