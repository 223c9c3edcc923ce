import type { Kysely } from "kysely";
import type { Notification, NotificationRepository, NotificationType, Page, PageRequest } from "../../app/ports.ts";
import type { Database } from "../schema.ts";
import { decodeCursor, olderThan, pageSize, takePage } from "./rows.ts";

/** Kysely implementation of `NotificationRepository`. */
export class KyselyNotificationRepository implements NotificationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(n: Notification): Promise<void> {
    await this.db.insertInto("notifications").values({
      id: n.id,
      recipient_actor_id: n.recipientActorId,
      type: n.type,
      from_actor_id: n.fromActorId,
      post_id: n.postId,
      subject_id: n.subjectId,
      created_at: n.createdAt,
      read_at: n.readAt,
    }).execute();
  }

  async listForRecipient(actorId: string, page: PageRequest): Promise<Page<Notification>> {
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    let q = this.db.selectFrom("notifications").selectAll().where("recipient_actor_id", "=", actorId);
    if (cursor != null) {
      q = q.where((eb) => olderThan(eb, "created_at", "id", cursor));
    }
    const taken = takePage(
      await q.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit + 1).execute(),
      limit,
      (r) => ({ at: r.created_at, id: r.id }),
    );
    return {
      items: taken.rows.map((r) => ({
        id: r.id,
        recipientActorId: r.recipient_actor_id,
        type: r.type as NotificationType,
        fromActorId: r.from_actor_id,
        postId: r.post_id,
        subjectId: r.subject_id,
        createdAt: r.created_at,
        readAt: r.read_at,
      })),
      nextCursor: taken.nextCursor,
    };
  }

  async countUnread(actorId: string): Promise<number> {
    const row = await this.db.selectFrom("notifications").select((eb) => eb.fn.countAll().as("n"))
      .where("recipient_actor_id", "=", actorId).where("read_at", "is", null).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async markAllRead(actorId: string, at: string): Promise<void> {
    await this.db.updateTable("notifications").set({ read_at: at })
      .where("recipient_actor_id", "=", actorId).where("read_at", "is", null).execute();
  }
}
