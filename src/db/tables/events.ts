/** Row of `events` (migration 0010): the agenda details of a post of type `Event`. */
export interface EventsTable {
  post_id: string;
  start_at: string;
  end_at: string | null;
  timezone: string;
  all_day: number;
  start_date: string | null;
  end_date: string | null;
  location_name: string | null;
  address_json: string | null;
  latitude: number | null;
  longitude: number | null;
  online_url: string | null;
  capacity: number | null;
  category: string | null;
  status: string;
  rrule: string | null;
  cancelled_occurrences_json: string;
  poll_json: string | null;
  organizer_actor_id: string | null;
  federated_until: string | null;
  created_at: string;
  updated_at: string;
}
