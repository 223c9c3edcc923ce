/** Row of `rsvps` (migration 0010): one actor's answer to one event (occurrence). */
export interface RsvpsTable {
  id: string;
  post_id: string;
  /** `YYYYMMDD` of a recurring event's occurrence; `''` for single events. */
  occurrence: string;
  actor_id: string;
  status: string;
  source: string;
  state: string;
  activity_iri: string | null;
  created_at: string;
  updated_at: string;
}
