/** Row of `follows`: who follows whom, pending until accepted. */
export interface FollowsTable {
  id: string;
  iri: string;
  follower_id: string;
  following_id: string;
  status: string;
  created_at: string;
  accepted_at: string | null;
}
