import type { Kysely, SelectQueryBuilder } from "kysely";
import type { Page, PageRequest, PostRepository, PostWithAuthor, TimelineEntry } from "../../app/ports.ts";
import type { Actor } from "../../domain/actor.ts";
import { nowIso } from "../../domain/ids.ts";
import type { Post, Visibility } from "../../domain/post.ts";
import { normaliseHashtag } from "../../domain/text.ts";
import type { Database } from "../schema.ts";
import { actorFromRow, decodeCursor, encodeCursor, olderThan, pageSize, postFromRow, postToRow, takePage } from "./rows.ts";

/** The hashtag index names of a post: its `Hashtag` tags, normalised, each once. */
function hashtagNames(post: Post): string[] {
  const names = post.tags.filter((t) => t.type === "Hashtag").map((t) => normaliseHashtag(t.name))
    .filter((n) => n !== "" && n.length <= 200);
  return [...new Set(names)];
}

/** Replaces the hashtag index rows of a post. */
async function writeHashtags(db: Kysely<Database>, post: Post): Promise<void> {
  await db.deleteFrom("post_hashtags").where("post_id", "=", post.id).execute();
  const names = hashtagNames(post);
  if (names.length > 0) {
    await db.insertInto("post_hashtags").values(names.map((name) => ({ post_id: post.id, name }))).execute();
  }
}

/** Kysely implementation of `PostRepository`. */
export class KyselyPostRepository implements PostRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(post: Post): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto("posts").values(postToRow(post, nowIso())).execute();
      await writeHashtags(trx, post);
    });
  }

  async upsertRemote(post: Post): Promise<{ post: Post; created: boolean }> {
    const existing = await this.findByIri(post.iri);
    if (existing != null) {
      if (existing.local) return { post: existing, created: false };
      const updated: Post = { ...post, id: existing.id };
      await this.update(updated);
      return { post: updated, created: false };
    }
    const inserted = await this.db.transaction().execute(async (trx) => {
      const result = await trx.insertInto("posts").values(postToRow(post, nowIso()))
        .onConflict((oc) => oc.column("iri").doNothing()).executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) await writeHashtags(trx, post);
      return result;
    });
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      // Inserted concurrently by another worker: report the stored one.
      const stored = await this.findByIri(post.iri);
      if (stored != null) return { post: stored, created: false };
    }
    return { post, created: true };
  }

  async update(post: Post): Promise<void> {
    const { id: _id, created_at: _created, iri: _iri, ...row } = postToRow(post, "");
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable("posts").set(row).where("id", "=", post.id).execute();
      await writeHashtags(trx, post);
    });
  }

  async findById(id: string): Promise<Post | null> {
    const row = await this.db.selectFrom("posts").selectAll().where("id", "=", id).executeTakeFirst();
    return row == null ? null : postFromRow(row);
  }

  async findByIri(iri: string): Promise<Post | null> {
    const row = await this.db.selectFrom("posts").selectAll().where("iri", "=", iri).executeTakeFirst();
    return row == null ? null : postFromRow(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom("likes").where("post_id", "=", id).execute();
      await trx.deleteFrom("announces").where("post_id", "=", id).execute();
      await trx.deleteFrom("post_hashtags").where("post_id", "=", id).execute();
      await trx.deleteFrom("notifications").where("post_id", "=", id).execute();
      await trx.deleteFrom("posts").where("id", "=", id).execute();
    });
  }

  async listReplies(inReplyToIris: string[], limit = 200): Promise<PostWithAuthor[]> {
    if (inReplyToIris.length === 0) return [];
    const rows = await this.db.selectFrom("posts").selectAll().where("in_reply_to_iri", "in", inReplyToIris)
      .orderBy("published_at").orderBy("id").limit(limit).execute();
    return this.withAuthors(rows.map(postFromRow));
  }

  async listByHashtag(name: string, visibilities: Visibility[], page: PageRequest): Promise<Page<PostWithAuthor>> {
    if (visibilities.length === 0) return { items: [], nextCursor: null };
    const tagged = this.db.selectFrom("post_hashtags").select("post_id").where("name", "=", normaliseHashtag(name));
    const rows = await this.pagedPosts(
      this.db.selectFrom("posts").where("posts.id", "in", tagged).where("posts.visibility", "in", visibilities),
      page,
    ).execute();
    return this.toPage(rows.map(postFromRow), page);
  }

  private async withAuthors(rows: Post[]): Promise<PostWithAuthor[]> {
    const authors = await this.actorsById(rows.map((p) => p.actorId));
    return rows.flatMap((post) => {
      const author = authors.get(post.actorId);
      return author == null ? [] : [{ post, author }];
    });
  }

  private async actorsById(ids: string[]): Promise<Map<string, Actor>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.db.selectFrom("actors").selectAll().where("id", "in", unique).execute();
    return new Map(rows.map((r) => [r.id, actorFromRow(r)]));
  }

  private pagedPosts(
    q: SelectQueryBuilder<Database, "posts", object>,
    page: PageRequest,
  ) {
    const cursor = decodeCursor(page.cursor);
    let query = q.selectAll("posts");
    if (cursor != null) {
      query = query.where((eb) => olderThan(eb, "posts.published_at", "posts.id", cursor));
    }
    return query.orderBy("posts.published_at", "desc").orderBy("posts.id", "desc").limit(pageSize(page.limit) + 1);
  }

  private async toPage(rows: Post[], request: PageRequest): Promise<Page<PostWithAuthor>> {
    const page = takePage(rows, pageSize(request.limit), (p) => ({ at: p.publishedAt, id: p.id }));
    return { items: await this.withAuthors(page.rows), nextCursor: page.nextCursor };
  }

  async listLocalPublic(page: PageRequest): Promise<Page<PostWithAuthor>> {
    const rows = await this.pagedPosts(
      this.db.selectFrom("posts").where("posts.local", "=", 1).where("posts.visibility", "=", "public"),
      page,
    ).execute();
    return this.toPage(rows.map(postFromRow), page);
  }

  async listBuurtTimeline(
    groupActorId: string,
    visibilities: Visibility[],
    page: PageRequest,
  ): Promise<Page<PostWithAuthor>> {
    if (visibilities.length === 0) return { items: [], nextCursor: null };
    const announced = this.db.selectFrom("announces").select("announces.post_id")
      .where("announces.actor_id", "=", groupActorId);
    const rows = await this.pagedPosts(
      this.db.selectFrom("posts").where((eb) =>
        eb.or([
          eb.and([eb("posts.local", "=", 1), eb("posts.visibility", "in", visibilities)]),
          eb.and([eb("posts.id", "in", announced), eb("posts.visibility", "in", ["public", "unlisted"])]),
        ])
      ),
      page,
    ).execute();
    return this.toPage(rows.map(postFromRow), page);
  }

  async listByActor(actorId: string, visibilities: Visibility[], page: PageRequest): Promise<Page<PostWithAuthor>> {
    if (visibilities.length === 0) return { items: [], nextCursor: null };
    const rows = await this.pagedPosts(
      this.db.selectFrom("posts").where("posts.actor_id", "=", actorId).where("posts.visibility", "in", visibilities),
      page,
    ).execute();
    return this.toPage(rows.map(postFromRow), page);
  }

  async listHomeTimeline(actorId: string, page: PageRequest): Promise<Page<TimelineEntry>> {
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    const following = this.db.selectFrom("follows").select("following_id")
      .where("follower_id", "=", actorId).where("status", "=", "accepted");
    const visible: Visibility[] = ["public", "unlisted", "followers", "buurt"];

    const direct = await this.pagedPosts(
      this.db.selectFrom("posts")
        .where((eb) => eb.or([eb("posts.actor_id", "in", following), eb("posts.actor_id", "=", actorId)]))
        .where("posts.visibility", "in", visible),
      page,
    ).execute();

    let boosts = this.db.selectFrom("announces")
      .innerJoin("posts", "posts.id", "announces.post_id")
      .selectAll("posts")
      .select(["announces.id as announce_id", "announces.actor_id as announcer_id", "announces.published_at as announced_at"])
      .where("announces.actor_id", "in", following)
      // A followed author's post already shows directly; don't repeat it as a boost.
      .where("posts.actor_id", "not in", following)
      .where("posts.actor_id", "!=", actorId)
      .where("posts.visibility", "in", ["public", "unlisted"]);
    if (cursor != null) {
      boosts = boosts.where((eb) => olderThan(eb, "announces.published_at", "announces.id", cursor));
    }
    const boostRows = await boosts.orderBy("announces.published_at", "desc").orderBy("announces.id", "desc")
      .limit(limit + 1).execute();

    type Entry = { post: Post; announcerId: string | null; at: string; key: string };
    const entries: Entry[] = [
      ...direct.map((r) => ({ post: postFromRow(r), announcerId: null, at: r.published_at, key: r.id })),
      ...boostRows.map((r) => {
        const { announce_id, announcer_id, announced_at, ...postRow } = r;
        return { post: postFromRow(postRow), announcerId: announcer_id, at: announced_at, key: announce_id };
      }),
    ].sort((a, b) => (a.at === b.at ? (a.key < b.key ? 1 : -1) : a.at < b.at ? 1 : -1));

    const seen = new Set<string>();
    const unique = entries.filter((e) => !seen.has(e.post.id) && seen.add(e.post.id));
    const pageEntries = unique.slice(0, limit);
    const actors = await this.actorsById(
      pageEntries.flatMap((e) => (e.announcerId == null ? [e.post.actorId] : [e.post.actorId, e.announcerId])),
    );
    const items = pageEntries.flatMap((e) => {
      const author = actors.get(e.post.actorId);
      if (author == null) return [];
      return [{ post: e.post, author, announcedBy: e.announcerId == null ? null : actors.get(e.announcerId) ?? null, at: e.at }];
    });
    const last = pageEntries[pageEntries.length - 1];
    const more = entries.length > limit;
    return { items, nextCursor: more && last != null ? encodeCursor({ at: last.at, id: last.key }) : null };
  }

  async countByActor(actorId: string, visibilities: Visibility[]): Promise<number> {
    if (visibilities.length === 0) return 0;
    const row = await this.db.selectFrom("posts").select((eb) => eb.fn.countAll().as("n"))
      .where("actor_id", "=", actorId).where("visibility", "in", visibilities).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countLocal(): Promise<number> {
    const row = await this.db.selectFrom("posts").select((eb) => eb.fn.countAll().as("n"))
      .where("local", "=", 1).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
