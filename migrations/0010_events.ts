import type { Kysely } from "kysely";

/**
 * The agenda: event details for posts of type `Event` (one row per event,
 * keyed by its post) and RSVPs by local and remote actors.
 *
 * Times are ISO-8601 UTC instants plus the IANA zone they were entered in;
 * all-day events also keep their local dates (`YYYY-MM-DD`).  A recurring
 * event keeps its RFC 5545 RRULE; RSVPs to one of its occurrences carry the
 * occurrence's local start date (`YYYYMMDD`), `''` for single events.
 *
 * Rows go with their post (ON DELETE CASCADE).  Frozen in time; valid on
 * SQLite and PostgreSQL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("events")
    .addColumn("post_id", "text", (c) => c.primaryKey().references("posts.id").onDelete("cascade"))
    .addColumn("start_at", "text", (c) => c.notNull())
    .addColumn("end_at", "text")
    .addColumn("timezone", "text", (c) => c.notNull())
    .addColumn("all_day", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("start_date", "text")
    .addColumn("end_date", "text")
    .addColumn("location_name", "text")
    // schema.org PostalAddress as JSON: streetAddress, postalCode, addressLocality, addressRegion, addressCountry.
    .addColumn("address_json", "text")
    .addColumn("latitude", "double precision")
    .addColumn("longitude", "double precision")
    .addColumn("online_url", "text")
    .addColumn("capacity", "integer")
    .addColumn("category", "text")
    // scheduled, cancelled, tentative, postponed, rescheduled, moved_online
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("rrule", "text")
    .addColumn("cancelled_occurrences_json", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("poll_json", "text")
    .addColumn("organizer_actor_id", "text", (c) => c.references("actors.id").onDelete("set null"))
    // Last occurrence start sent to other servers (recurring events federate occurrence by occurrence).
    .addColumn("federated_until", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("events_start").on("events").column("start_at").execute();

  await db.schema
    .createTable("rsvps")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("post_id", "text", (c) => c.notNull().references("posts.id").onDelete("cascade"))
    .addColumn("occurrence", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("actor_id", "text", (c) => c.notNull().references("actors.id").onDelete("cascade"))
    // going, maybe, not_going
    .addColumn("status", "text", (c) => c.notNull())
    // local, join, accept, poll_vote
    .addColumn("source", "text", (c) => c.notNull())
    // pending, confirmed, rejected
    .addColumn("state", "text", (c) => c.notNull())
    .addColumn("activity_iri", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("rsvps_once", ["post_id", "occurrence", "actor_id"])
    .execute();
  await db.schema.createIndex("rsvps_actor").on("rsvps").column("actor_id").execute();
  await db.schema.createIndex("rsvps_activity").on("rsvps").column("activity_iri").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable("rsvps").ifExists().execute();
  await db.schema.dropTable("events").ifExists().execute();
}
