/**
 * Conversions between table rows and domain objects, and the cursor format
 * shared by every paged query.
 */
import { Buffer } from "node:buffer";
import type { Expression, ExpressionBuilder, ReferenceExpression, Selectable, SqlBool } from "kysely";
import type { Actor, ActorType } from "../../domain/actor.ts";
import type { Post, PostType, Visibility } from "../../domain/post.ts";
import type { ActorsTable } from "../tables/actors.ts";
import type { PostsTable } from "../tables/posts.ts";

export type ActorRow = Selectable<ActorsTable>;
export type PostRow = Selectable<PostsTable>;

/** Parsed JSON text of a `*_json` column; `fallback` when it is `NULL` or not valid JSON. */
export function parseJson<T>(text: string | null, fallback: T): T {
  if (text == null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** Row of `actors` → `Actor`. */
export function actorFromRow(row: ActorRow): Actor {
  return {
    id: row.id,
    iri: row.iri,
    type: row.type as ActorType,
    username: row.username,
    domain: row.domain,
    name: row.name,
    summary: row.summary,
    url: row.url,
    inboxUrl: row.inbox_url,
    sharedInboxUrl: row.shared_inbox_url,
    followersUrl: row.followers_url,
    followingUrl: row.following_url,
    outboxUrl: row.outbox_url,
    iconUrl: row.icon_url,
    manuallyApprovesFollowers: row.manually_approves_followers === 1,
    local: row.local === 1,
    publicKeyId: row.public_key_id,
    publicKeyPem: row.public_key_pem,
    fields: parseJson(row.fields_json, []),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    fetchedAt: row.fetched_at,
  };
}

/** `Actor` → row of `actors`. */
export function actorToRow(actor: Actor): ActorRow {
  return {
    id: actor.id,
    iri: actor.iri,
    type: actor.type,
    username: actor.username,
    domain: actor.domain,
    name: actor.name,
    summary: actor.summary,
    url: actor.url,
    inbox_url: actor.inboxUrl,
    shared_inbox_url: actor.sharedInboxUrl,
    followers_url: actor.followersUrl,
    following_url: actor.followingUrl,
    outbox_url: actor.outboxUrl,
    icon_url: actor.iconUrl,
    manually_approves_followers: actor.manuallyApprovesFollowers ? 1 : 0,
    local: actor.local ? 1 : 0,
    public_key_id: actor.publicKeyId,
    public_key_pem: actor.publicKeyPem,
    fields_json: JSON.stringify(actor.fields),
    created_at: actor.createdAt,
    updated_at: actor.updatedAt,
    fetched_at: actor.fetchedAt,
  };
}

/** Row of `posts` → `Post`. */
export function postFromRow(row: PostRow): Post {
  return {
    id: row.id,
    iri: row.iri,
    actorId: row.actor_id,
    type: row.type as PostType,
    name: row.name,
    contentHtml: row.content_html,
    source: row.source,
    summary: row.summary,
    sensitive: row.sensitive === 1,
    language: row.language,
    visibility: row.visibility as Visibility,
    inReplyToIri: row.in_reply_to_iri,
    audienceIri: row.audience_iri,
    url: row.url,
    attachments: parseJson(row.attachments_json, []),
    tags: parseJson(row.tags_json, []),
    pollOptions: parseJson(row.poll_json, null),
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    local: row.local === 1,
  };
}

/** `Post` → row of `posts` (`created_at` is set by the caller on insert). */
export function postToRow(post: Post, createdAt: string): PostRow {
  return {
    id: post.id,
    iri: post.iri,
    actor_id: post.actorId,
    type: post.type,
    name: post.name,
    content_html: post.contentHtml,
    source: post.source,
    summary: post.summary,
    sensitive: post.sensitive ? 1 : 0,
    language: post.language,
    visibility: post.visibility,
    in_reply_to_iri: post.inReplyToIri,
    audience_iri: post.audienceIri,
    url: post.url,
    attachments_json: JSON.stringify(post.attachments),
    tags_json: JSON.stringify(post.tags),
    poll_json: post.pollOptions == null ? null : JSON.stringify(post.pollOptions),
    local: post.local ? 1 : 0,
    published_at: post.publishedAt,
    updated_at: post.updatedAt,
    created_at: createdAt,
  };
}

/** A position in a newest-first list: the timestamp and id of the last item shown. */
export interface Cursor {
  at: string;
  id: string;
}

/**
 * The keyset condition "older than the cursor" for a newest-first list
 * ordered by (`at` desc, `id` desc): `at < c.at OR (at = c.at AND id < c.id)`.
 *
 * @param eb The query's expression builder.
 * @param at Column holding the ISO-8601 timestamp; @param id the tie-breaking id column.
 */
export function olderThan<DB, TB extends keyof DB>(
  eb: ExpressionBuilder<DB, TB>,
  at: ReferenceExpression<DB, TB>,
  id: ReferenceExpression<DB, TB>,
  cursor: Cursor,
): Expression<SqlBool> {
  const value = (v: string) => eb.val(v);
  return eb.or([
    eb(at, "<", value(cursor.at)),
    eb.and([eb(at, "=", value(cursor.at)), eb(id, "<", value(cursor.id))]),
  ]);
}

/** Encodes a cursor as opaque URL-safe text. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at}|${cursor.id}`, "utf8").toString("base64url");
}

/** Decodes a cursor; `null` for a missing or malformed one (which then means "first page"). */
export function decodeCursor(text: string | null | undefined): Cursor | null {
  if (text == null || text === "") return null;
  const decoded = Buffer.from(text, "base64url").toString("utf8");
  const i = decoded.lastIndexOf("|");
  if (i <= 0) return null;
  const at = decoded.slice(0, i);
  const id = decoded.slice(i + 1);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || id === "") return null;
  return { at, id };
}

/**
 * The rows of one page and the cursor of the next: `rows` were fetched with
 * `limit + 1`, so one more than `limit` means an older page follows, whose
 * cursor is that of the page's last row.
 */
export function takePage<R>(rows: R[], limit: number, cursorOf: (row: R) => Cursor): { rows: R[]; nextCursor: string | null } {
  const last = rows[limit - 1];
  return {
    rows: rows.slice(0, limit),
    nextCursor: rows.length > limit && last != null ? encodeCursor(cursorOf(last)) : null,
  };
}

/** Clamps a requested page size to 1–100 (default 20). */
export function pageSize(limit: number | undefined): number {
  if (limit == null || !Number.isFinite(limit)) return 20;
  return Math.max(1, Math.min(100, Math.floor(limit)));
}
