import type { Kysely, Selectable, Transaction } from "kysely";
import type {
  EventEntry,
  EventFilter,
  EventRepository,
  RsvpRepository,
  RsvpWithActor,
} from "../../app/event-ports.ts";
import type { Actor } from "../../domain/actor.ts";
import type {
  EventCategory,
  EventDetails,
  EventStatus,
  PollOptionNames,
  PostalAddress,
  Rsvp,
  RsvpSource,
  RsvpState,
  RsvpStatus,
} from "../../domain/event.ts";
import { isUniqueViolation } from "../database.ts";
import type { Database } from "../schema.ts";
import type { EventsTable } from "../tables/events.ts";
import type { PostsTable } from "../tables/posts.ts";
import type { RsvpsTable } from "../tables/rsvps.ts";
import { actorFromRow, parseJson, postFromRow } from "./rows.ts";

/** Row of `events` → `EventDetails`. */
function detailsFromRow(row: Selectable<EventsTable>): EventDetails {
  return {
    postId: row.post_id,
    startAt: row.start_at,
    endAt: row.end_at,
    timezone: row.timezone,
    allDay: row.all_day === 1,
    startDate: row.start_date,
    endDate: row.end_date,
    locationName: row.location_name,
    address: parseJson<PostalAddress | null>(row.address_json, null),
    latitude: row.latitude == null ? null : Number(row.latitude),
    longitude: row.longitude == null ? null : Number(row.longitude),
    onlineUrl: row.online_url,
    capacity: row.capacity == null ? null : Number(row.capacity),
    category: row.category as EventCategory | null,
    status: row.status as EventStatus,
    rrule: row.rrule,
    cancelledOccurrences: parseJson<string[]>(row.cancelled_occurrences_json, []),
    pollOptions: parseJson<PollOptionNames | null>(row.poll_json, null),
    organizerActorId: row.organizer_actor_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function detailsToRow(d: EventDetails): Omit<Selectable<EventsTable>, "federated_until"> {
  return {
    post_id: d.postId,
    start_at: d.startAt,
    end_at: d.endAt,
    timezone: d.timezone,
    all_day: d.allDay ? 1 : 0,
    start_date: d.startDate,
    end_date: d.endDate,
    location_name: d.locationName,
    address_json: d.address == null ? null : JSON.stringify(d.address),
    latitude: d.latitude,
    longitude: d.longitude,
    online_url: d.onlineUrl,
    capacity: d.capacity,
    category: d.category,
    status: d.status,
    rrule: d.rrule,
    cancelled_occurrences_json: JSON.stringify(d.cancelledOccurrences),
    poll_json: d.pollOptions == null ? null : JSON.stringify(d.pollOptions),
    organizer_actor_id: d.organizerActorId,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}

function rsvpFromRow(row: Selectable<RsvpsTable>): Rsvp {
  return {
    id: row.id,
    postId: row.post_id,
    occurrence: row.occurrence,
    actorId: row.actor_id,
    status: row.status as RsvpStatus,
    source: row.source as RsvpSource,
    state: row.state as RsvpState,
    activityIri: row.activity_iri,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Kysely implementation of `EventRepository`. */
export class KyselyEventRepository implements EventRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async save(details: EventDetails): Promise<void> {
    const row = detailsToRow(details);
    const { post_id: _id, created_at: _created, ...changes } = row;
    await this.db.insertInto("events").values(row)
      .onConflict((oc) => oc.column("post_id").doUpdateSet(changes)).execute();
  }

  async findByPostId(postId: string): Promise<EventDetails | null> {
    const row = await this.db.selectFrom("events").selectAll().where("post_id", "=", postId).executeTakeFirst();
    return row == null ? null : detailsFromRow(row);
  }

  /** Events joined with their posts and authors; `narrow` adds the query's conditions and order. */
  private async entries(
    narrow: (
      q: ReturnType<KyselyEventRepository["baseQuery"]>,
    ) => ReturnType<KyselyEventRepository["baseQuery"]>,
  ): Promise<EventEntry[]> {
    const rows = await narrow(this.baseQuery()).execute();
    const actorIds = new Set<string>();
    for (const r of rows) {
      actorIds.add(r.actor_id);
      if (r.organizer_actor_id != null) actorIds.add(r.organizer_actor_id);
    }
    const actors = new Map<string, Actor>();
    if (actorIds.size > 0) {
      const actorRows = await this.db.selectFrom("actors").selectAll().where("id", "in", [...actorIds]).execute();
      for (const a of actorRows) actors.set(a.id, actorFromRow(a));
    }
    const result: EventEntry[] = [];
    for (const r of rows) {
      const author = actors.get(r.actor_id);
      if (author == null) continue;
      const details = detailsFromRow(r as unknown as Selectable<EventsTable>);
      const post = postFromRow({
        id: r.post_id,
        iri: r.iri,
        actor_id: r.actor_id,
        type: r.type,
        name: r.name,
        content_html: r.content_html,
        source: r.source,
        summary: r.summary,
        sensitive: r.sensitive,
        language: r.language,
        visibility: r.visibility,
        in_reply_to_iri: r.in_reply_to_iri,
        audience_iri: r.audience_iri,
        url: r.url,
        attachments_json: r.attachments_json,
        tags_json: r.tags_json,
        poll_json: r.post_poll_json,
        local: r.local,
        published_at: r.published_at,
        updated_at: r.post_updated_at,
        created_at: r.post_created_at,
      } as Selectable<PostsTable>);
      result.push({
        post,
        details,
        author,
        organizer: r.organizer_actor_id == null ? null : actors.get(r.organizer_actor_id) ?? null,
      });
    }
    return result;
  }

  private baseQuery() {
    return this.db.selectFrom("events")
      .innerJoin("posts", "posts.id", "events.post_id")
      .selectAll("events")
      .select([
        "posts.iri",
        "posts.actor_id",
        "posts.type",
        "posts.name",
        "posts.content_html",
        "posts.source",
        "posts.summary",
        "posts.sensitive",
        "posts.language",
        "posts.visibility",
        "posts.in_reply_to_iri",
        "posts.audience_iri",
        "posts.url",
        "posts.attachments_json",
        "posts.tags_json",
        "posts.poll_json as post_poll_json",
        "posts.local",
        "posts.published_at",
        "posts.updated_at as post_updated_at",
        "posts.created_at as post_created_at",
      ]);
  }

  private filtered(q: ReturnType<KyselyEventRepository["baseQuery"]>, filter: EventFilter) {
    let query = q.where("posts.visibility", "in", filter.visibilities.length === 0 ? ["-"] : [...filter.visibilities]);
    if (filter.localOnly) query = query.where("posts.local", "=", 1);
    return query;
  }

  async findEntryByIri(iri: string): Promise<EventEntry | null> {
    return (await this.entries((q) => q.where("posts.iri", "=", iri)))[0] ?? null;
  }

  async findEntry(postId: string): Promise<EventEntry | null> {
    return (await this.entries((q) => q.where("events.post_id", "=", postId)))[0] ?? null;
  }

  async listOverlapping(from: string, to: string, filter: EventFilter): Promise<EventEntry[]> {
    return await this.entries((q) =>
      this.filtered(q, filter)
        .where("events.start_at", "<", to)
        .where((eb) =>
          eb.or([
            eb("events.rrule", "is not", null),
            eb("events.end_at", ">=", from),
            eb.and([eb("events.end_at", "is", null), eb("events.start_at", ">=", from)]),
          ])
        )
        .orderBy("events.start_at", "asc")
        .orderBy("events.post_id", "asc")
    );
  }

  async listStartedBefore(before: string, filter: EventFilter, limit: number): Promise<EventEntry[]> {
    return await this.entries((q) =>
      this.filtered(q, filter)
        .where("events.start_at", "<", before)
        .orderBy("events.start_at", "desc")
        .orderBy("events.post_id", "desc")
        .limit(Math.max(1, Math.min(500, limit)))
    );
  }

  async listRecurringToFederate(until: string): Promise<EventEntry[]> {
    return await this.entries((q) =>
      q.where("posts.local", "=", 1)
        .where("events.rrule", "is not", null)
        .where("events.status", "!=", "cancelled")
        .where((eb) => eb.or([eb("events.federated_until", "is", null), eb("events.federated_until", "<", until)]))
    );
  }

  async setFederatedUntil(postId: string, until: string | null): Promise<void> {
    await this.db.updateTable("events").set({ federated_until: until }).where("post_id", "=", postId).execute();
  }
}

const STATUS_ORDER: Record<RsvpStatus, number> = { going: 0, maybe: 1, not_going: 2 };

/** Kysely implementation of `RsvpRepository`. */
export class KyselyRsvpRepository implements RsvpRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(rsvp: Rsvp): Promise<{ rsvp: Rsvp; previous: RsvpStatus | null }> {
    return await this.locked(rsvp.postId, (trx) => this.write(trx, rsvp));
  }

  async upsertIfRoom(rsvp: Rsvp): Promise<{ full: true } | { full: false; rsvp: Rsvp; previous: RsvpStatus | null }> {
    return await this.locked(rsvp.postId, async (trx) => {
      if (rsvp.status === "going" && rsvp.state === "confirmed") {
        const event = await trx.selectFrom("events").select("capacity").where("post_id", "=", rsvp.postId).executeTakeFirst();
        const capacity = event?.capacity == null ? null : Number(event.capacity);
        if (capacity != null) {
          const existing = await this.findIn(trx, rsvp.postId, rsvp.occurrence, rsvp.actorId);
          const keepsPlace = existing?.status === "going" && existing.state === "confirmed";
          const going = await trx.selectFrom("rsvps")
            .select((eb) => eb.fn.countAll().as("n"))
            .where("post_id", "=", rsvp.postId).where("occurrence", "=", rsvp.occurrence)
            .where("status", "=", "going").where("state", "=", "confirmed")
            .executeTakeFirstOrThrow();
          if (!keepsPlace && Number(going.n) >= capacity) return { full: true as const };
        }
      }
      return { full: false as const, ...await this.write(trx, rsvp) };
    });
  }

  /**
   * Runs `work` in a transaction that first locks the event's row by
   * writing it (a no-op update), so RSVPs to one event are written one at a
   * time: PostgreSQL holds the row lock until commit and other transactions
   * wait for it; SQLite takes its write lock at this first write, so
   * another process waits (busy timeout), and in this process Kysely's one
   * SQLite connection runs the transaction alone.  Locking before reading
   * also means SQLite never reads a snapshot it then cannot write on.  A
   * unique violation (an RSVP whose event row is gone) is retried once.
   */
  private async locked<T>(postId: string, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await trx.updateTable("events").set((eb) => ({ updated_at: eb.ref("updated_at") }))
            .where("post_id", "=", postId).execute();
          return await work(trx);
        });
      } catch (error) {
        if (!isUniqueViolation(error) || attempt > 0) throw error;
      }
    }
  }

  /** Insert or update of one actor's answer, inside `locked`. */
  private async write(trx: Transaction<Database>, rsvp: Rsvp): Promise<{ rsvp: Rsvp; previous: RsvpStatus | null }> {
    const existing = await this.findIn(trx, rsvp.postId, rsvp.occurrence, rsvp.actorId);
    if (existing != null) {
      const updated: Rsvp = { ...rsvp, id: existing.id, createdAt: existing.createdAt };
      await trx.updateTable("rsvps").set({
        status: updated.status,
        source: updated.source,
        state: updated.state,
        activity_iri: updated.activityIri,
        updated_at: updated.updatedAt,
      }).where("id", "=", existing.id).execute();
      return { rsvp: updated, previous: existing.status };
    }
    await trx.insertInto("rsvps").values({
      id: rsvp.id,
      post_id: rsvp.postId,
      occurrence: rsvp.occurrence,
      actor_id: rsvp.actorId,
      status: rsvp.status,
      source: rsvp.source,
      state: rsvp.state,
      activity_iri: rsvp.activityIri,
      created_at: rsvp.createdAt,
      updated_at: rsvp.updatedAt,
    }).execute();
    return { rsvp, previous: null };
  }

  private async findIn(db: Kysely<Database>, postId: string, occurrence: string, actorId: string): Promise<Rsvp | null> {
    const row = await db.selectFrom("rsvps").selectAll()
      .where("post_id", "=", postId).where("occurrence", "=", occurrence).where("actor_id", "=", actorId)
      .executeTakeFirst();
    return row == null ? null : rsvpFromRow(row);
  }

  async find(postId: string, occurrence: string, actorId: string): Promise<Rsvp | null> {
    return await this.findIn(this.db, postId, occurrence, actorId);
  }

  async findByActivityIri(iri: string): Promise<Rsvp | null> {
    const row = await this.db.selectFrom("rsvps").selectAll().where("activity_iri", "=", iri).executeTakeFirst();
    return row == null ? null : rsvpFromRow(row);
  }

  async setState(id: string, state: RsvpState, updatedAt: string): Promise<void> {
    await this.db.updateTable("rsvps").set({ state, updated_at: updatedAt }).where("id", "=", id).execute();
  }

  async count(postId: string, occurrence: string): Promise<Record<RsvpStatus, number>> {
    const rows = await this.db.selectFrom("rsvps")
      .select(["status", (eb) => eb.fn.countAll().as("n")])
      .where("post_id", "=", postId).where("occurrence", "=", occurrence).where("state", "=", "confirmed")
      .groupBy("status").execute();
    const counts: Record<RsvpStatus, number> = { going: 0, maybe: 0, not_going: 0 };
    for (const r of rows) if (r.status in counts) counts[r.status as RsvpStatus] = Number(r.n);
    return counts;
  }

  async list(postId: string, occurrence: string): Promise<RsvpWithActor[]> {
    const rows = await this.db.selectFrom("rsvps")
      .innerJoin("actors", "actors.id", "rsvps.actor_id")
      .selectAll("actors")
      .select([
        "rsvps.id as rsvp_id",
        "rsvps.post_id",
        "rsvps.occurrence",
        "rsvps.actor_id",
        "rsvps.status",
        "rsvps.source",
        "rsvps.state",
        "rsvps.activity_iri",
        "rsvps.created_at as rsvp_created_at",
        "rsvps.updated_at as rsvp_updated_at",
      ])
      .where("rsvps.post_id", "=", postId).where("rsvps.occurrence", "=", occurrence)
      .orderBy("rsvps.created_at", "asc").orderBy("rsvps.id", "asc")
      .execute();
    return rows.map((r) => ({
      rsvp: rsvpFromRow({
        id: r.rsvp_id,
        post_id: r.post_id,
        occurrence: r.occurrence,
        actor_id: r.actor_id,
        status: r.status,
        source: r.source,
        state: r.state,
        activity_iri: r.activity_iri,
        created_at: r.rsvp_created_at,
        updated_at: r.rsvp_updated_at,
      }),
      actor: actorFromRow(r),
    })).sort((a, b) => STATUS_ORDER[a.rsvp.status] - STATUS_ORDER[b.rsvp.status]);
  }

  async listForActor(actorId: string, postIds: string[]): Promise<Rsvp[]> {
    if (postIds.length === 0) return [];
    const rows = await this.db.selectFrom("rsvps").selectAll()
      .where("actor_id", "=", actorId).where("post_id", "in", postIds).execute();
    return rows.map(rsvpFromRow);
  }
}
