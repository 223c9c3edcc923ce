/**
 * The agenda: `/agenda` (upcoming, past, by month), event pages
 * (`/events/{id}`, `/events/{id}_{YYYYMMDD}` for one date of a recurring
 * event), the create/edit/cancel forms, RSVP and "message everyone" for
 * organisers, finding an event elsewhere by its link, and the feeds
 * (`/agenda.ics`, `/events/{id}/calendar.ics`, `/feed.atom`).
 * Server-rendered, no JavaScript; every form posts and redirects (303) or
 * re-renders with what was typed and a translated error.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import {
  answerEvent,
  cancelEvent,
  createEvent,
  EVENT_VISIBILITIES,
  type EventDraft,
  type EventFormInput,
  type EventProblems,
  mayManageEvent,
  messageAttendees,
  parseEventDraft,
  updateEvent,
} from "../../app/agenda.ts";
import {
  agendaBetween,
  type AgendaItem,
  agendaVisibilities,
  decodeAgendaCursor,
  encodeAgendaCursor,
  pastAgenda,
  upcomingAgenda,
} from "../../app/agenda-queries.ts";
import type { AppContext } from "../../app/context.ts";
import type { EventEntry } from "../../app/event-ports.ts";
import { canRead } from "../../app/visibility.ts";
import { plainTextToHtml } from "../../domain/text.ts";
import { displayNameOf, handleOf } from "../../domain/actor.ts";
import {
  describeRrule,
  EVENT_CATEGORIES,
  formatAddress,
  instantToWallTime,
  occurrenceByKey,
  occurrencesBetween,
  RECURRENCES,
  RSVP_STATUSES,
  type RsvpStatus,
  wallTimeToInstant,
} from "../../domain/event.ts";
import type { BuurtFederation } from "../../federation/deps.ts";
import { resolveRemoteEvent } from "../../federation/event-lookup.ts";
import { type Locale, type MessageKey, translator, type Translator } from "../../../views/i18n/index.ts";
import { type AgendaGroup, AgendaPage } from "../../../views/pages/agenda.tsx";
import { ErrorPage } from "../../../views/pages/error.tsx";
import { type EventFormValues, EventFormPage } from "../../../views/pages/event-form.tsx";
import { type AttendeeView, EventPage } from "../../../views/pages/event.tsx";
import { atomFeed, type CalendarItem, icalendar } from "../calendar.ts";
import type { WebEnv } from "../env.ts";
import {
  answerLabel,
  categoryLabel,
  eventPageUrl,
  formatDay,
  formatWhen,
  mapUrl,
  organizerOf,
  originOf,
  presentEventCard,
  recurrenceLabel,
  statusLabel,
} from "../event-presenters.ts";
import { pageContext } from "../page-context.ts";
import { redirectToLogin } from "../reading.ts";
import { renderPage } from "../render.ts";
import { safeUrl, sanitizeHtml } from "../sanitize.ts";

export interface AgendaRoutesOptions {
  app: AppContext;
  federation: BuurtFederation;
  /** Public origin (absolute links in feeds). */
  origin: URL;
}

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
/** An event page id: a post id, optionally `_YYYYMMDD` for one occurrence. */
const EVENT_ID = `{${UUID}(?:_\\d{8})?}`;
const PAGE_SIZE = 30;

const NOTICES: Readonly<Record<string, MessageKey>> = {
  created: "event.notice.created",
  updated: "event.notice.updated",
  cancelled: "event.notice.cancelled",
  answered: "event.notice.answered",
  pending: "event.notice.pending",
  messaged: "event.notice.messaged",
};

/** Zones offered in the form: the buurt's first, then Europe's and the world's usual ones. */
function timezoneOptions(buurtZone: string, current: string): Array<{ value: string; label: string }> {
  const zones = new Set([buurtZone, current, ...Intl.supportedValuesOf("timeZone")]);
  return [...zones].filter((z) => z !== "").map((z) => ({ value: z, label: z.replace(/_/g, " ") }));
}

function splitId(id: string): { postId: string; occurrence: string } {
  const i = id.indexOf("_");
  return i < 0 ? { postId: id, occurrence: "" } : { postId: id.slice(0, i), occurrence: id.slice(i + 1) };
}

type Body = Record<string, string | File | (string | File)[]>;

function field(body: Body, name: string): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : "";
}

function formInput(body: Body): EventFormInput {
  return {
    title: field(body, "title"),
    description: field(body, "description"),
    startDate: field(body, "start"),
    startTime: field(body, "startTime"),
    endDate: field(body, "endDate"),
    endTime: field(body, "endTime"),
    allDay: field(body, "allDay") !== "",
    timezone: field(body, "timezone"),
    locationName: field(body, "locationName"),
    streetAddress: field(body, "streetAddress"),
    postalCode: field(body, "postalCode"),
    locality: field(body, "locality"),
    latitude: field(body, "latitude"),
    longitude: field(body, "longitude"),
    onlineUrl: field(body, "onlineUrl"),
    capacity: field(body, "capacity"),
    category: field(body, "category"),
    recurrence: field(body, "recurrence"),
    repeatUntil: field(body, "repeatUntil"),
    visibility: field(body, "visibility"),
    poll: field(body, "poll") !== "",
  };
}

/** Translated problems, keyed by the form field that shows them. */
function formErrors(t: Translator, problems: EventProblems): Record<string, string> {
  const fieldOf: Record<string, string> = { end: "endDate", coordinates: "latitude" };
  const errors: Record<string, string> = {};
  for (const [f, code] of Object.entries(problems)) {
    if (code != null) errors[fieldOf[f] ?? f] = t(`event.error.${code}` as MessageKey);
  }
  return errors;
}

/** The form's values for an existing event (editing). */
function valuesOf(entry: EventEntry): EventFormValues {
  const d = entry.details;
  const start = instantToWallTime(d.startAt, d.timezone);
  const end = d.endAt == null ? null : instantToWallTime(d.endAt, d.timezone);
  const rule = describeRrule(d.rrule, d.timezone);
  return {
    title: entry.post.name ?? "",
    description: entry.post.source ?? "",
    startDate: d.allDay ? d.startDate ?? start.date : start.date,
    startTime: d.allDay ? "" : start.time,
    endDate: d.allDay ? (d.endDate === d.startDate ? "" : d.endDate ?? "") : end == null || end.date === start.date ? "" : end.date,
    endTime: d.allDay || end == null ? "" : end.time,
    allDay: d.allDay,
    timezone: d.timezone,
    locationName: d.locationName ?? "",
    streetAddress: d.address?.streetAddress ?? "",
    postalCode: d.address?.postalCode ?? "",
    locality: d.address?.addressLocality ?? "",
    latitude: d.latitude == null ? "" : String(d.latitude),
    longitude: d.longitude == null ? "" : String(d.longitude),
    onlineUrl: d.onlineUrl ?? "",
    capacity: d.capacity == null ? "" : String(d.capacity),
    category: d.category ?? "",
    recurrence: rule.recurrence,
    repeatUntil: rule.until ?? "",
    visibility: entry.post.visibility,
    poll: d.pollOptions != null,
  };
}

/** The agenda's routes. */
export function agendaRoutes(options: AgendaRoutesOptions): Hono<WebEnv> {
  const { app } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();
  const deps = { app, origin: options.origin };

  async function buurtLanguage(): Promise<Locale> {
    const language = (await repos.buurt.get())?.language;
    return language === "en" ? "en" : "nl";
  }

  /** The plain-text "when, where, how to join" block of federated content, in the buurt's language. */
  async function describer(draft: EventDraft): Promise<(iri: string) => string> {
    const lang = await buurtLanguage();
    const t = translator(lang);
    return (iri) => {
      const details = {
        ...draft.times,
        rrule: draft.rrule,
        cancelledOccurrences: [],
        status: "scheduled" as const,
      };
      const first = occurrencesBetween(details, draft.times.startAt, "9999-12-31T00:00:00Z", 1)[0];
      const lines: string[] = [];
      if (first != null) lines.push(t("event.federated.when", { when: formatWhen(first, details, lang), zone: draft.times.timezone }));
      const rule = draft.rrule == null ? null : recurrenceLabel(t, { ...details, rrule: draft.rrule } as never, lang);
      if (rule != null) lines.push(rule);
      const place = [draft.locationName, formatAddress(draft.address)].filter(Boolean).join(", ");
      if (place !== "") lines.push(t("event.federated.where", { place }));
      if (draft.onlineUrl != null) lines.push(t("event.federated.online", { url: draft.onlineUrl }));
      lines.push(t("event.federated.join", { url: iri }));
      if (draft.poll) lines.push(t("event.federated.poll"));
      return lines.join("\n");
    };
  }

  async function formPage(
    c: Context<WebEnv>,
    editing: EventEntry | null,
    values: EventFormValues,
    errors: Record<string, string>,
    status: 200 | 422 = 200,
  ) {
    const pc = await pageContext(c, repos);
    const { t } = pc;
    return c.html(
      renderPage(
        <EventFormPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          action={editing == null ? "/events" : `/events/${editing.post.id}/edit`}
          editing={editing != null}
          values={values}
          errors={errors}
          categories={[
            { value: "", label: t("event.form.category.none") },
            ...EVENT_CATEGORIES.map((cat) => ({ value: cat, label: categoryLabel(t, cat)! })),
          ]}
          timezones={timezoneOptions(pc.buurt.timezone, values.timezone)}
          recurrences={RECURRENCES.map((r) => ({ value: r, label: t(`recurrence.${r}` as MessageKey) }))}
          visibilities={EVENT_VISIBILITIES.map((v) => ({ value: v, label: t(`event.visibility.${v}` as MessageKey) }))}
        />,
      ),
      status,
    );
  }

  // --- the agenda ---------------------------------------------------------

  routes.get("/agenda", async (c) => {
    const pc = await pageContext(c, repos);
    const { t, lang } = pc;
    const viewer = c.get("viewer");
    const visibilities = agendaVisibilities(viewer != null);
    const zone = pc.buurt.timezone;
    const now = new Date().toISOString();
    let tab: "upcoming" | "past" | "month" = "upcoming";
    let items: AgendaItem[];
    let heading: string;
    let previousUrl: string | null = null;
    let nextUrl: string | null = null;
    let previousLabel: string | undefined;
    let nextLabel: string | undefined;
    const month = c.req.query("month");
    if (c.req.query("view") === "past") {
      tab = "past";
      heading = t("agenda.past.heading");
      items = await pastAgenda(app, now, { visibilities, limit: PAGE_SIZE });
    } else if (month != null) {
      tab = "month";
      const chosen = /^\d{4}-\d{2}$/.test(month) ? month : instantToWallTime(now, zone).date.slice(0, 7);
      const [y, m] = chosen.split("-").map(Number) as [number, number];
      const first = `${chosen}-01`;
      const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
      const previous = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
      items = await agendaBetween(app, wallTimeToInstant(first, "00:00", zone), wallTimeToInstant(`${next}-01`, "00:00", zone), { visibilities });
      heading = new Intl.DateTimeFormat(lang === "nl" ? "nl-NL" : "en-GB", { month: "long", year: "numeric", timeZone: "UTC" })
        .format(new Date(`${first}T00:00:00Z`));
      previousUrl = `/agenda?month=${previous}`;
      nextUrl = `/agenda?month=${next}`;
      previousLabel = t("agenda.month.previous");
      nextLabel = t("agenda.month.next");
    } else {
      heading = t("agenda.upcoming.heading");
      const page = await upcomingAgenda(app, now, {
        visibilities,
        limit: PAGE_SIZE,
        cursor: decodeAgendaCursor(c.req.query("after")),
      });
      items = page.items;
      const last = items[items.length - 1];
      if (page.more && last != null) nextUrl = `/agenda?after=${encodeURIComponent(encodeAgendaCursor(last))}`;
      nextLabel = t("agenda.later");
    }
    const mine = viewer == null ? [] : await repos.rsvps.listForActor(viewer.actor.id, [...new Set(items.map((i) => i.entry.post.id))]);
    const groups: AgendaGroup[] = [];
    for (const item of items) {
      const counts = await repos.rsvps.count(item.entry.post.id, item.occurrence.key);
      const own = mine.find((r) => r.postId === item.entry.post.id && r.occurrence === item.occurrence.key) ?? null;
      const card = presentEventCard(t, lang, item, counts, own);
      const label = formatDay(item.occurrence, item.entry.details, lang, zone);
      const group = groups[groups.length - 1];
      if (group?.label === label) group.events.push(card);
      else groups.push({ label, events: [card] });
    }
    const notice = c.req.query("notice");
    return c.html(renderPage(
      <AgendaPage
        {...pc}
        nav={{ ...pc.nav, current: "agenda" }}
        tab={tab}
        heading={heading}
        groups={groups}
        previousUrl={previousUrl}
        nextUrl={nextUrl}
        previousLabel={previousLabel}
        nextLabel={nextLabel}
        member={viewer != null}
        csrfToken={c.get("csrfToken")}
        lookup={{ value: "", error: null }}
        notice={notice == null || NOTICES[notice] == null ? null : t(NOTICES[notice]!)}
      />,
    ));
  });

  routes.post("/agenda/lookup", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const body = await c.req.parseBody();
    const url = field(body, "url").trim();
    const found = await resolveRemoteEvent(options.federation, deps, url);
    if (found.ok) return c.redirect(eventPageUrl(found.value, ""), 303);
    const pc = await pageContext(c, repos);
    const { t } = pc;
    return c.html(renderPage(
      <AgendaPage
        {...pc}
        tab="upcoming"
        heading={t("agenda.lookup.title")}
        groups={[]}
        previousUrl={null}
        nextUrl={null}
        member
        csrfToken={c.get("csrfToken")}
        lookup={{ value: url, error: t(`agenda.lookup.error.${found.error}` as MessageKey) }}
      />,
    ), 422);
  });

  // --- feeds --------------------------------------------------------------

  async function calendarItems(entries: EventEntry[], single: { entry: EventEntry; key: string } | null): Promise<CalendarItem[]> {
    const base = options.origin.origin;
    if (single != null) {
      const occurrence = single.key === "" && single.entry.details.rrule != null ? null : occurrenceByKey(single.entry.details, single.key);
      return [{ entry: single.entry, occurrence, url: `${base}${eventPageUrl(single.entry, single.key)}` }];
    }
    return entries.map((entry) => ({ entry, occurrence: null, url: `${base}${eventPageUrl(entry, "")}` }));
  }

  routes.get("/agenda.ics", async (c) => {
    const now = Date.now();
    const from = new Date(now - 30 * 86_400_000).toISOString();
    // Everything public from the last month on: calendars keep what they have seen.
    const entries = await repos.events.listOverlapping(from, "9999-12-31T00:00:00.000Z", { visibilities: ["public"] });
    const buurt = await repos.buurt.get();
    const text = icalendar(buurt?.actor.name ?? "buurt", await calendarItems(entries, null));
    return c.body(text, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="agenda.ics"',
    });
  });

  routes.get(`/events/:id${EVENT_ID}/calendar.ics`, async (c) => {
    const { postId, occurrence } = splitId(c.req.param("id"));
    const entry = await repos.events.findEntry(postId);
    const viewer = c.get("viewer");
    if (entry == null || !await canRead(app, entry.post, viewer?.actor ?? null)) return c.text("Not found", 404);
    const text = icalendar(entry.post.name ?? "event", await calendarItems([], { entry, key: occurrence }));
    return c.body(text, 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${c.req.param("id")}.ics"`,
    });
  });

  routes.get("/feed.atom", async (c) => {
    const buurt = await repos.buurt.get();
    const page = await repos.posts.listLocalPublic({ limit: 30 });
    const base = options.origin.origin;
    const text = atomFeed(
      { title: buurt?.actor.name ?? "buurt", origin: base, feedUrl: `${base}/feed.atom`, language: buurt?.language ?? "nl" },
      page.items,
    );
    return c.body(text, 200, { "Content-Type": "application/atom+xml; charset=utf-8" });
  });

  // --- creating, editing, cancelling ---------------------------------------

  routes.get("/events/new", async (c) => {
    if (c.get("viewer") == null) return redirectToLogin(c);
    const buurt = await repos.buurt.get();
    const empty: EventFormValues = {
      title: "", description: "", startDate: "", startTime: "", endDate: "", endTime: "", allDay: false,
      timezone: buurt?.timezone ?? "Europe/Amsterdam", locationName: "", streetAddress: "", postalCode: "",
      locality: "", latitude: "", longitude: "", onlineUrl: "", capacity: "", category: "", recurrence: "none",
      repeatUntil: "", visibility: "public", poll: false,
    };
    return await formPage(c, null, empty, {});
  });

  routes.post("/events", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const input = formInput(await c.req.parseBody());
    const parsed = parseEventDraft(input);
    if (!parsed.ok) return await formPage(c, null, input, formErrors(c.get("t"), parsed.problems), 422);
    const t = translator(await buurtLanguage());
    const created = await createEvent(app, {
      authorUsername: viewer.member.username,
      draft: parsed.value,
      describe: await describer(parsed.value),
      pollOptionNames: { going: t("rsvp.going"), maybe: t("rsvp.maybe"), notGoing: t("rsvp.not_going") },
    });
    if (!created.ok) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={403} />), 403);
    return c.redirect(`/events/${created.value.post.id}?notice=created`, 303);
  });

  async function manageable(c: Context<WebEnv>, postId: string): Promise<EventEntry | Response> {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const entry = await repos.events.findEntry(postId);
    if (entry == null || !entry.post.local) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={404} />), 404);
    if (!await mayManageEvent(app, viewer.member.username, entry)) {
      return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={403} />), 403);
    }
    return entry;
  }

  routes.get(`/events/:id{${UUID}}/edit`, async (c) => {
    const entry = await manageable(c, c.req.param("id"));
    if (entry instanceof Response) return entry;
    return await formPage(c, entry, valuesOf(entry), {});
  });

  routes.post(`/events/:id{${UUID}}/edit`, async (c) => {
    const entry = await manageable(c, c.req.param("id"));
    if (entry instanceof Response) return entry;
    const input = { ...formInput(await c.req.parseBody()), visibility: entry.post.visibility, poll: entry.details.pollOptions != null };
    const parsed = parseEventDraft(input);
    if (!parsed.ok) return await formPage(c, entry, input, formErrors(c.get("t"), parsed.problems), 422);
    const updated = await updateEvent(app, {
      postId: entry.post.id,
      editorUsername: c.get("viewer")!.member.username,
      draft: parsed.value,
      describe: await describer(parsed.value),
    });
    if (!updated.ok) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={403} />), 403);
    return c.redirect(`/events/${entry.post.id}?notice=updated`, 303);
  });

  routes.post(`/events/:id{${UUID}}/cancel`, async (c) => {
    const entry = await manageable(c, c.req.param("id"));
    if (entry instanceof Response) return entry;
    const occurrence = field(await c.req.parseBody(), "occurrence").trim();
    const result = await cancelEvent(app, {
      postId: entry.post.id,
      editorUsername: c.get("viewer")!.member.username,
      occurrence: occurrence === "" ? null : occurrence,
    });
    if (!result.ok) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={404} />), 404);
    return c.redirect(`${eventPageUrl(entry, occurrence)}?notice=cancelled`, 303);
  });

  // --- an event's page, RSVP, messages -------------------------------------

  async function eventPage(
    c: Context<WebEnv>,
    id: string,
    extra: { error?: string | null; messageText?: string; messageError?: string | null; status?: 200 | 404 | 409 | 422 } = {},
  ) {
    const pc = await pageContext(c, repos);
    const { t, lang } = pc;
    const viewer = c.get("viewer");
    const { postId, occurrence: key } = splitId(id);
    const entry = await repos.events.findEntry(postId);
    if (entry == null || !await canRead(app, entry.post, viewer?.actor ?? null)) {
      return c.html(renderPage(<ErrorPage {...pc} status={404} />), 404);
    }
    const { details, post } = entry;
    // A recurring event's own page shows its next date.
    let occurrenceKey = key;
    if (details.rrule != null && key === "") {
      const next = occurrencesBetween(details, new Date().toISOString(), "9999-12-31T00:00:00Z", 1)[0] ??
        occurrencesBetween(details, details.startAt, "9999-12-31T00:00:00Z", 1)[0];
      occurrenceKey = next?.key ?? "";
    }
    const occurrence = occurrenceByKey(details, occurrenceKey);
    if (occurrence == null) return c.html(renderPage(<ErrorPage {...pc} status={404} />), 404);
    const counts = await repos.rsvps.count(post.id, occurrenceKey);
    const full = details.capacity != null && counts.going >= details.capacity;
    const mine = viewer == null ? null : await repos.rsvps.find(post.id, occurrenceKey, viewer.actor.id);
    const past = Date.parse(occurrence.endAt ?? occurrence.startAt) < Date.now();
    const origin = originOf(entry);
    const list = viewer == null ? null : await repos.rsvps.list(post.id, occurrenceKey);
    const person = (r: NonNullable<typeof list>[number]): AttendeeView => ({
      name: displayNameOf(r.actor),
      handle: handleOf(r.actor),
      url: r.actor.local ? `/@${r.actor.username}` : safeUrl(r.actor.url) ?? safeUrl(r.actor.iri) ?? `/actors/${r.actor.id}`,
      note: r.rsvp.state === "pending"
        ? t("attendee.pending")
        : r.rsvp.state === "rejected"
        ? t("attendee.rejected")
        : r.rsvp.source === "poll_vote"
        ? t("attendee.poll")
        : null,
    });
    const manage = viewer != null && await mayManageEvent(app, viewer.member.username, entry);
    const others = details.rrule == null ? [] : occurrencesBetween(details, new Date().toISOString(), "9999-12-31T00:00:00Z", 6)
      .filter((o) => o.key !== occurrenceKey)
      .map((o) => ({ label: formatWhen(o, details, lang), url: eventPageUrl(entry, o.key) }));
    const image = post.attachments.find((a) => a.mediaType?.startsWith("image/") ?? /\.(png|jpe?g|gif|webp|avif)$/i.test(a.url));
    const notice = c.req.query("notice");
    // Our own events show what the organiser wrote (the federated content adds when/where, shown above).
    const description = post.local
      ? post.source == null || post.source.trim() === "" ? null : sanitizeHtml(plainTextToHtml(post.source))
      : sanitizeHtml(post.contentHtml);
    return c.html(renderPage(
      <EventPage
        {...pc}
        iri={post.local && post.visibility === "public" && (details.rrule == null || occurrenceKey !== "")
          ? app.iris.event(occurrenceKey === "" ? post.id : `${post.id}_${occurrenceKey}`)
          : null}
        event={{
          title: post.name ?? "",
          descriptionHtml: description === "" ? null : description,
          whenText: formatWhen(occurrence, details, lang),
          startIso: occurrence.startAt,
          zoneNote: details.timezone === pc.buurt.timezone || details.allDay ? null : t("event.zone", { zone: details.timezone }),
          recurrenceText: recurrenceLabel(t, details, lang),
          placeName: details.locationName,
          address: formatAddress(details.address),
          mapUrl: mapUrl(details),
          onlineUrl: safeUrl(details.onlineUrl),
          organizer: organizerOf(entry),
          origin,
          originalUrl: post.local ? null : safeUrl(post.url) ?? safeUrl(post.iri),
          cancelled: occurrence.cancelled,
          statusText: statusLabel(t, details.status),
          category: categoryLabel(t, details.category),
          image: image == null || safeUrl(image.url) == null ? null : { url: safeUrl(image.url)!, alt: image.description ?? "" },
          going: counts.going,
          maybe: counts.maybe,
          capacity: details.capacity,
          full,
          icsUrl: `/events/${id}/calendar.ics`,
          otherDates: others,
        }}
        rsvp={viewer == null ? null : {
          action: `/events/${post.id}${occurrenceKey === "" ? "" : `_${occurrenceKey}`}/rsvp`,
          csrfToken: c.get("csrfToken"),
          current: mine?.status ?? null,
          stateText: mine == null
            ? null
            : mine.state === "pending"
            ? t("rsvp.state.pending", { server: origin ?? "" })
            : mine.state === "rejected"
            ? t("rsvp.state.rejected")
            : answerLabel(t, mine),
          closedText: occurrence.cancelled ? t("rsvp.closed.cancelled") : past ? t("rsvp.closed.past") : null,
        }}
        loginUrl={viewer == null ? `/login?next=${encodeURIComponent(`/events/${id}`)}` : null}
        attendees={list == null ? null : {
          going: list.filter((r) => r.rsvp.status === "going").map(person),
          maybe: list.filter((r) => r.rsvp.status === "maybe").map(person),
          notGoing: list.filter((r) => r.rsvp.status === "not_going").map(person),
        }}
        manage={!manage ? null : {
          csrfToken: c.get("csrfToken"),
          editUrl: `/events/${post.id}/edit`,
          cancelAction: `/events/${post.id}/cancel`,
          occurrence: details.rrule == null ? null : occurrenceKey,
          messageAction: `/events/${post.id}${occurrenceKey === "" ? "" : `_${occurrenceKey}`}/message`,
          messageText: extra.messageText ?? "",
          messageError: extra.messageError ?? null,
        }}
        notice={notice == null || NOTICES[notice] == null ? null : t(NOTICES[notice]!)}
        error={extra.error ?? null}
      />,
    ), extra.status ?? 200);
  }

  routes.get(`/events/:id${EVENT_ID}`, async (c) => await eventPage(c, c.req.param("id")));

  routes.post(`/events/:id${EVENT_ID}/rsvp`, async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const id = c.req.param("id");
    const { postId, occurrence } = splitId(id);
    const status = field(await c.req.parseBody(), "status") as RsvpStatus;
    const t = c.get("t");
    if (!RSVP_STATUSES.includes(status)) return await eventPage(c, id, { error: t("rsvp.error.status"), status: 422 });
    const result = await answerEvent(app, { username: viewer.member.username, postId, occurrence, status });
    if (!result.ok) {
      const code = result.error === "event_full" ? 409 : result.error === "event_not_found" ? 404 : 422;
      return await eventPage(c, id, { error: t(`rsvp.error.${result.error}` as MessageKey), status: code });
    }
    return c.redirect(`/events/${id}?notice=${result.value.state === "pending" ? "pending" : "answered"}`, 303);
  });

  routes.post(`/events/:id${EVENT_ID}/message`, async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const id = c.req.param("id");
    const { postId, occurrence } = splitId(id);
    const text = field(await c.req.parseBody(), "message");
    const result = await messageAttendees(app, { username: viewer.member.username, postId, occurrence, text });
    if (!result.ok) {
      const t = c.get("t");
      const known = ["no_attendees", "post_empty", "post_too_long", "not_allowed", "event_not_found"];
      const message = t(`event.message.error.${known.includes(result.error) ? result.error : "failed"}` as MessageKey);
      return await eventPage(c, id, { messageText: text, messageError: message, status: result.error === "not_allowed" ? 422 : 422 });
    }
    return c.redirect(`/events/${id}?notice=messaged`, 303);
  });

  return routes;
}
