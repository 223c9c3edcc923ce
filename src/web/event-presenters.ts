/**
 * From events to what the agenda's views show: dates and times in the
 * event's own time zone and the reader's language, places, origin, counts.
 */
import type { AgendaItem } from "../app/agenda-queries.ts";
import type { EventEntry } from "../app/event-ports.ts";
import { type Actor, displayNameOf } from "../domain/actor.ts";
import {
  describeRrule,
  type EventCategory,
  type EventDetails,
  type EventStatus,
  formatAddress,
  type Occurrence,
  type Rsvp,
} from "../domain/event.ts";
import { eventPathId } from "../federation/agenda.ts";
import { safeUrl } from "./sanitize.ts";
import type { EventCardView } from "../../views/components/event-card.tsx";
import type { Locale, MessageKey, Translator } from "../../views/i18n/index.ts";

function intlLocale(locale: Locale): string {
  return locale === "nl" ? "nl-NL" : "en-GB";
}

/** A calendar date (`YYYY-MM-DD`) as a `Date` at UTC midnight, to format without any zone shift. */
function dateOnly(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/**
 * When an occurrence takes place, in its zone and the reader's language:
 * "za 7 jun 2030, 10:00–12:00", "za 7 – zo 8 jun 2030" (all day), or just
 * the start when there is no end.
 */
export function formatWhen(occurrence: Occurrence, details: Pick<EventDetails, "timezone" | "allDay">, locale: Locale): string {
  if (details.allDay && occurrence.startDate != null) {
    const f = new Intl.DateTimeFormat(intlLocale(locale), {
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
    const start = dateOnly(occurrence.startDate);
    const end = dateOnly(occurrence.endDate ?? occurrence.startDate);
    return occurrence.endDate == null || occurrence.endDate === occurrence.startDate
      ? f.format(start)
      : f.formatRange(start, end);
  }
  const f = new Intl.DateTimeFormat(intlLocale(locale), {
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: details.timezone,
  });
  const start = new Date(occurrence.startAt);
  return occurrence.endAt == null ? f.format(start) : f.formatRange(start, new Date(occurrence.endAt));
}

/** The day an occurrence starts on, as a heading ("zaterdag 7 juni 2030"), in the buurt's zone. */
export function formatDay(occurrence: Occurrence, details: Pick<EventDetails, "allDay">, locale: Locale, zone: string): string {
  if (details.allDay && occurrence.startDate != null) {
    return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "full", timeZone: "UTC" }).format(dateOnly(occurrence.startDate));
  }
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "full", timeZone: zone }).format(new Date(occurrence.startAt));
}

/** "Lindenlaan 1, 3511 AB Utrecht" with the place's name first, or `null`. */
export function placeText(details: EventDetails): string | null {
  const parts = [details.locationName, formatAddress(details.address)].filter((p): p is string => p != null && p !== "");
  return parts.length === 0 ? null : [...new Set(parts)].join(", ");
}

/** An OpenStreetMap link to the coordinates (a plain link: no map scripts on our pages). */
export function mapUrl(details: EventDetails): string | null {
  if (details.latitude == null || details.longitude == null) return null;
  const lat = details.latitude.toFixed(5);
  const lon = details.longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
}

/** Host of the server a remote event comes from; `null` for our own. */
export function originOf(entry: EventEntry): string | null {
  if (entry.post.local) return null;
  try {
    return new URL(entry.post.iri).host;
  } catch {
    return null;
  }
}

/** The page of an event occurrence on this buurt. */
export function eventPageUrl(entry: EventEntry, occurrence: string): string {
  return `/events/${eventPathId(entry.post.id, occurrence)}`;
}

/** A category's translated name. */
export function categoryLabel(t: Translator, category: EventCategory | null): string | null {
  return category == null ? null : t(`category.${category}` as MessageKey);
}

/** A status other than "scheduled", in words. */
export function statusLabel(t: Translator, status: EventStatus): string | null {
  return status === "scheduled" ? null : t(`event.status.${status}` as MessageKey);
}

/** "Repeats every week, until 31 Dec 2030". */
export function recurrenceLabel(t: Translator, details: EventDetails, locale: Locale): string | null {
  if (details.rrule == null) return null;
  const { recurrence, until } = describeRrule(details.rrule, details.timezone);
  const rule = t(`recurrence.${recurrence}` as MessageKey);
  if (until == null) return rule;
  const date = new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: "UTC" }).format(dateOnly(until));
  return t("recurrence.until", { rule, date });
}

/** The viewer's own answer in words. */
export function answerLabel(t: Translator, rsvp: Pick<Rsvp, "status" | "state"> | null): string | null {
  if (rsvp == null) return null;
  const status = t(`rsvp.mine.${rsvp.status}` as MessageKey);
  if (rsvp.state === "pending") return t("rsvp.mine.pending", { status });
  if (rsvp.state === "rejected") return t("rsvp.mine.rejected", { status });
  return status;
}

/**
 * The image an event shows (its first image attachment, with its alt
 * text), when its URL is http(s); `null` otherwise.
 */
export function eventImage(entry: EventEntry): { url: string; alt: string; width: number | null; height: number | null } | null {
  const image = entry.post.attachments.find((a) =>
    a.mediaType?.startsWith("image/") ?? /\.(png|jpe?g|gif|webp|avif)(\?|$)/i.test(a.url)
  );
  const url = safeUrl(image?.url);
  return image == null || url == null ? null : { url, alt: image.description ?? "", width: image.width, height: image.height };
}

/** An agenda line. */
export function presentEventCard(
  t: Translator,
  locale: Locale,
  item: AgendaItem,
  counts: { going: number },
  mine: Pick<Rsvp, "status" | "state"> | null,
): EventCardView {
  const { entry, occurrence } = item;
  return {
    url: eventPageUrl(entry, occurrence.key),
    title: entry.post.name ?? "",
    whenText: formatWhen(occurrence, entry.details, locale),
    startIso: occurrence.startAt,
    placeText: placeText(entry.details) ?? (entry.details.onlineUrl != null ? t("event.online") : null),
    origin: originOf(entry),
    cancelled: occurrence.cancelled,
    recurring: entry.details.rrule != null,
    category: categoryLabel(t, entry.details.category),
    going: counts.going,
    capacity: entry.details.capacity,
    myAnswer: answerLabel(t, mine),
    image: eventImage(entry),
  };
}

/**
 * Where a person on an event page links to: a member's profile here, a
 * remote actor's own page (only when http(s): it goes into an href), else
 * our page about them.
 */
export function actorHref(actor: Actor): string {
  return actor.local ? `/@${actor.username}` : safeUrl(actor.url) ?? safeUrl(actor.iri) ?? `/actors/${actor.id}`;
}

/** The organiser to show: a Mobilizon group when it organises, else the author. */
export function organizerOf(entry: EventEntry): { name: string; url: string } {
  const actor = entry.organizer ?? entry.author;
  return { name: displayNameOf(actor), url: actorHref(actor) };
}
