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

/** Who is looking: visitors see public events, members also buurt-only ones. */
export function agendaVisibilities(member: boolean): Visibility[] {
  return member ? ["public", "buurt"] : ["public"];
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
export function encodeAgendaCursor(item: AgendaItem): string {
  return `${item.occurrence.startAt}~${item.entry.post.id}_${item.occurrence.key}`;
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

/** How far ahead "upcoming" looks. */
const UPCOMING_DAYS = 366;

/**
 * Occurrences that have not ended by `now`, earliest first, after `cursor`.
 * @returns The page and whether there are more.
 */
export async function upcomingAgenda(
  ctx: AppContext,
  now: string,
  options: { visibilities: Visibility[]; limit: number; cursor?: AgendaCursor | null },
): Promise<{ items: AgendaItem[]; more: boolean }> {
  const to = new Date(Date.parse(now) + UPCOMING_DAYS * 86_400_000).toISOString();
  let items = await agendaBetween(ctx, now, to, options);
  const cursor = options.cursor;
  if (cursor != null) {
    items = items.filter((i) => {
      const d = Date.parse(i.occurrence.startAt) - Date.parse(cursor.startAt);
      return d > 0 || (d === 0 && `${i.entry.post.id}_${i.occurrence.key}` > cursor.key);
    });
  }
  return { items: items.slice(0, options.limit), more: items.length > options.limit };
}

/**
 * Occurrences that ended before `now` (within the last year), latest first.
 */
export async function pastAgenda(
  ctx: AppContext,
  now: string,
  options: { visibilities: Visibility[]; limit: number },
): Promise<AgendaItem[]> {
  const from = new Date(Date.parse(now) - UPCOMING_DAYS * 86_400_000).toISOString();
  const items = await agendaBetween(ctx, from, now, options);
  return items
    .filter((i) => Date.parse(i.occurrence.endAt ?? i.occurrence.startAt) < Date.parse(now))
    .reverse()
    .slice(0, options.limit);
}
