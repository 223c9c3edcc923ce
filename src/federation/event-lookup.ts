/**
 * Finding an event by its IRI (a member pastes the link of an event on
 * another buurt, Mobilizon or Gancio to answer it): fetched signed with the
 * buurt group's key, read as FEP-8a8e, and kept in the agenda.
 */
import { Event } from "@fedify/vocab";
import type { EventEntry } from "../app/event-ports.ts";
import type { BuurtFederation, FederationDeps } from "./deps.ts";
import { storeRemoteEvent } from "./inbox/events.ts";
import { IgnoredActivity, resolveActor } from "./inbox/support.ts";
import { groupDocumentLoader } from "./lookup.ts";
import { REMOTE_FETCH_LIMITS } from "./remote-fetch.ts";

export type EventLookupError = "invalid_iri" | "not_found" | "not_an_event" | "refused";

/**
 * The event at `iri`: ours, one already stored, or fetched and stored now.
 *
 * @returns The event, or why not (`refused` carries the reason in `detail`).
 */
export async function resolveRemoteEvent(
  federation: BuurtFederation,
  deps: FederationDeps,
  iri: string,
): Promise<{ ok: true; value: EventEntry } | { ok: false; error: EventLookupError; detail?: string }> {
  let url: URL;
  try {
    url = new URL(iri.trim());
    if (url.protocol !== "https:" && url.protocol !== "http:") return { ok: false, error: "invalid_iri" };
  } catch {
    return { ok: false, error: "invalid_iri" };
  }
  const { repos } = deps.app;
  const known = await repos.events.findEntryByIri(url.href);
  if (known != null) return { ok: true, value: known };
  if (deps.app.iris.isLocal(url.href)) return { ok: false, error: "not_found" };

  const ctx = federation.createContext(deps.origin, undefined);
  const documentLoader = await groupDocumentLoader(ctx, deps);
  let object;
  try {
    object = await ctx.lookupObject(url.href, { documentLoader, signal: AbortSignal.timeout(REMOTE_FETCH_LIMITS.timeoutMs) });
  } catch {
    return { ok: false, error: "not_found" };
  }
  if (object == null) return { ok: false, error: "not_found" };
  if (!(object instanceof Event)) return { ok: false, error: "not_an_event" };
  const authorIri = object.attributionIds.find((a) => a.origin === url.origin);
  if (authorIri == null) return { ok: false, error: "refused", detail: "no organiser on the event's own server" };
  const author = await resolveActor(ctx, deps, authorIri);
  if (author == null) return { ok: false, error: "not_found" };
  try {
    const { entry } = await storeRemoteEvent(deps, ctx, object, author, { requested: true });
    return entry == null ? { ok: false, error: "refused" } : { ok: true, value: entry };
  } catch (error) {
    if (error instanceof IgnoredActivity) return { ok: false, error: "refused", detail: error.message };
    throw error;
  }
}
