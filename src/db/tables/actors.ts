/** Row of `actors`: every actor this buurt knows, local or remote. */
export interface ActorsTable {
  id: string;
  iri: string;
  type: string;
  username: string;
  domain: string;
  name: string | null;
  summary: string | null;
  url: string | null;
  inbox_url: string;
  shared_inbox_url: string | null;
  followers_url: string | null;
  following_url: string | null;
  outbox_url: string | null;
  icon_url: string | null;
  manually_approves_followers: number;
  local: number;
  public_key_id: string | null;
  public_key_pem: string | null;
  fields_json: string;
  created_at: string;
  updated_at: string;
  fetched_at: string | null;
}
