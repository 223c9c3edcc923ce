/**
 * Object dispatcher: local posts as `Note`s at their IRI, visible according
 * to the post's visibility.  Buurt-only posts never leave the server.
 */
import type { FederationBuilder, RequestContext } from "@fedify/fedify";
import { Note } from "@fedify/vocab";
import type { Post } from "../domain/post.ts";
import { localNote } from "./local-note.ts";
import type { FederationDeps } from "./deps.ts";
import { PATHS } from "./uris.ts";

/** Registers `/posts/{id}`. */
export function registerObjects(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;

  /** Whether the (signed) requester may see a followers-only or direct post. */
  async function mayView(ctx: RequestContext<void>, post: Post): Promise<boolean> {
    if (post.visibility === "public" || post.visibility === "unlisted") return true;
    if (post.visibility === "buurt") return false;
    const owner = await ctx.getSignedKeyOwner().catch(() => null);
    if (owner?.id == null) return false;
    const requester = await repos.actors.findByIri(owner.id.href);
    if (requester == null) return false;
    if (post.visibility === "followers") {
      const follow = await repos.follows.findByPair(requester.id, post.actorId);
      return follow?.status === "accepted";
    }
    return post.tags.some((t) => t.type === "Mention" && t.href === requester.iri);
  }

  builder
    .setObjectDispatcher(Note, PATHS.post, async (_ctx, values) => {
      const post = await repos.posts.findById(values.id);
      if (post == null || !post.local || post.type !== "Note" || post.visibility === "buurt") return null;
      const author = await repos.actors.findById(post.actorId);
      return author == null ? null : await localNote(deps, post, author);
    })
    .authorize(async (ctx, values) => {
      const post = await repos.posts.findById(values.id);
      return post != null && await mayView(ctx, post);
    });
}
