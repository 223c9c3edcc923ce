/**
 * Incoming Events (`Create`/`Update` of an `Event`, from other buurten,
 * Mobilizon, Gancio, Friendica …) and votes in our events' RSVP polls.
 * `onCreate`/`onUpdate` (posts.ts) hand these objects here first.
 */
import type { Context, InboxContext } from "@fedify/fedify";
import { Create, Event, Note, type Object as APObject, Question, type Update } from "@fedify/vocab";
import { receiveEvent, receiveRsvp, statusForPollOption } from "../../app/agenda.ts";
import type { EventEntry } from "../../app/event-ports.ts";
import type { Actor } from "../../domain/actor.ts";
import { parseEventPathId } from "../agenda.ts";
import type { FederationDeps } from "../deps.ts";
import { fromEventObject, receivedJsonLd } from "../mappers/event.ts";
import { addressesLocalActor, IgnoredActivity, type InboxDeps, resolveActor, senderOf } from "./support.ts";

/** Why reading an Event failed, in words for the log. */
const REASONS: Record<string, string> = {
  no_start_time: "Event without startTime (FEP-8a8e requires one)",
  not_organizer: "Event sent by an actor that neither organises (attributedTo) nor created (actor) it",
  not_an_event: "not an Event",
};

async function buurtZone(deps: FederationDeps): Promise<string> {
  return (await deps.app.repos.buurt.get())?.timezone ?? "UTC";
}

/**
 * Reads and keeps a remote Event sent (or fetched) from `sender`.
 *
 * @param requested A member asked for it (resolving it by IRI to answer it).
 * @throws {IgnoredActivity} When it cannot be read (no `startTime`, wrong sender …) or is unsolicited.
 */
export async function storeRemoteEvent(
  deps: FederationDeps,
  ctx: Context<void>,
  object: Event,
  sender: Actor,
  options: { activity?: APObject; requested?: boolean } = {},
): Promise<{ outcome: string; entry: EventEntry | null }> {
  const read = await fromEventObject(object, sender, {
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
    fallbackZone: await buurtZone(deps),
    // The activity exactly as received, when Fedify kept it (not its re-serialisation, which drops terms).
    activityJson: options.activity == null ? undefined : receivedJsonLd(options.activity),
  });
  if (!read.ok) throw new IgnoredActivity(`Event refused: ${REASONS[read.error] ?? read.error}`);
  let organizer: Actor | null = null;
  if (read.value.organizerIri != null) {
    const iri = new URL(read.value.organizerIri);
    // Only an organiser on the sender's own server (checked by fromEventObject) is resolved.
    organizer = await resolveActor(ctx, deps, iri).catch(() => null);
  }
  const audienceFollowed = read.value.post.audienceIri != null &&
    await (async () => {
      const audience = await deps.app.repos.actors.findByIri(read.value.post.audienceIri!);
      return audience != null && await deps.app.repos.follows.hasLocalFollower(audience.id);
    })();
  const result = await receiveEvent(deps.app, {
    post: read.value.post,
    details: read.value.details,
    author: sender,
    organizer,
    relevance: {
      addressesLocalActor: audienceFollowed ||
        addressesLocalActor(deps, ctx, object, ...(options.activity == null ? [] : [options.activity])),
    },
    requested: options.requested ?? false,
  });
  return result;
}

/**
 * A poll vote: Mastodon's `Note` with only `name` and `inReplyTo` (the
 * poll) and no content.  Counts as an RSVP when it answers one of our
 * events' RSVP polls (`/events/{id}/poll`).
 */
async function onPollVote(deps: InboxDeps, ctx: InboxContext<void>, activity: Create, note: Note): Promise<string | null> {
  const target = note.replyTargetId;
  if (target == null || !deps.app.iris.isLocal(target.href)) return null;
  const route = ctx.parseUri(target);
  if (route?.type !== "object" || route.class !== Question) return null;
  const entry = await deps.app.repos.events.findEntry(parseEventPathId(route.values.id ?? "").postId);
  if (entry == null || !entry.post.local || entry.details.pollOptions == null) {
    throw new IgnoredActivity("vote in a poll of an unknown event");
  }
  const voter = await senderOf(ctx, deps, activity);
  if (!note.attributionIds.some((a) => a.href === voter.iri)) throw new IgnoredActivity("vote attributed to someone else");
  const status = statusForPollOption(entry.details.pollOptions, note.name?.toString() ?? "");
  if (status == null) throw new IgnoredActivity(`vote for an unknown option "${note.name?.toString() ?? ""}"`);
  const outcome = await receiveRsvp(deps.app, {
    entry,
    occurrence: "",
    actor: voter,
    status,
    source: "poll_vote",
    activityIri: note.id?.href ?? activity.id?.href ?? null,
    answer: null,
  });
  return `poll_vote_${outcome}`;
}

function isPollVote(object: APObject): object is Note {
  return object instanceof Note && object.replyTargetId != null && object.name != null &&
    object.contents.every((c) => c.toString().trim() === "");
}

/**
 * Handles the agenda's part of `Create`/`Update`: Events and poll votes.
 * @returns The outcome, or `null` when the object is not the agenda's (the caller goes on).
 */
export async function routeEventObject(
  deps: InboxDeps,
  ctx: InboxContext<void>,
  activity: Create | Update,
  object: APObject,
): Promise<string | null> {
  if (object instanceof Event) {
    const sender = await senderOf(ctx, deps, activity);
    // Like posts (`receivePost`): `unsolicited` (nobody here follows its
    // author or organiser) and `not_author` are outcomes, not errors.
    const { outcome } = await storeRemoteEvent(deps, ctx, object, sender, { activity });
    return `event_${outcome}`;
  }
  if (isPollVote(object) && activity instanceof Create) {
    return await onPollVote(deps, ctx, activity, object);
  }
  return null;
}
