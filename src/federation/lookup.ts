/**
 * Looking up remote actors by handle (WebFinger, RFC 7033) or IRI, with
 * every fetch signed by the buurt group's key so servers in
 * authorized-fetch mode answer.
 */
import type { Context } from "@fedify/fedify";
import { Announce, Collection, Create, isActor, type Link, type Object as APObject } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import type { RemoteLookup, TimelineEntry } from "../app/ports.ts";
import type { Actor } from "../domain/actor.ts";
import type { BuurtFederation, FederationDeps } from "./deps.ts";
import { resolveActor as resolveActorByIri, sameOrigin } from "./inbox/support.ts";
import { fromActorObject } from "./mappers/actor.ts";
import { fromPostObject, isPostObject } from "./mappers/post.ts";
import { REMOTE_FETCH_LIMITS } from "./remote-fetch.ts";
import { instantText } from "./temporal.ts";

const logger = getLogger(["buurt", "federation", "lookup"]);

/** How long the recent posts read from an outbox are reused before the outbox is read again. */
const OUTBOX_CACHE_MS = 5 * 60 * 1000;
/** At most this many outboxes are remembered (oldest forgotten first). */
const OUTBOX_CACHE_SIZE = 200;
/** At most this many outbox items are looked at for one `recentPosts` call. */
const OUTBOX_MAX_ITEMS = 60;
/** Reading one outbox stops after this long, keeping what it has. */
const OUTBOX_TIME_BUDGET_MS = 10_000;
/** At most this many pages of an outbox are read for one `recentPosts` call (empty pages count too). */
const OUTBOX_MAX_PAGES = 5;
/** A WebFinger look-up (which Fedify does not route through the bounded document loader) gives up after this long. */
const LOOKUP_TIMEOUT_MS = REMOTE_FETCH_LIMITS.timeoutMs;

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

/**
 * Reads one outbox item into a timeline entry: a `Create` by the actor of a
 * post on the actor's origin, or an `Announce` by the actor of a post whose
 * author is on the post's origin.  Stores the post (and an unknown author).
 * @returns `null` for anything else, or a post that is not public or unlisted.
 */
async function readOutboxItem(
  item: APObject,
  actor: Actor,
  ctx: Context<void>,
  deps: FederationDeps,
  loaders: { documentLoader: DocumentLoader; contextLoader: DocumentLoader },
): Promise<TimelineEntry | null> {
  const { repos } = deps.app;
  if (item instanceof Create) {
    if (item.actorId?.href !== actor.iri || !sameOrigin(item.id, actor.iri) || !sameOrigin(item.objectId, actor.iri)) return null;
    const object = await item.getObject({ ...loaders, suppressError: true });
    if (object == null || !isPostObject(object)) return null;
    const parsed = await fromPostObject(object, actor, loaders);
    if (!parsed.ok || (parsed.value.visibility !== "public" && parsed.value.visibility !== "unlisted")) return null;
    const { post } = await repos.posts.upsertRemote(parsed.value);
    return { post, author: actor, announcedBy: null, at: post.publishedAt };
  }
  if (item instanceof Announce) {
    if (item.actorId?.href !== actor.iri || item.objectId == null) return null;
    const object = await item.getObject({ ...loaders, suppressError: true });
    if (object == null || !isPostObject(object) || object.id == null) return null;
    const authorId = object.attributionIds[0];
    if (authorId == null || !sameOrigin(authorId, object.id)) return null;
    const author = deps.app.iris.isLocal(authorId.href)
      ? await repos.actors.findByIri(authorId.href)
      : await resolveActorByIri(ctx, deps, authorId);
    if (author == null) return null;
    let post;
    if (author.local) {
      post = await repos.posts.findByIri(object.id.href);
    } else {
      const parsed = await fromPostObject(object, author, loaders);
      if (!parsed.ok) return null;
      post = (await repos.posts.upsertRemote(parsed.value)).post;
    }
    if (post == null || (post.visibility !== "public" && post.visibility !== "unlisted")) return null;
    return { post, author, announcedBy: actor, at: instantText(item.published) ?? post.publishedAt };
  }
  return null;
}

/**
 * The items of a collection, page by page, like Fedify's
 * `traverseCollection` but bounded: at most `OUTBOX_MAX_PAGES` pages, none
 * after `deadline` (epoch ms), and never a page seen before.  A hostile
 * outbox can otherwise page forever through empty pages, which no item
 * count notices.
 */
async function* boundedItems(
  collection: Collection,
  options: { documentLoader: DocumentLoader; contextLoader: DocumentLoader; suppressError: true },
  deadline: number,
): AsyncIterable<APObject | Link> {
  let page = await collection.getFirst(options);
  if (page == null) {
    for await (const item of collection.getItems(options)) yield item;
    return;
  }
  const seen = new Set<string>();
  for (let n = 0; page != null && n < OUTBOX_MAX_PAGES && Date.now() < deadline; n++) {
    if (page.id != null) {
      if (seen.has(page.id.href)) return;
      seen.add(page.id.href);
    }
    for await (const item of page.getItems(options)) yield item;
    page = await page.getNext(options);
  }
}

/**
 * A document loader whose fetches are signed with the buurt group's key
 * (for servers in authorized-fetch mode); the unsigned loader before the
 * buurt is set up.
 */
export async function groupDocumentLoader(ctx: Context<void>, deps: FederationDeps): Promise<DocumentLoader> {
  const buurt = await deps.app.repos.buurt.get();
  return buurt == null ? ctx.documentLoader : await ctx.getDocumentLoader({ identifier: buurt.actor.username });
}

/** Creates the `RemoteLookup` of one buurt. */
export function createRemoteLookup(federation: BuurtFederation, deps: FederationDeps): RemoteLookup {
  const { repos, iris } = deps.app;
  /** Recently read outboxes: actor IRI → when, and what was found. */
  const outboxCache = new Map<string, { readAt: number; limit: number; entries: TimelineEntry[] }>();

  async function signedLoaders(ctx: Context<void>) {
    return { documentLoader: await groupDocumentLoader(ctx, deps), contextLoader: ctx.contextLoader };
  }

  return {
    async recentPosts(actor, limit) {
      if (actor.local || actor.outboxUrl == null || !sameOrigin(actor.outboxUrl, actor.iri)) {
        return { ok: false, error: "no_outbox" };
      }
      const max = Math.min(40, Math.max(1, limit));
      const cached = outboxCache.get(actor.iri);
      if (cached != null && Date.now() - cached.readAt < OUTBOX_CACHE_MS && cached.limit >= max) {
        return { ok: true, value: cached.entries.slice(0, max) };
      }
      const ctx = federation.createContext(deps.origin, undefined);
      const loaders = await signedLoaders(ctx);
      let outbox;
      try {
        outbox = await ctx.lookupObject(actor.outboxUrl, {
          documentLoader: loaders.documentLoader,
          signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS),
        });
      } catch (error) {
        logger.info("Could not read the outbox of {iri}: {error}", { iri: actor.iri, error: String(error) });
        return { ok: false, error: "unreachable" };
      }
      if (!(outbox instanceof Collection)) return { ok: false, error: "unreachable" };
      const entries: TimelineEntry[] = [];
      const seen = new Set<string>();
      const deadline = Date.now() + OUTBOX_TIME_BUDGET_MS;
      let looked = 0;
      try {
        for await (const item of boundedItems(outbox, { ...loaders, suppressError: true }, deadline)) {
          if (++looked > OUTBOX_MAX_ITEMS || Date.now() > deadline) break;
          if (!(item instanceof Create) && !(item instanceof Announce)) continue;
          let entry: TimelineEntry | null = null;
          try {
            entry = await readOutboxItem(item, actor, ctx, deps, loaders);
          } catch (error) {
            logger.info("Skipped an outbox item of {iri}: {error}", { iri: actor.iri, error: String(error) });
          }
          if (entry == null || seen.has(entry.post.id)) continue;
          seen.add(entry.post.id);
          entries.push(entry);
          if (entries.length >= max) break;
        }
      } catch (error) {
        logger.info("Reading the outbox of {iri} stopped: {error}", { iri: actor.iri, error: String(error) });
        if (entries.length === 0) return { ok: false, error: "unreachable" };
      }
      entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
      outboxCache.delete(actor.iri);
      outboxCache.set(actor.iri, { readAt: Date.now(), limit: max, entries });
      if (outboxCache.size > OUTBOX_CACHE_SIZE) outboxCache.delete(outboxCache.keys().next().value!);
      return { ok: true, value: entries };
    },

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
      const documentLoader = await groupDocumentLoader(ctx, deps);
      let object;
      try {
        object = await ctx.lookupObject(normalised, { documentLoader, signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) });
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
