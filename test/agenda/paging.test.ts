/**
 * Paging the agenda: "upcoming" and "past" read a year at a time and page
 * with a cursor, so walking the pages gives every occurrence once, in
 * order, however far ahead or back it is (recurring occurrences across the
 * year boundaries, an event still going on at "now", events years away).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "../../src/app/agenda.ts";
import { type AgendaCursor, type AgendaItem, pastAgenda, upcomingAgenda } from "../../src/app/agenda-queries.ts";
import type { EventFormInput } from "../../src/app/agenda.ts";
import { eventDraft } from "./helpers.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

const NOW = "2030-01-01T00:00:00.000Z";
const visibilities = ["public", "buurt"] as const;

function label(item: AgendaItem): string {
  return `${item.entry.post.name} ${item.occurrence.startAt.slice(0, 10)}`;
}

describe("paging the agenda", () => {
  let s: TestBuurt;
  beforeAll(async () => {
    s = await startTestBuurt({ name: "Buurt Pagina's" });
    await s.member("anna", "Anna");
    const add = async (title: string, form: Partial<EventFormInput>) => {
      const r = await createEvent(s.buurt.app, {
        authorUsername: "anna",
        draft: eventDraft({ title, visibility: "buurt", ...form }),
        now: "2027-01-01T00:00:00.000Z",
      });
      if (!r.ok) throw new Error(r.error);
    };
    await add("Lang geleden", { startDate: "2026-05-01" });
    await add("Vorig jaar", { startDate: "2028-11-20" });
    // Every two weeks on Friday from October 2029 to the end of February 2030: both sides of "now".
    await add("Koffie", { startDate: "2029-11-02", recurrence: "biweekly", repeatUntil: "2030-02-28" });
    // Going on at "now": from 30 December to 2 January.
    await add("Wintermarkt", { startDate: "2029-12-30", endDate: "2030-01-02", allDay: true, startTime: "", endTime: "" });
    await add("Zomerfeest", { startDate: "2030-07-04" });
    await add("Jubileum", { startDate: "2033-05-01" });
  });
  afterAll(async () => {
    await s?.stop();
  });

  async function walk(
    read: (cursor: AgendaCursor | null) => Promise<{ items: AgendaItem[]; next: AgendaCursor | null }>,
  ): Promise<{ pages: string[][] }> {
    const pages: string[][] = [];
    let cursor: AgendaCursor | null = null;
    for (let i = 0; i < 20; i++) {
      const page = await read(cursor);
      pages.push(page.items.map(label));
      if (page.next == null) return { pages };
      cursor = page.next;
    }
    throw new Error("paging did not end");
  }

  it("walks the upcoming occurrences once each, in order, to years ahead", async () => {
    const { pages } = await walk((cursor) => upcomingAgenda(s.buurt.app, NOW, { visibilities: [...visibilities], limit: 3, cursor }));
    expect(pages.flat()).toEqual([
      "Wintermarkt 2029-12-29",
      "Koffie 2030-01-11",
      "Koffie 2030-01-25",
      "Koffie 2030-02-08",
      "Koffie 2030-02-22",
      "Zomerfeest 2030-07-04",
      "Jubileum 2033-05-01",
    ]);
    expect(pages.every((p) => p.length <= 3)).toBe(true);
    // The first page is full; paging stops after the last event.
    expect(pages[0]).toHaveLength(3);
  });

  it("walks the past occurrences once each, latest first, to years ago", async () => {
    const { pages } = await walk((cursor) => pastAgenda(s.buurt.app, NOW, { visibilities: [...visibilities], limit: 2, cursor }));
    expect(pages.flat()).toEqual([
      "Koffie 2029-12-28",
      "Koffie 2029-12-14",
      "Koffie 2029-11-30",
      "Koffie 2029-11-16",
      "Koffie 2029-11-02",
      "Vorig jaar 2028-11-20",
      "Lang geleden 2026-05-01",
    ]);
  });
});
