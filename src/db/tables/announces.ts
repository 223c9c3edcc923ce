/** Row of `announces`: boosts, including the buurt group's FEP-1b12 announces. */
export interface AnnouncesTable {
  id: string;
  iri: string;
  actor_id: string;
  post_id: string;
  published_at: string;
  created_at: string;
}
