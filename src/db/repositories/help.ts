import type { Kysely, Selectable } from "kysely";
import type {
  HelpFilter,
  HelpItemWithAuthor,
  HelpRepository,
  HelpStatusChange,
} from "../../app/help-ports.ts";
import type { Page, PageRequest, PostWithAuthor } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import type {
  HelpCategory,
  HelpItem,
  HelpKind,
  HelpMatch,
  HelpResponse,
  HelpStatus,
  HelpVisibility,
} from "../../domain/help.ts";
import { isUniqueViolation } from "../database.ts";
import type { Database } from "../schema.ts";
import type { HelpItemsTable } from "../tables/help-items.ts";
import type { HelpResponsesTable } from "../tables/help-responses.ts";
import { actorFromRow, decodeCursor, olderThan, pageSize, postFromRow, takePage } from "./rows.ts";

type ItemRow = Selectable<HelpItemsTable> & { iri: string; visibility: string };

function itemFromRow(row: ItemRow): HelpItem {
  return {
    postId: row.post_id,
    postIri: row.iri,
    authorActorId: row.author_actor_id,
    kind: row.kind as HelpKind,
    category: row.category as HelpCategory,
    title: row.title,
    description: row.description,
    visibility: row.visibility as HelpVisibility,
    status: row.status as HelpStatus,
    matchedActorId: row.matched_actor_id,
    matchedAt: row.matched_at,
    closedAt: row.closed_at,
    closedByActorId: row.closed_by_actor_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function responseFromRow(row: Selectable<HelpResponsesTable>): HelpResponse {
  return {
    id: row.id,
    itemPostId: row.item_post_id,
    actorId: row.actor_id,
    postId: row.post_id,
    createdAt: row.created_at,
  };
}

/** Kysely implementation of `HelpRepository`. */
export class KyselyHelpRepository implements HelpRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private items() {
    return this.db.selectFrom("help_items")
      .innerJoin("posts", "posts.id", "help_items.post_id")
      .selectAll("help_items")
      .select(["posts.iri as iri", "posts.visibility as visibility"]);
  }

  async create(item: HelpItem): Promise<void> {
    await this.db.insertInto("help_items").values({
      post_id: item.postId,
      author_actor_id: item.authorActorId,
      kind: item.kind,
      category: item.category,
      title: item.title,
      description: item.description,
      status: item.status,
      matched_actor_id: item.matchedActorId,
      matched_at: item.matchedAt,
      closed_at: item.closedAt,
      closed_by_actor_id: item.closedByActorId,
      created_at: item.createdAt,
      updated_at: item.updatedAt,
    }).execute();
  }

  async findByPostId(postId: string): Promise<HelpItem | null> {
    const row = await this.items().where("help_items.post_id", "=", postId).executeTakeFirst();
    return row == null ? null : itemFromRow(row);
  }

  async findByPostIri(iri: string): Promise<HelpItem | null> {
    const row = await this.items().where("posts.iri", "=", iri).executeTakeFirst();
    return row == null ? null : itemFromRow(row);
  }

  private async withAuthors(rows: ItemRow[]): Promise<HelpItemWithAuthor[]> {
    if (rows.length === 0) return [];
    const actorIds = [...new Set(rows.map((r) => r.author_actor_id))];
    const actors = await this.db.selectFrom("actors").selectAll().where("id", "in", actorIds).execute();
    const byId = new Map(actors.map((a) => [a.id, actorFromRow(a)]));
    const counts = await this.db.selectFrom("help_responses")
      .select(["item_post_id", (eb) => eb.fn.countAll().as("n")])
      .where("item_post_id", "in", rows.map((r) => r.post_id))
      .groupBy("item_post_id")
      .execute();
    const countOf = new Map(counts.map((c) => [c.item_post_id, Number(c.n)]));
    return rows.flatMap((row) => {
      const author = byId.get(row.author_actor_id);
      return author == null ? [] : [{ item: itemFromRow(row), author, responseCount: countOf.get(row.post_id) ?? 0 }];
    });
  }

  async list(filter: HelpFilter, page: PageRequest): Promise<Page<HelpItemWithAuthor>> {
    if (filter.visibilities.length === 0) return { items: [], nextCursor: null };
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    let q = this.items().where("posts.visibility", "in", [...filter.visibilities]);
    if (filter.kind != null) q = q.where("help_items.kind", "=", filter.kind);
    if (filter.category != null) q = q.where("help_items.category", "=", filter.category);
    if (filter.status != null) q = q.where("help_items.status", "=", filter.status);
    if (cursor != null) {
      q = q.where((eb) => olderThan(eb, "help_items.created_at", "help_items.post_id", cursor));
    }
    const taken = takePage(
      await q.orderBy("help_items.created_at", "desc").orderBy("help_items.post_id", "desc").limit(limit + 1).execute(),
      limit,
      (r) => ({ at: r.created_at, id: r.post_id }),
    );
    return { items: await this.withAuthors(taken.rows), nextCursor: taken.nextCursor };
  }

  async listOpenRequestsBefore(createdBefore: string, limit: number): Promise<HelpItemWithAuthor[]> {
    const rows = await this.items()
      .where("help_items.kind", "=", "request")
      .where("help_items.status", "=", "open")
      .where("help_items.created_at", "<", createdBefore)
      .orderBy("help_items.created_at", "asc").orderBy("help_items.post_id", "asc")
      .limit(Math.max(1, Math.min(500, Math.floor(limit))))
      .execute();
    return this.withAuthors(rows);
  }

  async setStatus(postId: string, change: HelpStatusChange): Promise<void> {
    await this.db.updateTable("help_items").set({
      status: change.status,
      matched_actor_id: change.matchedActorId,
      matched_at: change.matchedAt,
      closed_at: change.closedAt,
      closed_by_actor_id: change.closedByActorId,
      updated_at: change.updatedAt,
    }).where("post_id", "=", postId).execute();
  }

  async addResponse(response: HelpResponse): Promise<{ response: HelpResponse; created: boolean }> {
    const existing = await this.findResponse(response.itemPostId, response.actorId);
    if (existing != null) return { response: existing, created: false };
    try {
      await this.db.insertInto("help_responses").values({
        id: response.id,
        item_post_id: response.itemPostId,
        actor_id: response.actorId,
        post_id: response.postId,
        created_at: response.createdAt,
      }).execute();
    } catch (error) {
      // Recorded concurrently (a re-delivered reply handled by another worker).
      if (!isUniqueViolation(error)) throw error;
      const stored = await this.findResponse(response.itemPostId, response.actorId);
      if (stored == null) throw error;
      return { response: stored, created: false };
    }
    return { response, created: true };
  }

  async findResponse(itemPostId: string, actorId: string): Promise<HelpResponse | null> {
    const row = await this.db.selectFrom("help_responses").selectAll()
      .where("item_post_id", "=", itemPostId).where("actor_id", "=", actorId).executeTakeFirst();
    return row == null ? null : responseFromRow(row);
  }

  async listResponses(itemPostId: string): Promise<Array<{ response: HelpResponse; actor: Actor }>> {
    const rows = await this.db.selectFrom("help_responses")
      .innerJoin("actors", "actors.id", "help_responses.actor_id")
      .selectAll("actors")
      .select([
        "help_responses.id as response_id",
        "help_responses.item_post_id as response_item_post_id",
        "help_responses.actor_id as response_actor_id",
        "help_responses.post_id as response_post_id",
        "help_responses.created_at as response_created_at",
      ])
      .where("help_responses.item_post_id", "=", itemPostId)
      .orderBy("help_responses.created_at", "asc").orderBy("help_responses.id", "asc")
      .execute();
    return rows.map((r) => {
      const { response_id, response_item_post_id, response_actor_id, response_post_id, response_created_at, ...actor } =
        r;
      return {
        response: responseFromRow({
          id: response_id,
          item_post_id: response_item_post_id,
          actor_id: response_actor_id,
          post_id: response_post_id,
          created_at: response_created_at,
        }),
        actor: actorFromRow(actor),
      };
    });
  }

  async recordMatch(match: HelpMatch): Promise<void> {
    await this.db.insertInto("help_matches").values({
      id: match.id,
      item_post_id: match.itemPostId,
      author_actor_id: match.authorActorId,
      helper_actor_id: match.helperActorId,
      matched_at: match.matchedAt,
      released_at: match.releasedAt,
    }).execute();
  }

  async releaseMatch(itemPostId: string, releasedAt: string): Promise<void> {
    await this.db.updateTable("help_matches").set({ released_at: releasedAt })
      .where("item_post_id", "=", itemPostId).where("released_at", "is", null).execute();
  }

  async listMatches(itemPostId: string): Promise<HelpMatch[]> {
    const rows = await this.db.selectFrom("help_matches").selectAll().where("item_post_id", "=", itemPostId)
      .orderBy("matched_at", "asc").orderBy("id", "asc").execute();
    return rows.map((r) => ({
      id: r.id,
      itemPostId: r.item_post_id,
      authorActorId: r.author_actor_id,
      helperActorId: r.helper_actor_id,
      matchedAt: r.matched_at,
      releasedAt: r.released_at,
    }));
  }

  async listThread(rootPostId: string, participantIds: readonly string[], limit: number): Promise<PostWithAuthor[]> {
    if (participantIds.length === 0) return [];
    const root = await this.db.selectFrom("posts").selectAll().where("id", "=", rootPostId).executeTakeFirst();
    if (root == null) return [];
    const rows = [root];
    const seen = new Set([root.id]);
    let frontier = [root.iri];
    // Breadth-first down the reply tree; a conversation is short, and the
    // `posts_in_reply_to` index serves each level.
    while (frontier.length > 0 && rows.length < limit) {
      const replies = await this.db.selectFrom("posts").selectAll()
        .where("in_reply_to_iri", "in", frontier)
        .where("actor_id", "in", [...participantIds])
        .orderBy("published_at", "asc")
        .limit(limit)
        .execute();
      const fresh = replies.filter((r) => !seen.has(r.id));
      for (const r of fresh) seen.add(r.id);
      rows.push(...fresh);
      frontier = fresh.map((r) => r.iri);
    }
    const thread = rows.slice(0, limit).map(postFromRow)
      .sort((a, b) => (a.publishedAt === b.publishedAt ? (a.id < b.id ? -1 : 1) : a.publishedAt < b.publishedAt ? -1 : 1));
    const actorIds = [...new Set(thread.map((p) => p.actorId))];
    const actors = await this.db.selectFrom("actors").selectAll().where("id", "in", actorIds).execute();
    const byId = new Map(actors.map((a) => [a.id, actorFromRow(a)]));
    return thread.flatMap((post) => {
      const author = byId.get(post.actorId);
      return author == null ? [] : [{ post, author }];
    });
  }
}
