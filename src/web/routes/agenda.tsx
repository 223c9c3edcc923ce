/**
 * The agenda: `/agenda` (upcoming, past, by month), event pages
 * (`/events/{id}`, `/events/{id}_{YYYYMMDD}` for one date of a recurring
 * event), the create/edit/cancel forms, RSVP and "message everyone" for
 * organisers, finding an event elsewhere by its link, and the feeds
 * (`/agenda.ics`, `/events/{id}/calendar.ics`, `/feed.atom`).
 * Server-rendered, no JavaScript; every form posts and redirects (303) or
 * re-renders with what was typed and a translated error.  The event form
 * is multipart: its image goes through the compose form's pipeline
 * (`uploadImage`: type by content, size limit, metadata stripped, resized,
 * stored under the data directory), and an image accepted before an error
 * is kept for the next attempt.
 */
import type { Context, MiddlewareHandler } from "hono";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  answerEvent,
  cancelEvent,
  createEvent,
  EVENT_VISIBILITIES,
  type EventDraft,
  type EventImageError,
  type EventImageInput,
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
  decodeAgendaCursor,
  encodeAgendaCursor,
  pastAgenda,
  upcomingAgenda,
} from "../../app/agenda-queries.ts";
import type { AppContext } from "../../app/context.ts";
import type { EventEntry } from "../../app/event-ports.ts";
import { discardPendingMedia, findPendingMedia, uploadImage } from "../../app/media.ts";
import type { ImageStore } from "../../app/ports.ts";
import { MAX_DESCRIPTION_LENGTH } from "../../app/posts.ts";
import { IMAGE_LIMITS } from "../../media/image-store.ts";
import { canRead } from "../../app/visibility.ts";
import { listedVisibilities } from "../../domain/post.ts";
import { plainTextToHtml } from "../../domain/text.ts";
import { displayNameOf, handleOf } from "../../domain/actor.ts";
import {
  describeRrule,
  EVENT_CATEGORIES,
  formatAddress,
  hasRoom,
  instantToWallTime,
  occurrenceByKey,
  occurrencesBetween,
  RECURRENCES,
  RSVP_STATUSES,
  type RsvpStatus,
  wallTimeToInstant,
} from "../../domain/event.ts";
import type { BuurtFederation } from "../../federation/deps.ts";
import { eventPathId, parseEventPathId } from "../../federation/agenda.ts";
import { resolveRemoteEvent } from "../../federation/event-lookup.ts";
import { type Locale, type MessageKey, translator, type Translator } from "../../../views/i18n/index.ts";
import { type AgendaGroup, AgendaPage } from "../../../views/pages/agenda.tsx";
import { ErrorPage } from "../../../views/pages/error.tsx";
import { type EventFormValues, EventFormPage } from "../../../views/pages/event-form.tsx";
import { type AttendeeView, EventPage } from "../../../views/pages/event.tsx";
import { atomFeed, type CalendarItem, icalendar } from "../calendar.ts";
import type { WebEnv } from "../env.ts";
import { formText, imageProblemText } from "../forms.ts";
import {
  actorHref,
  answerLabel,
  categoryLabel,
  eventImage,
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
import { claimSubmission, firstPostLike, releaseSubmission } from "../repeats.ts";
import { renderPage } from "../render.ts";
import { safeUrl, sanitizeHtml } from "../sanitize.ts";

export interface AgendaRoutesOptions {
  app: AppContext;
  federation: BuurtFederation;
  /** Public origin (absolute links in feeds). */
  origin: URL;
  /** Uploaded images (an event's image). */
  images: ImageStore;
}

const MB = 1024 * 1024;

/**
 * Largest event form request: 32 MB for the photo and 1 MB for the rest.
 * The photo itself may be at most `IMAGE_LIMITS.maxBytes`, but a larger
 * one (straight from a camera) still reaches the form, which then refuses
 * it with a reason and keeps everything typed; only beyond this limit is
 * the form lost (as on the compose form).
 */
export const EVENT_BODY_LIMIT = 4 * IMAGE_LIMITS.maxBytes + MB;

/**
 * Refuses an event form (or any other POST under `/events`) larger than
 * `EVENT_BODY_LIMIT` before anything reads its body: mount it before the
 * CSRF check, which parses forms.  The member goes back to the form they
 * came from with an explanation (the body cannot be read, so what they
 * typed is lost; the limit is generous).
 */
export function eventBodyLimit(maxSize = EVENT_BODY_LIMIT): MiddlewareHandler<WebEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => {
      const editing = new RegExp(`^/events/(${UUID})/edit$`).exec(c.req.path);
      return c.redirect(editing == null ? "/events/new?error=too_large" : `/events/${editing[1]}/edit?error=too_large`, 303);
    },
  });
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

type Body = Record<string, string | File | (string | File)[]>;

function formInput(body: Body): EventFormInput {
  return {
    title: formText(body, "title"),
    description: formText(body, "description"),
    startDate: formText(body, "start"),
    startTime: formText(body, "startTime"),
    endDate: formText(body, "endDate"),
    endTime: formText(body, "endTime"),
    allDay: formText(body, "allDay") !== "",
    timezone: formText(body, "timezone"),
    locationName: formText(body, "locationName"),
    streetAddress: formText(body, "streetAddress"),
    postalCode: formText(body, "postalCode"),
    locality: formText(body, "locality"),
    latitude: formText(body, "latitude"),
    longitude: formText(body, "longitude"),
    onlineUrl: formText(body, "onlineUrl"),
    capacity: formText(body, "capacity"),
    category: formText(body, "category"),
    recurrence: formText(body, "recurrence"),
    repeatUntil: formText(body, "repeatUntil"),
    visibility: formText(body, "visibility"),
    poll: formText(body, "poll") !== "",
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

/** Where a refused event image shows its reason. */
function imageErrors(t: Translator, error: EventImageError): Record<string, string> {
  switch (error) {
    case "image_not_found":
      return { image: t("event.error.image_not_found") };
    case "image_description_missing":
      return { imageAlt: t("event.error.image_description_missing") };
    case "image_description_too_long":
      return { imageAlt: t("event.error.image_description_too_long", { max: MAX_DESCRIPTION_LENGTH }) };
  }
}

function isImageError(error: string): error is EventImageError {
  return error === "image_not_found" || error === "image_description_missing" || error === "image_description_too_long";
}

/** The form's values for an existing event (editing), with its current image. */
function valuesOf(entry: EventEntry, image: { id: string; url: string; alt: string } | null): EventFormValues {
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
    image: image == null ? null : { id: image.id, url: image.url },
    imageAlt: image?.alt ?? "",
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
    status: 200 | 413 | 422 = 200,
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

  /** The event's current image (its media, for the edit form), or `null`. */
  async function currentImage(entry: EventEntry): Promise<{ id: string; url: string; alt: string } | null> {
    const media = (await repos.media.listByPost(entry.post.id))[0];
    return media == null ? null : { id: media.id, url: app.iris.media(media.file), alt: media.description ?? "" };
  }

  /**
   * The image part of a submitted event form: a new file, stored through
   * the image pipeline (replacing an upload kept from an earlier attempt);
   * else the image kept from before (`image_id`: the event's current image
   * or the member's own unused upload), unless taken out (`image_remove`).
   * An image needs its alt text.
   *
   * @returns The image (or `null`), its alt text as typed, and problems by field (`image`, `imageAlt`).
   */
  async function submittedImage(
    c: Context<WebEnv>,
    body: Body,
    username: string,
    current: { id: string; url: string } | null,
  ): Promise<{ image: { id: string; url: string } | null; alt: string; errors: Record<string, string> }> {
    const t = c.get("t");
    const alt = formText(body, "imageAlt");
    const errors: Record<string, string> = {};
    const keptId = formText(body, "image_id").slice(0, 100);
    const kept = keptId === ""
      ? null
      : current != null && keptId === current.id
      ? current
      : await findPendingMedia(app, { username, mediaId: keptId }).then((m) => m == null ? null : { id: m.id, url: app.iris.media(m.file) });
    const upload = body.image instanceof File && body.image.size > 0 ? body.image : null;
    let image: { id: string; url: string } | null = formText(body, "image_remove") === "" ? kept : null;
    if (kept != null && kept !== current && (upload != null || image == null)) {
      // An earlier upload that is replaced or taken out is thrown away.
      await discardPendingMedia(app, options.images, { username, mediaId: kept.id });
    }
    if (upload != null) {
      const name = upload.name || t("event.form.image");
      if (upload.size > IMAGE_LIMITS.maxBytes) {
        errors.image = imageProblemText(t, "image_too_large", name);
      } else {
        const stored = await uploadImage(app, options.images, {
          username,
          bytes: new Uint8Array(await upload.arrayBuffer()),
          description: alt,
        });
        if (stored.ok) image = { id: stored.value.id, url: app.iris.media(stored.value.file) };
        else errors.image = stored.error === "actor_not_found" ? t("event.error.image_not_found") : imageProblemText(t, stored.error, name);
      }
    }
    if (image != null && alt.trim() === "") Object.assign(errors, imageErrors(t, "image_description_missing"));
    else if (image != null && [...alt.trim()].length > MAX_DESCRIPTION_LENGTH) {
      Object.assign(errors, imageErrors(t, "image_description_too_long"));
    }
    return { image, alt, errors };
  }

  /** A too-large request came back to the form (`?error=too_large`): its explanation. */
  function tooLarge(c: Context<WebEnv>): Record<string, string> {
    return c.req.query("error") === "too_large"
      ? { image: c.get("t")("event.error.upload_too_large", { max: Math.round(EVENT_BODY_LIMIT / MB) }) }
      : {};
  }

  // --- the agenda ---------------------------------------------------------

  routes.get("/agenda", async (c) => {
    const pc = await pageContext(c, repos);
    const { t, lang } = pc;
    const viewer = c.get("viewer");
    const visibilities = listedVisibilities(viewer != null);
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
      const page = await pastAgenda(app, now, {
        visibilities,
        limit: PAGE_SIZE,
        cursor: decodeAgendaCursor(c.req.query("before")),
      });
      items = page.items;
      if (page.next != null) nextUrl = `/agenda?view=past&before=${encodeURIComponent(encodeAgendaCursor(page.next))}`;
      nextLabel = t("agenda.earlier");
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
      if (page.next != null) nextUrl = `/agenda?after=${encodeURIComponent(encodeAgendaCursor(page.next))}`;
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
    const url = formText(body, "url").trim();
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
    const { postId, occurrence } = parseEventPathId(c.req.param("id"));
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
      repeatUntil: "", visibility: "public", poll: false, image: null, imageAlt: "",
    };
    const problem = tooLarge(c);
    return await formPage(c, null, empty, problem, Object.keys(problem).length > 0 ? 413 : 200);
  });

  routes.post("/events", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const body = await c.req.parseBody();
    const input = formInput(body);
    const picture = await submittedImage(c, body, viewer.member.username, null);
    const values: EventFormValues = { ...input, image: picture.image, imageAlt: picture.alt };
    const parsed = parseEventDraft(input);
    const errors = { ...(parsed.ok ? {} : formErrors(c.get("t"), parsed.problems)), ...picture.errors };
    if (!parsed.ok || Object.keys(errors).length > 0) return await formPage(c, null, values, errors, 422);
    // The same event sent again (double click, the browser re-sending the form): lead to the first.
    const content = [input, picture.image != null];
    if (!await claimSubmission(repos.rateLimits, "event", viewer.member.id, content)) {
      const first = await firstPostLike(repos, viewer.actor.id, (post) => post.type === "Event" && post.name === parsed.value.title);
      if (first != null) return c.redirect(`/events/${first.id}?notice=created`, 303);
    }
    const t = translator(await buurtLanguage());
    const image: EventImageInput | null = picture.image == null ? null : { mediaId: picture.image.id, description: picture.alt };
    const created = await createEvent(app, {
      authorUsername: viewer.member.username,
      draft: parsed.value,
      describe: await describer(parsed.value),
      pollOptionNames: { going: t("rsvp.going"), maybe: t("rsvp.maybe"), notGoing: t("rsvp.not_going") },
      image,
    });
    if (!created.ok) await releaseSubmission(repos.rateLimits, "event", viewer.member.id, content);
    if (!created.ok && isImageError(created.error)) {
      return await formPage(c, null, values, imageErrors(c.get("t"), created.error), 422);
    }
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
    const problem = tooLarge(c);
    return await formPage(c, entry, valuesOf(entry, await currentImage(entry)), problem, Object.keys(problem).length > 0 ? 413 : 200);
  });

  routes.post(`/events/:id{${UUID}}/edit`, async (c) => {
    const entry = await manageable(c, c.req.param("id"));
    if (entry instanceof Response) return entry;
    const username = c.get("viewer")!.member.username;
    const body = await c.req.parseBody();
    const input = { ...formInput(body), visibility: entry.post.visibility, poll: entry.details.pollOptions != null };
    const current = await currentImage(entry);
    const picture = await submittedImage(c, body, username, current);
    const values: EventFormValues = { ...input, image: picture.image, imageAlt: picture.alt };
    const parsed = parseEventDraft(input);
    const errors = { ...(parsed.ok ? {} : formErrors(c.get("t"), parsed.problems)), ...picture.errors };
    if (!parsed.ok || Object.keys(errors).length > 0) return await formPage(c, entry, values, errors, 422);
    // No image now: remove the one the event had (if any); else keep, re-describe or replace it.
    const image: EventImageInput | null | undefined = picture.image == null
      ? (current == null ? undefined : null)
      : { mediaId: picture.image.id, description: picture.alt };
    const updated = await updateEvent(app, {
      postId: entry.post.id,
      editorUsername: username,
      draft: parsed.value,
      describe: await describer(parsed.value),
      image,
    }, options.images);
    if (!updated.ok && isImageError(updated.error)) {
      return await formPage(c, entry, values, imageErrors(c.get("t"), updated.error), 422);
    }
    if (!updated.ok) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={403} />), 403);
    return c.redirect(`/events/${entry.post.id}?notice=updated`, 303);
  });

  routes.post(`/events/:id{${UUID}}/cancel`, async (c) => {
    const entry = await manageable(c, c.req.param("id"));
    if (entry instanceof Response) return entry;
    const occurrence = formText(await c.req.parseBody(), "occurrence").trim();
    const result = await cancelEvent(app, {
      postId: entry.post.id,
      editorUsername: c.get("viewer")!.member.username,
      occurrence: occurrence === "" ? null : occurrence,
    });
    if (!result.ok) return c.html(renderPage(<ErrorPage {...await pageContext(c, repos)} status={404} />), 404);
    // An occurrence only means something for a recurring event (a forged one must not lead to a broken address).
    return c.redirect(`${eventPageUrl(entry, entry.details.rrule == null ? "" : occurrence)}?notice=cancelled`, 303);
  });

  // --- an event's page, RSVP, messages -------------------------------------

  async function eventPage(
    c: Context<WebEnv>,
    id: string,
    extra: { error?: string | null; messageText?: string; messageError?: string | null; status?: 200 | 403 | 404 | 409 | 422 } = {},
  ) {
    const pc = await pageContext(c, repos);
    const { t, lang } = pc;
    const viewer = c.get("viewer");
    const { postId, occurrence: key } = parseEventPathId(id);
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
    const full = !hasRoom(details.capacity, counts.going);
    const mine = viewer == null ? null : await repos.rsvps.find(post.id, occurrenceKey, viewer.actor.id);
    const past = Date.parse(occurrence.endAt ?? occurrence.startAt) < Date.now();
    const origin = originOf(entry);
    const list = viewer == null ? null : await repos.rsvps.list(post.id, occurrenceKey);
    const person = (r: NonNullable<typeof list>[number]): AttendeeView => ({
      name: displayNameOf(r.actor),
      handle: handleOf(r.actor),
      url: actorHref(r.actor),
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
    const image = eventImage(entry);
    const notice = c.req.query("notice");
    // Our own events show what the organiser wrote (the federated content adds when/where, shown above).
    const description = post.local
      ? post.source == null || post.source.trim() === "" ? null : sanitizeHtml(plainTextToHtml(post.source))
      : sanitizeHtml(post.contentHtml);
    return c.html(renderPage(
      <EventPage
        {...pc}
        iri={post.local && post.visibility === "public" && (details.rrule == null || occurrenceKey !== "")
          ? app.iris.event(eventPathId(post.id, occurrenceKey))
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
          image: image == null ? null : { url: image.url, alt: image.alt },
          going: counts.going,
          maybe: counts.maybe,
          capacity: details.capacity,
          full,
          icsUrl: `/events/${id}/calendar.ics`,
          otherDates: others,
        }}
        rsvp={viewer == null ? null : {
          action: `${eventPageUrl(entry, occurrenceKey)}/rsvp`,
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
          messageAction: `${eventPageUrl(entry, occurrenceKey)}/message`,
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
    const { postId, occurrence } = parseEventPathId(id);
    const status = formText(await c.req.parseBody(), "status") as RsvpStatus;
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
    const { postId, occurrence } = parseEventPathId(id);
    const text = formText(await c.req.parseBody(), "message");
    const result = await messageAttendees(app, { username: viewer.member.username, postId, occurrence, text });
    if (!result.ok) {
      const t = c.get("t");
      const known = ["no_attendees", "post_empty", "post_too_long", "not_allowed", "event_not_found"];
      const message = t(`event.message.error.${known.includes(result.error) ? result.error : "failed"}` as MessageKey);
      // Someone who is not the organiser has no message form on the page: tell them at the top.
      if (result.error === "not_allowed") return await eventPage(c, id, { error: message, status: 403 });
      return await eventPage(c, id, { messageText: text, messageError: message, status: 422 });
    }
    return c.redirect(`/events/${id}?notice=messaged`, 303);
  });

  return routes;
}
