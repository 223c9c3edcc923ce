/** Row of `help_responses` (migration 0011): who responded to a help item, and the message that opened the conversation. */
export interface HelpResponsesTable {
  id: string;
  item_post_id: string;
  actor_id: string;
  post_id: string | null;
  created_at: string;
}
