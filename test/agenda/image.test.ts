/**
 * An event's image with its alt text (issue 4, item 1), through the web
 * form and across two buurten: the upload goes through the compose form's
 * pipeline (type by content, size limit, metadata stripped, resized,
 * stored under the data directory), the alt text is required, an image
 * accepted before an error is kept for the next attempt, and the image
 * federates as the Event's `attachment` and `image` with the alt text as
 * `name`.  The event page and the agenda show it.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Buffer } from "node:buffer";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import { resolveRemoteEvent } from "../../src/federation/event-lookup.ts";
import { EVENT_BODY_LIMIT } from "../../src/web/routes/agenda.tsx";
import { inputValue, postMultipart } from "../helpers/compose.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { loginAs, visitor } from "../helpers/web.ts";

const FORM: Array<[string, string]> = [
  ["title", "Buurtfeest"],
  ["description", "Muziek en eten op het plein."],
  ["start", "2031-06-14"],
  ["startTime", "15:00"],
  ["endDate", ""],
  ["endTime", "22:00"],
  ["timezone", "Europe/Amsterdam"],
  ["locationName", "Het plein"],
  ["category", "FESTIVALS"],
  ["recurrence", "none"],
  ["visibility", "public"],
];

const ALT = "Buren dansen op het plein onder slingers";

/** A JPEG with EXIF (camera and GPS position), larger than the stored maximum. */
async function photo(): Promise<Uint8Array> {
  return await sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 240, g: 180, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "FeestCam", Artist: "Anna de Vries" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 5/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "5/1 7/1 0/1" },
    })
    .toBuffer();
}

function postId(response: Response): string {
  const match = /^\/events\/([0-9a-f-]{36})\?notice=(created|updated)$/.exec(response.headers.get("Location") ?? "");
  if (match == null) throw new Error(`not an event location: ${response.status} ${response.headers.get("Location")}`);
  return match[1]!;
}

describe.each(testDialects())("an event's image (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("stores the image through the image pipeline with its alt text, shows it, and federates it with its alt text", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");

    // The form is multipart and asks for the image and its description.
    const form = await (await anna.get("/events/new")).text();
    expect(form).toContain('enctype="multipart/form-data"');
    expect(form).toContain('name="image"');
    expect(form).toContain('name="imageAlt"');

    const res = await postMultipart(a.buurt, anna, "/events", [
      ...FORM,
      ["image", { name: "feest.jpg", type: "image/jpeg", bytes: await photo() }],
      ["imageAlt", ALT],
    ]);
    expect(res.status).toBe(303);
    const id = postId(res);
    const entry = (await a.buurt.app.repos.events.findEntry(id))!;
    const media = await a.buurt.app.repos.media.listByPost(id);
    expect(media.map((m) => [m.mediaType, m.width, m.height, m.description])).toEqual([["image/jpeg", 1600, 1067, ALT]]);
    expect(entry.post.attachments).toEqual([{
      url: `${a.origin}/media/${media[0]!.file}`,
      mediaType: "image/jpeg",
      description: ALT,
      width: 1600,
      height: 1067,
    }]);
    // Stored under the data directory without its metadata.
    const stored = await readFile(join(a.buurt.config.dataDir, "media", media[0]!.file));
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes(Buffer.from("FeestCam"))).toBe(false);

    // The event page and the agenda show it with its alt text.
    const page = await (await visitor(a.buurt).get(`/events/${id}`)).text();
    expect(page).toContain(`<img class="event-image" src="${a.origin}/media/${media[0]!.file}" alt="${ALT}"`);
    const agenda = await (await visitor(a.buurt).get("/agenda?month=2031-06")).text();
    expect(agenda).toMatch(new RegExp(`<img class="event-card-image" src="${a.origin}/media/${media[0]!.file}" alt="${ALT}"`));

    // As ActivityStreams: `attachment` and `image`, the alt text as `name`.
    const json = await (await a.buurt.web.request(`/events/${id}`, { headers: { Accept: "application/activity+json" } })).json() as
      Record<string, unknown>;
    const image = { type: "Image", url: `${a.origin}/media/${media[0]!.file}`, mediaType: "image/jpeg", name: ALT, width: 1600, height: 1067 };
    expect(json.attachment).toEqual([image]);
    expect(json.image).toEqual(image);

    // Another buurt reading the event keeps the image and its description.
    const found = await resolveRemoteEvent(b.buurt.federation, { app: b.buurt.app, origin: new URL(b.origin) }, entry.post.iri);
    if (!found.ok) throw new Error(found.error);
    expect(found.value.post.attachments.map((x) => [x.url, x.description])).toEqual([[image.url, ALT]]);
  });

  it("requires the alt text and keeps the uploaded image for the next attempt; refuses what is not an image", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");

    const missing = await postMultipart(a.buurt, anna, "/events", [
      ...FORM,
      ["image", { name: "feest.jpg", type: "image/jpeg", bytes: await photo() }],
      ["imageAlt", "  "],
    ]);
    expect(missing.status).toBe(422);
    const html = await missing.text();
    expect(html).toContain("Beschrijf de afbeelding, zodat ook wie hem niet kan zien weet wat erop staat.");
    expect(inputValue(html, "title")).toBe("Buurtfeest");
    // The upload is kept: its id in the form and its thumbnail shown.
    const keptId = inputValue(html, "image_id");
    expect(keptId).toMatch(/^[0-9a-f-]{36}$/);
    const kept = (await a.buurt.app.repos.media.findById(keptId!))!;
    expect(kept.postId).toBeNull();
    expect(html).toContain(`src="${a.origin}/media/${kept.file}"`);

    // The second attempt sends only the kept id and the description.
    const second = await postMultipart(a.buurt, anna, "/events", [...FORM, ["image_id", keptId!], ["imageAlt", ALT]]);
    expect(second.status).toBe(303);
    const id = postId(second);
    expect((await a.buurt.app.repos.media.listByPost(id)).map((m) => [m.id, m.description])).toEqual([[keptId, ALT]]);

    // A text file named .jpg is refused by its content.
    const fake = await postMultipart(a.buurt, anna, "/events", [
      ...FORM,
      ["image", { name: "nep.jpg", type: "image/jpeg", bytes: new TextEncoder().encode("geen foto") }],
      ["imageAlt", ALT],
    ]);
    expect(fake.status).toBe(422);
    expect(await fake.text()).toContain("nep.jpg is geen foto die we kennen.");

    // A request larger than the limit is refused before it is read, with an explanation on the form.
    const huge = await postMultipart(a.buurt, anna, "/events", [
      ...FORM,
      ["image", { name: "groot.jpg", type: "image/jpeg", bytes: new Uint8Array(EVENT_BODY_LIMIT + 1) }],
      ["imageAlt", ALT],
    ]);
    expect(huge.status).toBe(303);
    expect(huge.headers.get("Location")).toBe("/events/new?error=too_large");
    const explained = await anna.get("/events/new?error=too_large");
    expect(explained.status).toBe(413);
    expect(await explained.text()).toContain(`Wat je stuurde is te groot (hoogstens ${Math.round(EVENT_BODY_LIMIT / 1024 / 1024)} MB).`);

    // Someone else's upload cannot be borrowed by its id.
    await a.member("bob", "Bob");
    const bob = await loginAs(a.buurt, "bob");
    const borrowed = await postMultipart(a.buurt, bob, "/events", [...FORM, ["image_id", keptId!], ["imageAlt", ALT]]);
    expect(borrowed.status).toBe(303);
    expect(await a.buurt.app.repos.media.listByPost(postId(borrowed))).toEqual([]);
  });

  it("edits the alt text, replaces and removes the image (and its file) on the edit form", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");
    const created = await postMultipart(a.buurt, anna, "/events", [
      ...FORM,
      ["image", { name: "feest.jpg", type: "image/jpeg", bytes: await photo() }],
      ["imageAlt", ALT],
    ]);
    const id = postId(created);
    const first = (await a.buurt.app.repos.media.listByPost(id))[0]!;

    // The edit form shows the current image with its description.
    const editForm = await (await anna.get(`/events/${id}/edit`)).text();
    expect(inputValue(editForm, "image_id")).toBe(first.id);
    expect(editForm).toContain(`alt="${ALT}"`);

    // A new description only.
    expect((await postMultipart(a.buurt, anna, `/events/${id}/edit`, [...FORM, ["image_id", first.id], ["imageAlt", "Het plein vol buren"]]))
      .status).toBe(303);
    expect((await a.buurt.app.repos.events.findEntry(id))!.post.attachments.map((x) => x.description)).toEqual(["Het plein vol buren"]);

    // A new image replaces the old one, whose file goes.
    const png = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 0, g: 90, b: 160 } } }).png().toBuffer();
    expect((await postMultipart(a.buurt, anna, `/events/${id}/edit`, [
      ...FORM,
      ["image_id", first.id],
      ["image", { name: "poster.png", type: "image/png", bytes: png }],
      ["imageAlt", "Affiche van het buurtfeest"],
    ])).status).toBe(303);
    const media = await a.buurt.app.repos.media.listByPost(id);
    expect(media.map((m) => [m.mediaType, m.description])).toEqual([["image/png", "Affiche van het buurtfeest"]]);
    expect(await a.buurt.app.repos.media.findById(first.id)).toBeNull();
    await expect(readFile(join(a.buurt.config.dataDir, "media", first.file))).rejects.toThrow();

    // Removing it.
    expect((await postMultipart(a.buurt, anna, `/events/${id}/edit`, [
      ...FORM,
      ["image_id", media[0]!.id],
      ["image_remove", "1"],
      ["imageAlt", "Affiche van het buurtfeest"],
    ])).status).toBe(303);
    expect((await a.buurt.app.repos.events.findEntry(id))!.post.attachments).toEqual([]);
    expect(await a.buurt.app.repos.media.listByPost(id)).toEqual([]);
    const page = await (await visitor(a.buurt).get(`/events/${id}`)).text();
    expect(page).not.toContain('class="event-image"');
  });
});
