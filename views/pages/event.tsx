import { CsrfField, SubmitButton, TextAreaField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** An event (one occurrence) as its page shows it. */
export interface EventView {
  title: string;
  /** Sanitised HTML. */
  descriptionHtml: string | null;
  whenText: string;
  startIso: string;
  /** "Times in Europe/Amsterdam", when that is not the buurt's zone. */
  zoneNote: string | null;
  recurrenceText: string | null;
  placeName: string | null;
  address: string | null;
  /** OpenStreetMap link from the coordinates (a plain link, no map scripts). */
  mapUrl: string | null;
  onlineUrl: string | null;
  organizer: { name: string; url: string };
  /** Host of the server the event comes from; `null` for this buurt's own. */
  origin: string | null;
  /** The event's page on its own server. */
  originalUrl: string | null;
  cancelled: boolean;
  statusText: string | null;
  category: string | null;
  image: { url: string; alt: string } | null;
  going: number;
  maybe: number;
  capacity: number | null;
  full: boolean;
  icsUrl: string | null;
  /** Other dates of a recurring event. */
  otherDates: Array<{ label: string; url: string }>;
}

/** A person who answered, for members. */
export interface AttendeeView {
  name: string;
  handle: string;
  url: string;
  /** "waiting for the organiser" / "refused: full", when not confirmed. */
  note: string | null;
}

export interface EventPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  event: EventView;
  /** RSVP buttons (members), or why they are not there. */
  rsvp: {
    action: string;
    csrfToken: string;
    current: "going" | "maybe" | "not_going" | null;
    /** Shown next to the current answer ("waiting for confirmation from s1.example"). */
    stateText: string | null;
    /** When answering is not possible: cancelled, past. */
    closedText: string | null;
  } | null;
  /** Visitors: a log-in link instead of the buttons. */
  loginUrl: string | null;
  /** Members only (the names of who comes are not public). */
  attendees: { going: AttendeeView[]; maybe: AttendeeView[]; notGoing: AttendeeView[] } | null;
  /** The organiser's and moderators' tools. */
  manage: {
    csrfToken: string;
    editUrl: string;
    cancelAction: string;
    /** For one occurrence of a recurring event: its key (cancel only that date). */
    occurrence: string | null;
    messageAction: string;
    messageText: string;
    messageError: string | null;
  } | null;
  notice?: string | null;
  error?: string | null;
  /** ActivityPub IRI of the event (linked as `rel="alternate"`). */
  iri: string | null;
}

function AttendeeList({ title, people }: { title: string; people: AttendeeView[] }) {
  if (people.length === 0) return null;
  return (
    <section class="attendees">
      <h3>{title} ({people.length})</h3>
      <ul>
        {people.map((p) => (
          <li>
            <a href={p.url}>{p.name}</a> <span class="handle">{p.handle}</span>
            {p.note && <span class="attendee-note"> · {p.note}</span>}
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * An event: what, when (in its own time zone), where (with a map link from
 * the coordinates), who organises it and where it comes from; RSVP buttons
 * for members (with the capacity respected), the attendee list for members,
 * and the organiser's edit, cancel and "message everyone" tools.
 */
export function EventPage(props: EventPageProps) {
  const { t, lang, buurt, nav, event, rsvp } = props;
  const answer = (status: "going" | "maybe" | "not_going", label: string, disabled = false) => (
    <button
      type="submit"
      name="status"
      value={status}
      class={rsvp?.current === status ? "button" : "button button-secondary"}
      aria-pressed={rsvp?.current === status ? "true" : "false"}
      disabled={disabled}
    >
      {label}
    </button>
  );
  return (
    <Layout t={t} lang={lang} title={event.title} buurt={buurt} nav={nav} alternate={props.iri}>
      <article class={event.cancelled ? "event event-cancelled" : "event"}>
        <header>
          <h1>{event.title}</h1>
          {event.cancelled && <p class="notice notice-warning" role="status">{t("event.cancelled.notice")}</p>}
          {!event.cancelled && event.statusText && <p class="notice">{event.statusText}</p>}
        </header>
        {props.notice && <p class="notice" role="status">{props.notice}</p>}
        {props.error && <p class="error-summary" role="alert">{props.error}</p>}
        {event.image && <img class="event-image" src={event.image.url} alt={event.image.alt} />}
        <dl class="event-facts">
          <dt>{t("event.when")}</dt>
          <dd>
            <time datetime={event.startIso}>{event.whenText}</time>
            {event.zoneNote && <span class="hint"> ({event.zoneNote})</span>}
            {event.recurrenceText && <div>{event.recurrenceText}</div>}
          </dd>
          {(event.placeName || event.address) && (
            <>
              <dt>{t("event.where")}</dt>
              <dd>
                {event.placeName && <div>{event.placeName}</div>}
                {event.address && <div>{event.address}</div>}
                {event.mapUrl && <div><a href={event.mapUrl} rel="external noopener">{t("event.map")}</a></div>}
              </dd>
            </>
          )}
          {event.onlineUrl && (
            <>
              <dt>{t("event.online")}</dt>
              <dd><a href={event.onlineUrl} rel="external noopener nofollow">{event.onlineUrl}</a></dd>
            </>
          )}
          <dt>{t("event.organizer")}</dt>
          <dd>
            <a href={event.organizer.url}>{event.organizer.name}</a>
            {event.origin && <span class="event-origin"> · {t("event.origin", { server: event.origin })}</span>}
          </dd>
          {event.category && (
            <>
              <dt>{t("event.category")}</dt>
              <dd>{event.category}</dd>
            </>
          )}
          <dt>{t("event.attendance")}</dt>
          <dd>
            {event.capacity == null
              ? t("event.going.count", { count: event.going })
              : t("event.going.capacity", { count: event.going, capacity: event.capacity })}
            {event.maybe > 0 && <span> · {t("event.maybe.count", { count: event.maybe })}</span>}
            {event.full && <strong class="event-full"> · {t("event.full")}</strong>}
          </dd>
        </dl>
        {event.descriptionHtml && <div class="event-description" dangerouslySetInnerHTML={{ __html: event.descriptionHtml }} />}

        <section class="rsvp" aria-labelledby="rsvp-title">
          <h2 id="rsvp-title">{t("rsvp.title")}</h2>
          {rsvp == null && props.loginUrl && <p><a href={props.loginUrl}>{t("rsvp.login")}</a></p>}
          {rsvp != null && rsvp.closedText && <p>{rsvp.closedText}</p>}
          {rsvp != null && !rsvp.closedText && (
            <form method="post" action={rsvp.action} class="rsvp-form">
              <CsrfField token={rsvp.csrfToken} />
              {answer("going", t("rsvp.going"), event.full && rsvp.current !== "going")}{" "}
              {answer("maybe", t("rsvp.maybe"))}{" "}
              {answer("not_going", t("rsvp.not_going"))}
              {event.full && rsvp.current !== "going" && <p class="hint">{t("rsvp.full.hint")}</p>}
            </form>
          )}
          {rsvp?.stateText && <p class="rsvp-state" role="status">{rsvp.stateText}</p>}
        </section>

        {props.attendees && (
          <section class="attendee-lists" aria-labelledby="attendees-title">
            <h2 id="attendees-title">{t("attendees.title")}</h2>
            <AttendeeList title={t("attendees.going")} people={props.attendees.going} />
            <AttendeeList title={t("attendees.maybe")} people={props.attendees.maybe} />
            <AttendeeList title={t("attendees.not_going")} people={props.attendees.notGoing} />
            {props.attendees.going.length + props.attendees.maybe.length + props.attendees.notGoing.length === 0 &&
              <p class="empty">{t("attendees.none")}</p>}
          </section>
        )}

        {event.otherDates.length > 0 && (
          <section>
            <h2>{t("event.other_dates")}</h2>
            <ul>{event.otherDates.map((d) => <li><a href={d.url}>{d.label}</a></li>)}</ul>
          </section>
        )}

        <p class="event-links">
          {event.icsUrl && <a href={event.icsUrl} type="text/calendar">{t("event.ics")}</a>}
          {event.originalUrl && <>{" · "}<a href={event.originalUrl} rel="external noopener">{t("event.original")}</a></>}
        </p>

        {props.manage && (
          <section class="event-manage" aria-labelledby="manage-title">
            <h2 id="manage-title">{t("event.manage")}</h2>
            <p><a class="button button-secondary" href={props.manage.editUrl}>{t("event.edit")}</a></p>
            {!event.cancelled && (
              <form method="post" action={props.manage.cancelAction} class="inline-form">
                <CsrfField token={props.manage.csrfToken} />
                {props.manage.occurrence && <input type="hidden" name="occurrence" value={props.manage.occurrence} />}
                <SubmitButton secondary>
                  {props.manage.occurrence ? t("event.cancel.occurrence") : t("event.cancel")}
                </SubmitButton>
              </form>
            )}
            {props.manage.occurrence && !event.cancelled && (
              <form method="post" action={props.manage.cancelAction} class="inline-form">
                <CsrfField token={props.manage.csrfToken} />
                <SubmitButton secondary>{t("event.cancel.series")}</SubmitButton>
              </form>
            )}
            <form method="post" action={props.manage.messageAction}>
              <CsrfField token={props.manage.csrfToken} />
              <TextAreaField
                name="message"
                label={t("event.message.label")}
                hint={t("event.message.hint")}
                value={props.manage.messageText}
                error={props.manage.messageError}
                rows={3}
              />
              <SubmitButton>{t("event.message.submit")}</SubmitButton>
            </form>
          </section>
        )}
      </article>
    </Layout>
  );
}
