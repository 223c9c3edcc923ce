/** Row of `posts`: local and remote notes, articles, events and other objects. */
export interface PostsTable {
  id: string;
  iri: string;
  actor_id: string;
  type: string;
  name: string | null;
  content_html: string | null;
  source: string | null;
  summary: string | null;
  sensitive: number;
  language: string | null;
  visibility: string;
  in_reply_to_iri: string | null;
  audience_iri: string | null;
  url: string | null;
  attachments_json: string;
  tags_json: string;
  poll_json: string | null;
  local: number;
  published_at: string;
  updated_at: string | null;
  created_at: string;
}
