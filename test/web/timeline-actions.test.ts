/**
 * The buurt timeline (`/`) and the home timeline (`/home`) carry the same
 * reply/like/boost buttons under each post as a post's own page, with the
 * counts above zero (edit and delete stay on the post's page), and show
 * the confirmation (`?notice=`) after a button brings the member back.
 */
import { type DefaultTreeAdapterMap, parse } from "parse5";
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { likePost } from "../../src/app/interactions.ts";
import { publishPost } from "../../src/app/posts.ts";
import { publishAs, startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { attr, type Element, textOf } from "../helpers/html.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

type Node = DefaultTreeAdapterMap["node"];

/** `root` and every element under it, in document order. */
function elementsUnder(root: Node): Element[] {
  const out: Element[] = [];
  const visit = (node: Node) => {
    if ("tagName" in node) out.push(node);
    if ("childNodes" in node) for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return out;
}

function hasClass(el: Element, name: string): boolean {
  return (attr(el, "class") ?? "").split(/\s+/).includes(name);
}

/** What the timeline shows for one post: the card with what is under it. */
function timelineItem(html: string, postId: string): Element {
  const item = elementsUnder(parse(html)).find((el) =>
    hasClass(el, "timeline-item") && elementsUnder(el).some((a) => a.tagName === "article" && attr(a, "id") === `post-${postId}`)
  );
  if (item == null) throw new Error(`post ${postId} is not on the timeline`);
  return item;
}

/** The buttons and links under a post: visible label, and where each goes (`POST action` / `href`) with its `next`. */
function actions(item: Element): Array<{ label: string; action: string; next: string | null }> {
  const block = elementsUnder(item).find((el) => hasClass(el, "post-buttons"));
  if (block == null) return [];
  const out: Array<{ label: string; action: string; next: string | null }> = [];
  for (const el of elementsUnder(block)) {
    if (el.tagName === "a") {
      out.push({ label: visibleText(el), action: attr(el, "href")!, next: null });
    } else if (el.tagName === "form") {
      const button = elementsUnder(el).find((b) => b.tagName === "button")!;
      const next = elementsUnder(el).find((i) => i.tagName === "input" && attr(i, "name") === "next");
      out.push({ label: visibleText(button), action: `POST ${attr(el, "action")}`, next: next == null ? null : attr(next, "value") });
    }
  }
  return out;
}

/** Text without the screen-reader-only part. */
function visibleText(el: Element): string {
  const copy = elementsUnder(el).filter((e) => hasClass(e, "visually-hidden")).map(textOf);
  let text = textOf(el);
  for (const hidden of copy) text = text.replace(hidden, "");
  return text.trim();
}

function counts(item: Element): string {
  const line = elementsUnder(item).find((el) => hasClass(el, "post-counts"));
  return line == null ? "" : line.childNodes.map(textOf).join(" | ");
}

function statusText(html: string): string[] {
  return elementsUnder(parse(html)).filter((el) => attr(el, "role") === "status").map(textOf);
}

/** Posts a button's form as the browser would, following the redirect. */
async function press(client: WebClient, action: { action: string; next: string | null }): Promise<{ location: string; html: string }> {
  const res = await client.post(action.action.replace(/^POST /, ""), { next: action.next ?? "" });
  expect(res.status).toBe(303);
  const location = res.headers.get("Location")!;
  return { location, html: await (await client.get(location)).text() };
}

describe.each(testDialects())("timeline buttons (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("shows counts and reply/like/boost under each post on / and /home, and the confirmation after a button", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    const news = await publishAs(b.buurt, "anna", "Zaterdag is de straat afgesloten.");
    const buurtOnly = await publishAs(b.buurt, "anna", "Wie heeft mijn kat gezien?", "buurt");
    const bob = await loginAs(b.buurt, "bob");

    // The buurt timeline: counts, and Bob's buttons come back to this page at the post.
    let page = await (await bob.get("/")).text();
    let item = timelineItem(page, news.id);
    expect(counts(item)).toBe("");
    expect(actions(item)).toEqual([
      { label: "Reageren", action: `/posts/${news.id}#reply`, next: null },
      { label: "Leuk", action: `POST /posts/${news.id}/like`, next: `/#post-${news.id}` },
      { label: "Delen", action: `POST /posts/${news.id}/boost`, next: `/#post-${news.id}` },
    ]);
    // A buurt-only post cannot be boosted.
    expect(actions(timelineItem(page, buurtOnly.id)).map((a) => a.label)).toEqual(["Reageren", "Leuk"]);
    // Editing and deleting her own post is for its own page; no confirmation shows without a notice.
    const annaClient = await loginAs(b.buurt, "anna");
    const annaPage = await (await annaClient.get("/")).text();
    expect(actions(timelineItem(annaPage, news.id)).map((a) => a.label)).toEqual(["Reageren", "Leuk", "Delen"]);
    expect(statusText(annaPage)).toEqual([]);
    expect(await (await annaClient.get(`/posts/${news.id}`)).text()).toContain(`href="/posts/${news.id}/edit"`);

    // Bob likes it from the timeline: back on /, at the post, with the confirmation and the new count.
    let pressed = await press(bob, actions(timelineItem(page, news.id))[1]!);
    expect(pressed.location).toBe(`/?notice=liked#post-${news.id}`);
    expect(statusText(pressed.html)).toEqual(["Je vindt dit bericht leuk."]);
    item = timelineItem(pressed.html, news.id);
    expect(counts(item)).toBe("1 keer leuk gevonden");
    expect(actions(item)[1]).toEqual({ label: "Niet meer leuk", action: `POST /posts/${news.id}/unlike`, next: `/#post-${news.id}` });

    // The home timeline, after following Anna: the same buttons, coming back to /home.
    const annaActor = (await b.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    expect((await followActor(b.buurt.app, { followerUsername: "bob", target: annaActor })).ok).toBe(true);
    page = await (await bob.get("/home")).text();
    item = timelineItem(page, news.id);
    expect(counts(item)).toBe("1 keer leuk gevonden");
    const boost = actions(item).find((a) => a.label === "Delen")!;
    expect(boost).toEqual({ label: "Delen", action: `POST /posts/${news.id}/boost`, next: `/home#post-${news.id}` });
    pressed = await press(bob, boost);
    expect(pressed.location).toBe(`/home?notice=boosted#post-${news.id}`);
    expect(statusText(pressed.html)).toEqual(["Je hebt dit bericht gedeeld met je volgers."]);
    expect(counts(timelineItem(pressed.html, news.id))).toBe("1 keer leuk gevonden | 1 keer gedeeld");

    // Replies are counted on the timeline too.
    const reply = await publishPost(b.buurt.app, {
      authorUsername: "bob",
      text: "@anna Dank voor het laten weten!",
      visibility: "public",
      inReplyToIri: news.iri,
    });
    expect(reply.ok).toBe(true);
    expect(counts(timelineItem(await (await bob.get("/")).text(), news.id))).toBe(
      "1 reactie | 1 keer leuk gevonden | 1 keer gedeeld",
    );

    // Only known notices are shown.
    expect(statusText(await (await bob.get("/?notice=<b>hoi</b>")).text())).toEqual([]);
    expect(statusText(await (await bob.get("/home?notice=unboosted")).text())).toEqual([
      "Je deelt dit bericht niet meer.",
    ]);
  });

  it("shows visitors the counts without buttons", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    const news = await publishAs(b.buurt, "anna", "Het buurtfeest is op 14 juni.");
    const quiet = await publishAs(b.buurt, "anna", "Nog een bericht.");
    expect((await likePost(b.buurt.app, { username: "bob", postId: news.id })).ok).toBe(true);
    const html = await (await visitor(b.buurt).get("/")).text();
    const item = timelineItem(html, news.id);
    expect(counts(item)).toBe("1 keer leuk gevonden");
    expect(actions(item)).toEqual([]);
    expect(elementsUnder(item).some((el) => el.tagName === "form")).toBe(false);
    // Nothing to count and nothing to press: nothing under the post.
    expect(elementsUnder(timelineItem(html, quiet.id)).some((el) => hasClass(el, "post-actions"))).toBe(false);
  });
});
