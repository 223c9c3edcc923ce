/**
 * A double click, a impatient second tap or the browser re-sending a form
 * (Back, then submit again) must not publish the same thing twice: a
 * member's identical submission within a minute leads to what the first
 * one made.  Different text is a new post; the same text later is too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import sharp from "sharp";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { postMultipart } from "../helpers/compose.ts";
import { testDialects } from "../helpers/databases.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

describe.each(testDialects())("repeated submissions (%s)", (dialect) => {
  let b: TestBuurt;
  let anna: WebClient;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Dubbel", dialect });
    await b.member("anna", "Anna");
    anna = await loginAs(b.buurt, "anna");
  });
  afterAll(async () => {
    await b.stop();
  });

  async function postsWith(text: string) {
    return await b.buurt.database.db.selectFrom("posts").select("id").where("source", "=", text).execute();
  }

  it("three simultaneous identical posts make one post, and every answer leads to it", async () => {
    const form = { text: "Wie wil er mee naar de markt?", visibility: "public" };
    const answers = await Promise.all([anna.post("/compose", form), anna.post("/compose", form), anna.post("/compose", form)]);
    const stored = await postsWith(form.text);
    expect(stored).toHaveLength(1);
    for (const res of answers) {
      expect(res.status).toBe(303);
      expect(res.headers.get("Location")).toBe(`/posts/${stored[0]!.id}?notice=posted`);
    }
  });

  it("a photo post sent twice at once makes one post with one photo; the repeat's upload is removed", async () => {
    const png = new Uint8Array(await sharp({ create: { width: 20, height: 20, channels: 3, background: "#3a7" } }).png().toBuffer());
    const fields: Array<[string, string | { name: string; type: string; bytes: Uint8Array }]> = [
      ["text", "Kijk, de nieuwe bank op het plein"],
      ["visibility", "public"],
      ["image_1", { name: "bank.png", type: "image/png", bytes: png }],
      ["alt_1", "Een groene bank"],
    ];
    const answers = await Promise.all([
      postMultipart(b.buurt, anna, "/compose", fields),
      postMultipart(b.buurt, anna, "/compose", fields),
    ]);
    const stored = await postsWith("Kijk, de nieuwe bank op het plein");
    expect(stored).toHaveLength(1);
    for (const res of answers) expect(res.headers.get("Location")).toBe(`/posts/${stored[0]!.id}?notice=posted`);
    const media = await b.buurt.database.db.selectFrom("media").select(["post_id"]).execute();
    expect(media.map((m) => m.post_id)).toEqual([stored[0]!.id]);
  });

  it("sending the same reply again a moment later leads to the first reply; other text is a new post", async () => {
    const parent = await anna.post("/compose", { text: "Ladder te leen", visibility: "public" });
    const parentId = parent.headers.get("Location")!.split("/")[2]!.split("?")[0]!;
    const reply = { text: "Nog steeds beschikbaar", visibility: "public", in_reply_to: parentId };
    const first = await anna.post("/compose", reply);
    const again = await anna.post("/compose", reply);
    expect(again.headers.get("Location")).toBe(first.headers.get("Location"));
    expect(await postsWith(reply.text)).toHaveLength(1);

    expect((await anna.post("/compose", { ...reply, text: "Nu niet meer" })).status).toBe(303);
    expect(await postsWith("Nu niet meer")).toHaveLength(1);
    // The same text to another audience is another post.
    expect((await anna.post("/compose", { ...reply, visibility: "buurt" })).status).toBe(303);
    expect(await postsWith(reply.text)).toHaveLength(2);
  });

  it("a help request and an event sent twice at once are made once", async () => {
    const help = { kind: "request", category: "transport", title: "Wie brengt me naar het station?", description: "Vrijdag 9 uur" };
    const helpAnswers = await Promise.all([anna.post("/hulp/nieuw", help), anna.post("/hulp/nieuw", help)]);
    const items = await b.buurt.database.db.selectFrom("help_items").select("post_id").where("title", "=", help.title).execute();
    expect(items).toHaveLength(1);
    for (const res of helpAnswers) expect(res.headers.get("Location")).toBe(`/hulp/${items[0]!.post_id}?notice=created`);

    const event = {
      title: "Snoeimiddag", description: "Samen de heg", start: "2031-05-03", startTime: "13:00", endDate: "", endTime: "16:00",
      timezone: "Europe/Amsterdam", locationName: "Plein", streetAddress: "", postalCode: "", locality: "", latitude: "",
      longitude: "", onlineUrl: "", capacity: "", category: "", recurrence: "none", repeatUntil: "", visibility: "public",
    };
    const eventAnswers = await Promise.all([anna.post("/events", event), anna.post("/events", event)]);
    const events = await b.buurt.database.db.selectFrom("posts").select("id").where("name", "=", event.title).execute();
    expect(events).toHaveLength(1);
    for (const res of eventAnswers) expect(res.headers.get("Location")).toBe(`/events/${events[0]!.id}?notice=created`);
  });

  it("a sign-up sent twice at once makes one account, and both answers say it is waiting for approval", async () => {
    const newcomer = visitor(b.buurt, { ip: "198.51.100.77" });
    await newcomer.csrf();
    const form = { username: "dubbel", display_name: "Dubbel", email: "dubbel@example.nl", password: "een lang wachtwoord", password_confirmation: "een lang wachtwoord" };
    const answers = await Promise.all([newcomer.post("/signup", form), newcomer.post("/signup", form)]);
    for (const res of answers) expect(res.headers.get("Location")).toBe("/signup/waiting");
    const members = await b.buurt.database.db.selectFrom("members").select("id").where("username", "=", "dubbel").execute();
    expect(members).toHaveLength(1);
    // Someone else trying the same name (another password) is told it is taken.
    const other = await visitor(b.buurt, { ip: "198.51.100.78" }).post("/signup", { ...form, password: "een ander wachtwoord", password_confirmation: "een ander wachtwoord" });
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("Deze gebruikersnaam is al in gebruik.");
  });

  it("a refused form does not count: fixing it and sending it publishes", async () => {
    const bad = await anna.post("/compose", { text: "Fout", visibility: "nergens" });
    expect(bad.status).toBe(400);
    const good = await anna.post("/compose", { text: "Fout", visibility: "public" });
    expect(good.status).toBe(303);
    expect(await postsWith("Fout")).toHaveLength(1);
  });
});
