import { newId, nowIso } from "../domain/ids.ts";
import type { AppContext } from "./context.ts";
import type { NotificationType } from "./ports.ts";

/**
 * Notifies a local actor that something happened.  Never notifies an actor
 * about their own action, and only local actors (remote ones have their
 * own servers).
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
