/**
 * What a search box query asks for: someone on another server (a handle or
 * a URL), or a name to find among the buurt's members.
 */

/** A classified query: `remote` → look up the handle or URL; `name` → search members; `empty`. */
export type SearchQuery =
  | { type: "remote"; query: string }
  | { type: "name"; query: string }
  | { type: "empty" };

const HANDLE = /^@?[^@\s/]+@[^@\s/]+\.?[^@\s/]*$/;

/**
 * Classifies a search query.
 * - `@user@host`, `user@host`, `acct:user@host` and `http(s)://…` URLs are remote look-ups;
 * - anything else is a name (a leading `@` is dropped, so `@anna` finds the member anna).
 * @param input What the reader typed.
 */
export function normaliseQuery(input: string): SearchQuery {
  const q = input.trim();
  if (q === "") return { type: "empty" };
  if (/^https?:\/\//i.test(q)) return { type: "remote", query: q };
  const handle = q.replace(/^acct:/i, "");
  if (HANDLE.test(handle)) return { type: "remote", query: handle.startsWith("@") ? handle : `@${handle}` };
  const name = q.replace(/^@/, "").trim();
  return name === "" ? { type: "empty" } : { type: "name", query: name };
}
