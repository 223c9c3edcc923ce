/**
 * Forged fields on the agenda's forms: a neighbour who is not the organiser
 * posting the "message the attendees" form is told why, with 403; an
 * occurrence sent with the cancel form of a one-off event does not send
 * the organiser to a broken address afterwards; a photo straight from a
 * camera (30 MB) is refused with a reason while everything typed stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { select, textOf } from "../helpers/html.ts";
import { postMultipart } from "../helpers/compose.ts";
import { loginAs, type WebClient } from "../helpers/web.ts";

const EVENT = {
  title: "Koffieochtend", description: "Koffie en koek", start: "2031-05-01", startTime: "10:00", endDate: "", endTime: "11:30",
  timezone: "Europe/Amsterdam", locationName: "Buurthuis", streetAddress: "", postalCode: "", locality: "", latitude: "",
  longitude: "", onlineUrl: "", capacity: "", category: "", recurrence: "none", repeatUntil: "", visibility: "public",
};

describe("forged agenda forms", () => {
  let b: TestBuurt;
  let bob: WebClient, cas: WebClient;
  let eventId: string;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Agenda" });
    await b.member("bob", "Bob");
    await b.member("cas", "Cas");
    bob = await loginAs(b.buurt, "bob");
    cas = await loginAs(b.buurt, "cas");
    const created = await bob.post("/events", EVENT);
    eventId = /^\/events\/([^?]+)/.exec(created.headers.get("Location")!)![1]!;
    expect((await cas.post(`/events/${eventId}/rsvp`, { status: "going" })).status).toBe(303);
  });
  afterAll(async () => {
    await b.stop();
  });

  it("someone who is not the organiser gets 403 and a reason for the attendee message form", async () => {
    const res = await cas.post(`/events/${eventId}/message`, { message: "Koop mijn fiets!" });
    expect(res.status).toBe(403);
    const alerts = select(await res.text(), "p").filter((p) => p.attrs.some((a) => a.name === "role" && a.value === "alert"));
    expect(alerts.map(textOf).join(" ")).toContain("Alleen de organisator kan iedereen een bericht sturen.");
  });

  it("cancelling a one-off event with a forged occurrence leads back to the event's own page", async () => {
    const res = await bob.post(`/events/${eventId}/cancel`, { occurrence: "../../x" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/events/${eventId}?notice=cancelled`);
    const page = await bob.get(res.headers.get("Location")!);
    expect(page.status).toBe(200);
  });

  it("a 30 MB photo is refused with a reason, and the form keeps everything typed", async () => {
    const fields = Object.entries({ ...EVENT, title: "Fotomiddag in de tuin", locationName: "Tuin van Bob" })
      .map(([k, v]) => [k, v] as [string, string]);
    const res = await postMultipart(b.buurt, bob, "/events", [
      ...fields,
      ["image", { name: "camera.jpg", type: "image/jpeg", bytes: new Uint8Array(30 * 1024 * 1024) }],
      ["imageAlt", "De tuin in de zon"],
    ]);
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('value="Fotomiddag in de tuin"');
    expect(html).toContain('value="Tuin van Bob"');
    expect(html).toContain("De tuin in de zon");
    expect(html).toContain("camera.jpg is te groot");
  });
});
