/** Row of `post_hashtags`: which hashtags (lower-case, no '#') a post carries. */
export interface PostHashtagsTable {
  post_id: string;
  name: string;
}
