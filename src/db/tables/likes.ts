/** Row of `likes`. */
export interface LikesTable {
  id: string;
  iri: string;
  actor_id: string;
  post_id: string;
  created_at: string;
}
