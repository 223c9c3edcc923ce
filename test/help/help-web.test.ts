/**
 * The help board over HTTP, on both databases: asking and offering (with
 * validation that keeps what was typed), the board's filters and paging,
 * "I can help" and the private conversation, matching and closing, the
 * three-day attention list, and notifications.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHelpItem, listHelpNeedingAttention } from "../../src/app/help.ts";
import { createMember } from "../../src/app/members.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

/** Posts the help form; returns the new item's id (from the redirect). */
async function ask(client: WebClient, fields: Record<string, string>): Promise<string> {
  const res = await client.post("/hulp/nieuw", { kind: "request", category: "errands", description: "", ...fields });
  expect(res.status).toBe(303);
  const match = /^\/hulp\/([0-9a-f-]{36})\?notice=created$/.exec(res.headers.get("Location") ?? "");
  expect(match, `redirect to the new item, got ${res.headers.get("Location")}`).not.toBeNull();
  return match![1]!;
}

async function html(res: Response): Promise<string> {
  return await res.text();
}

/** The titles of the help cards on a page, in order. */
function boardTitles(page: string): string[] {
  return [...page.matchAll(/<h[23] class="help-card-title"[^>]*><a href="[^"]+">([^<]+)<\/a><\/h[23]>/g)].map((m) => m[1]!);
}

describe.each(testDialects())("help board over HTTP (%s)", (dialect) => {
  let b: TestBuurt;
  let anna: WebClient;
  let bob: WebClient;
  let carol: WebClient;
  let vera: WebClient;

  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Noord", dialect });
    await b.member("anna", "Anna");
    await b.member("bob", "Bob");
    await b.member("carol", "Carol");
    const made = await createMember(b.buurt.app, { username: "vera", displayName: "Vera", role: "buurtverbinder", status: "active" });
    if (!made.ok) throw new Error(made.error);
    anna = await loginAs(b.buurt, "anna");
    bob = await loginAs(b.buurt, "bob");
    carol = await loginAs(b.buurt, "carol");
    vera = await loginAs(b.buurt, "vera");
  });
  afterAll(async () => {
    await b?.stop();
  });

  it("refuses an incomplete form with every error, keeping what was typed, and sends visitors to log in", async () => {
    const res = await anna.post("/hulp/nieuw", {
      kind: "request",
      category: "",
      title: "   ",
      description: "Ik heb een gebroken enkel & kan niet lopen",
      public: "on",
    });
    expect(res.status).toBe(422);
    const page = await html(res);
    expect(page).toContain("Kies een categorie.");
    expect(page).toContain("Geef een korte titel.");
    expect(page).toContain("Ik heb een gebroken enkel &amp; kan niet lopen</textarea>");
    expect(page).toMatch(/id="field-public"[^>]*checked|checked[^>]*id="field-public"/);
    expect(page).toMatch(/id="field-kind-request"[^>]*checked|checked[^>]*id="field-kind-request"/);
    expect(await b.buurt.database.db.selectFrom("help_items").select("post_id").execute()).toEqual([]);

    const guest = visitor(b.buurt);
    const form = await guest.get("/hulp/nieuw");
    expect(form.status).toBe(303);
    expect(form.headers.get("Location")).toBe("/login?next=%2Fhulp%2Fnieuw");
  });

  it("creates a buurt-only request by default and a public offer on request; visitors see only the public one", async () => {
    const requestId = await ask(anna, { title: "Wie doet zaterdag boodschappen?", description: "Brood en melk" });
    const offerId = await ask(bob, { kind: "offer", category: "transport", title: "Rit naar het ziekenhuis", public: "on" });

    const requestItem = await b.buurt.app.repos.help.findByPostId(requestId);
    expect(requestItem).toMatchObject({
      kind: "request",
      category: "errands",
      title: "Wie doet zaterdag boodschappen?",
      description: "Brood en melk",
      visibility: "buurt",
      status: "open",
    });
    const requestPost = await b.buurt.app.repos.posts.findById(requestId);
    expect(requestPost?.type).toBe("Note");
    expect(requestPost?.visibility).toBe("buurt");
    expect(requestPost?.tags.map((t) => t.name)).toEqual(["#hulpgevraagd", "#boodschappen"]);
    const offerPost = await b.buurt.app.repos.posts.findById(offerId);
    expect(offerPost?.visibility).toBe("public");
    expect(offerPost?.audienceIri).toBe(await b.groupIri());
    expect(offerPost?.tags.map((t) => t.name)).toEqual(["#hulpaangeboden", "#vervoer"]);

    const created = await anna.get(`/hulp/${requestId}?notice=created`);
    expect(created.status).toBe(200);
    const createdPage = await html(created);
    expect(createdPage).toContain("<h1 id=\"page-title\">Wie doet zaterdag boodschappen?</h1>");
    expect(createdPage).toContain("Geplaatst. Je krijgt een melding als iemand reageert.");

    const guest = visitor(b.buurt);
    expect((await guest.get(`/hulp/${requestId}`)).status).toBe(404);
    expect((await guest.get(`/hulp/${offerId}`)).status).toBe(200);
    const guestBoard = boardTitles(await html(await guest.get("/hulp")));
    expect(guestBoard).toContain("Rit naar het ziekenhuis");
    expect(guestBoard).not.toContain("Wie doet zaterdag boodschappen?");
    const memberBoard = boardTitles(await html(await carol.get("/hulp")));
    expect(memberBoard.slice(0, 2)).toEqual(["Rit naar het ziekenhuis", "Wie doet zaterdag boodschappen?"]);
  });

  it("filters the board by kind, category and status, and pages with a cursor that keeps the filters", async () => {
    const wording = helpWording("nl");
    const make = (username: string, kind: string, category: string, title: string) =>
      createHelpItem(b.buurt.app, {
        authorUsername: username,
        kind,
        category,
        title,
        description: "",
        visibility: "buurt",
        wording,
        language: "nl",
      });
    const lend = await make("carol", "offer", "lending", "Boormachine te leen");
    const chat = await make("carol", "request", "company", "Wie komt koffie drinken?");
    if (!lend.ok || !chat.ok) throw new Error("create failed");
    expect((await carol.post(`/hulp/${chat.value.postId}/sluiten`, {})).status).toBe(303);

    const offers = boardTitles(await html(await anna.get("/hulp?kind=offer")));
    expect(offers).toContain("Boormachine te leen");
    expect(offers).toContain("Rit naar het ziekenhuis");
    expect(offers).not.toContain("Wie doet zaterdag boodschappen?");
    expect(boardTitles(await html(await anna.get("/hulp?category=lending")))).toEqual(["Boormachine te leen"]);
    // Open by default; closed ones on request; "" shows every status.
    expect(boardTitles(await html(await anna.get("/hulp?category=company")))).toEqual([]);
    expect(boardTitles(await html(await anna.get("/hulp?category=company&status=closed")))).toEqual(["Wie komt koffie drinken?"]);
    expect(boardTitles(await html(await anna.get("/hulp?category=company&status=")))).toEqual(["Wie komt koffie drinken?"]);
    const filterForm = await html(await anna.get("/hulp?kind=offer&category=lending"));
    expect(filterForm).toMatch(/<option value="offer" selected(="")?>Hulpaanbod<\/option>/);
    expect(filterForm).toMatch(/<option value="lending" selected(="")?>Lenen<\/option>/);

    for (let i = 1; i <= 21; i++) {
      const r = await make("bob", "offer", "odd_jobs", `Klus ${String(i).padStart(2, "0")}`);
      if (!r.ok) throw new Error(r.error);
    }
    const first = await html(await anna.get("/hulp?category=odd_jobs"));
    expect(boardTitles(first)).toEqual(Array.from({ length: 20 }, (_, k) => `Klus ${String(21 - k).padStart(2, "0")}`));
    const older = /<a href="([^"]+)" rel="next">/.exec(first)?.[1]?.replace(/&amp;/g, "&");
    expect(older).toMatch(/^\/hulp\?kind=&category=odd_jobs&status=open&cursor=/);
    expect(boardTitles(await html(await anna.get(older!)))).toEqual(["Klus 01"]);
  });

  it("opens a direct conversation with 'I can help' that only the two can see, and notifies the author", async () => {
    const id = await ask(anna, { category: "odd_jobs", title: "Lamp ophangen", public: "on" });
    const annaActor = (await b.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const bobActor = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;

    // An empty message is refused and the form comes back.
    const empty = await bob.post(`/hulp/${id}/helpen`, { message: "  " });
    expect(empty.status).toBe(422);
    expect(await html(empty)).toContain("Schrijf een bericht.");
    // The author cannot respond to their own item.
    expect((await anna.post(`/hulp/${id}/helpen`, { message: "ikzelf" })).status).toBe(403);

    const before = await b.buurt.app.repos.notifications.countUnread(annaActor.id);
    const res = await bob.post(`/hulp/${id}/helpen`, { message: "Ik heb een trapje, zaterdag 10 uur?" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/hulp/${id}?notice=responded#gesprek-${bobActor.id}`);

    const responses = await b.buurt.app.repos.help.listResponses(id);
    expect(responses.map((r) => r.actor.username)).toEqual(["bob"]);
    const message = await b.buurt.app.repos.posts.findById(responses[0]!.response.postId!);
    expect(message).toMatchObject({ visibility: "direct", inReplyToIri: b.buurt.app.iris.post(id), actorId: bobActor.id });
    expect(message?.tags).toEqual([{ type: "Mention", name: `@anna@${b.buurt.app.iris.domain}`, href: annaActor.iri }]);

    expect(await b.buurt.app.repos.notifications.countUnread(annaActor.id)).toBe(before + 1);
    const latest = (await b.buurt.app.repos.notifications.listForRecipient(annaActor.id, { limit: 1 })).items[0];
    expect(latest).toMatchObject({ type: "help_response", fromActorId: bobActor.id, postId: message!.id, subjectId: id });

    // The author answers in the conversation.
    const reply = await anna.post(`/hulp/${id}/berichten`, { with: bobActor.id, [`message-${bobActor.id}`]: "Top, tot zaterdag!" });
    expect(reply.status).toBe(303);

    const annaPage = await html(await anna.get(`/hulp/${id}`));
    const bobPage = await html(await bob.get(`/hulp/${id}`));
    for (const page of [annaPage, bobPage]) {
      expect(page).toContain("Ik heb een trapje, zaterdag 10 uur?");
      expect(page).toContain("Top, tot zaterdag!");
    }
    expect(annaPage).toContain("Gesprek met Bob");
    expect(bobPage).toContain("Gesprek met Anna");
    // bob responded already: no second "I can help" form for him.
    expect(bobPage).not.toContain(`action="/hulp/${id}/helpen"`);

    const carolPage = await html(await carol.get(`/hulp/${id}`));
    const guestPage = await html(await visitor(b.buurt).get(`/hulp/${id}`));
    for (const page of [carolPage, guestPage]) {
      expect(page).toContain("Lamp ophangen");
      expect(page).toContain("1 reactie");
      expect(page).not.toContain("Ik heb een trapje");
      expect(page).not.toContain("Top, tot zaterdag!");
    }
    // Nor can a third member write into it, or read it as a post.
    expect((await carol.post(`/hulp/${id}/berichten`, { with: bobActor.id, [`message-${bobActor.id}`]: "ik ook" })).status)
      .toBe(403);
    expect((await visitor(b.buurt).get(`/posts/${message!.id}`)).status).toBe(404);
    expect((await carol.get(`/posts/${message!.id}`)).status).toBe(404);
  });

  it("counts a neighbour's ordinary reply as a response, notifying the author once, as for a remote reply", async () => {
    const id = await ask(anna, { category: "transport", title: "Wie rijdt me naar het ziekenhuis?", public: "on" });
    const annaActor = (await b.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const carolActor = (await b.buurt.app.repos.actors.findLocalByUsername("carol"))!;

    // carol answers with the reply form under the item's post, not with "I can help".
    const replied = await carol.post("/compose", { text: "Ik kan dinsdag rijden.", visibility: "public", in_reply_to: id });
    expect(replied.status).toBe(303);
    const responses = await b.buurt.app.repos.help.listResponses(id);
    expect(responses.map((r) => r.actor.username)).toEqual(["carol"]);
    const reply = await b.buurt.app.repos.posts.findById(responses[0]!.response.postId!);
    expect(reply).toMatchObject({ actorId: carolActor.id, inReplyToIri: b.buurt.app.iris.post(id), visibility: "public" });
    // One notification, of the specific kind (no generic `reply` besides it).
    const notes = await b.buurt.app.repos.notifications.listForRecipient(annaActor.id, { limit: 20 });
    expect(notes.items.filter((n) => n.postId === reply!.id).map((n) => [n.type, n.fromActorId, n.subjectId]))
      .toEqual([["help_response", carolActor.id, id]]);
    // The author sees the conversation with carol on the item's page.
    const annaPage = await html(await anna.get(`/hulp/${id}`));
    expect(annaPage).toContain("Gesprek met Carol");
    expect(annaPage).toContain("Ik kan dinsdag rijden.");

    // The author's own reply to the item is no response; it notifies nobody.
    expect((await anna.post("/compose", { text: "Graag, om 9 uur.", visibility: "public", in_reply_to: id })).status).toBe(303);
    expect((await b.buurt.app.repos.help.listResponses(id)).map((r) => r.actor.username)).toEqual(["carol"]);
  });

  it("lets only the author match with a responder, release, and close; a buurtverbinder may close too", async () => {
    const id = await ask(anna, { category: "transport", title: "Lift naar de markt" });
    const bobActor = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    const carolActor = (await b.buurt.app.repos.actors.findLocalByUsername("carol"))!;
    expect((await bob.post(`/hulp/${id}/helpen`, { message: "Ik rij toch die kant op" })).status).toBe(303);

    expect((await anna.post(`/hulp/${id}/koppelen`, { helper: carolActor.id })).status).toBe(409);
    expect((await bob.post(`/hulp/${id}/koppelen`, { helper: bobActor.id })).status).toBe(403);
    expect((await anna.post(`/hulp/${id}/loskoppelen`, {})).status).toBe(409);

    const matched = await anna.post(`/hulp/${id}/koppelen`, { helper: bobActor.id });
    expect(matched.status).toBe(303);
    expect(await b.buurt.app.repos.help.findByPostId(id)).toMatchObject({ status: "matched", matchedActorId: bobActor.id });
    expect(await html(await anna.get(`/hulp/${id}`))).toContain("Gekoppeld met Bob op");
    const carolView = await html(await carol.get(`/hulp/${id}`));
    expect(carolView).toContain(">Gekoppeld</span>");
    expect(carolView).not.toContain("Gekoppeld met Bob");
    // Matched: nobody new can respond.
    expect((await carol.post(`/hulp/${id}/helpen`, { message: "ik ook" })).status).toBe(409);

    expect((await anna.post(`/hulp/${id}/loskoppelen`, {})).status).toBe(303);
    expect(await b.buurt.app.repos.help.findByPostId(id)).toMatchObject({ status: "open", matchedActorId: null });
    expect((await anna.post(`/hulp/${id}/koppelen`, { helper: bobActor.id })).status).toBe(303);

    expect((await carol.post(`/hulp/${id}/sluiten`, {})).status).toBe(403);
    expect((await anna.post(`/hulp/${id}/sluiten`, {})).status).toBe(303);
    const closed = await b.buurt.app.repos.help.findByPostId(id);
    expect(closed).toMatchObject({ status: "closed", matchedActorId: bobActor.id });
    expect(closed?.closedAt).not.toBeNull();
    expect((await anna.post(`/hulp/${id}/sluiten`, {})).status).toBe(409);

    // Both matches are on record for the results dashboard; the first was released.
    const matches = await b.buurt.app.repos.help.listMatches(id);
    expect(matches.map((m) => [m.helperActorId, m.releasedAt == null])).toEqual([[bobActor.id, false], [bobActor.id, true]]);

    // The post's text now says it is closed.
    expect((await b.buurt.app.repos.posts.findById(id))?.contentHtml).toContain("<strong>Gesloten: dit is niet meer nodig.</strong>");

    // A buurtverbinder closes someone else's open request, without a match.
    const stale = await ask(carol, { category: "other", title: "Oude vraag" });
    expect((await vera.post(`/hulp/${stale}/sluiten`, {})).status).toBe(303);
    const veraActor = (await b.buurt.app.repos.actors.findLocalByUsername("vera"))!;
    expect(await b.buurt.app.repos.help.findByPostId(stale)).toMatchObject({
      status: "closed",
      matchedActorId: null,
      closedByActorId: veraActor.id,
    });
  });

  it("lists requests open for more than three days for buurtverbinders only", async () => {
    const old = await ask(carol, { category: "company", title: "Al vier dagen open" });
    const recent = await ask(carol, { category: "company", title: "Twee dagen open" });
    const offer = await ask(carol, { kind: "offer", category: "company", title: "Oud aanbod" });
    const day = 24 * 60 * 60 * 1000;
    const at = (ms: number) => new Date(Date.now() - ms).toISOString();
    const { db } = b.buurt.database;
    await db.updateTable("help_items").set({ created_at: at(4 * day) }).where("post_id", "=", old).execute();
    await db.updateTable("help_items").set({ created_at: at(2 * day) }).where("post_id", "=", recent).execute();
    await db.updateTable("help_items").set({ created_at: at(5 * day) }).where("post_id", "=", offer).execute();

    const res = await vera.get("/hulp/aandacht");
    expect(res.status).toBe(200);
    const page = await html(res);
    expect(boardTitles(page)).toEqual(["Al vier dagen open"]);
    expect(page).toContain("4 dagen open");
    expect(page).toContain('href="/hulp/aandacht" aria-current="page"');

    expect((await carol.get("/hulp/aandacht")).status).toBe(403);
    expect(await html(await carol.get("/hulp"))).not.toContain('href="/hulp/aandacht"');
    expect((await visitor(b.buurt).get("/hulp/aandacht")).headers.get("Location")).toBe("/login?next=%2Fhulp%2Faandacht");

    // The use case takes the clock as input: a day later the two-day-old one is due too.
    const later = await listHelpNeedingAttention(b.buurt.app, { username: "vera", now: new Date(Date.now() + 1.5 * day) });
    expect(later.ok && later.value.map((e) => e.item.title)).toEqual(["Al vier dagen open", "Twee dagen open"]);
  });
});
