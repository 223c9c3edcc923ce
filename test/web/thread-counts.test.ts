/**
 * Counts under posts tell the reader what they can see: a reply count
 * leaves out replies the reader may not read (direct messages, a help
 * conversation, followers-only answers), and replies on a post's page show
 * only counts above zero (the focused post keeps its full line).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { respondToHelpItem, createHelpItem } from "../../src/app/help.ts";
import { publishPost, resolveMentions } from "../../src/app/posts.ts";
import type { Post, Visibility } from "../../src/domain/post.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { attr, descendants, select, textOf } from "../helpers/html.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

/** The count line (`.post-counts`) under each post on a page, by post id; `""` when there is none. */
function countLines(html: string): Map<string, string> {
  const lines = new Map<string, string>();
  const blocks = select(html, "div").filter((el) => (attr(el, "class") ?? "").split(" ").includes("post-actions"));
  for (const block of blocks) {
    const form = descendants(block).find((el) => el.tagName === "form");
    const id = /^\/posts\/([^/]+)\//.exec(attr(form ?? block, "action") ?? "")?.[1];
    const line = descendants(block).find((el) => (attr(el, "class") ?? "") === "post-counts");
    if (id != null) lines.set(id, line == null ? "" : line.childNodes.map(textOf).join(" | "));
  }
  return lines;
}


/** The count line of a post in a timeline (`""` when none): the text of `.post-counts` in its item. */
function timelineCounts(html: string, postId: string): string {
  const item = select(html, "li").find((li) =>
    descendants(li).some((el) => el.tagName === "article" && attr(el, "id") === `post-${postId}`)
  );
  if (item == null) throw new Error(`post ${postId} not on the page`);
  const line = descendants(item).find((el) => (attr(el, "class") ?? "") === "post-counts");
  return line == null ? "" : line.childNodes.map(textOf).join(" | ");
}

describe.each(testDialects())("counts the reader can check (%s)", (dialect) => {
  let b: TestBuurt;
  let anna: WebClient, bob: WebClient, carol: WebClient;

  async function post(username: string, text: string, visibility: Visibility = "public", inReplyTo?: Post): Promise<Post> {
    const r = await publishPost(b.buurt.app, {
      authorUsername: username,
      text,
      visibility,
      inReplyToIri: inReplyTo?.iri ?? null,
      mentions: await resolveMentions(b.buurt.app, b.buurt.lookup, text),
    });
    if (!r.ok) throw new Error(r.error);
    return r.value;
  }

  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Midden", dialect });
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    await b.member("carol", "Carol");
    anna = await loginAs(b.buurt, "anna");
    bob = await loginAs(b.buurt, "bob");
    carol = await loginAs(b.buurt, "carol");
  });
  afterAll(async () => {
    await b.stop();
  });

  it("a timeline's reply count leaves out replies the reader cannot read", async () => {
    const news = await post("anna", "Straatfeest zaterdag!");
    await post("bob", "@anna Ik neem taart mee", "direct", news);
    await post("carol", "@anna Leuk!", "public", news);

    // Anna reads both replies; Bob his own and Carol's; Carol and a visitor only Carol's.
    expect(timelineCounts(await (await anna.get("/")).text(), news.id)).toBe("2 reacties");
    expect(timelineCounts(await (await bob.get("/")).text(), news.id)).toBe("2 reacties");
    expect(timelineCounts(await (await carol.get("/")).text(), news.id)).toBe("1 reactie");
    expect(timelineCounts(await (await visitor(b.buurt).get("/")).text(), news.id)).toBe("1 reactie");
  });

  it("a help item's private conversation does not count as replies for others", async () => {
    const { wording } = { wording: helpWording("nl") };
    const item = await createHelpItem(b.buurt.app, {
      authorUsername: "anna",
      kind: "request",
      category: "errands",
      title: "Wie haalt mijn boodschappen?",
      description: "",
      visibility: "public",
      wording,
      language: "nl",
    });
    if (!item.ok) throw new Error(item.error);
    const responded = await respondToHelpItem(b.buurt.app, {
      postId: item.value.postId,
      username: "bob",
      message: "Ik kan morgen!",
      language: "nl",
    });
    expect(responded.ok).toBe(true);
    expect(timelineCounts(await (await carol.get("/")).text(), item.value.postId)).toBe("");
    expect(timelineCounts(await (await visitor(b.buurt).get("/")).text(), item.value.postId)).toBe("");
  });

  it("on a post's page the replies show only counts above zero; the post itself keeps its line", async () => {
    const question = await post("anna", "Wie heeft er een ladder?");
    const answer = await post("bob", "@anna Ik!", "public", question);
    const thanks = await post("anna", "@bob Dank je!", "public", answer);
    expect((await carol.post(`/posts/${answer.id}/like`, { next: "/" })).status).toBe(303);

    const page = await (await carol.get(`/posts/${question.id}`)).text();
    const lines = countLines(page);
    expect(lines.get(question.id)).toBe("1 reactie | 0 keer leuk gevonden | 0 keer gedeeld");
    expect(lines.get(answer.id)).toBe("1 reactie | 1 keer leuk gevonden");
    expect(lines.get(thanks.id)).toBe("");
    // Still every button under each reply.
    expect(page).toContain(`action="/posts/${thanks.id}/like"`);

    // The ancestors above a reply count only what the reader can see, too.
    await post("bob", "@anna Alleen voor jou", "direct", question);
    const fromReply = countLines(await (await carol.get(`/posts/${answer.id}`)).text());
    expect(fromReply.get(question.id)).toBe("1 reactie");
  });
});
