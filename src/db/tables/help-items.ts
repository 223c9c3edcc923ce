/** Row of `help_items` (migration 0011): a help request or offer; its text is in `posts` with the same id. */
export interface HelpItemsTable {
  post_id: string;
  author_actor_id: string;
  kind: string;
  category: string;
  title: string;
  description: string;
  status: string;
  matched_actor_id: string | null;
  matched_at: string | null;
  closed_at: string | null;
  closed_by_actor_id: string | null;
  created_at: string;
  updated_at: string;
}
