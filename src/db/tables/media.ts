/** Row of `media`: an uploaded, processed image stored under the data directory. */
export interface MediaTable {
  id: string;
  owner_actor_id: string;
  post_id: string | null;
  path: string;
  media_type: string;
  width: number | null;
  height: number | null;
  size: number;
  description: string | null;
  created_at: string;
}
