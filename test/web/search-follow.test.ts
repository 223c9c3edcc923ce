/**
 * Search and remote follow: a resident of buurt A finds a member of buurt B
 * on the search page (by actor IRI: WebFinger over https cannot reach
 * loopback), follows; B's member accepts on their requests page; B's post
 * then shows in A's home timeline.  The handle path (`@user@host`) runs
 * against a lookup double.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { RemoteLookup } from "../../src/app/ports.ts";
import { publishPost } from "../../src/app/posts.ts";
import type { Actor } from "../../src/domain/actor.ts";
import { normaliseQuery } from "../../src/domain/search.ts";
import type { BuurtInstance } from "../../src/main.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { attr, headings1, select, textOf } from "../helpers/html.ts";
import { storeRemoteActor } from "../helpers/remote.ts";
import { loginAs, visitor } from "../helpers/web.ts";

describe.each(testDialects())("search and remote follow (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("a resident of A follows a member of B from the search page; after B accepts, B's post is in A's home timeline", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    const bob = await b.member("bob", "Bob");
    await b.buurt.app.repos.actors.updateLocalProfile(bob.actorId, { manuallyApprovesFollowers: true });
    const bobIri = b.buurt.app.iris.actor("bob");

    // anna searches for bob's address on A's search page.
    const anna = await loginAs(a.buurt, "anna");
    const searchPath = `/search?q=${encodeURIComponent(bobIri)}`;
    const results = await (await anna.get(searchPath)).text();
    expect(headings1(results)).toEqual(["Zoeken"]);
    expect(select(results, "h3", "actor-card-name").map(textOf)).toEqual(["Bob"]);
    expect(results).toContain(`@bob@127.0.0.1:${b.port}`);
    expect(results).toContain("Dit account keurt volgers zelf goed.");
    const form = select(results, "form").find((f) => attr(f, "action") === "/follow")!;
    const fields = Object.fromEntries(
      select(results, "input").filter((i) => attr(i, "type") === "hidden" && ["actor", "next"].includes(attr(i, "name")!))
        .map((i) => [attr(i, "name")!, attr(i, "value")!]),
    );
    expect(form).toBeDefined();
    expect(fields["next"]).toBe(searchPath);

    // She follows: back on the search page, the request is pending.
    const followed = await anna.post("/follow", { actor: fields["actor"]!, next: fields["next"]! });
    expect(followed.status).toBe(303);
    const back = followed.headers.get("Location")!;
    expect(back.startsWith("/search?q=")).toBe(true);
    expect(back).toContain("notice=requested");
    const pendingPage = await (await anna.get(back)).text();
    expect(pendingPage).toContain("Je volgverzoek aan Bob is verstuurd.");
    expect(select(pendingPage, "button").map(textOf)).toContain("Verzoek intrekken");

    // B records the request; bob accepts it on his requests page.
    const bobClient = await loginAs(b.buurt, "bob");
    const requestsPage = await waitFor(async () => {
      const html = await (await bobClient.get("/follow-requests")).text();
      return html.includes("Accepteer Anna") ? html : null;
    }, "B to show anna's follow request");
    const acceptForm = select(requestsPage, "form").find((f) => attr(f, "action")?.endsWith("/accept"))!;
    const accepted = await bobClient.post(attr(acceptForm, "action")!, {});
    expect(accepted.headers.get("Location")).toContain("notice=accepted");

    // A receives the Accept: anna now follows bob.
    const annaActor = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    const bobOnA = (await a.buurt.app.repos.actors.findByIri(bobIri))!;
    await waitFor(
      async () => (await a.buurt.app.repos.follows.findByPair(annaActor.id, bobOnA.id))?.status === "accepted",
      "A to receive the Accept",
    );
    expect(select(await (await anna.get(searchPath)).text(), "button").map(textOf)).toContain("Ontvolg Bob");

    // bob posts on B; the post appears in anna's home timeline on A.
    const posted = await publishPost(b.buurt.app, { authorUsername: "bob", text: "Wie helpt zaterdag met de buurtmoestuin?" });
    if (!posted.ok) throw new Error(posted.error);
    const home = await waitFor(async () => {
      const html = await (await anna.get("/home")).text();
      return html.includes("Wie helpt zaterdag met de buurtmoestuin?") ? html : null;
    }, "the post to reach anna's home timeline on A");
    const card = select(home, "article", "post").find((el) => textOf(el).includes("buurtmoestuin"))!;
    expect(textOf(card)).toContain("Bob");
    expect(textOf(card)).toContain(`@bob@127.0.0.1:${b.port}`);
    // The author links to bob's remote profile page on A.
    expect(select(home, "a").some((l) => attr(l, "href") === `/@bob@127.0.0.1%3A${b.port}`)).toBe(true);
  });

  it("looks up a handle with the remote lookup, and searches members by name", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna de Vries");
    await a.member("annabel", "Annabel");
    await a.member("kees", "Kees");
    const pendingMember = await a.member("anouk", "Anouk");
    await a.buurt.app.repos.members.setStatus(pendingMember.id, "suspended");
    const zoe = await storeRemoteActor(a.buurt, "zoe", "mastodon.example", { name: "Zoë" });

    // A lookup double in place of the real one (WebFinger needs https):
    // knows one handle, records every query.
    const queries: string[] = [];
    const double: RemoteLookup["resolveActor"] = (query) => {
      queries.push(query);
      if (query === "@zoe@mastodon.example") return Promise.resolve({ ok: true as const, value: zoe as Actor });
      if (query.startsWith("https://")) return Promise.resolve({ ok: false as const, error: "not_an_actor" as const });
      return Promise.resolve({ ok: false as const, error: "not_found" as const });
    };
    a.buurt.lookup.resolveActor = double;
    const withDouble: BuurtInstance = a.buurt;
    const kees = await loginAs(withDouble, "kees");

    for (const typed of ["@zoe@mastodon.example", "zoe@mastodon.example", "acct:zoe@mastodon.example"]) {
      const html = await (await kees.get(`/search?q=${encodeURIComponent(typed)}`)).text();
      expect(select(html, "h3", "actor-card-name").map(textOf)).toEqual(["Zoë"]);
      expect(select(html, "button").map(textOf)).toContain("Volg Zoë");
      expect(select(html, "a").some((l) => attr(l, "href") === "/@zoe@mastodon.example")).toBe(true);
    }
    expect(queries).toEqual(["@zoe@mastodon.example", "@zoe@mastodon.example", "@zoe@mastodon.example"]);

    const missing = await (await kees.get("/search?q=%40niemand%40nergens.example")).text();
    expect(select(missing, "p", "error-message").map(textOf)).toEqual([
      "We konden @niemand@nergens.example niet vinden. Klopt het adres, en is de server bereikbaar?",
    ]);
    // When the other server does not answer, the copy this buurt already has is shown.
    const offline = await (await kees.get("/search?q=%40Zoe%40Mastodon.example")).text();
    expect(select(offline, "h3", "actor-card-name").map(textOf)).toEqual(["Zoë"]);
    expect(select(offline, "p", "error-message")).toEqual([]);
    queries.length = 0;
    const notActor = await (await kees.get("/search?q=https%3A%2F%2Fmastodon.example%2F%40zoe%2F1")).text();
    expect(notActor).toContain("Deze link is geen profiel van een persoon of groep.");

    // Names search the buurt's active members (and never ask other servers).
    queries.length = 0;
    const byName = await (await kees.get("/search?q=ann")).text();
    expect(select(byName, "h3", "actor-card-name").map(textOf)).toEqual(["Anna de Vries", "Annabel"]);
    expect(byName).toContain("Buren op Buurt A");
    expect(select(await (await kees.get("/search?q=%40annabel")).text(), "h3", "actor-card-name").map(textOf))
      .toEqual(["Annabel"]);
    expect(select(await (await kees.get("/search?q=ANOUK")).text(), "h3", "actor-card-name")).toEqual([]);
    expect(await (await kees.get("/search?q=xyz")).text()).toContain("Niets gevonden voor xyz.");
    // A LIKE wildcard is searched literally.
    expect(select(await (await kees.get("/search?q=%25")).text(), "h3", "actor-card-name")).toEqual([]);
    expect(queries).toEqual([]);

    // Visitors search names but cannot make the server look up other servers.
    const guest = visitor(withDouble);
    const guestPage = await (await guest.get("/search?q=%40zoe%40mastodon.example")).text();
    expect(guestPage).toContain("Log in om mensen op andere servers te zoeken.");
    expect(select(guestPage, "h3", "actor-card-name")).toEqual([]);
    expect(queries).toEqual([]);
    expect(select(await (await guest.get("/search?q=kees")).text(), "h3", "actor-card-name").map(textOf)).toEqual(["Kees"]);

    // Following from the result: a remote follow stays "requested" until the other server accepts.
    const followed = await kees.post("/follow", { actor: zoe.id, next: "/search?q=%40zoe%40mastodon.example" });
    expect(followed.headers.get("Location")).toBe(`/search?q=%40zoe%40mastodon.example&notice=requested&who=${zoe.id}`);
    const after = await (await kees.get(followed.headers.get("Location")!)).text();
    expect(after).toContain("Volgverzoek verstuurd, wacht op antwoord.");
  });
});

describe("normaliseQuery", () => {
  it("tells handles and URLs (remote) from names", () => {
    expect(normaliseQuery("  @Zoe@Mastodon.example ")).toEqual({ type: "remote", query: "@Zoe@Mastodon.example" });
    expect(normaliseQuery("zoe@mastodon.example")).toEqual({ type: "remote", query: "@zoe@mastodon.example" });
    expect(normaliseQuery("acct:zoe@mastodon.example")).toEqual({ type: "remote", query: "@zoe@mastodon.example" });
    expect(normaliseQuery("https://mastodon.example/@zoe")).toEqual({ type: "remote", query: "https://mastodon.example/@zoe" });
    expect(normaliseQuery("@anna")).toEqual({ type: "name", query: "anna" });
    expect(normaliseQuery("Anna de Vries")).toEqual({ type: "name", query: "Anna de Vries" });
    expect(normaliseQuery("   ")).toEqual({ type: "empty" });
    expect(normaliseQuery("@")).toEqual({ type: "empty" });
  });
});
