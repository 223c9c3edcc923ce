/**
 * RSVPs across servers (FEP-8a8e "RSVP", Mobilizon's participation):
 *
 * - to our events: `Join` (going), `Leave` (not going), and
 *   `Accept`/`TentativeAccept`/`Reject` whose object is the Event (going /
 *   maybe / not going, as Friendica answers events).  `Join`, `Accept` and
 *   `TentativeAccept` are answered with `Accept`, or `Reject` when full;
 * - answers to our members' RSVPs to remote events: `Accept` or `Reject` of
 *   the `Join`/`TentativeAccept` we sent (by its id, or embedded).
 *
 * - `Undo` of a `Join`, `Accept` or `TentativeAccept` of our event counts
 *   as leaving (Mastodon-style servers undo rather than send `Leave`).
 *
 * `Accept` and `Reject` are registered once, for follows (follow.ts); those
 * handlers ask `routeRsvpAccept` and `routeRsvpReject` first.  `Undo` is registered once too
 * (interactions.ts), which asks `routeRsvpUndo`.  `Join`, `Leave` and
 * `TentativeAccept` are registered in builder.ts (Fedify dispatches to the
 * most specific class, so `TentativeAccept` comes here, not to `onAccept`).
 */
import type { InboxContext } from "@fedify/fedify";
import { Accept, type Activity, Join, type Leave, type Reject, type TentativeAccept } from "@fedify/vocab";
import { receiveRsvp, receiveRsvpAnswer, receiveRsvpUndo } from "../../app/agenda.ts";
import type { ReceivedRsvpActivity } from "../../app/agenda-events.ts";
import type { Actor } from "../../domain/actor.ts";
import type { RsvpSource, RsvpStatus } from "../../domain/event.ts";
import { localEventOf } from "../agenda.ts";
import { IgnoredActivity, type InboxDeps, senderOf } from "./support.ts";

async function answerLocalEvent(
  deps: InboxDeps,
  ctx: InboxContext<void>,
  activity: Activity,
  status: RsvpStatus,
  source: RsvpSource,
  answerAs: ReceivedRsvpActivity["type"] | null,
): Promise<string | null> {
  const target = await localEventOf(ctx, deps, activity.objectId);
  if (target == null) return null;
  if (activity.id == null) throw new IgnoredActivity("RSVP without id");
  const actor = await senderOf(ctx, deps, activity);
  const outcome = await receiveRsvp(deps.app, {
    entry: target.entry,
    occurrence: target.key,
    actor,
    status,
    source,
    activityIri: activity.id.href,
    answer: answerAs == null ? null : { iri: activity.id.href, type: answerAs, objectIri: activity.objectId!.href },
  });
  return `rsvp_${outcome}`;
}

/** A remote actor joins one of our events (going). */
export async function onJoin(deps: InboxDeps, ctx: InboxContext<void>, join: Join): Promise<string> {
  const outcome = await answerLocalEvent(deps, ctx, join, "going", "join", "Join");
  if (outcome == null) throw new IgnoredActivity("Join of something that is not an event here");
  return outcome;
}

/** A remote actor leaves one of our events (not going). */
export async function onLeave(deps: InboxDeps, ctx: InboxContext<void>, leave: Leave): Promise<string> {
  const outcome = await answerLocalEvent(deps, ctx, leave, "not_going", "join", null);
  if (outcome == null) throw new IgnoredActivity("Leave of something that is not an event here");
  return outcome;
}

/** "Maybe" to one of our events, or a tentative answer to one of our members' RSVPs (treated as accepted). */
export async function onTentativeAccept(
  deps: InboxDeps,
  ctx: InboxContext<void>,
  accept: TentativeAccept,
): Promise<string> {
  const outcome = await answerLocalEvent(deps, ctx, accept, "maybe", "accept", "TentativeAccept") ??
    await answeredRsvp(deps, ctx, accept, true);
  if (outcome == null) throw new IgnoredActivity("TentativeAccept of something that is not an event or RSVP here");
  return outcome;
}

/**
 * The id of our RSVP activity that an answer's object names (given as an
 * IRI, or embedded with its id, as Mobilizon embeds the Join), when an RSVP
 * was recorded with it.
 */
async function answeredRsvpIri(deps: InboxDeps, answer: Activity): Promise<string | null> {
  const objectId = answer.objectId;
  if (objectId == null) return null;
  if (await deps.app.repos.rsvps.findByActivityIri(objectId.href) != null) return objectId.href;
  return null;
}

async function answeredRsvp(
  deps: InboxDeps,
  ctx: InboxContext<void>,
  answer: Activity,
  accepted: boolean,
): Promise<string | null> {
  const iri = await answeredRsvpIri(deps, answer);
  if (iri == null) return null;
  const answerer = await senderOf(ctx, deps, answer);
  const outcome = await receiveRsvpAnswer(deps.app, { activityIri: iri, answerer, accepted });
  if (outcome === "not_organizer") throw new IgnoredActivity("RSVP answered by an actor not on the event's server");
  return `rsvp_${outcome}`;
}

/**
 * The agenda's part of `Accept`: an answer to one of our members' RSVPs, or
 * "going" to one of our events.
 * @returns The outcome, or `null` when it is neither (then it is a follow's).
 */
export async function routeRsvpAccept(deps: InboxDeps, ctx: InboxContext<void>, accept: Accept): Promise<string | null> {
  return await answeredRsvp(deps, ctx, accept, true) ??
    await answerLocalEvent(deps, ctx, accept, "going", "accept", "Accept");
}

/**
 * The agenda's part of `Reject`: our member's RSVP refused (full), or "not
 * going" to one of our events.
 * @returns The outcome, or `null` when it is neither.
 */
export async function routeRsvpReject(deps: InboxDeps, ctx: InboxContext<void>, reject: Reject): Promise<string | null> {
  return await answeredRsvp(deps, ctx, reject, false) ??
    await answerLocalEvent(deps, ctx, reject, "not_going", "accept", null);
}

/**
 * The agenda's part of `Undo`: taking back an RSVP to one of our events.
 * `onUndo` has already checked that an embedded (or fetched) activity is
 * the sender's own; the RSVP must also have been recorded from the sender
 * with that activity's id (`receiveRsvpUndo`).
 *
 * @param undone The undone activity when it could be read, else `null` (then only its id is known).
 * @returns The outcome, or `null` when the undone activity is not an RSVP
 *   recorded here (the caller goes on).
 * @throws {IgnoredActivity} When the RSVP is someone else's.
 */
export async function routeRsvpUndo(
  deps: InboxDeps,
  undoneIri: URL,
  undone: Activity | null,
  actor: Actor,
): Promise<string | null> {
  if (undone != null && !(undone instanceof Join) && !(undone instanceof Accept)) return null;
  if (await deps.app.repos.rsvps.findByActivityIri(undoneIri.href) == null) return null;
  const outcome = await receiveRsvpUndo(deps.app, { activityIri: undoneIri.href, actor });
  if (outcome === "not_owner") throw new IgnoredActivity("Undo of another actor's RSVP");
  return outcome === "unknown_rsvp" ? null : `rsvp_undone_${outcome}`;
}
