/**
 * Handing an activity to Fedify for signed, queued delivery to stored actors.
 */
import type { Context } from "@fedify/fedify";
import type { Activity, Recipient } from "@fedify/vocab";
import type { Logger } from "@logtape/logtape";
import type { Actor } from "../domain/actor.ts";
import { toRecipient } from "./collections.ts";

/**
 * Queues `activity` from a local `sender` to the remote actors among
 * `recipients` (local ones read the database and are skipped), one delivery
 * per shared inbox where the peer has one.
 *
 * @param orderingKey Deliveries with the same key are sent in order (e.g. a
 *   post's Create before its Update and Delete).
 * @throws Only when the queue cannot be written (the caller's event bus logs it).
 */
export async function sendToActors(
  ctx: Context<void>,
  logger: Logger,
  sender: Actor,
  recipients: readonly Actor[],
  activity: Activity,
  orderingKey?: string,
): Promise<void> {
  const remote = new Map<string, Recipient>();
  for (const r of recipients) if (!r.local) remote.set(r.iri, toRecipient(r));
  if (remote.size === 0) return;
  await ctx.sendActivity({ identifier: sender.username }, [...remote.values()], activity, {
    preferSharedInbox: true,
    ...(orderingKey == null ? {} : { orderingKey }),
  });
  logger.debug("Queued {type} {id} for {count} recipients", {
    type: activity.constructor.name,
    id: activity.id?.href,
    count: remote.size,
  });
}
