/** Row of `buurten`: the settings of this server's buurt (one row). */
export interface BuurtenTable {
  id: string;
  actor_id: string;
  timezone: string;
  language: string;
  join_policy: string;
  created_at: string;
  updated_at: string;
}
