/**
 * Builds one buurt's Fedify `Federation`: dispatchers, inbox listeners and
 * the delivery policy.  No module-level state, so several buurten can run in
 * one process (the two-server tests do).
 */
import {
  createFederationBuilder,
  type KvStore,
  type MessageQueue,
} from "@fedify/fedify";
import {
  Accept,
  Activity,
  Announce,
  Create,
  Delete,
  Follow,
  Join,
  Leave,
  Like,
  Reject,
  TentativeAccept,
  Undo,
  Update,
} from "@fedify/vocab";
import { type DocumentLoader, getUserAgent } from "@fedify/vocab-runtime";
import { getLogger } from "@logtape/logtape";
import pkg from "../../package.json" with { type: "json" };
import { registerActors } from "./actors.ts";
import { registerEventObjects } from "./agenda.ts";
import { registerCollections } from "./collections.ts";
import { registerHelpObjects } from "./help.ts";
import type { BuurtFederation } from "./deps.ts";
import { onAccept, onFollow, onReject } from "./inbox/follow.ts";
import { onAnnounce, onLike, onUndo } from "./inbox/interactions.ts";
import { onJoin, onLeave, onTentativeAccept } from "./inbox/rsvp.ts";
import { onCreate, onDelete, onUpdate } from "./inbox/posts.ts";
import {
  actorIsGone,
  ForeignActivityId,
  handler,
  idempotencyKey,
  IgnoredActivity,
  type InboxDeps,
  inboxLogger,
  typeNameOf,
} from "./inbox/support.ts";
import { registerNodeInfo } from "./nodeinfo.ts";
import { registerObjects } from "./objects.ts";
import { boundedLoaderFactories, REMOTE_FETCH_LIMITS, type RemoteFetchLimits } from "./remote-fetch.ts";
import { PATHS } from "./uris.ts";

const logger = getLogger(["buurt", "federation"]);

/** Options for `createBuurtFederation`. */
export interface BuurtFederationOptions {
  deps: InboxDeps;
  kv: KvStore;
  queue: MessageQueue;
  /** Loopback and private addresses allowed (tests, development only). */
  allowPrivateAddress: boolean;
  /** When true, this process only enqueues; a worker calls `startQueue`. */
  manuallyStartQueue: boolean;
  /** Test only: accept unsigned inbox posts. */
  skipSignatureVerification?: boolean;
  /** Test only: serve documents from fixtures instead of the network. */
  documentLoader?: DocumentLoader;
  /**
   * Limits of remote fetches (`remote-fetch.ts`: time, size, redirects).
   * They apply whenever `allowPrivateAddress` is false, as in production:
   * Fedify refuses custom loaders together with its `allowPrivateAddress`,
   * so development and the two-server tests fetch with Fedify's own,
   * unbounded loaders.  Tests of the limits set `allowPrivateAddress` here
   * instead: fetches from loopback are allowed, deliveries are not.
   */
  remoteFetch?: { allowPrivateAddress?: boolean; limits?: RemoteFetchLimits };
  /** Called when a remote host's delivery circuit opens or closes. */
  onHostStateChange?: (host: string, state: string) => void | Promise<void>;
  /** Called when deliveries to an inbox fail permanently (404/410): its actors are gone. */
  onGoneActors?: (actorIris: string[]) => void | Promise<void>;
}

/**
 * Creates the buurt's federation.
 *
 * Delivery signs with draft-cavage HTTP Signatures first (Fedify's
 * `firstKnock`), since some servers answer 202 to an RFC 9421 request and
 * then drop it; a host that keeps failing is held by Fedify's circuit
 * breaker and probed again later.
 *
 * @throws {RouterError} Only on a programming error in a URI template.
 */
export async function createBuurtFederation(options: BuurtFederationOptions): Promise<BuurtFederation> {
  const { deps } = options;
  const builder = createFederationBuilder<void>();
  registerActors(builder, deps);
  registerCollections(builder, deps);
  registerObjects(builder, deps);
  registerEventObjects(builder, deps);
  registerHelpObjects(builder, deps);
  registerNodeInfo(builder, deps);

  builder
    .setInboxListeners(PATHS.inbox, PATHS.sharedInbox)
    .setSharedKeyDispatcher(async () => {
      // Fetches made while handling shared-inbox deliveries are signed with
      // the buurt group's key, for servers in authorized-fetch mode.
      const buurt = await deps.app.repos.buurt.get();
      return buurt == null ? null : { identifier: buurt.actor.username };
    })
    .on(Follow, handler(deps, "onFollow", (ctx, a) => onFollow(deps, ctx, a)))
    .on(Accept, handler(deps, "onAccept", (ctx, a) => onAccept(deps, ctx, a)))
    .on(Reject, handler(deps, "onReject", (ctx, a) => onReject(deps, ctx, a)))
    .on(TentativeAccept, handler(deps, "onTentativeAccept", (ctx, a) => onTentativeAccept(deps, ctx, a)))
    .on(Join, handler(deps, "onJoin", (ctx, a) => onJoin(deps, ctx, a)))
    .on(Leave, handler(deps, "onLeave", (ctx, a) => onLeave(deps, ctx, a)))
    .on(Create, handler(deps, "onCreate", (ctx, a) => onCreate(deps, ctx, a)))
    .on(Update, handler(deps, "onUpdate", (ctx, a) => onUpdate(deps, ctx, a)))
    .on(Delete, handler(deps, "onDelete", (ctx, a) => onDelete(deps, ctx, a)))
    .on(Like, handler(deps, "onLike", (ctx, a) => onLike(deps, ctx, a)))
    .on(Announce, handler(deps, "onAnnounce", (ctx, a) => onAnnounce(deps, ctx, a)))
    .on(Undo, handler(deps, "onUndo", (ctx, a) => onUndo(deps, ctx, a)))
    .on(
      Activity,
      handler(deps, "onUnsupported", async (_ctx, a) => {
        throw new IgnoredActivity(`unsupported activity type ${await typeNameOf(a)}`);
      }),
    )
    .onError((_ctx, error) => {
      if (error instanceof ForeignActivityId) return; // logged by `handler`
      inboxLogger.warn("Inbox error: {error}", { error: String(error) });
    })
    .withIdempotency(idempotencyKey)
    .onUnverifiedActivity(async (ctx, activity, reason) => {
      // A deleted account's key answers 410, so its Delete can't be
      // verified.  The key id is the sender's choice, so the actor is
      // removed only when its own server says it is gone (`actorIsGone`).
      if (
        activity instanceof Delete && reason.type === "keyFetchError" && "status" in reason.result &&
        reason.result.status === 410 && activity.actorId != null &&
        activity.objectId?.href === activity.actorId.href &&
        await actorIsGone(ctx, activity.actorId, reason.keyId)
      ) {
        await deps.app.repos.actors.deleteRemote(activity.actorId.href);
        return new Response(null, { status: 202 });
      }
    });

  builder.setOutboxPermanentFailureHandler(async (_ctx, failure) => {
    if (failure.reason !== "http") return;
    logger.info("Inbox {inbox} is gone ({status}); removing its followers", {
      inbox: failure.inbox.href,
      status: failure.statusCode,
    });
    await options.onGoneActors?.(failure.actorIds.map((u) => u.href));
  });

  // Fedify refuses its `userAgent` option together with custom loaders (the
  // option only configures its own loaders), so a test loader goes without.
  const userAgent = { software: `buurt/${pkg.version}`, url: deps.origin };
  const loaders = options.documentLoader != null
    ? {
      documentLoaderFactory: () => options.documentLoader!,
      contextLoaderFactory: () => options.documentLoader!,
      authenticatedDocumentLoaderFactory: () => options.documentLoader!,
    }
    : options.allowPrivateAddress
    ? { userAgent }
    : boundedLoaderFactories({
      kv: options.kv,
      allowPrivateAddress: options.remoteFetch?.allowPrivateAddress ?? false,
      userAgent: getUserAgent(userAgent),
      limits: options.remoteFetch?.limits ?? REMOTE_FETCH_LIMITS,
    });

  return await builder.build({
    kv: options.kv,
    queue: options.queue,
    origin: deps.origin.origin,
    manuallyStartQueue: options.manuallyStartQueue,
    firstKnock: "draft-cavage-http-signatures-12",
    allowPrivateAddress: options.allowPrivateAddress,
    skipSignatureVerification: options.skipSignatureVerification ?? false,
    circuitBreaker: {
      onStateChange: async (remoteHost, _previous, state) => {
        logger.warn("Delivery to {host} is now {state}", { host: remoteHost, state });
        await options.onHostStateChange?.(remoteHost, state);
      },
    },
    ...loaders,
  });
}
