/** Row of `notifications`. */
export interface NotificationsTable {
  id: string;
  recipient_actor_id: string;
  type: string;
  from_actor_id: string | null;
  post_id: string | null;
  subject_id: string | null;
  created_at: string;
  read_at: string | null;
}
