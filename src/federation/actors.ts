/**
 * Actor dispatcher (the buurt `Group` and members' `Person`s) with their
 * stored key pairs, and WebFinger handle mapping.
 */
import type { FederationBuilder } from "@fedify/fedify";
import { professionalFields, toActorObject } from "./mappers/actor.ts";
import { importKeyPairs } from "./keys.ts";
import type { FederationDeps } from "./deps.ts";
import { PATHS } from "./uris.ts";

/**
 * Registers `/users/{identifier}` where the identifier is the lower-case
 * username (members) or the buurt handle (the group).  Pending and suspended
 * members have no actor (404), so nobody can follow an unapproved account.
 */
export function registerActors(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;
  builder
    .setActorDispatcher(PATHS.actor, async (ctx, identifier) => {
      const actor = await repos.actors.findLocalByUsername(identifier);
      if (actor == null || actor.username !== identifier) return null;
      const member = actor.type === "Person" ? await repos.members.findByActorId(actor.id) : null;
      if (actor.type === "Person" && member?.status !== "active") return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      const language = (await repos.buurt.get())?.language;
      return toActorObject(actor, keys, member == null ? [] : professionalFields(member, language));
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      const actor = await repos.actors.findLocalByUsername(identifier);
      if (actor == null) return [];
      return await importKeyPairs(await repos.keyPairs.findByActorId(actor.id));
    })
    .mapHandle(async (_ctx, username) => {
      const actor = await repos.actors.findLocalByUsername(username.toLowerCase());
      return actor?.username ?? null;
    });
}
