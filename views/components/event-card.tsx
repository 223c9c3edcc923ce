import type { Translator } from "../i18n/index.ts";

/** One agenda line, as `presentEventCard` (src/web/event-presenters.ts) prepares it. */
export interface EventCardView {
  url: string;
  title: string;
  /** Formatted date and time ("za 7 jun 2030, 10:00–12:00"). */
  whenText: string;
  /** Start as ISO-8601, for `<time datetime>`. */
  startIso: string;
  placeText: string | null;
  /** Host of the server the event comes from; `null` for this buurt's own events. */
  origin: string | null;
  cancelled: boolean;
  recurring: boolean;
  category: string | null;
  going: number;
  capacity: number | null;
  /** The viewer's own answer, translated ("You're going"), if any. */
  myAnswer: string | null;
  /** The event's image with its alt text, if it has one. */
  image: { url: string; alt: string; width: number | null; height: number | null } | null;
}

/** An event in the agenda: its image, title, when, where, where it comes from, how many are going. */
export function EventCard({ t, event }: { t: Translator; event: EventCardView }) {
  return (
    <article class={event.cancelled ? "event-card event-cancelled" : "event-card"}>
      {event.image && (
        <img
          class="event-card-image"
          src={event.image.url}
          alt={event.image.alt}
          width={event.image.width ?? undefined}
          height={event.image.height ?? undefined}
          loading="lazy"
        />
      )}
      <h3 class="event-card-title">
        <a href={event.url}>{event.title}</a>
        {event.cancelled && <span class="badge badge-cancelled"> {t("event.cancelled")}</span>}
      </h3>
      <p class="event-card-when"><time datetime={event.startIso}>{event.whenText}</time>
        {event.recurring && <span class="badge"> {t("event.recurring")}</span>}
      </p>
      {event.placeText && <p class="event-card-place">{event.placeText}</p>}
      <p class="event-card-meta">
        {event.origin != null && <span class="event-origin">{t("event.origin", { server: event.origin })}</span>}
        {event.category != null && <span class="event-category">{event.category}</span>}
        <span class="event-going">
          {event.capacity == null
            ? t("event.going.count", { count: event.going })
            : t("event.going.capacity", { count: event.going, capacity: event.capacity })}
        </span>
        {event.myAnswer != null && <strong class="event-mine">{event.myAnswer}</strong>}
      </p>
    </article>
  );
}
