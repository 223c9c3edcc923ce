/**
 * Looking up remote actors by handle (WebFinger, RFC 7033) or IRI, with
 * every fetch signed by the buurt group's key so servers in
 * authorized-fetch mode answer.
 */
import { isActor } from "@fedify/vocab";
import type { RemoteLookup } from "../app/ports.ts";
import type { BuurtFederation, FederationDeps } from "./deps.ts";
import { fromActorObject } from "./mappers/actor.ts";

const HANDLE = /^@?([^@\s/]+)@([^@\s/]+)$/;

/**
 * Normalises what a user typed into something `lookupObject` accepts.
 * @returns `acct:user@host`, an http(s) URL, or `null` when it is neither.
 */
export function normaliseLookupQuery(query: string): string | null {
  const q = query.trim().replace(/^acct:/i, "");
  const m = HANDLE.exec(q);
  if (m != null) return `acct:${m[1]}@${m[2]!.toLowerCase()}`;
  try {
    const url = new URL(q);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

/** Creates the `RemoteLookup` of one buurt. */
export function createRemoteLookup(federation: BuurtFederation, deps: FederationDeps): RemoteLookup {
  const { repos, iris } = deps.app;
  return {
    async resolveActor(query) {
      const normalised = normaliseLookupQuery(query);
      if (normalised == null) return { ok: false, error: "invalid_query" };
      const local = HANDLE.exec(normalised.replace(/^acct:/, ""));
      if (local != null && local[2] === iris.domain.toLowerCase()) {
        const actor = await repos.actors.findLocalByUsername(local[1]!.toLowerCase());
        return actor == null ? { ok: false, error: "not_found" } : { ok: true, value: actor };
      }
      if (iris.isLocal(normalised)) {
        const actor = await repos.actors.findByIri(normalised);
        return actor == null ? { ok: false, error: "not_found" } : { ok: true, value: actor };
      }
      const ctx = federation.createContext(deps.origin, undefined);
      const buurt = await repos.buurt.get();
      const documentLoader = buurt == null
        ? ctx.documentLoader
        : await ctx.getDocumentLoader({ identifier: buurt.actor.username });
      let object;
      try {
        object = await ctx.lookupObject(normalised, { documentLoader });
      } catch {
        return { ok: false, error: "not_found" };
      }
      if (object == null) return { ok: false, error: "not_found" };
      if (!isActor(object)) return { ok: false, error: "not_an_actor" };
      const parsed = await fromActorObject(object, { documentLoader });
      if (!parsed.ok) return { ok: false, error: "not_an_actor" };
      return { ok: true, value: await repos.actors.upsertRemote(parsed.value) };
    },
  };
}
