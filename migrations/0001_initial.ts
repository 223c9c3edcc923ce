import type { Kysely } from "kysely";

/**
 * The foundation: the buurt, actors (local and remote), members and their
 * keys, posts, follows, likes, announces, received activity ids, and the
 * tables behind Fedify's key-value store and message queue.
 *
 * Frozen in time: imports nothing of the application.  Valid on SQLite and
 * PostgreSQL: ids and timestamps are text (ISO-8601 UTC), booleans 0/1
 * integers, JSON as text.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("actors")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iri", "text", (c) => c.notNull().unique())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("summary", "text")
    .addColumn("url", "text")
    .addColumn("inbox_url", "text", (c) => c.notNull())
    .addColumn("shared_inbox_url", "text")
    .addColumn("followers_url", "text")
    .addColumn("following_url", "text")
    .addColumn("outbox_url", "text")
    .addColumn("icon_url", "text")
    .addColumn("manually_approves_followers", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("local", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("public_key_id", "text")
    .addColumn("public_key_pem", "text")
    .addColumn("fields_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addColumn("fetched_at", "text")
    .execute();
  await db.schema.createIndex("actors_handle").on("actors").columns(["username", "domain"]).execute();

  await db.schema
    .createTable("buurten")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_id", "text", (c) => c.notNull().unique().references("actors.id"))
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("language", "text", (c) => c.notNull())
    .addColumn("join_policy", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("members")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_id", "text", (c) => c.notNull().unique().references("actors.id"))
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("email", "text", (c) => c.unique())
    .addColumn("password_hash", "text")
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("organisation", "text")
    .addColumn("job_title", "text")
    .addColumn("locale", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("approved_at", "text")
    .addColumn("approved_by", "text")
    .execute();

  await db.schema
    .createTable("key_pairs")
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("algorithm", "text", (c) => c.notNull())
    .addColumn("public_key_jwk", "text", (c) => c.notNull())
    .addColumn("private_key_jwk", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("key_pairs_pk", ["actor_id", "algorithm"])
    .execute();

  await db.schema
    .createTable("posts")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iri", "text", (c) => c.notNull().unique())
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("name", "text")
    .addColumn("content_html", "text")
    .addColumn("source", "text")
    .addColumn("summary", "text")
    .addColumn("sensitive", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("language", "text")
    .addColumn("visibility", "text", (c) => c.notNull())
    .addColumn("in_reply_to_iri", "text")
    .addColumn("audience_iri", "text")
    .addColumn("url", "text")
    .addColumn("attachments_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("tags_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("poll_json", "text")
    .addColumn("local", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("posts_actor").on("posts").columns(["actor_id", "published_at"]).execute();
  await db.schema.createIndex("posts_timeline").on("posts").columns(["visibility", "published_at"]).execute();
  await db.schema.createIndex("posts_in_reply_to").on("posts").column("in_reply_to_iri").execute();

  await db.schema
    .createTable("follows")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iri", "text", (c) => c.notNull().unique())
    .addColumn("follower_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("following_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("accepted_at", "text")
    .addUniqueConstraint("follows_pair", ["follower_id", "following_id"])
    .execute();
  await db.schema.createIndex("follows_following").on("follows").columns(["following_id", "status"]).execute();

  await db.schema
    .createTable("likes")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iri", "text", (c) => c.notNull().unique())
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("likes_pair", ["actor_id", "post_id"])
    .execute();
  await db.schema.createIndex("likes_post").on("likes").column("post_id").execute();

  await db.schema
    .createTable("announces")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("iri", "text", (c) => c.notNull().unique())
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id"))
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id"))
    .addColumn("published_at", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("announces_pair", ["actor_id", "post_id"])
    .execute();
  await db.schema.createIndex("announces_post").on("announces").column("post_id").execute();
  await db.schema.createIndex("announces_actor").on("announces").columns(["actor_id", "published_at"]).execute();

  await db.schema
    .createTable("received_activities")
    .addColumn("iri", "text", (c) => c.primaryKey())
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("actor_iri", "text")
    .addColumn("received_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("kv_entries")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("value", "text", (c) => c.notNull())
    .addColumn("expires_at", "text")
    .execute();
  await db.schema.createIndex("kv_entries_expiry").on("kv_entries").column("expires_at").execute();

  await db.schema
    .createTable("queue_messages")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("ordering_key", "text")
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("run_at", "text", (c) => c.notNull())
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("locked_by", "text")
    .addColumn("locked_until", "text")
    .addColumn("last_error", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("queue_messages_ready").on("queue_messages").columns(["status", "run_at"]).execute();
  await db.schema.createIndex("queue_messages_ordering").on("queue_messages").columns(["ordering_key", "id"]).execute();

  await db.schema
    .createTable("instances")
    .addColumn("host", "text", (c) => c.primaryKey())
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("changed_at", "text", (c) => c.notNull())
    .addColumn("last_error", "text")
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (
    const table of [
      "instances", "queue_messages", "kv_entries", "received_activities", "announces", "likes",
      "follows", "posts", "key_pairs", "members", "buurten", "actors",
    ]
  ) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
