import type { Kysely } from "kysely";

/**
 * The help board: help requests and offers (each with its post, a Note),
 * who responded to them, and every match made, with timestamps, so the
 * results dashboard can count new relations between neighbours.
 *
 * Frozen in time; valid on SQLite and PostgreSQL (text ids and ISO-8601
 * UTC text timestamps).  Rows go with their post or actor (ON DELETE
 * CASCADE / SET NULL), so deleting a post or a remote actor is never
 * blocked by the help board.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("help_items")
    // The item's post (type Note, same id): its text, visibility and IRI.
    .addColumn("post_id", "text", (c) => c.primaryKey().references("posts.id").onDelete("cascade"))
    .addColumn("author_actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    // request | offer
    .addColumn("kind", "text", (c) => c.notNull())
    // errands | odd_jobs | transport | company | lending | other
    .addColumn("category", "text", (c) => c.notNull())
    .addColumn("title", "text", (c) => c.notNull())
    .addColumn("description", "text", (c) => c.notNull())
    // open | matched | closed
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("matched_actor_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("matched_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("closed_by_actor_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("help_items_board").on("help_items").columns(["status", "created_at"]).execute();
  await db.schema.createIndex("help_items_category").on("help_items").columns(["category", "status", "created_at"])
    .execute();

  await db.schema
    .createTable("help_responses")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("item_post_id", "text", (c) => c.notNull().references("help_items.post_id").onDelete("cascade"))
    // Who offered help (or asked for the offered help): local member or remote actor.
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    // The message that opened the conversation (a direct post, or a remote reply).
    .addColumn("post_id", "text", (c) => c.references("posts.id").onDelete("set null"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("help_responses_pair", ["item_post_id", "actor_id"])
    .execute();

  await db.schema
    .createTable("help_matches")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("item_post_id", "text", (c) => c.notNull().references("help_items.post_id").onDelete("cascade"))
    .addColumn("author_actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("helper_actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    .addColumn("matched_at", "text", (c) => c.notNull())
    // Set when the author undid the match (it fell through).
    .addColumn("released_at", "text")
    .execute();
  await db.schema.createIndex("help_matches_item").on("help_matches").column("item_post_id").execute();
  await db.schema.createIndex("help_matches_time").on("help_matches").column("matched_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["help_matches", "help_responses", "help_items"]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
