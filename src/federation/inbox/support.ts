/**
 * Shared machinery of the inbox handlers: resolving the sending actor into a
 * stored `Actor`, origin checks, de-duplication of re-delivered activities,
 * and the rule that odd remote input is logged and ignored while only
 * transient failures (storage) are thrown so the queue retries.
 */
import type { Context, InboxContext } from "@fedify/fedify";
import { Activity, type Actor as APActor, isActor, Object as APObject } from "@fedify/vocab";
import { getLogger } from "@logtape/logtape";
import type { Actor } from "../../domain/actor.ts";
import { normaliseReceivedJson } from "../jsonld.ts";
import { fromActorObject, parseActorDocument } from "../mappers/actor.ts";
import type { FederationDeps } from "../deps.ts";

export const inboxLogger = getLogger(["buurt", "federation", "inbox"]);

/** How an inbound activity ended, for logs, tests and metrics. */
export interface InboxOutcome {
  handler: string;
  /** The activity id, when it has one. */
  id: string | null;
  /** `processed`: acted on; `duplicate`: seen before; `ignored`: bad or unwanted input, with a reason; `failed`: unexpected error (logged). */
  kind: "processed" | "duplicate" | "ignored" | "failed";
  /** Outcome code (processed) or reason (ignored, failed). */
  detail: string;
}

/** What inbox handlers need: the federation deps plus how to tell a transient error. */
export interface InboxDeps extends FederationDeps {
  /** True for failures worth retrying (storage unavailable, busy); false for bad remote input. */
  isTransientError(error: unknown): boolean;
  /** Observer of every inbound activity's outcome (optional). */
  onOutcome?(outcome: InboxOutcome): void;
}

/** An expected reason to ignore an activity; logged at info level, never retried. */
export class IgnoredActivity extends Error {
  override name = "IgnoredActivity";
}

/**
 * Thrown (not returned) for an activity whose id is on another origin than
 * its actor.  Fedify records the id of every queued activity whose listener
 * returns normally as processed (for a day, whatever `withIdempotency`
 * says), so returning would let a hostile server pre-empt a genuine
 * activity whose id it can predict (Mastodon's `<status>#delete`).  The
 * message queue drops a message that fails with this error (main.ts passes
 * `isDiscardable`), so it is not retried either.
 */
export class ForeignActivityId extends Error {
  override name = "ForeignActivityId";
}

/**
 * The ActivityStreams type of a parsed object, for log messages: Fedify's
 * class name, or for a type Fedify does not know (Lemmy's `Lock`, Pleroma's
 * `EmojiReact` without its context) the `type` of the received JSON.
 */
export async function typeNameOf(object: APObject): Promise<string> {
  if (object.constructor !== APObject && object.constructor !== Activity) return object.constructor.name;
  try {
    const json = await object.toJsonLd();
    const type = json != null && typeof json === "object" ? (json as { type?: unknown }).type : undefined;
    if (typeof type === "string") return type;
    if (Array.isArray(type) && type.every((t) => typeof t === "string")) return type.join("+");
  } catch {
    // Fall back to the class name.
  }
  return object.constructor === APObject ? "Object" : object.constructor.name;
}

/** Whether two IRIs share scheme, host and port. */
export function sameOrigin(a: URL | string | null | undefined, b: URL | string | null | undefined): boolean {
  if (a == null || b == null) return false;
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/**
 * Whether any of the objects (an activity and its object) addresses a local
 * actor in `to`, `cc`, `bto` or `bcc`, or names one as its `audience`.
 */
export function addressesLocalActor(deps: FederationDeps, ctx: Context<void>, ...objects: APObject[]): boolean {
  const iris: URL[] = [];
  for (const o of objects) iris.push(...o.toIds, ...o.ccIds, ...o.btoIds, ...o.bccIds, ...o.audienceIds);
  return iris.some((iri) => deps.app.iris.isLocal(iri.href) && ctx.parseUri(iri)?.type === "actor");
}

/** How long a stored copy of a remote actor is used before it is fetched again. */
const ACTOR_REFRESH_MS = 24 * 60 * 60 * 1000;

/**
 * The stored actor for an IRI, fetching (signed, through the context's
 * document loader) and storing it when unknown or stale.
 *
 * @param hint An already parsed actor document for this IRI (e.g. the object of an `Update`).
 * @returns The actor, or `null` when it cannot be fetched and is not stored.
 */
export async function resolveActor(
  ctx: Context<void>,
  deps: FederationDeps,
  iri: URL,
  hint?: APActor,
): Promise<Actor | null> {
  const { repos } = deps.app;
  const stored = await repos.actors.findByIri(iri.href);
  if (stored?.local) return stored;
  const fresh = stored?.fetchedAt != null && Date.now() - Date.parse(stored.fetchedAt) < ACTOR_REFRESH_MS;
  if (stored != null && fresh && hint == null) return stored;
  let document: APObject | null = hint ?? null;
  if (document == null) {
    let remote;
    try {
      remote = await ctx.documentLoader(iri.href);
    } catch (error) {
      inboxLogger.info("Could not fetch actor {iri}: {error}", { iri: iri.href, error: String(error) });
      return stored;
    }
    if (new URL(remote.documentUrl).origin !== iri.origin) {
      // A redirect to another origin cannot speak for this actor (as `lookupObject` refuses it).
      inboxLogger.info("Actor {iri} redirected to another origin: {url}", { iri: iri.href, url: remote.documentUrl });
      return stored;
    }
    const parsed = await parseActorDocument(normaliseReceivedJson(remote.document), {
      documentLoader: ctx.documentLoader,
      contextLoader: ctx.contextLoader,
      baseUrl: new URL(remote.documentUrl),
    });
    if (parsed?.keysDropped) inboxLogger.info("Actor {iri} has a key that cannot be read", { iri: iri.href });
    document = parsed?.actor ?? null;
  }
  if (!isActor(document) || document.id?.href !== iri.href) {
    inboxLogger.info("Document at {iri} is not that actor", { iri: iri.href });
    return stored;
  }
  const parsed = await fromActorObject(document, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
  if (!parsed.ok) {
    inboxLogger.info("Actor {iri} refused: {reason}", { iri: iri.href, reason: parsed.error });
    return stored;
  }
  return await repos.actors.upsertRemote(parsed.value);
}

/** The sending actor of an activity, stored; throws `IgnoredActivity` when unknown or local. */
export async function senderOf(ctx: Context<void>, deps: FederationDeps, activity: Activity): Promise<Actor> {
  const actorId = activity.actorId;
  if (actorId == null) throw new IgnoredActivity("activity has no actor");
  if (deps.app.iris.isLocal(actorId.href)) throw new IgnoredActivity("activity claims a local actor");
  const actor = await resolveActor(ctx, deps, actorId);
  if (actor == null) throw new IgnoredActivity(`actor ${actorId.href} could not be fetched`);
  return actor;
}

/** The local actor an IRI names (member or the group), or `null`. */
export async function localActorOf(ctx: Context<void>, deps: FederationDeps, iri: URL | null): Promise<Actor | null> {
  if (iri == null) return null;
  const parsed = ctx.parseUri(iri);
  if (parsed?.type !== "actor") return null;
  const actor = await deps.app.repos.actors.findLocalByUsername(parsed.identifier);
  if (actor == null || actor.username !== parsed.identifier) return null;
  if (actor.type === "Person") {
    const member = await deps.app.repos.members.findByActorId(actor.id);
    if (member?.status !== "active") return null;
  }
  return actor;
}

/**
 * The key under which Fedify remembers that an inbox processed an activity
 * (`withIdempotency`): the activity id per inbox, as Fedify's `per-inbox`
 * strategy, but only for an id on its actor's origin.  An activity that
 * borrows an id from another origin is not remembered at all (the handlers
 * ignore it), so it cannot make Fedify drop the genuine activity with that
 * id as "already processed".
 *
 * @returns The key, or `null` to skip de-duplication.
 */
export function idempotencyKey(ctx: InboxContext<void>, activity: Activity): string | null {
  const id = activity.id;
  if (id == null || !sameOrigin(id, activity.actorId)) return null;
  return `${ctx.origin}\n${id.href}\n${ctx.recipient == null ? "sharedInbox" : `inbox\n${ctx.recipient}`}`;
}

/**
 * Whether an actor's own server says the actor is gone: its document
 * answers `410 Gone` or `404 Not Found`.  Used for a `Delete` of an actor
 * whose signature cannot be verified because its key answers 410.  The key
 * id in the signature is chosen by the sender, so its 410 proves nothing
 * unless it is on the actor's origin *and* the actor itself is gone (a
 * deleted status on the same server also answers 410).
 *
 * @param keyId The key id the signature names.
 * @returns `true` only when `keyId` shares the actor's origin and fetching the actor gives 404 or 410.
 */
export async function actorIsGone(ctx: Context<void>, actorId: URL, keyId: URL): Promise<boolean> {
  if (!sameOrigin(actorId, keyId)) return false;
  try {
    await ctx.documentLoader(actorId.href);
    return false;
  } catch (error) {
    const status = (error as { response?: { status?: unknown } } | null)?.response?.status;
    return status === 404 || status === 410;
  }
}

/**
 * Wraps an inbox handler: checks that the activity's id shares its actor's
 * origin, skips an activity processed before (by id), logs the outcome, and
 * turns bad remote input into a logged "ignored" instead of an error.
 * Transient failures are rethrown so the queue retries the activity.
 *
 * @param name Handler name for logs (`onFollow` …).
 * @param fn Returns a short outcome code, e.g. `"accepted"`.
 */
export function handler<T extends Activity>(
  deps: InboxDeps,
  name: string,
  fn: (ctx: InboxContext<void>, activity: T) => Promise<string>,
): (ctx: InboxContext<void>, activity: T) => Promise<void> {
  const { receivedActivities } = deps.app.repos;
  return async (ctx, activity) => {
    const id = activity.id?.href ?? null;
    const log = { handler: name, id, actor: activity.actorId?.href ?? null, recipient: ctx.recipient };
    // An id on another origin than the actor is not theirs to use: such an
    // activity is ignored and its id is *not* recorded, here or by Fedify
    // (see `ForeignActivityId`).
    if (id != null && !sameOrigin(id, activity.actorId)) {
      const reason = "activity id and actor are on different origins";
      inboxLogger.info("{handler}: ignored {id}: {reason}", { ...log, reason });
      deps.onOutcome?.({ handler: name, id, kind: "ignored", detail: reason });
      throw new ForeignActivityId(`${reason}: ${id}`);
    }
    try {
      if (id != null && await receivedActivities.has(id)) {
        inboxLogger.debug("{handler}: {id} already processed", log);
        deps.onOutcome?.({ handler: name, id, kind: "duplicate", detail: "already processed" });
        return;
      }
      const outcome = await fn(ctx, activity);
      inboxLogger.info("{handler}: {id} → {outcome}", { ...log, outcome });
      deps.onOutcome?.({ handler: name, id, kind: "processed", detail: outcome });
      if (id != null) await receivedActivities.record(id, name.replace(/^on/, ""), activity.actorId?.href ?? null);
    } catch (error) {
      if (error instanceof IgnoredActivity) {
        inboxLogger.info("{handler}: ignored {id}: {reason}", { ...log, reason: error.message });
        deps.onOutcome?.({ handler: name, id, kind: "ignored", detail: error.message });
        if (id != null) await receivedActivities.record(id, name.replace(/^on/, ""), activity.actorId?.href ?? null);
        return;
      }
      if (deps.isTransientError(error)) throw error;
      inboxLogger.warn("{handler}: could not process {id}: {error}", { ...log, error: String(error) });
      deps.onOutcome?.({ handler: name, id, kind: "failed", detail: String(error) });
    }
  };
}
