import type { Kysely, Selectable } from "kysely";
import type { Media, MediaRepository } from "../../app/ports.ts";
import type { Database } from "../schema.ts";
import type { MediaTable } from "../tables/media.ts";

function mediaFromRow(row: Selectable<MediaTable>): Media {
  return {
    id: row.id,
    ownerActorId: row.owner_actor_id,
    postId: row.post_id,
    file: row.path,
    mediaType: row.media_type,
    width: row.width,
    height: row.height,
    size: row.size,
    description: row.description,
    createdAt: row.created_at,
  };
}

/** Kysely implementation of `MediaRepository` (table `media`; `path` holds the file name). */
export class KyselyMediaRepository implements MediaRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(media: Media): Promise<void> {
    await this.db.insertInto("media").values({
      id: media.id,
      owner_actor_id: media.ownerActorId,
      post_id: media.postId,
      path: media.file,
      media_type: media.mediaType,
      width: media.width,
      height: media.height,
      size: media.size,
      description: media.description,
      created_at: media.createdAt,
    }).execute();
  }

  async findById(id: string): Promise<Media | null> {
    const row = await this.db.selectFrom("media").selectAll().where("id", "=", id).executeTakeFirst();
    return row == null ? null : mediaFromRow(row);
  }

  async setDescription(id: string, description: string): Promise<void> {
    await this.db.updateTable("media").set({ description }).where("id", "=", id).execute();
  }

  async attachToPost(ids: string[], postId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable("media").set({ post_id: postId }).where("id", "in", ids).execute();
  }

  async listByPost(postId: string): Promise<Media[]> {
    const rows = await this.db.selectFrom("media").selectAll().where("post_id", "=", postId)
      .orderBy("created_at").orderBy("id").execute();
    return rows.map(mediaFromRow);
  }

  async deleteByPost(postId: string): Promise<void> {
    await this.db.deleteFrom("media").where("post_id", "=", postId).execute();
  }

  async listUnattached(ownerActorId: string, before: string): Promise<Media[]> {
    const rows = await this.db.selectFrom("media").selectAll().where("owner_actor_id", "=", ownerActorId)
      .where("post_id", "is", null).where("created_at", "<", before).execute();
    return rows.map(mediaFromRow);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom("media").where("id", "=", id).execute();
  }
}
