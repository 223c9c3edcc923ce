/**
 * Events (the agenda): an event is a post of type `Event` with the details
 * below, and RSVPs (going / maybe / not going) by local and remote actors.
 *
 * Times: every event has a start and an end *instant* (ISO-8601 UTC text)
 * plus the IANA time zone its organiser entered them in, so "10:00 in
 * Amsterdam" stays 10:00 across daylight-saving changes and for readers in
 * other zones.  All-day events also keep their calendar dates
 * (`YYYY-MM-DD`), which never shift with a time zone; their instants are the
 * start of the first day and the start of the day after the last day in the
 * event's zone (the iCalendar convention of an exclusive end, RFC 5545
 * §3.6.1).
 *
 * Recurrence (a weekly coffee morning, a monthly repair café) is an RFC 5545
 * RRULE on one event; its occurrences are computed, never stored, and each
 * has a key: its local start date as `YYYYMMDD`.  FEP-8a8e leaves recurrence
 * out, so other servers receive each upcoming occurrence as an Event of its
 * own.
 */
import { Temporal } from "@js-temporal/polyfill";
import rrule from "rrule";

const { RRule } = rrule;

/** Event categories of FEP-8a8e ("Event Categories", its recommended set). */
export const EVENT_CATEGORIES = [
  "ARTS",
  "AUTO_BOAT_AIR",
  "BOOK_CLUBS",
  "BUSINESS",
  "CAUSES",
  "CLIMATE_ENVIRONMENT",
  "COMMUNITY",
  "COMEDY",
  "CRAFTS",
  "CREATIVE_JAM",
  "DIY_MAKER_SPACES",
  "FAMILY_EDUCATION",
  "FASHION_BEAUTY",
  "FESTIVALS",
  "FILM_MEDIA",
  "FOOD_DRINK",
  "GAMES",
  "INCLUSIVE_SPACES",
  "LANGUAGE_CULTURE",
  "LEARNING",
  "LGBTQ",
  "MEETING",
  "MEDITATION_WELLBEING",
  "MOVEMENTS_POLITICS",
  "MUSIC",
  "NETWORKING",
  "OUTDOORS_ADVENTURE",
  "PARTY",
  "PERFORMING_VISUAL_ARTS",
  "PETS",
  "PHOTOGRAPHY",
  "SCIENCE_TECH",
  "SPIRITUALITY_RELIGION_BELIEFS",
  "SPORTS",
  "THEATRE",
  "WORKSHOPS_SKILL_SHARING",
] as const;
export type EventCategory = typeof EVENT_CATEGORIES[number];

/**
 * A received category as one of FEP-8a8e's, or `null`.  Mobilizon sends the
 * same names in lower case (`"meeting"`); free text (`"TODO remove me"`) is
 * dropped.
 */
export function normaliseCategory(value: string | null | undefined): EventCategory | null {
  const upper = value?.trim().toUpperCase().replace(/[\s-]+/g, "_") ?? "";
  return (EVENT_CATEGORIES as readonly string[]).includes(upper) ? upper as EventCategory : null;
}

/**
 * Event status, FEP-8a8e `eventStatus` in snake case.  Local events are
 * `scheduled` or `cancelled`; the others come from remote events.
 */
export const EVENT_STATUSES = ["scheduled", "cancelled", "tentative", "postponed", "rescheduled", "moved_online"] as const;
export type EventStatus = typeof EVENT_STATUSES[number];

/** A postal address (schema.org `PostalAddress`); every part optional. */
export interface PostalAddress {
  streetAddress: string | null;
  postalCode: string | null;
  addressLocality: string | null;
  addressRegion: string | null;
  addressCountry: string | null;
}

/** One line for people and calendars: "Dorpsstraat 1, 3511 AB Utrecht". */
export function formatAddress(address: PostalAddress | null): string | null {
  if (address == null) return null;
  const clean = (s: string | null) => s?.trim() || null;
  const locality = [clean(address.postalCode), clean(address.addressLocality)].filter(Boolean).join(" ");
  const parts = [clean(address.streetAddress), locality || null, clean(address.addressRegion), clean(address.addressCountry)]
    .filter((p): p is string => p != null && p !== "");
  return parts.length === 0 ? null : parts.join(", ");
}

/** The three answers of the optional RSVP poll (a `Question` with `oneOf`), in the buurt's language. */
export interface PollOptionNames {
  going: string;
  maybe: string;
  notGoing: string;
}

/** What the agenda knows of an event beyond its post (title and description live on the post). */
export interface EventDetails {
  postId: string;
  /** Start instant, ISO-8601 UTC. */
  startAt: string;
  /** End instant, ISO-8601 UTC (exclusive for all-day events); `null` when the source gave none. */
  endAt: string | null;
  /** IANA time zone the times were entered in (or the remote event's `timezone`). */
  timezone: string;
  allDay: boolean;
  /** First day (all-day events), `YYYY-MM-DD`. */
  startDate: string | null;
  /** Last day, inclusive (all-day events), `YYYY-MM-DD`. */
  endDate: string | null;
  locationName: string | null;
  address: PostalAddress | null;
  latitude: number | null;
  longitude: number | null;
  /** Where to join online (FEP-8a8e `VirtualLocation`). */
  onlineUrl: string | null;
  /** Maximum number of people going; `null` = no limit. */
  capacity: number | null;
  category: EventCategory | null;
  status: EventStatus;
  /** RFC 5545 RRULE value (without `RRULE:`), for recurring local events. */
  rrule: string | null;
  /** Occurrence keys (`YYYYMMDD`) of a recurring event that were cancelled one by one. */
  cancelledOccurrences: string[];
  /** Names of the RSVP poll's options when the event was published with a poll. */
  pollOptions: PollOptionNames | null;
  /** Remote events: the organising actor when it is not the sender (a Mobilizon group). */
  organizerActorId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** How a person answered. */
export const RSVP_STATUSES = ["going", "maybe", "not_going"] as const;
export type RsvpStatus = typeof RSVP_STATUSES[number];

/**
 * How the RSVP arrived: `local` (a member on this server's web pages),
 * `join` (`Join`/`Leave`), `accept` (`Accept`/`TentativeAccept`/`Reject` of
 * the Event, as Friendica sends), `poll_vote` (a vote in the event's poll,
 * from Mastodon users).
 */
export const RSVP_SOURCES = ["local", "join", "accept", "poll_vote"] as const;
export type RsvpSource = typeof RSVP_SOURCES[number];

/**
 * `confirmed`: counted by the organiser's server (always, for RSVPs to our
 * own events); `pending`: a local member's RSVP to a remote event, waiting
 * for that server's `Accept`; `rejected`: the organiser's server refused it
 * (full), or a poll vote arrived for a full event.
 */
export const RSVP_STATES = ["pending", "confirmed", "rejected"] as const;
export type RsvpState = typeof RSVP_STATES[number];

/** One actor's RSVP to one event (or one occurrence of a recurring event). */
export interface Rsvp {
  id: string;
  postId: string;
  /** Occurrence key (`YYYYMMDD`) for a recurring event, `""` otherwise. */
  occurrence: string;
  actorId: string;
  status: RsvpStatus;
  source: RsvpSource;
  state: RsvpState;
  /** The id of the activity that carried it (ours for outgoing, theirs for incoming). */
  activityIri: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Whether one more person can be `going`. */
export function hasRoom(capacity: number | null, going: number): boolean {
  return capacity == null || going < capacity;
}

// ---------------------------------------------------------------------------
// Times

/** Whether `zone` is an IANA time zone this runtime knows. */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() === "") return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}$/;

function plainDate(text: string): Temporal.PlainDate | null {
  if (!DATE.test(text)) return null;
  try {
    return Temporal.PlainDate.from(text, { overflow: "reject" });
  } catch {
    return null;
  }
}

function plainTime(text: string): Temporal.PlainTime | null {
  if (!TIME.test(text)) return null;
  try {
    return Temporal.PlainTime.from(text, { overflow: "reject" });
  } catch {
    return null;
  }
}

/** The instant a wall-clock time in a zone names (the earlier one in a DST overlap, the later one in a gap: RFC 5545). */
export function wallTimeToInstant(date: string, time: string, zone: string): string {
  const zoned = Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(zone, { disambiguation: "compatible" });
  return new Date(zoned.epochMilliseconds).toISOString();
}

/** An instant as wall-clock date (`YYYY-MM-DD`) and time (`HH:MM`) in a zone. */
export function instantToWallTime(iso: string, zone: string): { date: string; time: string } {
  const zoned = Temporal.Instant.from(iso).toZonedDateTimeISO(zone);
  return { date: zoned.toPlainDate().toString(), time: zoned.toPlainTime().toString().slice(0, 5) };
}

/** The day after a `YYYY-MM-DD` date. */
export function nextDay(date: string): string {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toString();
}

/** What a person typed for an event's times. */
export interface EventTimesInput {
  startDate: string;
  /** `HH:MM`; ignored for all-day events. */
  startTime: string;
  /** Empty = same day as the start. */
  endDate: string;
  /** `HH:MM`; empty = no end time (timed events get none). */
  endTime: string;
  allDay: boolean;
  timezone: string;
}

export type EventTimesProblem = "start_invalid" | "end_invalid" | "end_before_start" | "timezone_invalid";

/** Resolved times of an event, ready to store. */
export type EventTimes = Pick<EventDetails, "startAt" | "endAt" | "timezone" | "allDay" | "startDate" | "endDate">;

/**
 * Turns typed dates and times into instants.  Timed events without an end
 * get none (FEP-8a8e then tells readers not to show one); all-day events
 * end after their last day.
 *
 * @returns The times, or per-field problems (`start`, `end`, `timezone`).
 */
export function resolveEventTimes(
  input: EventTimesInput,
): { ok: true; value: EventTimes } | { ok: false; problems: Partial<Record<"start" | "end" | "timezone", EventTimesProblem>> } {
  const problems: Partial<Record<"start" | "end" | "timezone", EventTimesProblem>> = {};
  const zone = input.timezone.trim();
  if (!isTimeZone(zone)) problems.timezone = "timezone_invalid";
  const start = plainDate(input.startDate.trim());
  const startTime = input.allDay ? null : plainTime(input.startTime.trim());
  if (start == null || (!input.allDay && startTime == null)) problems.start = "start_invalid";
  const endDateText = input.endDate.trim();
  const end = endDateText === "" ? start : plainDate(endDateText);
  const endTimeText = input.endTime.trim();
  const endTime = input.allDay || endTimeText === "" ? null : plainTime(endTimeText);
  if (end == null || (!input.allDay && endTimeText !== "" && endTime == null)) problems.end = "end_invalid";
  if (Object.keys(problems).length > 0 || start == null || end == null) return { ok: false, problems };

  if (input.allDay) {
    if (Temporal.PlainDate.compare(end, start) < 0) return { ok: false, problems: { end: "end_before_start" } };
    return {
      ok: true,
      value: {
        startAt: wallTimeToInstant(start.toString(), "00:00", zone),
        endAt: wallTimeToInstant(end.add({ days: 1 }).toString(), "00:00", zone),
        timezone: zone,
        allDay: true,
        startDate: start.toString(),
        endDate: end.toString(),
      },
    };
  }
  const startAt = wallTimeToInstant(start.toString(), startTime!.toString().slice(0, 5), zone);
  const endAt = endTime == null && endDateText === "" ? null : wallTimeToInstant(
    end.toString(),
    (endTime ?? startTime!).toString().slice(0, 5),
    zone,
  );
  if (endAt != null && Date.parse(endAt) <= Date.parse(startAt)) {
    return { ok: false, problems: { end: "end_before_start" } };
  }
  return { ok: true, value: { startAt, endAt, timezone: zone, allDay: false, startDate: null, endDate: null } };
}

// ---------------------------------------------------------------------------
// Recurrence

/** The repeat patterns the form offers, as RRULE builders. */
export const RECURRENCES = ["none", "weekly", "biweekly", "monthly_weekday", "monthly_date"] as const;
export type Recurrence = typeof RECURRENCES[number];

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;

/**
 * The RRULE for a repeat pattern starting on `startDate`: "monthly_weekday"
 * repeats on the same weekday of the month (the first Saturday; the last
 * one when the start is in the month's last week), "monthly_date" on the
 * same day of the month.
 *
 * @param until Last day (inclusive, `YYYY-MM-DD`) in `zone`, or `null` for no end.
 * @returns The RRULE value, or `null` for "none".
 */
export function buildRrule(recurrence: Recurrence, startDate: string, until: string | null, zone: string): string | null {
  if (recurrence === "none") return null;
  const date = Temporal.PlainDate.from(startDate);
  const day = WEEKDAYS[date.dayOfWeek - 1]!;
  const parts: string[] = [];
  switch (recurrence) {
    case "weekly":
      parts.push("FREQ=WEEKLY");
      break;
    case "biweekly":
      parts.push("FREQ=WEEKLY", "INTERVAL=2");
      break;
    case "monthly_weekday": {
      const last = date.day + 7 > date.daysInMonth;
      const nth = last ? -1 : Math.ceil(date.day / 7);
      parts.push("FREQ=MONTHLY", `BYDAY=${nth}${day}`);
      break;
    }
    case "monthly_date":
      parts.push("FREQ=MONTHLY", `BYMONTHDAY=${date.day}`);
      break;
  }
  if (until != null) {
    // RFC 5545 §3.3.10: with a zoned DTSTART, UNTIL is a UTC date-time.
    const end = Temporal.Instant.from(wallTimeToInstant(nextDay(until), "00:00", zone)).subtract({ seconds: 1 });
    parts.push(`UNTIL=${end.toString().replace(/[-:]/g, "").replace(/\.\d+/, "")}`);
  }
  return parts.join(";");
}

/** Which form pattern an RRULE we built is, and its last day (for editing). */
export function describeRrule(value: string | null, zone: string): { recurrence: Recurrence; until: string | null } {
  if (value == null) return { recurrence: "none", until: null };
  const options = RRule.parseString(value);
  const until = options.until == null ? null : instantToWallTime(options.until.toISOString(), zone).date;
  if (options.freq === RRule.WEEKLY) return { recurrence: options.interval === 2 ? "biweekly" : "weekly", until };
  if (options.bymonthday != null) return { recurrence: "monthly_date", until };
  return { recurrence: "monthly_weekday", until };
}

/** One occurrence of an event (a single event has one, with key `""`). */
export interface Occurrence {
  /** `YYYYMMDD` local start date for recurring events; `""` for single ones. */
  key: string;
  startAt: string;
  endAt: string | null;
  /** All-day events: the local dates. */
  startDate: string | null;
  endDate: string | null;
  cancelled: boolean;
}

/** The occurrence key of a local date. */
export function occurrenceKey(date: string): string {
  return date.replace(/-/g, "");
}

/** `YYYYMMDD` → `YYYY-MM-DD`, or `null` when malformed. */
export function occurrenceDate(key: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(key);
  return m == null ? null : `${m[1]}-${m[2]}-${m[3]}`;
}

/** Floating (zone-less) wall time as a `Date` whose UTC fields are the wall time: rrule's convention. */
function floating(date: Temporal.PlainDateTime): Date {
  return new Date(Date.UTC(date.year, date.month - 1, date.day, date.hour, date.minute, date.second));
}

function fromFloating(value: Date): Temporal.PlainDateTime {
  return Temporal.PlainDateTime.from(value.toISOString().slice(0, 19));
}

/**
 * The occurrences of an event that overlap `[from, to)`.  Recurrence is
 * expanded in local wall time (a 10:00 coffee morning stays at 10:00 after
 * the clocks change) and each occurrence keeps the first one's duration.
 *
 * @param from Window start, ISO instant (inclusive, compared with the occurrence's end).
 * @param to Window end, ISO instant (exclusive, compared with the occurrence's start).
 * @param limit At most this many (the earliest).
 */
export function occurrencesBetween(
  event: Pick<EventDetails, "startAt" | "endAt" | "timezone" | "allDay" | "startDate" | "endDate" | "rrule" | "cancelledOccurrences" | "status">,
  from: string,
  to: string,
  limit = 500,
): Occurrence[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const endOf = (start: number, end: number | null) => end ?? start;
  const single = event.status === "cancelled";
  if (event.rrule == null) {
    const start = Date.parse(event.startAt);
    const end = event.endAt == null ? null : Date.parse(event.endAt);
    if (start >= toMs || endOf(start, end) < fromMs) return [];
    return [{
      key: "",
      startAt: event.startAt,
      endAt: event.endAt,
      startDate: event.startDate,
      endDate: event.endDate,
      cancelled: single,
    }];
  }
  const zone = event.timezone;
  const firstStart = Temporal.Instant.from(event.startAt).toZonedDateTimeISO(zone).toPlainDateTime();
  const durationMs = event.endAt == null ? null : Date.parse(event.endAt) - Date.parse(event.startAt);
  const allDayDays = event.allDay && event.startDate != null && event.endDate != null
    ? Temporal.PlainDate.from(event.startDate).until(Temporal.PlainDate.from(event.endDate)).days
    : 0;
  const options = RRule.parseString(event.rrule);
  const until = options.until == null
    ? null
    : floating(Temporal.Instant.from(options.until.toISOString()).toZonedDateTimeISO(zone).toPlainDateTime());
  const rule = new RRule({ ...options, dtstart: floating(firstStart), until, tzid: null });
  // A day of margin on both sides covers any zone offset; exact filtering follows.
  const windowStart = new Date(fromMs - (durationMs ?? 0) - 86_400_000 * (allDayDays + 2));
  const windowEnd = new Date(toMs + 86_400_000 * 2);
  const result: Occurrence[] = [];
  for (const when of rule.between(windowStart, windowEnd, true)) {
    const local = fromFloating(when);
    const date = local.toPlainDate().toString();
    const startAt = wallTimeToInstant(date, local.toPlainTime().toString().slice(0, 5), zone);
    let endAt: string | null;
    let startDate: string | null = null;
    let endDate: string | null = null;
    if (event.allDay) {
      startDate = date;
      endDate = Temporal.PlainDate.from(date).add({ days: allDayDays }).toString();
      endAt = wallTimeToInstant(nextDay(endDate), "00:00", zone);
    } else {
      endAt = durationMs == null ? null : new Date(Date.parse(startAt) + durationMs).toISOString();
    }
    const start = Date.parse(startAt);
    if (start >= toMs || endOf(start, endAt == null ? null : Date.parse(endAt)) < fromMs) continue;
    const key = occurrenceKey(date);
    result.push({ key, startAt, endAt, startDate, endDate, cancelled: single || event.cancelledOccurrences.includes(key) });
    if (result.length >= limit) break;
  }
  return result;
}

/** The occurrence with this key (`""` for a single event), or `null` when the rule has none on that date. */
export function occurrenceByKey(
  event: Parameters<typeof occurrencesBetween>[0],
  key: string,
): Occurrence | null {
  if (event.rrule == null) return key === "" ? occurrencesBetween(event, event.startAt, "9999-12-31T00:00:00Z")[0] ?? null : null;
  const date = occurrenceDate(key);
  if (date == null) return null;
  const from = wallTimeToInstant(date, "00:00", event.timezone);
  const to = wallTimeToInstant(nextDay(date), "00:00", event.timezone);
  return occurrencesBetween({ ...event, endAt: event.endAt }, from, to).find((o) => o.key === key && Date.parse(o.startAt) < Date.parse(to)) ??
    null;
}

// ---------------------------------------------------------------------------
// Validation of the form

/** Longest title, in characters (FEP-8a8e: plain text, not empty). */
export const MAX_EVENT_TITLE = 200;
/** Longest description, in characters. */
export const MAX_EVENT_DESCRIPTION = 5000;

export type EventTextProblem = "title_empty" | "title_too_long" | "description_too_long";

/** Checks title and description; returns per-field problems. */
export function checkEventText(title: string, description: string): Partial<Record<"title" | "description", EventTextProblem>> {
  const problems: Partial<Record<"title" | "description", EventTextProblem>> = {};
  if (title.trim() === "") problems.title = "title_empty";
  else if ([...title.trim()].length > MAX_EVENT_TITLE) problems.title = "title_too_long";
  if ([...description].length > MAX_EVENT_DESCRIPTION) problems.description = "description_too_long";
  return problems;
}

/** Whether a latitude/longitude pair is on Earth. */
export function isCoordinate(latitude: number, longitude: number): boolean {
  return Number.isFinite(latitude) && Number.isFinite(longitude) && Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;
}
