/**
 * Images members upload for their posts.
 */
import { newId, nowIso } from "../domain/ids.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import type { ImageProblem, ImageStore, Media } from "./ports.ts";

/**
 * Stores an image a member uploads for a post they are writing: the store
 * checks its type by content, strips its metadata, resizes and re-encodes
 * it.  The media wait (`postId` null) until `publishPost` attaches them,
 * so a form shown again after an error keeps its images.
 *
 * @param input.bytes The uploaded file.
 * @param input.description Alt text as typed so far (`publishPost` requires it).
 * @returns The stored media, or why the image was refused.
 */
export async function uploadImage(
  ctx: AppContext,
  images: ImageStore,
  input: { username: string; bytes: Uint8Array; description?: string | null },
): Promise<Result<Media, ImageProblem | "actor_not_found">> {
  const actor = await ctx.repos.actors.findLocalByUsername(input.username);
  if (actor == null) return fail("actor_not_found");
  const stored = await images.store(input.bytes);
  if (!stored.ok) return fail(stored.error);
  const media: Media = {
    id: newId(),
    ownerActorId: actor.id,
    postId: null,
    file: stored.value.file,
    mediaType: stored.value.mediaType,
    width: stored.value.width,
    height: stored.value.height,
    size: stored.value.size,
    description: input.description?.trim() || null,
    createdAt: nowIso(),
  };
  await ctx.repos.media.create(media);
  return ok(media);
}

/**
 * A member's uploaded image that no post uses yet (to show it again in a
 * form); `null` for someone else's, or one already attached.
 */
export async function findPendingMedia(ctx: AppContext, input: { username: string; mediaId: string }): Promise<Media | null> {
  const actor = await ctx.repos.actors.findLocalByUsername(input.username);
  const media = await ctx.repos.media.findById(input.mediaId);
  if (actor == null || media == null || media.ownerActorId !== actor.id || media.postId != null) return null;
  return media;
}
