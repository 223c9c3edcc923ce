import { EventCard, type EventCardView } from "../components/event-card.tsx";
import { CsrfField, SubmitButton, TextField } from "../components/forms.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** A day (or month) heading with its events. */
export interface AgendaGroup {
  label: string;
  events: EventCardView[];
}

export interface AgendaPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** Which list: what is coming, what was, or one month. */
  tab: "upcoming" | "past" | "month";
  heading: string;
  groups: AgendaGroup[];
  /** Month navigation (month view) or the next page (upcoming). */
  previousUrl: string | null;
  nextUrl: string | null;
  previousLabel?: string;
  nextLabel?: string;
  /** Members may create events and look up events elsewhere. */
  member: boolean;
  csrfToken: string;
  lookup: { value: string; error: string | null };
  notice?: string | null;
}

/**
 * The agenda: upcoming events by day, past events, or one month, with the
 * iCalendar feed and (for members) "new event" and "answer an event
 * elsewhere" (paste its link).  No JavaScript.
 */
export function AgendaPage(props: AgendaPageProps) {
  const { t, lang, buurt, nav, tab, groups } = props;
  const tabLink = (name: AgendaPageProps["tab"], href: string, label: string) => (
    <li><a href={href} aria-current={tab === name ? "page" : undefined}>{label}</a></li>
  );
  return (
    <Layout t={t} lang={lang} title={t("agenda.title")} buurt={buurt} nav={nav}>
      <section class="intro agenda-intro">
        <h1>{t("agenda.title")}</h1>
        <p>{t("agenda.intro")}</p>
        {props.member && <p class="agenda-actions"><a class="button" href="/events/new">{t("agenda.new")}</a></p>}
        <ul class="feed-links">
          <li><a href="/agenda.ics" type="text/calendar">{t("agenda.ics")}</a></li>
          <li><a href="/feed.atom" type="application/atom+xml">{t("feed.atom.link")}</a></li>
        </ul>
      </section>
      {props.notice && <p class="notice" role="status">{props.notice}</p>}
      <nav aria-label={t("agenda.views")} class="tabs">
        <ul>
          {tabLink("upcoming", "/agenda", t("agenda.upcoming"))}
          {tabLink("month", "/agenda?month=", t("agenda.month"))}
          {tabLink("past", "/agenda?view=past", t("agenda.past"))}
        </ul>
      </nav>
      <h2>{props.heading}</h2>
      {groups.length === 0 && <p class="empty">{t("agenda.empty")}</p>}
      {groups.map((g) => (
        <section class="agenda-day">
          <h3 class="agenda-day-label">{g.label}</h3>
          {g.events.map((e) => <EventCard t={t} event={e} />)}
        </section>
      ))}
      {(props.previousUrl != null || props.nextUrl != null) && (
        <nav class="pager" aria-label={t("agenda.pages")}>
          {props.previousUrl != null && <a href={props.previousUrl} rel="prev">{props.previousLabel ?? t("agenda.previous")}</a>}
          {" "}
          {props.nextUrl != null && <a href={props.nextUrl} rel="next">{props.nextLabel ?? t("agenda.next")}</a>}
        </nav>
      )}
      {props.member && (
        <section class="agenda-lookup">
          <h2>{t("agenda.lookup.title")}</h2>
          <form method="post" action="/agenda/lookup">
            <CsrfField token={props.csrfToken} />
            <TextField
              name="url"
              type="url"
              label={t("agenda.lookup.label")}
              hint={t("agenda.lookup.hint")}
              value={props.lookup.value}
              error={props.lookup.error}
            />
            <SubmitButton secondary>{t("agenda.lookup.submit")}</SubmitButton>
          </form>
        </section>
      )}
    </Layout>
  );
}
