/**
 * The buurt timeline (`/`) and the home timeline (`/home`) as pages: cursor
 * paging without duplicates or gaps, and who sees which post.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { boostPost } from "../../src/app/interactions.ts";
import { newId } from "../../src/domain/ids.ts";
import { formatWhen } from "../../src/web/presenters.ts";
import { translator } from "../../views/i18n/index.ts";
import { publishAs, startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { attr, headings1, nextLink, postIds, select, textOf } from "../helpers/html.ts";
import { announceByGroup, storeRemoteActor, storeRemotePost } from "../helpers/remote.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

/** Follows "older" links from `path` to the end; returns each page's post ids. */
async function readAllPages(client: WebClient, path: string): Promise<string[][]> {
  const pages: string[][] = [];
  let next: string | null = path;
  while (next != null) {
    const res = await client.get(next);
    expect(res.status).toBe(200);
    const html = await res.text();
    pages.push(postIds(html));
    next = nextLink(html);
    expect(pages.length).toBeLessThan(10);
  }
  return pages;
}

describe.each(testDialects())("timelines (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("pages the buurt timeline 20/20/5 with no duplicates or gaps, newest first", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    const ids: string[] = [];
    for (let i = 0; i < 45; i++) ids.push((await publishAs(b.buurt, "anna", `Bericht ${i}`)).id);

    const pages = await readAllPages(visitor(b.buurt), "/");
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual([...ids].reverse());

    // The second page links back to the newest and has one h1.
    const second = await (await visitor(b.buurt).get(nextLink(await (await visitor(b.buurt).get("/")).text())!)).text();
    expect(select(second, "a").some((a) => attr(a, "href") === "/" && textOf(a) === "Terug naar het nieuwste")).toBe(true);
    expect(headings1(second)).toEqual(["Nieuws uit de buurt"]);
    // The timeline is an ordered list of articles.
    expect(select(second, "ol", "timeline")).toHaveLength(1);
  });

  it("shows visitors public posts and members also buurt-only posts, plus what the group shared", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    const pub = await publishAs(b.buurt, "anna", "Openbaar bericht");
    const buurtOnly = await publishAs(b.buurt, "anna", "Alleen voor de buurt", "buurt");
    const followersOnly = await publishAs(b.buurt, "anna", "Voor volgers", "followers");
    // A direct message (stored as is: composing one needs mention resolution).
    const direct = { ...pub, id: newId(), iri: b.buurt.app.iris.post("direct-1"), contentHtml: "<p>Privé</p>", visibility: "direct" as const };
    await b.buurt.app.repos.posts.insert(direct);
    const stranger = await storeRemoteActor(b.buurt, "zoe", "elders.example", { name: "Zoë Elders" });
    const shared = await storeRemotePost(b.buurt, stranger, { contentHtml: "<p>Gedeeld door de buurt</p>" });
    const notShared = await storeRemotePost(b.buurt, stranger, { contentHtml: "<p>Niet gedeeld</p>" });
    await announceByGroup(b.buurt, shared);

    const asVisitor = await (await visitor(b.buurt).get("/")).text();
    expect(postIds(asVisitor).sort()).toEqual([pub.id, shared.id].sort());
    expect(asVisitor).toContain("Openbaar bericht");
    expect(asVisitor).not.toContain("Alleen voor de buurt");
    expect(asVisitor).toContain("Gedeeld door Buurt Oost");
    // Visitors are invited to join; members are not.
    expect(asVisitor).toContain('href="/signup"');

    const bob = await loginAs(b.buurt, "bob");
    const asMember = await (await bob.get("/")).text();
    expect(postIds(asMember).sort()).toEqual([pub.id, buurtOnly.id, shared.id].sort());
    for (const hidden of [followersOnly.id, direct.id, notShared.id]) expect(postIds(asMember)).not.toContain(hidden);
    expect(asMember).toContain("Alleen voor de buurt");
    // Recent posts read "vandaag HH:MM" in Dutch.
    expect(asMember).toMatch(/vandaag \d{2}:\d{2}/);
  });

  it("requires log-in for the home timeline and shows whom the member follows, with boosts, paged", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    await b.member("carl", "Carl");

    const anonymous = await visitor(b.buurt).get("/home");
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get("Location")).toBe("/login?next=%2Fhome");

    const bob = await loginAs(b.buurt, "bob");
    const empty = await (await bob.get("/home")).text();
    expect(empty).toContain("Je volgt nog niemand.");
    expect(headings1(empty)).toEqual(["Wie ik volg"]);

    const annaActor = (await b.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const followed = await followActor(b.buurt.app, { followerUsername: "bob", target: annaActor });
    expect(followed.ok && followed.value.status).toBe("accepted");
    const ids: string[] = [];
    for (let i = 0; i < 44; i++) ids.push((await publishAs(b.buurt, "anna", `Anna ${i}`, i % 2 === 0 ? "public" : "followers")).id);
    const carlPost = await publishAs(b.buurt, "carl", "Carl schrijft iets");
    // anna shares carl's post: it comes in as a boost.
    const boosted = await boostPost(b.buurt.app, { username: "anna", postId: carlPost.id });
    expect(boosted.ok).toBe(true);

    const pages = await readAllPages(bob, "/home");
    expect(pages.map((p) => p.length)).toEqual([20, 20, 5]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(45);
    expect(seen).toEqual([carlPost.id, ...[...ids].reverse()]);

    const first = await (await bob.get("/home")).text();
    expect(first).toContain("Gedeeld door Anna");
    expect(first).toContain("Carl schrijft iets");
  });
});

describe("formatWhen", () => {
  it("formats times friendly in the buurt's time zone and the reader's language", () => {
    const now = new Date("2025-03-05T12:00:00Z");
    const nl = { locale: "nl" as const, timeZone: "Europe/Amsterdam", t: translator("nl"), now };
    const en = { ...nl, locale: "en" as const, t: translator("en") };
    expect(formatWhen("2025-03-05T13:05:00Z", nl)).toBe("vandaag 14:05");
    expect(formatWhen("2025-03-05T13:05:00Z", en)).toBe("today at 14:05");
    expect(formatWhen("2025-03-04T08:30:00Z", nl)).toBe("gisteren 09:30");
    // 23:30 UTC on the 4th is already the 5th in Amsterdam.
    expect(formatWhen("2025-03-04T23:30:00Z", nl)).toBe("vandaag 00:30");
    expect(formatWhen("2025-01-10T09:00:00Z", nl)).toBe("10 jan 10:00");
    expect(formatWhen("2024-01-10T09:00:00Z", en)).toBe("10 Jan 2024 10:00");
  });
});
