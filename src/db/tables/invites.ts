/** Row of `invites`: invite codes for a buurt with the invite-only join policy. */
export interface InvitesTable {
  code: string;
  created_by: string | null;
  created_at: string;
  expires_at: string | null;
  max_uses: number;
  uses: number;
}
