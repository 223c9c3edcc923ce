/**
 * The agenda's use cases: members create, edit and cancel events, answer
 * them (going / maybe / not going), and organisers write to everyone who
 * answered.  What other servers send about events and RSVPs is handled by
 * the `receive…` functions at the end; outbound federation goes through the
 * domain events of `agenda-events.ts`.
 */
import type { Actor } from "../domain/actor.ts";
import { handleOf } from "../domain/actor.ts";
import {
  buildRrule,
  checkEventText,
  EVENT_CATEGORIES,
  type EventCategory,
  type EventDetails,
  type EventTimes,
  type EventTimesInput,
  type EventTimesProblem,
  formatAddress,
  isCoordinate,
  occurrenceByKey,
  occurrencesBetween,
  type PollOptionNames,
  type PostalAddress,
  type Recurrence,
  RECURRENCES,
  resolveEventTimes,
  type Rsvp,
  type RsvpSource,
  type RsvpStatus,
} from "../domain/event.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { canModerate } from "../domain/member.ts";
import type { Attachment, Post, Visibility } from "../domain/post.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { plainTextToHtml } from "../domain/text.ts";
import type { OccurrenceWindow, ReceivedRsvpActivity } from "./agenda-events.ts";
import type { AppContext } from "./context.ts";
import type { EventEntry } from "./event-ports.ts";
import { findActiveMember } from "./members.ts";
import { notify } from "./notifications.ts";
import type { ImageStore, Media } from "./ports.ts";
import { MAX_DESCRIPTION_LENGTH, publishPost, type PublishPostError, type ResolvedMention } from "./posts.ts";

/** How far ahead a recurring event's occurrences are sent to other servers. */
export const FEDERATION_HORIZON_DAYS = 56;
/** At most this many occurrences of one recurring event go out at a time. */
export const FEDERATION_HORIZON_MAX = 10;

/** Visibilities an event may have: everyone, or this buurt's members only (never leaves the server). */
export const EVENT_VISIBILITIES = ["public", "buurt"] as const satisfies readonly Visibility[];

/** What the event form sends (every value as typed; the times as `resolveEventTimes` reads them). */
export interface EventFormInput extends EventTimesInput {
  title: string;
  description: string;
  locationName: string;
  streetAddress: string;
  postalCode: string;
  locality: string;
  latitude: string;
  longitude: string;
  onlineUrl: string;
  capacity: string;
  category: string;
  recurrence: string;
  repeatUntil: string;
  visibility: string;
  poll: boolean;
}

/** A checked event form, ready to store. */
export interface EventDraft {
  title: string;
  description: string;
  times: EventTimes;
  locationName: string | null;
  address: PostalAddress | null;
  latitude: number | null;
  longitude: number | null;
  onlineUrl: string | null;
  capacity: number | null;
  category: EventCategory | null;
  rrule: string | null;
  visibility: (typeof EVENT_VISIBILITIES)[number];
  poll: boolean;
}

/** Fields of the event form that can have a problem. */
export type EventField =
  | "title"
  | "description"
  | "start"
  | "end"
  | "timezone"
  | "coordinates"
  | "onlineUrl"
  | "capacity"
  | "category"
  | "recurrence"
  | "repeatUntil"
  | "visibility";

/** Problem codes per field (translated by the web layer). */
export type EventProblems = Partial<Record<EventField, string>>;

/**
 * The event's HTML content: its description, then a plain-text block on
 * when, where and how to join (`detailsText`, written by the caller in the
 * buurt's language).  Mastodon shows an Event only as its name and a link,
 * and other software shows its content, so the content must say it all.
 */
function eventContent(description: string, detailsText: string | null | undefined): string | null {
  const parts = [description.trim(), detailsText?.trim() ?? ""].filter((p) => p !== "");
  return parts.length === 0 ? null : plainTextToHtml(parts.join("\n\n"));
}

function text(value: string): string | null {
  const t = value.trim();
  return t === "" ? null : t;
}

/**
 * Checks an event form.
 *
 * Coordinates are optional but come as a pair; an online link must be
 * http(s); capacity is a whole number from 1 to 100 000; the category is one
 * of FEP-8a8e's; a repeat ends on or after the first day.
 *
 * @returns The draft, or a problem code per field.
 */
export function parseEventDraft(input: EventFormInput): { ok: true; value: EventDraft } | { ok: false; problems: EventProblems } {
  const problems: EventProblems = { ...checkEventText(input.title, input.description) };
  const times = resolveEventTimes(input);
  if (!times.ok) Object.assign(problems, times.problems as Partial<Record<string, EventTimesProblem>>);

  let latitude: number | null = null;
  let longitude: number | null = null;
  const lat = input.latitude.trim().replace(",", ".");
  const lon = input.longitude.trim().replace(",", ".");
  if (lat !== "" || lon !== "") {
    latitude = Number(lat);
    longitude = Number(lon);
    if (lat === "" || lon === "" || !isCoordinate(latitude, longitude)) problems.coordinates = "coordinates_invalid";
  }
  const onlineUrl = text(input.onlineUrl);
  if (onlineUrl != null && !/^https?:\/\/[^\s]+$/i.test(onlineUrl)) problems.onlineUrl = "url_invalid";
  else if (onlineUrl != null && !URL.canParse(onlineUrl)) problems.onlineUrl = "url_invalid";
  let capacity: number | null = null;
  if (input.capacity.trim() !== "") {
    capacity = Number(input.capacity.trim());
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000) problems.capacity = "capacity_invalid";
  }
  const category = text(input.category);
  if (category != null && !(EVENT_CATEGORIES as readonly string[]).includes(category)) problems.category = "category_invalid";
  const recurrence = (input.recurrence.trim() || "none") as Recurrence;
  if (!RECURRENCES.includes(recurrence)) problems.recurrence = "recurrence_invalid";
  const until = text(input.repeatUntil);
  if (until != null && (!/^\d{4}-\d{2}-\d{2}$/.test(until) || !Number.isFinite(Date.parse(until)))) {
    problems.repeatUntil = "until_invalid";
  }
  const visibility = (input.visibility.trim() || "public") as EventDraft["visibility"];
  if (!(EVENT_VISIBILITIES as readonly string[]).includes(visibility)) problems.visibility = "visibility_invalid";

  if (Object.keys(problems).length > 0 || !times.ok) return { ok: false, problems };
  if (recurrence !== "none" && until != null && until < (times.value.startDate ?? input.startDate.trim())) {
    return { ok: false, problems: { repeatUntil: "until_before_start" } };
  }
  const startDate = times.value.startDate ?? input.startDate.trim();
  const address: PostalAddress = {
    streetAddress: text(input.streetAddress),
    postalCode: text(input.postalCode),
    addressLocality: text(input.locality),
    addressRegion: null,
    addressCountry: null,
  };
  return {
    ok: true,
    value: {
      title: input.title.trim(),
      description: input.description.trim(),
      times: times.value,
      locationName: text(input.locationName),
      address: formatAddress(address) == null ? null : address,
      latitude,
      longitude,
      onlineUrl,
      capacity,
      category: category as EventCategory | null,
      rrule: buildRrule(recurrence, startDate, until, times.value.timezone),
      visibility,
      poll: input.poll,
    },
  };
}

/** What a checked form sets of an event's details (the rest is the event's own state). */
function detailsOfDraft(draft: EventDraft) {
  return {
    ...draft.times,
    locationName: draft.locationName,
    address: draft.address,
    latitude: draft.latitude,
    longitude: draft.longitude,
    onlineUrl: draft.onlineUrl,
    capacity: draft.capacity,
    category: draft.category,
    rrule: draft.rrule,
  } satisfies Partial<EventDetails>;
}

/** The time window whose occurrences go out now: from `now` up to the horizon. */
export function federationWindow(now: string): OccurrenceWindow {
  return { from: now, until: new Date(Date.parse(now) + FEDERATION_HORIZON_DAYS * 86_400_000).toISOString() };
}

/**
 * Whether a member may edit or cancel an event: its organiser, or a
 * buurtverbinder or admin (moderators), for this buurt's own events only.
 */
export async function mayManageEvent(ctx: AppContext, username: string, entry: EventEntry): Promise<boolean> {
  if (!entry.post.local) return false;
  const found = await findActiveMember(ctx, username);
  if (!found.ok) return false;
  return entry.post.actorId === found.value.actor.id || canModerate(found.value.member.role);
}

/**
 * An event's image: an upload (`uploadImage` in media.ts checks its type by
 * content, strips its metadata, resizes and stores it) with its alt text,
 * which is required (WCAG: every image is described).
 */
export interface EventImageInput {
  mediaId: string;
  description: string;
}

/** Why an event's image is refused: not the member's own unused upload (or the event's image), or its alt text. */
export type EventImageError = "image_not_found" | "image_description_missing" | "image_description_too_long";

/**
 * The attachment for an event's image: `uploaderId`'s upload that no post
 * uses yet, or the image the event already has (`postId`, when editing).
 * Stores the alt text on the media.  Federated as the Event's `image` and
 * `attachment`, with the alt text as `name` (see mappers/event.ts).
 */
async function eventImage(
  ctx: AppContext,
  uploaderId: string,
  postId: string | null,
  input: EventImageInput,
): Promise<Result<{ media: Media; attachment: Attachment }, EventImageError>> {
  const media = await ctx.repos.media.findById(input.mediaId);
  const usable = media != null &&
    (media.postId == null ? media.ownerActorId === uploaderId : postId != null && media.postId === postId);
  if (!usable) return fail("image_not_found");
  const alt = input.description.trim();
  if (alt === "") return fail("image_description_missing");
  if ([...alt].length > MAX_DESCRIPTION_LENGTH) return fail("image_description_too_long");
  if (alt !== media.description) await ctx.repos.media.setDescription(media.id, alt);
  return ok({
    media: { ...media, description: alt },
    attachment: {
      url: ctx.iris.media(media.file),
      mediaType: media.mediaType,
      description: alt,
      width: media.width,
      height: media.height,
    },
  });
}

export type CreateEventError = "member_not_found" | "member_not_active" | EventImageError;

/**
 * Publishes a member's event: a post of type `Event` (title as `name`,
 * description as content) with its details.  Public events name the buurt
 * group as `audience` and are federated (`EventPublished`); buurt-only
 * events stay here.
 *
 * @param input.pollOptionNames The RSVP poll's answers in the buurt's language, used when `draft.poll`.
 * @param input.image The event's image (the author's upload) with its alt text.
 */
export async function createEvent(
  ctx: AppContext,
  input: {
    authorUsername: string;
    draft: EventDraft;
    pollOptionNames?: PollOptionNames | null;
    /** When, where and how to join, as plain text for the event's IRI (see `eventContent`). */
    describe?: ((iri: string) => string | null) | null;
    image?: EventImageInput | null;
    now?: string;
  },
): Promise<Result<EventEntry, CreateEventError>> {
  const found = await findActiveMember(ctx, input.authorUsername);
  if (!found.ok) return found;
  const author = found.value.actor;
  const { draft } = input;
  const image = input.image == null ? null : await eventImage(ctx, author.id, null, input.image);
  if (image != null && !image.ok) return image;
  const id = newId();
  const iri = ctx.iris.event(id);
  const now = input.now ?? nowIso();
  const post: Post = {
    id,
    iri,
    actorId: author.id,
    type: "Event",
    name: draft.title,
    contentHtml: eventContent(draft.description, input.describe?.(iri)),
    source: draft.description,
    summary: null,
    sensitive: false,
    language: null,
    visibility: draft.visibility,
    inReplyToIri: null,
    audienceIri: draft.visibility === "public" ? ctx.iris.actor(ctx.groupHandle) : null,
    url: iri,
    attachments: image == null ? [] : [image.value.attachment],
    tags: [],
    pollOptions: null,
    publishedAt: now,
    updatedAt: null,
    local: true,
  };
  const details: EventDetails = {
    postId: id,
    ...detailsOfDraft(draft),
    status: "scheduled",
    cancelledOccurrences: [],
    pollOptions: draft.poll && draft.visibility === "public" ? input.pollOptionNames ?? null : null,
    organizerActorId: null,
    createdAt: now,
    updatedAt: now,
  };
  await ctx.repos.posts.insert(post);
  await ctx.repos.events.save(details);
  if (image != null) await ctx.repos.media.attachToPost([image.value.media.id], id);
  const entry: EventEntry = { post, details, author, organizer: null };
  if (draft.visibility === "public") {
    const window = federationWindow(now);
    await ctx.events.publish({ type: "EventPublished", entry, window });
    if (details.rrule != null) await ctx.repos.events.setFederatedUntil(id, window.until);
  }
  return ok(entry);
}

export type ChangeEventError = "event_not_found" | "not_allowed";

async function manageable(
  ctx: AppContext,
  postId: string,
  username: string,
): Promise<Result<EventEntry, ChangeEventError>> {
  const entry = await ctx.repos.events.findEntry(postId);
  if (entry == null || !entry.post.local) return fail("event_not_found");
  if (!await mayManageEvent(ctx, username, entry)) return fail("not_allowed");
  return ok(entry);
}

/** Occurrence keys in `[from, until)` under the old details that the new details no longer have. */
function droppedOccurrences(before: EventDetails, after: EventDetails, window: OccurrenceWindow): string[] {
  if (before.rrule == null) return [];
  const now = new Set(occurrencesBetween(after, window.from, window.until).map((o) => o.key));
  return occurrencesBetween(before, window.from, window.until).map((o) => o.key).filter((k) => !now.has(k));
}

/**
 * Edits an event (organiser or moderator).  Visibility cannot change after
 * publication (a buurt-only event made public would surprise those who
 * answered it, and the reverse cannot be taken back).  Sends `Update`.
 *
 * @param input.image `undefined` keeps the image as it is; `null` removes
 *   it; otherwise the event's current image (to change its alt text) or the
 *   editor's new upload, which replaces it.
 * @param images Where image files are, to remove a replaced or removed one.
 */
export async function updateEvent(
  ctx: AppContext,
  input: {
    postId: string;
    editorUsername: string;
    draft: EventDraft;
    describe?: ((iri: string) => string | null) | null;
    image?: EventImageInput | null;
    now?: string;
  },
  images?: ImageStore,
): Promise<Result<EventEntry, ChangeEventError | EventImageError>> {
  const found = await manageable(ctx, input.postId, input.editorUsername);
  if (!found.ok) return found;
  const { post, details } = found.value;
  const { draft } = input;
  const now = input.now ?? nowIso();
  let attachments = post.attachments;
  let keptMediaId: string | null = null;
  if (input.image != null) {
    const editor = await ctx.repos.actors.findLocalByUsername(input.editorUsername.toLowerCase());
    const image = await eventImage(ctx, editor?.id ?? "", post.id, input.image);
    if (!image.ok) return image;
    attachments = [image.value.attachment];
    keptMediaId = image.value.media.id;
  } else if (input.image === null) {
    attachments = [];
  }
  const updatedPost: Post = {
    ...post,
    name: draft.title,
    contentHtml: eventContent(draft.description, input.describe?.(post.iri)),
    source: draft.description,
    attachments,
    updatedAt: now,
  };
  const updated: EventDetails = { ...details, ...detailsOfDraft(draft), updatedAt: now };
  await ctx.repos.posts.update(updatedPost);
  await ctx.repos.events.save(updated);
  if (input.image !== undefined) {
    // The image the event had goes when it is replaced or removed (row and file).
    const before = await ctx.repos.media.listByPost(post.id);
    if (keptMediaId != null) await ctx.repos.media.attachToPost([keptMediaId], post.id);
    for (const old of before) {
      if (old.id === keptMediaId) continue;
      await ctx.repos.media.delete(old.id);
      await images?.remove(old.file);
    }
  }
  const entry: EventEntry = { ...found.value, post: updatedPost, details: updated };
  if (post.visibility === "public") {
    const window = federationWindow(now);
    await ctx.events.publish({
      type: "EventUpdated",
      entry,
      window,
      removedOccurrences: droppedOccurrences(details, updated, window),
    });
    if (updated.rrule != null) await ctx.repos.events.setFederatedUntil(post.id, window.until);
  }
  return ok(entry);
}

/**
 * Cancels an event, or one occurrence of a recurring event (organiser or
 * moderator).  The event stays in the agenda marked as cancelled; other
 * servers get an `Update` with FEP-8a8e `eventStatus: EventCancelled`.
 *
 * @param input.occurrence An occurrence key to cancel only that date; omit for the whole event.
 */
export async function cancelEvent(
  ctx: AppContext,
  input: { postId: string; editorUsername: string; occurrence?: string | null; now?: string },
): Promise<Result<EventEntry, ChangeEventError | "occurrence_not_found">> {
  const found = await manageable(ctx, input.postId, input.editorUsername);
  if (!found.ok) return found;
  const { post, details } = found.value;
  const now = input.now ?? nowIso();
  let updated: EventDetails;
  let window = federationWindow(now);
  if (input.occurrence != null && input.occurrence !== "" && details.rrule != null) {
    const occurrence = occurrenceByKey(details, input.occurrence);
    if (occurrence == null) return fail("occurrence_not_found");
    updated = {
      ...details,
      cancelledOccurrences: [...new Set([...details.cancelledOccurrences, input.occurrence])],
      updatedAt: now,
    };
    window = { from: occurrence.startAt, until: new Date(Date.parse(occurrence.startAt) + 1).toISOString() };
  } else {
    updated = { ...details, status: "cancelled", updatedAt: now };
  }
  const updatedPost: Post = { ...post, updatedAt: now };
  await ctx.repos.posts.update(updatedPost);
  await ctx.repos.events.save(updated);
  const entry: EventEntry = { ...found.value, post: updatedPost, details: updated };
  if (post.visibility === "public") {
    await ctx.events.publish({ type: "EventUpdated", entry, window, removedOccurrences: [] });
  }
  return ok(entry);
}

/**
 * Sends the occurrences of recurring events that came within the
 * federation horizon since they were last sent (run periodically by the
 * worker; FEP-8a8e leaves recurrence out, so each occurrence is an Event).
 *
 * @returns How many events had occurrences sent.
 */
export async function federateDueOccurrences(ctx: AppContext, now: string = nowIso()): Promise<number> {
  const window = federationWindow(now);
  const due = await ctx.repos.events.listRecurringToFederate(window.until);
  let sent = 0;
  for (const entry of due) {
    if (entry.post.visibility !== "public") continue;
    // Occurrences sent before come again with the same ids; receivers
    // treat them as already seen.
    await ctx.events.publish({ type: "EventOccurrencesDue", entry, window });
    await ctx.repos.events.setFederatedUntil(entry.post.id, window.until);
    sent++;
  }
  return sent;
}

// ---------------------------------------------------------------------------
// RSVPs by local members

export type RsvpError =
  | "member_not_found"
  | "member_not_active"
  | "event_not_found"
  | "occurrence_not_found"
  | "event_cancelled"
  | "event_past"
  | "event_full";

/** The IRI of an RSVP activity a local member sends (a fragment of their actor, like Mastodon's likes). */
export function rsvpActivityIri(ctx: AppContext, username: string, id: string): string {
  return `${ctx.iris.actor(username)}#rsvp/${encodeURIComponent(id)}`;
}

/**
 * A member answers an event: going, maybe or not going.
 *
 * Our own events: counted at once (`confirmed`); "going" needs room (the
 * capacity counts confirmed "going" answers; someone already going keeps
 * their place), checked and written in one atomic step, so two neighbours
 * answering for the last place at once never both get it.  The organiser
 * is notified.
 *
 * A remote event: recorded as `pending` and sent to the organiser's server
 * (`RsvpSent` → `Join`, `TentativeAccept` or `Leave`); it becomes
 * `confirmed` when that server answers `Accept` (see `receiveRsvpAnswer`).
 * "Not going" without an earlier answer is only noted here.
 *
 * @param input.occurrence Occurrence key for a recurring event, `""` otherwise.
 */
export async function answerEvent(
  ctx: AppContext,
  input: { username: string; postId: string; occurrence: string; status: RsvpStatus; now?: string },
): Promise<Result<Rsvp, RsvpError>> {
  const found = await findActiveMember(ctx, input.username);
  if (!found.ok) return found;
  const actor = found.value.actor;
  const entry = await ctx.repos.events.findEntry(input.postId);
  if (entry == null) return fail("event_not_found");
  const occurrence = occurrenceByKey(entry.details, input.occurrence);
  if (occurrence == null) return fail("occurrence_not_found");
  if (occurrence.cancelled) return fail("event_cancelled");
  const now = input.now ?? nowIso();
  if (Date.parse(occurrence.endAt ?? occurrence.startAt) < Date.parse(now)) return fail("event_past");
  if (entry.post.local) {
    // The capacity check and the write are one atomic step (`upsertIfRoom`).
    const stored = await ctx.repos.rsvps.upsertIfRoom({
      id: newId(),
      postId: entry.post.id,
      occurrence: input.occurrence,
      actorId: actor.id,
      status: input.status,
      source: "local",
      state: "confirmed",
      activityIri: null,
      createdAt: now,
      updatedAt: now,
    });
    if (stored.full) return fail("event_full");
    const { rsvp, previous } = stored;
    if (previous !== rsvp.status && rsvp.status !== "not_going") {
      await notify(ctx, { recipientActorId: entry.post.actorId, type: "rsvp", fromActorId: actor.id, postId: entry.post.id, subjectId: rsvp.id });
    }
    return ok(rsvp);
  }

  const existing = await ctx.repos.rsvps.find(entry.post.id, input.occurrence, actor.id);
  const id = newId();
  const sendsNothing = input.status === "not_going" && (existing == null || existing.status === "not_going");
  const { rsvp, previous } = await ctx.repos.rsvps.upsert({
    id,
    postId: entry.post.id,
    occurrence: input.occurrence,
    actorId: actor.id,
    status: input.status,
    source: "join",
    // A Leave needs no answer; a Join or TentativeAccept waits for the organiser's Accept.
    state: input.status === "not_going" ? "confirmed" : "pending",
    activityIri: sendsNothing ? existing?.activityIri ?? null : rsvpActivityIri(ctx, actor.username, id),
    createdAt: now,
    updatedAt: now,
  });
  if (!sendsNothing) await ctx.events.publish({ type: "RsvpSent", rsvp, actor, event: entry, previous });
  return ok(rsvp);
}

/**
 * The organiser (or a moderator) writes to everyone going or maybe going:
 * a direct post mentioning each of them (delivered to remote ones too).
 *
 * @returns The post, or why not (`no_attendees` when nobody answered yes or maybe).
 */
export async function messageAttendees(
  ctx: AppContext,
  input: { username: string; postId: string; occurrence: string; text: string },
): Promise<Result<Post, ChangeEventError | "no_attendees" | PublishPostError>> {
  const found = await manageable(ctx, input.postId, input.username);
  if (!found.ok) return found;
  const attendees = (await ctx.repos.rsvps.list(input.postId, input.occurrence))
    .filter(({ rsvp, actor }) => rsvp.state === "confirmed" && rsvp.status !== "not_going" && actor.username !== input.username.toLowerCase())
    .map(({ actor }) => actor);
  if (attendees.length === 0) return fail("no_attendees");
  if (input.text.trim() === "") return fail("post_empty");
  const mentions: ResolvedMention[] = attendees.map((a) => ({
    username: a.username,
    domain: a.local ? null : a.domain.toLowerCase(),
    actor: a,
  }));
  const handles = attendees.map((a) => (a.local ? `@${a.username}` : handleOf(a))).join(" ");
  const title = found.value.post.name ?? "";
  const result = await publishPost(ctx, {
    authorUsername: input.username,
    text: `${handles}\n\n${title === "" ? "" : `${title}: `}${input.text.trim()}`,
    visibility: "direct",
    mentions,
  });
  return result;
}

// ---------------------------------------------------------------------------
// What other servers send

/** Facts about a received event that decide whether the buurt keeps it. */
export interface EventRelevance {
  /** It is addressed to (or mentions) a local actor. */
  addressesLocalActor: boolean;
}

/**
 * A remote event arrives (`Create`, `Update` or an announce of an Event).
 * Kept when someone here follows its author or organiser (a Mobilizon
 * group), when it addresses a local actor, when it is already stored, or
 * when `requested` (a member looked it up to answer it).  An `Update` of a
 * stored event must come from its author or organiser.
 *
 * @returns `stored`, `updated`, `unsolicited` or `not_author`.
 */
export async function receiveEvent(
  ctx: AppContext,
  input: {
    post: Post;
    details: EventDetails;
    author: Actor;
    organizer: Actor | null;
    relevance: EventRelevance;
    requested?: boolean;
  },
): Promise<{ outcome: "stored" | "updated" | "unsolicited" | "not_author"; entry: EventEntry | null }> {
  const { post, author, organizer } = input;
  const existing = await ctx.repos.posts.findByIri(post.iri);
  if (existing != null) {
    if (existing.local) return { outcome: "not_author", entry: null };
    const known = await ctx.repos.events.findByPostId(existing.id);
    const allowed = existing.actorId === author.id || known?.organizerActorId === author.id ||
      (organizer != null && known?.organizerActorId === organizer.id);
    if (!allowed) return { outcome: "not_author", entry: null };
  } else {
    const wanted = input.requested === true || input.relevance.addressesLocalActor ||
      await ctx.repos.follows.hasLocalFollower(author.id) ||
      (organizer != null && await ctx.repos.follows.hasLocalFollower(organizer.id));
    if (!wanted) return { outcome: "unsolicited", entry: null };
  }
  const { post: stored, created } = await ctx.repos.posts.upsertRemote(
    existing == null ? post : { ...post, id: existing.id, actorId: existing.actorId },
  );
  const details: EventDetails = { ...input.details, postId: stored.id, organizerActorId: organizer?.id ?? null };
  await ctx.repos.events.save(details);
  const storedAuthor = stored.actorId === author.id ? author : await ctx.repos.actors.findById(stored.actorId) ?? author;
  return {
    outcome: created ? "stored" : "updated",
    entry: { post: stored, details, author: storedAuthor, organizer },
  };
}

/**
 * A remote actor answers one of our events (or one occurrence): `Join`
 * (going), `Leave` (not going), `Accept`/`TentativeAccept`/`Reject` of the
 * Event (going / maybe / not going, as Friendica does), or a vote in the
 * event's poll.
 *
 * "Going" needs room, checked and written in one atomic step
 * (`upsertIfRoom`); a full event refuses it (recorded as `rejected`, so
 * the organiser still sees who wanted to come) and `Join`/`Accept` are
 * answered with `Reject`.  Otherwise `Join`, `Accept` and `TentativeAccept`
 * are answered with `Accept` (`RsvpAnswered`).  Poll votes get no answer
 * (Mastodon has no use for one).  The organiser is notified of new answers.
 *
 * @param input.answer The activity to answer; `null` for `Leave`, `Reject` and poll votes.
 * @returns `going`, `maybe` or `not_going` as recorded; `full` when a
 *   "going" found no room, `cancelled` when the occurrence is cancelled
 *   (or does not exist), both recorded as refused.
 */
export async function receiveRsvp(
  ctx: AppContext,
  input: {
    entry: EventEntry;
    occurrence: string;
    actor: Actor;
    status: RsvpStatus;
    source: RsvpSource;
    activityIri: string | null;
    answer: ReceivedRsvpActivity | null;
    now?: string;
  },
): Promise<"going" | "maybe" | "not_going" | "full" | "cancelled"> {
  const { entry, actor } = input;
  const now = input.now ?? nowIso();
  const occurrence = occurrenceByKey(entry.details, input.occurrence);
  const cancelled = occurrence?.cancelled ?? true;
  const answer: Rsvp = {
    id: newId(),
    postId: entry.post.id,
    occurrence: input.occurrence,
    actorId: actor.id,
    status: input.status,
    source: input.source,
    state: cancelled && input.status !== "not_going" ? "rejected" : "confirmed",
    activityIri: input.activityIri,
    createdAt: now,
    updatedAt: now,
  };
  // The capacity check and the write are one atomic step; a refused "going" is kept as rejected.
  const attempt = await ctx.repos.rsvps.upsertIfRoom(answer);
  const full = attempt.full;
  const { rsvp, previous } = attempt.full ? await ctx.repos.rsvps.upsert({ ...answer, state: "rejected" }) : attempt;
  const refused = rsvp.state === "rejected";
  if (input.answer != null) {
    await ctx.events.publish({ type: "RsvpAnswered", rsvp, actor, event: entry, accepted: !refused, answered: input.answer });
  }
  if (!refused && previous !== rsvp.status && rsvp.status !== "not_going") {
    await notify(ctx, { recipientActorId: entry.post.actorId, type: "rsvp", fromActorId: actor.id, postId: entry.post.id, subjectId: rsvp.id });
  }
  if (cancelled && input.status !== "not_going") return "cancelled";
  return full ? "full" : rsvp.status;
}

/**
 * A remote actor takes back an RSVP to one of our events: `Undo` of the
 * `Join`, `Accept` or `TentativeAccept` they sent (Mastodon-style servers
 * undo instead of sending `Leave`).  Counts as leaving: the answer becomes
 * "not going" (and frees a place), as `Leave` does.
 *
 * Only the RSVP recorded with that activity's id, and only by the actor who
 * sent it: an `Undo` of someone else's RSVP, or of an older activity that a
 * later answer replaced (an `Undo(Join)` arriving after a new `Join`),
 * changes nothing.
 *
 * @param input.activityIri The id of the undone activity.
 * @returns `not_going`, `unknown_rsvp` (none recorded with that id, or it
 *   is not for one of our events) or `not_owner`.
 */
export async function receiveRsvpUndo(
  ctx: AppContext,
  input: { activityIri: string; actor: Actor; now?: string },
): Promise<"not_going" | "unknown_rsvp" | "not_owner"> {
  const rsvp = await ctx.repos.rsvps.findByActivityIri(input.activityIri);
  if (rsvp == null || rsvp.source === "local" || rsvp.source === "poll_vote") return "unknown_rsvp";
  if (rsvp.actorId !== input.actor.id) return "not_owner";
  const entry = await ctx.repos.events.findEntry(rsvp.postId);
  if (entry == null || !entry.post.local) return "unknown_rsvp";
  await receiveRsvp(ctx, {
    entry,
    occurrence: rsvp.occurrence,
    actor: input.actor,
    status: "not_going",
    source: rsvp.source,
    activityIri: input.activityIri,
    answer: null,
    ...(input.now == null ? {} : { now: input.now }),
  });
  return "not_going";
}

/**
 * The organiser's server answered one of our members' RSVPs: `Accept`
 * confirms it, `Reject` (a full event) marks it refused.  Only an actor on
 * the event's own server (its origin) may answer; the event's author and
 * organiser are on it.
 *
 * @param input.activityIri The id of our `Join`/`TentativeAccept` that was answered.
 * @returns `confirmed`, `rejected`, `unknown_rsvp` or `not_organizer`.
 */
export async function receiveRsvpAnswer(
  ctx: AppContext,
  input: { activityIri: string; answerer: Actor; accepted: boolean; now?: string },
): Promise<"confirmed" | "rejected" | "unknown_rsvp" | "not_organizer"> {
  const rsvp = await ctx.repos.rsvps.findByActivityIri(input.activityIri);
  if (rsvp == null) return "unknown_rsvp";
  const entry = await ctx.repos.events.findEntry(rsvp.postId);
  if (entry == null || entry.post.local) return "unknown_rsvp";
  const sameServer = (() => {
    try {
      return new URL(input.answerer.iri).origin === new URL(entry.post.iri).origin;
    } catch {
      return false;
    }
  })();
  if (!sameServer) return "not_organizer";
  const state = input.accepted ? "confirmed" : "rejected";
  await ctx.repos.rsvps.setState(rsvp.id, state, input.now ?? nowIso());
  return state;
}

/** The RSVP a poll answer stands for, by the option names the event was published with. */
export function statusForPollOption(options: PollOptionNames, name: string): RsvpStatus | null {
  const n = name.trim().toLowerCase();
  if (n === options.going.trim().toLowerCase()) return "going";
  if (n === options.maybe.trim().toLowerCase()) return "maybe";
  if (n === options.notGoing.trim().toLowerCase()) return "not_going";
  return null;
}
