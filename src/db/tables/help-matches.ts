/** Row of `help_matches` (migration 0011): a match between a help item's author and a helper. */
export interface HelpMatchesTable {
  id: string;
  item_post_id: string;
  author_actor_id: string;
  helper_actor_id: string;
  matched_at: string;
  released_at: string | null;
}
