/**
 * Images members upload for their posts.
 */
import { newId, nowIso } from "../domain/ids.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { AppContext } from "./context.ts";
import type { ImageProblem, ImageStore, Media } from "./ports.ts";

/** How long an upload may wait for its post before it is thrown away: a day. */
export const PENDING_MEDIA_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Stores an image a member uploads for a post they are writing: the store
 * checks its type by content, strips its metadata, resizes and re-encodes
 * it.  The media wait (`postId` null) until `publishPost` attaches them,
 * so a form shown again after an error keeps its images.  The member's
 * uploads that waited longer than `PENDING_MEDIA_LIFETIME_MS` (a form left
 * behind) are removed first.
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
  const before = new Date(Date.now() - PENDING_MEDIA_LIFETIME_MS).toISOString();
  for (const stale of await ctx.repos.media.listUnattached(actor.id, before)) {
    await ctx.repos.media.delete(stale.id);
    await images.remove(stale.file);
  }
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

/**
 * Throws away an upload the member took out of the form before posting.
 * @returns Whether there was such an upload (the member's own, unused).
 */
export async function discardPendingMedia(
  ctx: AppContext,
  images: ImageStore,
  input: { username: string; mediaId: string },
): Promise<boolean> {
  const media = await findPendingMedia(ctx, input);
  if (media == null) return false;
  await ctx.repos.media.delete(media.id);
  await images.remove(media.file);
  return true;
}
