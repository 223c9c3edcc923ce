/**
 * What members do with posts in the browser: reply, like and unlike, boost
 * and unboost, edit (a follower on another buurt receives the `Update`) and
 * delete (the other buurt removes it; a buurtverbinder may delete others'
 * posts, logged), and the thread page with a reply from another buurt.
 * Every action is a POST form that redirects back with a confirmation.
 */
import { afterEach, describe, expect, it } from "vitest";
import { publishAs, startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { followRemote, postIdFromLocation, textareaValue } from "../helpers/compose.ts";
import { testDialects } from "../helpers/databases.ts";
import { loginAs, visitor } from "../helpers/web.ts";

/** The `<article>` of a post on a page, or `null`. */
function articleOf(html: string, postId: string): string | null {
  const start = html.indexOf(`<article class="post" id="post-${postId}"`);
  if (start < 0) return null;
  return html.slice(start, html.indexOf("</article>", start) + "</article>".length);
}

/** The counts and buttons under a post (the block after its article). */
function actionsOf(html: string, postId: string): string {
  const article = articleOf(html, postId);
  if (article == null) throw new Error(`post ${postId} not on the page`);
  const start = html.indexOf(article) + article.length;
  const next = html.indexOf("<article", start);
  return html.slice(start, next < 0 ? start + 3000 : next);
}

describe.each(testDialects())("interacting with posts (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("replies, likes and boosts through the forms, with confirmations and counts", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    const anna = await a.member("anna", "Anna");
    const bert = await a.member("bert", "Bert");
    const original = await publishAs(a.buurt, "anna", "Wie helpt zaterdag met de moestuin?");
    const bertClient = await loginAs(a.buurt, "bert");

    // The reply form under the post mentions anna already.
    const page = await (await bertClient.get(`/posts/${original.id}`)).text();
    expect(page).toContain(`<input type="hidden" name="in_reply_to" value="${original.id}"/>`);
    expect(textareaValue(page, "text")).toBe("@anna ");

    const replied = await bertClient.post("/compose", {
      in_reply_to: original.id,
      text: "@anna Ik help mee!",
      visibility: "public",
    });
    expect(replied.status).toBe(303);
    const location = replied.headers.get("Location")!;
    expect(location).toMatch(new RegExp(`^/posts/${original.id}\\?notice=replied#post-`));
    const replyId = location.split("#post-")[1]!;
    const reply = (await a.buurt.app.repos.posts.findById(replyId))!;
    expect(reply.inReplyToIri).toBe(original.iri);
    expect(reply.actorId).toBe(bert.actorId);
    expect(reply.tags).toEqual([{ type: "Mention", name: `@anna@127.0.0.1:${a.port}`, href: a.buurt.app.iris.actor("anna") }]);
    const afterReply = await (await bertClient.get(location.split("#")[0]!)).text();
    expect(afterReply).toContain(`<p class="notice" role="status">Je reactie is geplaatst.</p>`);
    expect(articleOf(afterReply, replyId)).toContain("Ik help mee!");
    expect(actionsOf(afterReply, original.id)).toContain("1 reactie");

    // Like: stored once, shown, undone.
    const liked = await bertClient.post(`/posts/${original.id}/like`, { next: `/posts/${original.id}` });
    expect(liked.status).toBe(303);
    expect(liked.headers.get("Location")).toBe(`/posts/${original.id}?notice=liked`);
    await bertClient.post(`/posts/${original.id}/like`, { next: `/posts/${original.id}` });
    expect(await a.buurt.app.repos.likes.countForPost(original.id)).toBe(1);
    expect((await a.buurt.app.repos.likes.findByPair(bert.actorId, original.id))?.actorId).toBe(bert.actorId);
    const afterLike = await (await bertClient.get(`/posts/${original.id}?notice=liked`)).text();
    expect(afterLike).toContain("Je vindt dit bericht leuk.");
    expect(actionsOf(afterLike, original.id)).toContain("1 keer leuk gevonden");
    // The buurt group's announce of every public post is not a boost by a person.
    expect(actionsOf(afterLike, original.id)).toContain("0 keer gedeeld");
    expect(actionsOf(afterLike, original.id)).toContain(`action="/posts/${original.id}/unlike"`);
    const unliked = await bertClient.post(`/posts/${original.id}/unlike`, { next: `/posts/${original.id}` });
    expect(unliked.headers.get("Location")).toBe(`/posts/${original.id}?notice=unliked`);
    expect(await a.buurt.app.repos.likes.countForPost(original.id)).toBe(0);

    // Boost: stored, shown, undone; a followers-only post cannot be boosted.
    const boosted = await bertClient.post(`/posts/${original.id}/boost`, { next: `/posts/${original.id}#post-${original.id}` });
    expect(boosted.headers.get("Location")).toBe(`/posts/${original.id}?notice=boosted#post-${original.id}`);
    expect((await a.buurt.app.repos.announces.findByPair(bert.actorId, original.id))?.actorId).toBe(bert.actorId);
    const afterBoost = await (await bertClient.get(`/posts/${original.id}`)).text();
    expect(actionsOf(afterBoost, original.id)).toContain(`action="/posts/${original.id}/unboost"`);
    expect(actionsOf(afterBoost, original.id)).toContain("1 keer gedeeld");
    await bertClient.post(`/posts/${original.id}/unboost`, {});
    expect(await a.buurt.app.repos.announces.findByPair(bert.actorId, original.id)).toBeNull();
    const followersOnly = await publishAs(a.buurt, "bert", "Alleen voor volgers", "followers");
    const refused = await bertClient.post(`/posts/${followersOnly.id}/boost`, {});
    expect(refused.headers.get("Location")).toBe(`/posts/${followersOnly.id}?notice=not_allowed`);
    expect(await a.buurt.app.repos.announces.countForPost(followersOnly.id)).toBe(0);

    // A visitor sees counts but no buttons, and cannot act.
    const asVisitor = await (await visitor(a.buurt).get(`/posts/${original.id}`)).text();
    expect(asVisitor).toContain("1 reactie");
    expect(asVisitor).not.toContain(`/posts/${original.id}/like"`);
    const visitorLike = await visitor(a.buurt).post(`/posts/${original.id}/like`, {});
    expect(visitorLike.status).toBe(303);
    expect(visitorLike.headers.get("Location")).toMatch(/^\/login/);
    expect(await a.buurt.app.repos.likes.countForPost(original.id)).toBe(0);
    expect(anna.actorId).not.toBe(bert.actorId);
  });

  it("edits a post: the remote follower receives the Update and shows the new text", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await a.member("bert", "Bert");
    await b.member("bob", "Bob");
    await followRemote(b, "bob", a, "anna");
    const annaClient = await loginAs(a.buurt, "anna");
    const posted = await annaClient.post("/compose", { text: "Rommelmarkt op zaterdag", visibility: "public" });
    const original = (await a.buurt.app.repos.posts.findById(postIdFromLocation(posted)))!;
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(original.iri), "B to store the post");
    expect(onB.contentHtml).toContain("Rommelmarkt op zaterdag");

    // Only the author gets the edit form, filled with what she wrote.
    const bertClient = await loginAs(a.buurt, "bert");
    expect((await bertClient.get(`/posts/${original.id}/edit`)).status).toBe(403);
    expect((await bertClient.post(`/posts/${original.id}/edit`, { text: "gekaapt" })).status).toBe(403);
    const form = await (await annaClient.get(`/posts/${original.id}/edit`)).text();
    expect(textareaValue(form, "text")).toBe("Rommelmarkt op zaterdag");
    const empty = await annaClient.post(`/posts/${original.id}/edit`, { text: "  ", summary: "" });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Schrijf een bericht");

    const edited = await annaClient.post(`/posts/${original.id}/edit`, {
      text: "Rommelmarkt op zondag! #rommelmarkt",
      summary: "Gewijzigd",
    });
    expect(edited.status).toBe(303);
    expect(edited.headers.get("Location")).toBe(`/posts/${original.id}?notice=edited`);
    const updated = (await a.buurt.app.repos.posts.findById(original.id))!;
    expect(updated.source).toBe("Rommelmarkt op zondag! #rommelmarkt");
    expect(updated.summary).toBe("Gewijzigd");
    expect(updated.updatedAt).not.toBeNull();
    expect(updated.tags.map((t) => t.name)).toEqual(["#rommelmarkt"]);

    const onBUpdated = await waitFor(async () => {
      const p = await b.buurt.app.repos.posts.findByIri(original.iri);
      return p?.contentHtml?.includes("zondag") ? p : null;
    }, "B to apply the Update");
    expect(onBUpdated.summary).toBe("Gewijzigd");
    expect(onBUpdated.updatedAt).not.toBeNull();
    const pageOnB = await (await visitor(b.buurt).get(`/posts/${onBUpdated.id}`)).text();
    expect(pageOnB).toContain("Rommelmarkt op zondag!");
    expect(pageOnB).not.toContain("Rommelmarkt op zaterdag");
  });

  it("deletes a post: the other buurt removes it; a buurtverbinder may delete another's post, which is logged", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    const bert = await a.member("bert", "Bert");
    const carol = await a.member("carol", "Carol");
    await b.member("bob", "Bob");
    await followRemote(b, "bob", a, "anna");
    const annaClient = await loginAs(a.buurt, "anna");
    const posted = await annaClient.post("/compose", { text: "Dit bericht gaat weg", visibility: "public" });
    const original = (await a.buurt.app.repos.posts.findById(postIdFromLocation(posted)))!;
    await waitFor(() => b.buurt.app.repos.posts.findByIri(original.iri), "B to store the post");

    // A resident cannot delete someone else's post.
    const bertClient = await loginAs(a.buurt, "bert");
    expect((await bertClient.get(`/posts/${original.id}/delete`)).status).toBe(403);
    expect((await bertClient.post(`/posts/${original.id}/delete`, {})).status).toBe(403);
    expect(await a.buurt.app.repos.posts.findById(original.id)).not.toBeNull();

    // The author confirms and deletes; the other buurt removes its copy.
    const confirm = await (await annaClient.get(`/posts/${original.id}/delete`)).text();
    expect(confirm).toContain(`action="/posts/${original.id}/delete"`);
    const deleted = await annaClient.post(`/posts/${original.id}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("Location")).toBe(`/posts/${original.id}/deleted`);
    expect(await (await annaClient.get(`/posts/${original.id}/deleted`)).text()).toContain("Het bericht is verwijderd.");
    expect(await a.buurt.app.repos.posts.findById(original.id)).toBeNull();
    expect((await visitor(a.buurt).get(`/posts/${original.id}`)).status).toBe(404);
    await waitFor(async () => (await b.buurt.app.repos.posts.findByIri(original.iri)) == null, "B to remove the post");

    // A buurtverbinder deletes carol's post; the audit log says who and what.
    await a.buurt.app.repos.members.setRole(bert.id, "buurtverbinder");
    const carolsPost = await publishAs(a.buurt, "carol", "Iets dat niet door de beugel kan");
    const asModerator = await bertClient.post(`/posts/${carolsPost.id}/delete`, {});
    expect(asModerator.status).toBe(303);
    expect(await a.buurt.app.repos.posts.findById(carolsPost.id)).toBeNull();
    const log = await a.buurt.database.db.selectFrom("audit_log").selectAll().where("action", "=", "post.deleted").execute();
    expect(log.map((r) => [r.actor_member_id, r.subject_member_id])).toEqual([[bert.id, carol.id]]);
    expect(JSON.parse(log[0]!.detail_json)).toMatchObject({ postId: carolsPost.id, author: "carol", moderator: "bert" });
  });

  it("shows the whole thread: a reply from another buurt under the local post, nested replies and the ancestors", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await a.member("bert", "Bert");
    await b.member("bob", "Bob");
    await followRemote(b, "bob", a, "anna");
    const original = await publishAs(a.buurt, "anna", "Zullen we een buurtbarbecue houden?");
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(original.iri), "B to store anna's post");

    // bob replies on his own buurt, through its web form.
    const bobClient = await loginAs(b.buurt, "bob");
    const form = await (await bobClient.get(`/posts/${onB.id}`)).text();
    expect(textareaValue(form, "text")).toBe(`@anna@127.0.0.1:${a.port} `);
    const replied = await bobClient.post("/compose", {
      in_reply_to: onB.id,
      text: `@anna@127.0.0.1:${a.port} Goed plan, ik neem de grill mee!`,
      visibility: "public",
    });
    expect(replied.status).toBe(303);
    const bobsReplyId = replied.headers.get("Location")!.split("#post-")[1]!;
    const bobsReply = (await b.buurt.app.repos.posts.findById(bobsReplyId))!;

    // A stores the remote reply and shows it under anna's post.
    const onA = await waitFor(() => a.buurt.app.repos.posts.findByIri(bobsReply.iri), "A to store bob's reply");
    expect(onA.local).toBe(false);
    expect(onA.inReplyToIri).toBe(original.iri);
    const bertClient = await loginAs(a.buurt, "bert");
    const nested = await bertClient.post("/compose", {
      in_reply_to: onA.id,
      text: "@bob@127.0.0.1:" + b.port + " Ik neem de salade mee",
      visibility: "public",
    });
    const bertsReplyId = nested.headers.get("Location")!.split("#post-")[1]!;

    const thread = await (await visitor(a.buurt).get(`/posts/${original.id}`)).text();
    const bobArticle = articleOf(thread, onA.id);
    expect(bobArticle).toContain("ik neem de grill mee!");
    expect(bobArticle).toContain(`@bob@127.0.0.1:${b.port}`);
    expect(articleOf(thread, bertsReplyId)).toContain("Ik neem de salade mee");
    // Conversation order: anna, bob, then bert's answer to bob, marked as such.
    const order = [original.id, onA.id, bertsReplyId].map((id) => thread.indexOf(`id="post-${id}"`));
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(thread).toContain("Reactie op Bob");
    expect(thread).toContain("Reacties (2)");
    expect(actionsOf(thread, original.id)).toContain("1 reactie");

    // bert's reply page shows what it answers above it.
    const fromBelow = await (await visitor(a.buurt).get(`/posts/${bertsReplyId}`)).text();
    expect(fromBelow.indexOf(`id="post-${original.id}"`)).toBeLessThan(fromBelow.indexOf(`id="post-${onA.id}"`));
    expect(fromBelow.indexOf(`id="post-${onA.id}"`)).toBeLessThan(fromBelow.indexOf(`id="post-${bertsReplyId}"`));
    expect(fromBelow).toContain("Eerder in dit gesprek");

    // The reply reaches B too (bob is mentioned and wrote the parent): B's thread shows it.
    const bertsReply = (await a.buurt.app.repos.posts.findById(bertsReplyId))!;
    await waitFor(() => b.buurt.app.repos.posts.findByIri(bertsReply.iri), "B to store bert's reply");
    const threadOnB = await (await visitor(b.buurt).get(`/posts/${onB.id}`)).text();
    expect(threadOnB).toContain("Ik neem de salade mee");
  });
});
