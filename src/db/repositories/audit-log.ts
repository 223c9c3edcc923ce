import type { Kysely } from "kysely";
import type { AuditAction, AuditEntry, AuditLogRepository, Page, PageRequest } from "../../app/ports.ts";
import type { Database } from "../schema.ts";
import { decodeCursor, olderThan, pageSize, takePage } from "./rows.ts";

function parseDetail(text: string): AuditEntry["detail"] {
  try {
    const value: unknown = JSON.parse(text);
    return value != null && typeof value === "object" && !Array.isArray(value) ? value as AuditEntry["detail"] : {};
  } catch {
    return {};
  }
}

/** Kysely implementation of `AuditLogRepository` over `audit_log` (detail as JSON text). */
export class KyselyAuditLogRepository implements AuditLogRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(entry: AuditEntry): Promise<void> {
    await this.db.insertInto("audit_log").values({
      id: entry.id,
      actor_member_id: entry.actorMemberId,
      action: entry.action,
      subject_member_id: entry.subjectMemberId,
      detail_json: JSON.stringify(entry.detail),
      created_at: entry.createdAt,
    }).execute();
  }

  async list(page: PageRequest): Promise<Page<AuditEntry>> {
    const limit = pageSize(page.limit);
    const cursor = decodeCursor(page.cursor);
    let q = this.db.selectFrom("audit_log").selectAll();
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
        actorMemberId: r.actor_member_id,
        action: r.action as AuditAction,
        subjectMemberId: r.subject_member_id,
        detail: parseDetail(r.detail_json),
        createdAt: r.created_at,
      })),
      nextCursor: taken.nextCursor,
    };
  }
}
