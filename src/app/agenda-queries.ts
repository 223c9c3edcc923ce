/**
 * Reading the agenda: occurrences of events in a window, upcoming and past,
 * with recurring events expanded (their occurrences are never stored).
 */
import { type Occurrence, occurrencesBetween } from "../domain/event.ts";
import type { Visibility } from "../domain/post.ts";
import type { AppContext } from "./context.ts";
import type { EventEntry } from "./event-ports.ts";

/** One line of the agenda: an event and one of its occurrences. */
export interface AgendaItem {
  entry: EventEntry;
  occurrence: Occurrence;
}

function byStart(a: AgendaItem, b: AgendaItem): number {
  const d = Date.parse(a.occurrence.startAt) - Date.parse(b.occurrence.startAt);
  if (d !== 0) return d;
  const ka = `${a.entry.post.id}_${a.occurrence.key}`;
  const kb = `${b.entry.post.id}_${b.occurrence.key}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * Occurrences overlapping `[from, to)`, earliest first.
 * @param options.localOnly Only this buurt's own events.
 */
export async function agendaBetween(
  ctx: AppContext,
  from: string,
  to: string,
  options: { visibilities: Visibility[]; localOnly?: boolean },
): Promise<AgendaItem[]> {
  const entries = await ctx.repos.events.listOverlapping(from, to, options);
  const items: AgendaItem[] = [];
  for (const entry of entries) {
    for (const occurrence of occurrencesBetween(entry.details, from, to)) items.push({ entry, occurrence });
  }
  return items.sort(byStart);
}

/** A position in the upcoming list: the start instant and key of the last item shown. */
export interface AgendaCursor {
  startAt: string;
  key: string;
}

/** Encodes a cursor for a URL. */
export function encodeAgendaCursor(cursor: AgendaCursor): string {
  return `${cursor.startAt}~${cursor.key}`;
}

/** Decodes a cursor; `null` when malformed. */
export function decodeAgendaCursor(text: string | null | undefined): AgendaCursor | null {
  if (text == null) return null;
  const i = text.indexOf("~");
  if (i <= 0) return null;
  const startAt = text.slice(0, i);
  if (!Number.isFinite(Date.parse(startAt))) return null;
  return { startAt, key: text.slice(i + 1) };
}

/** "Upcoming" and "past" read the agenda a year at a time, in days. */
const WINDOW_DAYS = 366;
/** At most this many years are read for one page (the agenda looks no further ahead or back). */
const MAX_WINDOWS = 25;
const DAY_MS = 86_400_000;
/** The far end of time, for "is there anything after …" questions. */
const END_OF_TIME = "9999-12-31T00:00:00.000Z";

function itemKey(item: AgendaItem): string {
  return `${item.entry.post.id}_${item.occurrence.key}`;
}

/** Whether an item comes after the cursor in the agenda's order (start, then key). */
function after(item: AgendaItem, cursor: AgendaCursor): boolean {
  const d = Date.parse(item.occurrence.startAt) - Date.parse(cursor.startAt);
  return d > 0 || (d === 0 && itemKey(item) > cursor.key);
}

function shift(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/**
 * Occurrences that have not ended by `now`, earliest first, after `cursor`.
 * The agenda is read a year at a time, on until the page is full or
 * nothing later is planned, so an event years ahead is still reached
 * (recurring events are expanded one window at a time).
 *
 * @returns The page, and the cursor of the next page (`null` when nothing follows).
 */
export async function upcomingAgenda(
  ctx: AppContext,
  now: string,
  options: { visibilities: Visibility[]; limit: number; cursor?: AgendaCursor | null },
): Promise<{ items: AgendaItem[]; next: AgendaCursor | null }> {
  const cursor = options.cursor ?? null;
  let from = cursor != null && Date.parse(cursor.startAt) > Date.parse(now) ? cursor.startAt : now;
  const items: AgendaItem[] = [];
  let exhausted = false;
  for (let window = 0; window < MAX_WINDOWS && items.length <= options.limit; window++) {
    const to = shift(from, WINDOW_DAYS);
    const first = window === 0;
    items.push(
      ...(await agendaBetween(ctx, from, to, options)).filter((i) =>
        Date.parse(i.occurrence.endAt ?? i.occurrence.startAt) >= Date.parse(now) &&
        // Ongoing ones show on the first page; later, one that began in the previous window was listed there.
        (first || Date.parse(i.occurrence.startAt) >= Date.parse(from)) &&
        (cursor == null || after(i, cursor))
      ),
    );
    from = to;
    if (items.length <= options.limit && !await anyOccurrenceBetween(ctx, from, END_OF_TIME, options)) {
      exhausted = true;
      break;
    }
  }
  return agendaPage(items, options.limit, exhausted ? null : from);
}

/**
 * Occurrences that ended before `now`, latest first, before `cursor`.  The
 * agenda is read back a year at a time until the page is full or nothing
 * older exists.
 *
 * @returns The page, and the cursor of the next (earlier) page (`null` when nothing is older).
 */
export async function pastAgenda(
  ctx: AppContext,
  now: string,
  options: { visibilities: Visibility[]; limit: number; cursor?: AgendaCursor | null },
): Promise<{ items: AgendaItem[]; next: AgendaCursor | null }> {
  const cursor = options.cursor ?? null;
  let to = cursor != null && Date.parse(cursor.startAt) < Date.parse(now) ? cursor.startAt : now;
  const items: AgendaItem[] = [];
  let exhausted = false;
  for (let window = 0; window < MAX_WINDOWS && items.length <= options.limit; window++) {
    const from = shift(to, -WINDOW_DAYS);
    // Up to `to` inclusive: occurrences at the cursor's instant with a smaller key come next.
    const found = (await agendaBetween(ctx, from, new Date(Date.parse(to) + 1).toISOString(), options))
      .filter((i) =>
        Date.parse(i.occurrence.endAt ?? i.occurrence.startAt) < Date.parse(now) &&
        // One that began before this window belongs to the next.
        Date.parse(i.occurrence.startAt) >= Date.parse(from) &&
        (window === 0 || Date.parse(i.occurrence.startAt) < Date.parse(to)) &&
        (cursor == null || (!after(i, cursor) && itemKey(i) !== cursor.key))
      );
    items.push(...found.reverse());
    to = from;
    if (items.length <= options.limit && (await ctx.repos.events.listStartedBefore(to, options, 1)).length === 0) {
      exhausted = true;
      break;
    }
  }
  return agendaPage(items, options.limit, exhausted ? null : to);
}

/**
 * The first `limit` of the items read, and where the next page starts:
 * after the page's last item when more were read, else at `resumeAt` (the
 * end of what was read), or nowhere (`null`) when nothing further exists.
 */
function agendaPage(
  items: AgendaItem[],
  limit: number,
  resumeAt: string | null,
): { items: AgendaItem[]; next: AgendaCursor | null } {
  const page = items.slice(0, limit);
  const last = page[page.length - 1];
  const next = items.length > limit && last != null
    ? { startAt: last.occurrence.startAt, key: itemKey(last) }
    : resumeAt == null
    ? null
    : { startAt: resumeAt, key: "" };
  return { items: page, next };
}

/** Whether any event visible with these options has an occurrence starting in `[from, to)`. */
async function anyOccurrenceBetween(
  ctx: AppContext,
  from: string,
  to: string,
  options: { visibilities: Visibility[] },
): Promise<boolean> {
  const entries = await ctx.repos.events.listOverlapping(from, to, { visibilities: options.visibilities });
  return entries.some((entry) =>
    // The first occurrences may have begun before `from` and still run; a few suffice.
    occurrencesBetween(entry.details, from, to, 3).some((o) => Date.parse(o.startAt) >= Date.parse(from))
  );
}
