/**
 * Accessibility and look of every main page (issue 3), in Debian's
 * Chromium against a real buurt on loopback, filled with what a lived-in
 * buurt has: posts with a photo, a content warning, mentions and hashtags,
 * replies from here and elsewhere, a remote profile, an event, a help
 * request, notifications, a sign-up waiting for approval.
 *
 * Each page is checked logged out and logged in (where both exist), at
 * phone (375×740) and desktop (1280×800) width, in light and dark colour
 * schemes, with axe-core (axe.min.js injected into the page): any
 * violation of impact serious or critical fails, and the failure lists each
 * one's rule id, impact, elements and help URL.  At phone width nothing may
 * stick out sideways, at 375 px nor at 320 px.
 *
 * Screenshots (phone and desktop in light, phone in dark) go to the
 * gitignored screenshots/ folder as `a11y-<page>-<visitor|member>-<width>-<scheme>.png`.
 *
 * One browser for the file; four windows (visitor and member, phone and
 * desktop), each reused from page to page.
 */
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveMember, changeRole, signUp } from "../../src/app/accounts.ts";
import { createEvent } from "../../src/app/agenda.ts";
import { followActor } from "../../src/app/follows.ts";
import { createHelpItem } from "../../src/app/help.ts";
import { boostPost, likePost } from "../../src/app/interactions.ts";
import { createMember } from "../../src/app/members.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { eventDraft } from "../agenda/helpers.ts";
import {
  type BrowserBuurt,
  chromiumStatus,
  DESKTOP,
  formatViolations,
  PHONE,
  runAxe,
  startBrowserBuurt,
  type Window,
} from "../helpers/browser.ts";
import { postIdFromLocation, postMultipart } from "../helpers/compose.ts";
import { storeRemoteActor, storeRemotePost } from "../helpers/remote.ts";
import { loginAs, type WebClient } from "../helpers/web.ts";

const chromium = chromiumStatus();

/** What the pages are about, made in `beforeAll`. */
interface Fixtures {
  postId: string;
  eventId: string;
  helpId: string;
}

type Who = "visitor" | "member";

/** A page to check: its short name (for screenshots), its path, who can see it, and the status it answers with. */
interface PageCase {
  name: string;
  path: (f: Fixtures) => string;
  who: Who[];
  status?: number;
}

const BOTH: Who[] = ["visitor", "member"];
/** The logged-in member is Fatima, an admin: every page, every menu item. */
const FATIMA_PASSWORD = "lindeboom-op-het-plein";
const MEMBER: Who[] = ["member"];

const PAGES: PageCase[] = [
  { name: "buurt", path: () => "/", who: BOTH },
  { name: "home", path: () => "/home", who: MEMBER },
  { name: "compose", path: () => "/compose", who: MEMBER },
  { name: "post", path: (f) => `/posts/${f.postId}`, who: BOTH },
  { name: "profile", path: () => "/@anna", who: BOTH },
  { name: "remote-profile", path: () => "/@zoe@elders.example", who: BOTH },
  { name: "search", path: () => "/search?q=anna", who: BOTH },
  { name: "notifications", path: () => "/notifications", who: MEMBER },
  { name: "login", path: () => "/login", who: ["visitor"] },
  { name: "signup", path: () => "/signup", who: ["visitor"] },
  { name: "settings", path: () => "/settings", who: MEMBER },
  { name: "approvals", path: () => "/moderation/approvals", who: MEMBER },
  { name: "members", path: () => "/moderation/members", who: MEMBER },
  { name: "audit", path: () => "/moderation/audit", who: MEMBER },
  { name: "agenda", path: () => "/agenda", who: BOTH },
  { name: "event", path: (f) => `/events/${f.eventId}`, who: BOTH },
  { name: "event-new", path: () => "/events/new", who: MEMBER },
  { name: "help-board", path: () => "/hulp", who: BOTH },
  { name: "help-item", path: (f) => `/hulp/${f.helpId}`, who: BOTH },
  { name: "help-new", path: () => "/hulp/nieuw", who: MEMBER },
  { name: "tag", path: () => "/tags/moestuin", who: BOTH },
  { name: "not-found", path: () => "/dit-bestaat-niet", who: BOTH, status: 404 },
];

/** A photo: a small PNG of a garden bed (made here, no file on disk). */
async function photo(): Promise<Uint8Array> {
  const svg = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="420"><rect width="640" height="420" fill="#7cb518"/><rect y="260" width="640" height="160" fill="#6b4226"/><circle cx="520" cy="80" r="46" fill="#ffd166"/></svg>',
  );
  return new Uint8Array(await sharp(svg).png().toBuffer());
}

/** Loads lazy images now (a full-page screenshot does not scroll to them) and waits until every image is in. */
async function loadImages(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const images = [...document.images];
    for (const img of images) img.loading = "eager";
    await Promise.all(images.map((img) =>
      img.complete ? null : new Promise((done) => {
        img.addEventListener("load", done);
        img.addEventListener("error", done);
      })
    ));
  });
}

/** How far the page sticks out sideways beyond the window, in CSS pixels (0 when it fits). */
async function overflow(page: Page): Promise<number> {
  return await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** Fills the buurt with what the pages show; returns the ids the paths need. */
async function fill(session: BrowserBuurt): Promise<Fixtures> {
  const { buurt } = session.test;
  const app = buurt.app;
  const must = <T>(r: { ok: true; value: T } | { ok: false; error: string }, what: string): T => {
    if (!r.ok) throw new Error(`${what}: ${r.error}`);
    return r.value;
  };
  must(await createMember(app, { username: "anna", displayName: "Anna de Vries", status: "active" }), "anna");
  must(
    await createMember(app, {
      username: "wijkagent",
      displayName: "Sandra Bos",
      status: "active",
      role: "professional",
      organisation: "Politie Midden-Nederland",
      jobTitle: "Wijkagent",
    }),
    "wijkagent",
  );
  const anna = await loginAs(buurt, "anna");
  const sandra = await loginAs(buurt, "wijkagent");
  const compose = async (client: WebClient, fields: Array<[string, string | { name: string; type: string; bytes: Uint8Array }]>) =>
    postIdFromLocation(await postMultipart(buurt, client, "/compose", fields));

  const postId = await compose(anna, [
    ["text", "Wie helpt zaterdag mee in de #moestuin achter de school? @fatima neem jij de zaadjes mee? Meer op https://example.org/moestuin"],
    ["visibility", "public"],
    ["image_1", { name: "moestuin.png", type: "image/png", bytes: await photo() }],
    ["alt_1", "De moestuin achter de school: groene bedden, een strook aarde en de zon"],
  ]);
  const post = (await app.repos.posts.findById(postId))!;
  await compose(sandra, [
    ["text", "Let op: vanavond tussen 19:00 en 21:00 is de Lindenlaan afgesloten."],
    ["summary", "Wegafsluiting"],
    ["visibility", "buurt"],
  ]);
  // Replies: one from here (with a reply to it), one from another server.
  const replyId = await compose(sandra, [["in_reply_to", postId], ["text", "@anna Ik kom om tien uur helpen!"], ["visibility", "public"]]);
  await compose(anna, [["in_reply_to", replyId], ["text", "@wijkagent Fijn, dan zet ik koffie."], ["visibility", "public"]]);
  const zoe = await storeRemoteActor(buurt, "zoe", "elders.example", {
    name: "Zoë van Elders",
    summary: "<p>Tuinier en fietser uit de buurt ernaast.</p>",
    fields: [{ name: "Website", value: '<a href="https://elders.example/zoe">elders.example/zoe</a>' }],
  });
  await storeRemotePost(buurt, zoe, { contentHtml: "<p>Wat een mooi initiatief! Ik kom ook kijken.</p>", inReplyToIri: post.iri });
  await storeRemotePost(buurt, zoe, { contentHtml: "<p>Morgen is er weer repaircafé in het buurthuis. #repaircafe</p>" });

  // The logged-in member, with a post others liked, boosted and answered.
  must(
    await createMember(app, {
      username: "fatima",
      displayName: "Fatima El Amrani",
      password: FATIMA_PASSWORD,
      status: "active",
      role: "admin",
    }),
    "fatima",
  );
  const fatimaPost = await compose(await loginAs(buurt, "fatima"), [["text", "Welkom allemaal op de nieuwe buurtsite!"], ["visibility", "public"]]);
  must(await likePost(app, { username: "anna", postId: fatimaPost }), "like");
  must(await boostPost(app, { username: "wijkagent", postId: fatimaPost }), "boost");
  await compose(anna, [["in_reply_to", fatimaPost], ["text", "@fatima Wat fijn, dank je wel!"], ["visibility", "public"]]);
  const annaActor = (await app.repos.actors.findLocalByUsername("anna"))!;
  const fatimaActor = (await app.repos.actors.findLocalByUsername("fatima"))!;
  must(await followActor(app, { followerUsername: "fatima", target: annaActor }), "follow");
  must(await followActor(app, { followerUsername: "anna", target: fatimaActor }), "follow back");
  // One sign-up waiting; one approved and made buurtverbinder (both in the audit log).
  must(
    await signUp(app, { username: "jeroen", displayName: "Jeroen Mulder", email: "jeroen@example.org", password: "tulpen in de tuin" }),
    "sign-up",
  );
  const kim = must(
    await signUp(app, { username: "kim", displayName: "Kim Jansen", email: "kim@example.org", password: "kastanjes rapen" }),
    "sign-up",
  ).member;
  const fatima = (await app.repos.members.findByUsername("fatima"))!;
  must(await approveMember(app, { by: fatima, memberId: kim.id }), "approve");
  must(await changeRole(app, { by: fatima, memberId: kim.id, role: "buurtverbinder" }), "role");

  const event = must(
    await createEvent(app, {
      authorUsername: "anna",
      draft: eventDraft({
        title: "Koffieochtend in De Linde",
        description: "Koffie, thee en koek. Iedereen welkom!",
        capacity: "20",
        // Ten days from now: "upcoming" on the agenda.
        startDate: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
      }),
    }),
    "event",
  );
  const help = must(
    await createHelpItem(app, {
      authorUsername: "anna",
      kind: "request",
      category: "errands",
      title: "Wie kan donderdag mijn boodschappen doen?",
      description: "Ik ben geopereerd aan mijn knie. Brood, melk en fruit.",
      visibility: "public",
      wording: helpWording("nl"),
      language: "nl",
    }),
    "help item",
  );
  return { postId, eventId: event.post.id, helpId: help.postId };
}

describe.skipIf(chromium.skip)(chromium.title("accessibility of every main page (axe-core), phone and desktop, light and dark"), () => {
  let session: BrowserBuurt;
  let fixtures: Fixtures;
  const windows = new Map<string, Window>();

  beforeAll(async () => {
    session = await startBrowserBuurt({ name: "Buurt Lindenhof" });
    fixtures = await fill(session);
    for (const who of BOTH) {
      for (const [width, viewport] of [["phone", PHONE], ["desktop", DESKTOP]] as const) {
        const window = who === "visitor"
          ? await session.visitor({ viewport })
          : await session.logIn("fatima", FATIMA_PASSWORD, { viewport });
        windows.set(`${who}-${width}`, window);
      }
    }
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  for (const pageCase of PAGES) {
    it(`${pageCase.name}: no serious or critical violations, nothing sticks out at 320 px`, async () => {
      const problems: string[] = [];
      const path = pageCase.path(fixtures);
      for (const who of pageCase.who) {
        for (const width of ["phone", "desktop"] as const) {
          const { page } = windows.get(`${who}-${width}`)!;
          const response = await page.goto(session.url(path));
          expect(response?.status(), `${path} as ${who}`).toBe(pageCase.status ?? 200);
          expect(new URL(page.url()).pathname, `${path} as ${who} was redirected`).toBe(path.replace(/\?.*$/, ""));
          await loadImages(page);
          for (const scheme of ["light", "dark"] as const) {
            await page.emulateMedia({ colorScheme: scheme });
            const report = formatViolations(await runAxe(page), `${path} (${who}, ${width}, ${scheme})`);
            if (report !== "") problems.push(report);
            if (width === "phone" || scheme === "light") {
              await session.screenshot(page, `a11y-${pageCase.name}-${who}-${width}-${scheme}`);
            }
          }
          await page.emulateMedia({ colorScheme: "light" });
          if (width === "phone") {
            const at375 = await overflow(page);
            await page.setViewportSize({ width: 320, height: PHONE.height });
            const at320 = await overflow(page);
            await page.setViewportSize(PHONE);
            if (at375 > 0 || at320 > 0) problems.push(`${path} (${who}): wider than the screen by ${at375} px at 375 px, ${at320} px at 320 px`);
          }
        }
      }
      expect(problems.join("\n"), `accessibility problems on ${path}`).toBe("");
    }, 120_000);
  }
});
