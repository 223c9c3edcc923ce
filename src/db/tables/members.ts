/** Row of `members`: local accounts; profile data lives on the actor row. */
export interface MembersTable {
  id: string;
  actor_id: string;
  username: string;
  email: string | null;
  password_hash: string | null;
  role: string;
  status: string;
  organisation: string | null;
  job_title: string | null;
  locale: string | null;
  created_at: string;
  approved_at: string | null;
  approved_by: string | null;
}
