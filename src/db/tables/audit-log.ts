/** Row of `audit_log`: approvals, role changes and other moderation acts. */
export interface AuditLogTable {
  id: string;
  actor_member_id: string | null;
  action: string;
  subject_member_id: string | null;
  detail_json: string;
  created_at: string;
}
