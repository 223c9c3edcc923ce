/**
 * The agenda in the browser, through HTTP (no JavaScript): create, show,
 * edit and cancel an event; answer it; a full event refuses one more; the
 * attendee list is for members only; a bad form comes back with what was
 * typed and a translated error.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { loginAs, visitor } from "../helpers/web.ts";

const FORM = {
  title: "Repaircafé",
  description: "Breng je kapotte spullen mee.",
  start: "2031-03-01",
  startTime: "13:00",
  endDate: "",
  endTime: "16:00",
  timezone: "Europe/Amsterdam",
  locationName: "Wijkcentrum",
  streetAddress: "Kerkstraat 5",
  postalCode: "3511 AB",
  locality: "Utrecht",
  latitude: "52.09",
  longitude: "5.12",
  onlineUrl: "",
  capacity: "2",
  category: "DIY_MAKER_SPACES",
  recurrence: "none",
  repeatUntil: "",
  visibility: "public",
};

describe("agenda web pages", () => {
  let s: TestBuurt;
  beforeEach(async () => {
    s = await startTestBuurt({ name: "Buurt Web" });
    await s.member("anna", "Anna");
    await s.member("bob", "Bob");
    await s.member("carla", "Carla");
    await s.member("dirk", "Dirk");
  });
  afterEach(async () => {
    await s.stop();
  });

  async function create(fields: Record<string, string> = {}): Promise<string> {
    const anna = await loginAs(s.buurt, "anna");
    const res = await anna.post("/events", { ...FORM, ...fields });
    expect(res.status).toBe(303);
    const location = res.headers.get("Location")!;
    expect(location).toMatch(/^\/events\/[0-9a-f-]{36}\?notice=created$/);
    return location.split("?")[0]!;
  }

  it("creates an event, shows it in the agenda and on its page, edits and cancels it", async () => {
    const path = await create();
    const page = await (await visitor(s.buurt).get(path)).text();
    expect(page).toContain("<h1>Repaircafé</h1>");
    expect(page).toContain("13:00");
    expect(page).toContain("16:00");
    expect(page).toContain("Kerkstraat 5, 3511 AB Utrecht");
    expect(page).toContain("https://www.openstreetmap.org/?mlat=52.09000&amp;mlon=5.12000");
    expect(page).toContain("0 van 2 plaatsen bezet");

    const agenda = await (await visitor(s.buurt).get("/agenda?month=2031-03")).text();
    expect(agenda).toContain(`href="${path}"`);
    expect(agenda).toContain("Repaircafé");
    expect(agenda).toContain("zaterdag 1 maart 2031");

    const anna = await loginAs(s.buurt, "anna");
    const editForm = await (await anna.get(`${path}/edit`)).text();
    expect(editForm).toContain('value="Repaircafé"');
    expect(editForm).toContain('value="13:00"');
    const edited = await anna.post(`${path}/edit`, { ...FORM, startTime: "14:00", endTime: "17:00", locationName: "Bibliotheek" });
    expect(edited.status).toBe(303);
    const after = await (await visitor(s.buurt).get(path)).text();
    expect(after).toContain("14:00");
    expect(after).toContain("Bibliotheek");

    // Someone else may not edit or cancel; the organiser may.
    const bob = await loginAs(s.buurt, "bob");
    expect((await bob.get(`${path}/edit`)).status).toBe(403);
    expect((await bob.post(`${path}/cancel`, {})).status).toBe(403);
    const cancelled = await anna.post(`${path}/cancel`, {});
    expect(cancelled.status).toBe(303);
    const gone = await (await visitor(s.buurt).get(path)).text();
    expect(gone).toContain("Deze activiteit is afgelast.");
    const details = await s.buurt.app.repos.events.findByPostId(path.split("/").pop()!);
    expect(details?.status).toBe("cancelled");
    // Answering a cancelled event is refused.
    const late = await bob.post(`${path}/rsvp`, { status: "going" });
    expect(late.status).toBe(422);
  });

  it("records answers, respects the capacity, and shows names to members only", async () => {
    const path = await create();
    const postId = path.split("/").pop()!;
    const bob = await loginAs(s.buurt, "bob");
    const carla = await loginAs(s.buurt, "carla");
    const dirk = await loginAs(s.buurt, "dirk");
    expect((await bob.post(`${path}/rsvp`, { status: "going" })).status).toBe(303);
    expect((await carla.post(`${path}/rsvp`, { status: "going" })).status).toBe(303);
    // Two places, both taken: dirk is refused with a clear message, and may still say maybe.
    const full = await dirk.post(`${path}/rsvp`, { status: "going" });
    expect(full.status).toBe(409);
    expect(await full.text()).toContain("Helaas, deze activiteit is vol.");
    expect((await dirk.post(`${path}/rsvp`, { status: "maybe" })).status).toBe(303);
    const counts = await s.buurt.app.repos.rsvps.count(postId, "");
    expect(counts).toEqual({ going: 2, maybe: 1, not_going: 0 });
    const rows = await s.buurt.app.repos.rsvps.list(postId, "");
    expect(rows.map((r) => [r.actor.username, r.rsvp.status, r.rsvp.source, r.rsvp.state])).toEqual([
      ["bob", "going", "local", "confirmed"],
      ["carla", "going", "local", "confirmed"],
      ["dirk", "maybe", "local", "confirmed"],
    ]);
    // bob changes his mind: a place frees up.
    expect((await bob.post(`${path}/rsvp`, { status: "not_going" })).status).toBe(303);
    expect((await s.buurt.app.repos.rsvps.count(postId, "")).going).toBe(1);
    expect((await dirk.post(`${path}/rsvp`, { status: "going" })).status).toBe(303);

    const memberView = await (await carla.get(path)).text();
    expect(memberView).toContain("Wie reageerden");
    expect(memberView).toContain(">Carla</a>");
    expect(memberView).toContain('aria-pressed="true"');
    const visitorView = await (await visitor(s.buurt).get(path)).text();
    expect(visitorView).not.toContain("Wie reageerden");
    expect(visitorView).not.toContain(">Carla</a>");
    expect(visitorView).toContain("2 van 2 plaatsen bezet");

    // The organiser was notified, and can write to everyone coming.
    const anna = await loginAs(s.buurt, "anna");
    const sent = await anna.post(`${path}/message`, { message: "Neem een verlengsnoer mee." });
    expect(sent.status).toBe(303);
    const dirkActor = (await s.buurt.app.repos.actors.findLocalByUsername("dirk"))!;
    const annaActor = (await s.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const direct = await s.buurt.app.repos.posts.listByActor(annaActor.id, ["direct"], { limit: 5 });
    expect(direct.items).toHaveLength(1);
    expect(direct.items[0]!.post.tags.filter((t) => t.type === "Mention").map((t) => t.href).sort()).toEqual(
      [s.buurt.app.iris.actor("carla"), dirkActor.iri].sort(),
    );
    const notes = await s.buurt.app.repos.notifications.listForRecipient(annaActor.id, { limit: 20 });
    expect(notes.items.filter((n) => n.type === "rsvp").length).toBeGreaterThanOrEqual(3);
  });

  it("keeps what was typed and explains the problem when the form is wrong", async () => {
    const anna = await loginAs(s.buurt, "anna");
    const res = await anna.post("/events", { ...FORM, title: "", endTime: "12:00", capacity: "veel" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain("Geef de activiteit een titel.");
    expect(html).toContain("Het einde moet na het begin liggen.");
    expect(html).toContain("Vul een heel getal vanaf 1 in");
    expect(html).toContain('value="Kerkstraat 5"');
    expect(html).toContain('value="veel"');
    // Visitors cannot create events.
    const anonymous = await visitor(s.buurt).get("/events/new");
    expect(anonymous.status).toBe(303);
  });

  it("lists upcoming and past events apart, keeps an all-day event's dates, and serves one event as .ics from its page", async () => {
    // "Upcoming" looks a year ahead: a two-day summer fair in the coming July (summer time, UTC+2).
    const today = new Date();
    const year = today.getUTCMonth() < 6 ? today.getUTCFullYear() : today.getUTCFullYear() + 1;
    const past = await create({ title: "Oud buurtfeest", start: "2020-03-07", capacity: "" });
    const allDay = await create({
      title: "Zomermarkt",
      start: `${year}-07-11`,
      startTime: "",
      endDate: `${year}-07-12`,
      endTime: "",
      allDay: "on",
      capacity: "",
    });
    const farAhead = await create({ title: "Jubileum", start: `${year + 4}-05-01`, capacity: "" });
    const upcoming = await (await visitor(s.buurt).get("/agenda")).text();
    expect(upcoming).toContain("Komende activiteiten");
    expect(upcoming).toContain(`href="${allDay}"`);
    // Years ahead, or years ago: still listed (the agenda reads on, a year at a time).
    expect(upcoming).toContain(`href="${farAhead}"`);
    expect(upcoming.indexOf(`href="${allDay}"`)).toBeLessThan(upcoming.indexOf(`href="${farAhead}"`));
    expect(upcoming).not.toContain(`href="${past}"`);
    const before = await (await visitor(s.buurt).get("/agenda?view=past")).text();
    expect(before).toContain("<h2>Geweest</h2>");
    expect(before).toContain(`href="${past}"`);
    expect(before).not.toContain(`href="${allDay}"`);
    // A past event can no longer be answered.
    const bob = await loginAs(s.buurt, "bob");
    const late = await bob.post(`${past}/rsvp`, { status: "going" });
    expect(late.status).toBe(422);
    expect(await late.text()).toContain("Deze activiteit is voorbij.");

    // All day: its own dates, whole days in the event's zone (an exclusive end the day after the last).
    const details = (await s.buurt.app.repos.events.findByPostId(allDay.split("/").pop()!))!;
    expect([details.allDay, details.startDate, details.endDate, details.startAt, details.endAt]).toEqual([
      true,
      `${year}-07-11`,
      `${year}-07-12`,
      `${year}-07-10T22:00:00.000Z`,
      `${year}-07-12T22:00:00.000Z`,
    ]);
    const page = await (await visitor(s.buurt).get(allDay)).text();
    // Dates only, no times.
    expect(page).toMatch(new RegExp(`<time datetime="${year}-07-10T22:00:00.000Z">\\S+ 11\\s–\\s\\S+ 12 jul ${year}</time>`));
    expect(page).toContain(`href="${allDay}/calendar.ics"`);
    const ics = await visitor(s.buurt).get(`${allDay}/calendar.ics`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get("Content-Type")).toContain("text/calendar");
    const text = await ics.text();
    expect(text).toContain("SUMMARY:Zomermarkt");
    expect(text).toContain(`DTSTART;VALUE=DATE:${year}0711`);
    expect(text).toContain(`DTEND;VALUE=DATE:${year}0713`);
  });

  it("offers FEP-8a8e's categories and refuses any other", async () => {
    const anna = await loginAs(s.buurt, "anna");
    const form = await (await anna.get("/events/new")).text();
    for (const category of ["MEETING", "WORKSHOPS_SKILL_SHARING", "OUTDOORS_ADVENTURE"]) {
      expect(form).toContain(`<option value="${category}"`);
    }
    const res = await anna.post("/events", { ...FORM, category: "PICKNICK" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Kies een categorie uit de lijst.");
  });

  it("serves the agenda as iCalendar and the public posts as Atom, linked from every page", async () => {
    await create();
    const home = await (await visitor(s.buurt).get("/agenda")).text();
    expect(home).toContain('<link rel="alternate" type="text/calendar" href="/agenda.ics"');
    expect(home).toContain('<link rel="alternate" type="application/atom+xml" href="/feed.atom"');
    const ics = await visitor(s.buurt).get("/agenda.ics");
    expect(ics.headers.get("Content-Type")).toContain("text/calendar");
    expect(await ics.text()).toContain("SUMMARY:Repaircafé");
    const atom = await visitor(s.buurt).get("/feed.atom");
    expect(atom.headers.get("Content-Type")).toContain("application/atom+xml");
    expect(await atom.text()).toContain("<feed");
  });
});
