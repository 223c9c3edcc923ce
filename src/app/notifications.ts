import { newId, nowIso } from "../domain/ids.ts";
import type { AppContext } from "./context.ts";
import type { Actor } from "../domain/actor.ts";
import type { Post } from "../domain/post.ts";
import type { Notification, NotificationType, Page, PageRequest } from "./ports.ts";

/**
 * Notifies a local member that something happened.  Never notifies an
 * actor about their own action, and only members' actors (remote ones have
 * their own servers; the buurt group has nobody to read them).
 *
 * @param input.recipientActorId The local actor to notify.
 * @param input.fromActorId Who did it (local or remote), if anyone.
 * @returns Whether a notification was stored.
 */
export async function notify(
  ctx: AppContext,
  input: {
    recipientActorId: string;
    type: NotificationType;
    fromActorId?: string | null;
    postId?: string | null;
    subjectId?: string | null;
  },
): Promise<boolean> {
  if (input.fromActorId != null && input.fromActorId === input.recipientActorId) return false;
  const recipient = await ctx.repos.actors.findById(input.recipientActorId);
  if (recipient == null || !recipient.local) return false;
  if (await ctx.repos.members.findByActorId(recipient.id) == null) return false;
  await ctx.repos.notifications.create({
    id: newId(),
    recipientActorId: input.recipientActorId,
    type: input.type,
    fromActorId: input.fromActorId ?? null,
    postId: input.postId ?? null,
    subjectId: input.subjectId ?? null,
    createdAt: nowIso(),
    readAt: null,
  });
  return true;
}

/**
 * Notifies local members that a new local or received post replies to
 * their post or mentions them: `reply` for the replied-to author, `mention`
 * for everyone else it mentions.  `notify` skips the author themselves and
 * remote actors.
 *
 * @param alreadyNotified Actor ids notified about this post already (by a
 *   `PostStored` handler, with a more specific kind); they are skipped.
 */
export async function notifyAboutPost(ctx: AppContext, post: Post, alreadyNotified: ReadonlySet<string> = new Set()): Promise<void> {
  const notified = new Set<string>(alreadyNotified);
  if (post.inReplyToIri != null) {
    const parent = await ctx.repos.posts.findByIri(post.inReplyToIri);
    if (parent != null && !notified.has(parent.actorId)) {
      notified.add(parent.actorId);
      await notify(ctx, { recipientActorId: parent.actorId, type: "reply", fromActorId: post.actorId, postId: post.id });
    }
  }
  for (const tag of post.tags) {
    if (tag.type !== "Mention" || tag.href == null || !ctx.iris.isLocal(tag.href)) continue;
    const mentioned = await ctx.repos.actors.findByIri(tag.href);
    if (mentioned == null || notified.has(mentioned.id)) continue;
    notified.add(mentioned.id);
    await notify(ctx, { recipientActorId: mentioned.id, type: "mention", fromActorId: post.actorId, postId: post.id });
  }
}

/** A notification with who did it and the post it is about (either may be gone). */
export interface NotificationEntry {
  notification: Notification;
  from: Actor | null;
  post: Post | null;
}

/**
 * A member's notifications, newest first (cursor paging), with their actors
 * and posts; reading them marks all of the member's notifications read.
 * The returned entries keep `readAt` as it was, so the page can show which
 * were new.
 *
 * @param input.actorId The member's actor.
 */
export async function readNotifications(
  ctx: AppContext,
  input: { actorId: string; page: PageRequest },
): Promise<Page<NotificationEntry>> {
  const page = await ctx.repos.notifications.listForRecipient(input.actorId, input.page);
  const actors = new Map<string, Actor | null>();
  const items: NotificationEntry[] = [];
  for (const notification of page.items) {
    let from: Actor | null = null;
    if (notification.fromActorId != null) {
      if (!actors.has(notification.fromActorId)) {
        actors.set(notification.fromActorId, await ctx.repos.actors.findById(notification.fromActorId));
      }
      from = actors.get(notification.fromActorId) ?? null;
    }
    const post = notification.postId == null ? null : await ctx.repos.posts.findById(notification.postId);
    items.push({ notification, from, post });
  }
  await ctx.repos.notifications.markAllRead(input.actorId, nowIso());
  return { items, nextCursor: page.nextCursor };
}
