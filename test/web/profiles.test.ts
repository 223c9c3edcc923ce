/**
 * Profile pages: members (badge, follow button with its states, followers
 * lists), the buurt group, follow requests answered by hand, and remote
 * profiles with their recent posts read from the outbox of a second buurt.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { publishAs, startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { attr, headings1, nextLink, select, textOf } from "../helpers/html.ts";
import { announceByGroup, storeAcceptedFollow, storeRemoteActor, storeRemotePost } from "../helpers/remote.ts";
import { loginAs, visitor, type WebClient } from "../helpers/web.ts";

/** The submit buttons' texts on a page. */
async function buttons(client: WebClient, path: string): Promise<string[]> {
  const html = await (await client.get(path)).text();
  return select(html, "button").map(textOf);
}

describe.each(testDialects())("profile pages (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("shows a professional's badge and lets a neighbour follow and unfollow (post/redirect/get)", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    const created = await createMember(b.buurt.app, {
      username: "wendy",
      displayName: "Wendy",
      role: "professional",
      organisation: "Politie Oost",
      jobTitle: "Wijkagent",
      status: "active",
    });
    if (!created.ok) throw new Error(created.error);
    await b.member("bob", "Bob");
    await publishAs(b.buurt, "wendy", "Spreekuur op dinsdag");

    // A visitor sees the profile, the badge, the posts and a log-in link to follow.
    const page = await (await visitor(b.buurt).get("/@wendy")).text();
    expect(headings1(page)).toEqual(["Wendy"]);
    expect(select(page, "span", "badge").map(textOf)).toContain("Wijkagent · Politie Oost");
    expect(page).toContain("Spreekuur op dinsdag");
    const login = select(page, "a").find((a) => textOf(a) === "Log in om te volgen");
    expect(attr(login!, "href")).toBe("/login?next=%2F%40wendy");
    // A browser opening the actor IRI lands on the profile page.
    const fromIri = await visitor(b.buurt).get("/users/wendy", { headers: { Accept: "text/html" } });
    expect(fromIri.status).toBe(301);
    expect(fromIri.headers.get("Location")).toBe("/@wendy");
    // The badge is on the post too.
    expect(select(page, "span", "badge").filter((el) => textOf(el) === "Wijkagent · Politie Oost")).toHaveLength(2);

    // bob follows: the form comes back to the profile with a notice.
    const bob = await loginAs(b.buurt, "bob");
    expect(await buttons(bob, "/@wendy")).toContain("Volg Wendy");
    const wendy = (await b.buurt.app.repos.actors.findLocalByUsername("wendy"))!;
    const followed = await bob.post("/follow", { actor: wendy.id, next: "/@wendy" });
    expect(followed.status).toBe(303);
    expect(followed.headers.get("Location")).toBe(`/@wendy?notice=followed&who=${wendy.id}`);
    const after = await (await bob.get(followed.headers.get("Location")!)).text();
    expect(select(after, "p", "notice").map(textOf)).toEqual(["Je volgt nu Wendy."]);
    expect(select(after, "button").map(textOf)).toContain("Ontvolg Wendy");
    expect(after).toContain("1 volger");
    expect(after).not.toContain("1 volgers");
    const followers = await (await bob.get("/@wendy/followers")).text();
    expect(headings1(followers)).toEqual(["Volgers van Wendy"]);
    expect(select(followers, "h2", "actor-card-name").map(textOf)).toEqual(["Bob"]);
    const following = await (await bob.get("/@bob/following")).text();
    expect(select(following, "h2", "actor-card-name").map(textOf)).toEqual(["Wendy"]);

    // …and unfollows.
    const unfollowed = await bob.post("/unfollow", { actor: wendy.id, next: "/@wendy" });
    expect(unfollowed.headers.get("Location")).toBe(`/@wendy?notice=unfollowed&who=${wendy.id}`);
    expect(await buttons(bob, "/@wendy")).toContain("Volg Wendy");
    expect(await b.buurt.app.repos.follows.countFollowers(wendy.id)).toBe(0);

    // A "next" pointing elsewhere is not followed.
    const offsite = await bob.post("/follow", { actor: wendy.id, next: "//evil.example/" });
    expect(offsite.headers.get("Location")).toBe(`/?notice=followed&who=${wendy.id}`);
  });

  it("keeps a follow of a member who approves by hand 'requested' until they accept on the requests page", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    const carol = await b.member("carol", "Carol");
    await b.buurt.app.repos.actors.updateLocalProfile(carol.actorId, { manuallyApprovesFollowers: true });
    const bobMember = await b.member("bob", "Bob");
    await b.member("dave", "Dave");
    await publishAs(b.buurt, "carol", "Alleen voor mijn volgers", "followers");

    const bob = await loginAs(b.buurt, "bob");
    const page = await (await bob.get("/@carol")).text();
    expect(page).toContain("Dit account keurt volgers zelf goed.");
    const requested = await bob.post("/follow", { actor: carol.actorId, next: "/@carol" });
    expect(requested.headers.get("Location")).toBe(`/@carol?notice=requested&who=${carol.actorId}`);
    const pending = await (await bob.get("/@carol")).text();
    expect(pending).toContain("Volgverzoek verstuurd, wacht op antwoord.");
    expect(select(pending, "button").map(textOf)).toContain("Verzoek intrekken");
    expect(pending).not.toContain("Alleen voor mijn volgers");

    const dave = await loginAs(b.buurt, "dave");
    await dave.post("/follow", { actor: carol.actorId, next: "/@carol" });

    // carol sees the waiting requests on her profile and answers them.
    const carolClient = await loginAs(b.buurt, "carol");
    const own = await (await carolClient.get("/@carol")).text();
    expect(own).toContain("2 volgverzoeken wachten op je antwoord");
    const requestsPage = await (await carolClient.get("/follow-requests")).text();
    expect(headings1(requestsPage)).toEqual(["Volgverzoeken"]);
    expect(select(requestsPage, "button").map(textOf)).toEqual(
      expect.arrayContaining(["Accepteer Bob", "Wijs Bob af", "Accepteer Dave", "Wijs Dave af"]),
    );
    const requests = await b.buurt.app.repos.follows.listPendingRequests(carol.actorId);
    const bobRequest = requests.find((r) => r.follower.id === bobMember.actorId)!;
    const daveRequest = requests.find((r) => r.follower.id !== bobMember.actorId)!;
    const accepted = await carolClient.post(`/follow-requests/${bobRequest.follow.id}/accept`, {});
    expect(accepted.headers.get("Location")).toBe(`/follow-requests?notice=accepted&who=${bobMember.actorId}`);
    expect(await (await carolClient.get(accepted.headers.get("Location")!)).text()).toContain("Bob volgt je nu.");
    const rejected = await carolClient.post(`/follow-requests/${daveRequest.follow.id}/reject`, {});
    expect(rejected.headers.get("Location")).toContain("notice=rejected");
    const done = await (await carolClient.get("/follow-requests")).text();
    expect(done).toContain("Er wachten geen volgverzoeken.");
    // A request answered twice is gone.
    const again = await carolClient.post(`/follow-requests/${daveRequest.follow.id}/accept`, {});
    expect(again.headers.get("Location")).toBe("/follow-requests?notice=gone");

    // bob now follows carol and reads her followers-only post; dave does not.
    const nowFollowing = await (await bob.get("/@carol")).text();
    expect(select(nowFollowing, "button").map(textOf)).toContain("Ontvolg Carol");
    expect(nowFollowing).toContain("Alleen voor mijn volgers");
    expect(await buttons(dave, "/@carol")).toContain("Volg Carol");
    expect(await (await visitor(b.buurt).get("/@carol")).text()).not.toContain("Alleen voor mijn volgers");
  });

  it("pages a followers list 20 + 5", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    const anna = await b.member("anna", "Anna");
    for (let i = 0; i < 25; i++) {
      const fan = await storeRemoteActor(b.buurt, `fan${i}`, "elders.example", { name: `Fan ${i}` });
      await storeAcceptedFollow(b.buurt, {
        iri: `${fan.iri}#follow`,
        followerId: fan.id,
        followingId: anna.actorId,
      });
    }
    const client = visitor(b.buurt);
    const first = await (await client.get("/@anna/followers")).text();
    const names1 = select(first, "h2", "actor-card-name").map(textOf);
    expect(names1).toHaveLength(20);
    const second = await (await client.get(nextLink(first)!)).text();
    const names2 = select(second, "h2", "actor-card-name").map(textOf);
    expect(names2).toHaveLength(5);
    expect(nextLink(second)).toBeNull();
    expect(new Set([...names1, ...names2]).size).toBe(25);
    // Remote followers link to their remote profile page here.
    expect(select(first, "a").some((a) => attr(a, "href") === "/@fan24@elders.example")).toBe(true);
  });

  it("shows the buurt group with what it shares", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost", dialect });
    started.push(b);
    await b.member("anna", "Anna");
    await publishAs(b.buurt, "anna", "Koffie op het plein");
    await publishAs(b.buurt, "anna", "Alleen buren weten dit", "buurt");
    const neighbour = await storeRemoteActor(b.buurt, "west", "buurt-west.example", { type: "Group", name: "Buurt West" });
    const shared = await storeRemotePost(b.buurt, neighbour, { contentHtml: "<p>Rommelmarkt in West</p>" });
    await announceByGroup(b.buurt, shared);

    const anna = await loginAs(b.buurt, "anna");
    const page = await (await anna.get("/@buurt")).text();
    expect(headings1(page)).toEqual(["Buurt Oost"]);
    expect(select(page, "span", "badge-group").map(textOf)).toEqual(["Buurtgroep"]);
    expect(page).toContain("Wat Buurt Oost deelt");
    expect(page).toContain("Koffie op het plein");
    expect(page).toContain("Rommelmarkt in West");
    expect(page).not.toContain("Alleen buren weten dit");
    expect(select(page, "button").map(textOf)).toContain("Volg Buurt Oost");
  });

  it("shows a remote member's profile with recent posts read from their outbox, and stored posts to visitors", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    const bobMember = await createMember(b.buurt.app, {
      username: "bob",
      displayName: "Bob de Bakker",
      role: "professional",
      organisation: "Bakkerij Hoek",
      jobTitle: "Bakker",
      status: "active",
    });
    if (!bobMember.ok) throw new Error(bobMember.error);
    await b.buurt.app.repos.actors.updateLocalProfile(bobMember.value.actorId, { summary: "<p>Bakker op de hoek</p>" });
    const first = await publishAs(b.buurt, "bob", "Vers brood vanaf zeven uur");
    const second = await publishAs(b.buurt, "bob", "Morgen gesloten");
    await publishAs(b.buurt, "bob", "Alleen voor volgers", "followers");
    const host = `127.0.0.1:${b.port}`;

    // Unknown to A: visitors get "not found", no look-up is made for them.
    const unknown = await visitor(a.buurt).get(`/@bob@${host}`);
    expect(unknown.status).toBe(404);
    expect(headings1(await unknown.text())).toEqual(["Niet gevonden"]);

    const found = await a.buurt.lookup.resolveActor(b.buurt.app.iris.actor("bob"));
    if (!found.ok) throw new Error(found.error);
    const anna = await loginAs(a.buurt, "anna");
    const page = await (await anna.get(`/@bob@${host}`)).text();
    expect(headings1(page)).toEqual(["Bob de Bakker"]);
    expect(page).toContain(`@bob@${host}`);
    expect(page).toContain("Bakker op de hoek");
    // A professional's organisation and function arrive as profile fields.
    expect(select(page, "dt").map(textOf)).toEqual(["Organisatie", "Functie"]);
    expect(select(page, "dd").map(textOf)).toEqual(["Bakkerij Hoek", "Bakker"]);
    expect(page).toContain("zojuist opgehaald");
    const texts = select(page, "article", "post").map(textOf).join(" | ");
    expect(texts).toContain("Vers brood vanaf zeven uur");
    expect(texts).toContain("Morgen gesloten");
    expect(texts).not.toContain("Alleen voor volgers");
    expect(select(page, "button").map(textOf)).toContain("Volg Bob de Bakker");
    expect(select(page, "span", "badge-remote").map(textOf)).toEqual(["Andere server"]);

    // The posts are stored now; a visitor sees them without a fetch.
    expect(await a.buurt.app.repos.posts.findByIri(first.iri)).not.toBeNull();
    const requestsBefore = b.requests.length;
    const asVisitor = await (await visitor(a.buurt).get(`/@bob@${host}`)).text();
    expect(asVisitor).toContain("De openbare berichten die deze buurt van dit account kent.");
    expect(asVisitor).toContain("Morgen gesloten");
    expect(b.requests.length).toBe(requestsBefore);
    // The same page by actor id.
    const byId = await (await visitor(a.buurt).get(`/actors/${found.value.id}`)).text();
    expect(headings1(byId)).toEqual(["Bob de Bakker"]);

    // B's group shares bob's posts; its profile on A shows them as shared.
    const group = await a.buurt.lookup.resolveActor(await b.groupIri());
    if (!group.ok) throw new Error(group.error);
    await waitFor(async () => (await b.buurt.app.repos.announces.countByActor((await b.buurt.app.repos.buurt.get())!.actor.id)) >= 2, "B's group to announce");
    const groupPage = await (await anna.get(`/@west@${host}`)).text();
    expect(headings1(groupPage)).toEqual(["Buurt B"]);
    expect(groupPage).toContain("Gedeeld door Buurt B");
    expect(groupPage).toContain(second.contentHtml!.replace(/<\/?p>/g, ""));
  });
});
