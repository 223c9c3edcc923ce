/** Row of `sessions`: a logged-in browser; `id` is the SHA-256 hex of the cookie token. */
export interface SessionsTable {
  id: string;
  member_id: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
  user_agent: string | null;
}
