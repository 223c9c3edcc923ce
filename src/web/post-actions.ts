/**
 * What the viewer may do with a post, as the buttons under it show it
 * (views/components/post-actions.tsx): on a post's page and in timelines.
 */
import type { PostInteractions } from "../app/threads.ts";
import type { Actor } from "../domain/actor.ts";
import { displayNameOf } from "../domain/actor.ts";
import { canModerate } from "../domain/member.ts";
import type { Post } from "../domain/post.ts";
import type { PostActionsView } from "../../views/components/post-actions.tsx";
import type { Translator } from "../../views/i18n/index.ts";
import type { Viewer } from "./env.ts";

/** Whether the viewer may edit a post (their own local post). */
export function mayEdit(viewer: Viewer | null, post: Post): boolean {
  return viewer != null && post.local && post.actorId === viewer.actor.id;
}

/** Whether the viewer may delete a post (their own, or any local post for a moderator). */
export function mayDelete(viewer: Viewer | null, post: Post): boolean {
  return viewer != null && post.local && (post.actorId === viewer.actor.id || canModerate(viewer.member.role));
}

/**
 * The counts and buttons of one post for the viewer.
 * @param counts From `loadThread` or `loadInteractions` (src/app/threads.ts).
 */
export function presentPostActions(
  post: Post,
  author: Actor,
  counts: PostInteractions,
  viewer: Viewer | null,
  t: Translator,
): PostActionsView {
  return {
    id: post.id,
    replies: counts.replies,
    likes: counts.likes,
    boosts: counts.boosts,
    liked: counts.liked,
    boosted: counts.boosted,
    canBoost: post.visibility === "public" || post.visibility === "unlisted",
    canEdit: mayEdit(viewer, post),
    canDelete: mayDelete(viewer, post),
    about: t("post.action.about", { name: displayNameOf(author) }),
  };
}
