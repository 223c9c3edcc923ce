/** Row of `password_resets`: one-time reset links (token stored hashed). */
export interface PasswordResetsTable {
  token_hash: string;
  member_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}
