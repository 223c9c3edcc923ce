import { nowIso } from "../domain/ids.ts";
import type { AppContext } from "./context.ts";
import { newLocalActor } from "./local-actor.ts";
import type { Buurt } from "./ports.ts";

/** Settings of the buurt taken from configuration at each start. */
export interface BuurtSettings {
  name: string;
  handle: string;
  timezone: string;
  language: string;
  joinPolicy: string;
}

/**
 * Creates the buurt and its `Group` actor (with freshly generated, stored
 * keys) on first start; on later starts updates its name and settings from
 * configuration but never its handle or keys, which peers have cached.
 *
 * @returns The buurt as stored.
 * @throws {Error} When the configured handle differs from the stored one
 *   (changing it would orphan every follower).
 */
export async function ensureBuurt(ctx: AppContext, settings: BuurtSettings): Promise<Buurt> {
  const existing = await ctx.repos.buurt.get();
  if (existing != null) {
    if (existing.actor.username !== settings.handle) {
      throw new Error(
        `BUURT_HANDLE is "${settings.handle}" but this database belongs to @${existing.actor.username}; ` +
          "a buurt's handle cannot change once created (peers know it by its address).",
      );
    }
    await ctx.repos.buurt.update({
      name: settings.name,
      timezone: settings.timezone,
      language: settings.language,
      joinPolicy: settings.joinPolicy,
    });
    return (await ctx.repos.buurt.get())!;
  }
  const now = nowIso();
  const username = settings.handle;
  const actor = newLocalActor(ctx.iris, { type: "Group", username, name: settings.name, now });
  return await ctx.repos.buurt.create({
    actor,
    keyPairs: await ctx.keys.generate(),
    timezone: settings.timezone,
    language: settings.language,
    joinPolicy: settings.joinPolicy,
  });
}
