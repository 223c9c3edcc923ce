/**
 * Notifications: created where things happen (follows and follow requests,
 * replies, mentions, likes and boosts, from local members, from another
 * buurt and from a Mastodon server), each once and never for one's own
 * actions; the page shows every kind with its links, pages with a cursor,
 * and clears the unread count in the navigation.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { boostPost, likePost } from "../../src/app/interactions.ts";
import { notify } from "../../src/app/notifications.ts";
import { publishPost } from "../../src/app/posts.ts";
import { createMember } from "../../src/app/members.ts";
import { withActivityStreamsContext } from "../../src/federation/jsonld.ts";
import type { BuurtInstance } from "../../src/main.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";
import { followRemote } from "../helpers/compose.ts";
import { testDialects } from "../helpers/databases.ts";
import { asSent, type Json, retargeted, standInActor } from "../helpers/fixtures.ts";
import { MEMBER, useFixtureBuurts } from "../helpers/interop.ts";
import { loginAs } from "../helpers/web.ts";

/** `type from-username` of every notification of a member, sorted (a multiset). */
async function kinds(buurt: BuurtInstance, username: string): Promise<string[]> {
  const actor = (await buurt.app.repos.actors.findLocalByUsername(username))!;
  const page = await buurt.app.repos.notifications.listForRecipient(actor.id, { limit: 100 });
  const out: string[] = [];
  for (const n of page.items) {
    const from = n.fromActorId == null ? null : await buurt.app.repos.actors.findById(n.fromActorId);
    out.push(`${n.type} ${from?.local ? from.username : `${from?.username}@remote`}`);
  }
  return out.sort();
}

/** The unread count shown in the navigation, or 0. */
function navCount(html: string): number {
  const match = /href="\/notifications"[^>]*>[^<]*<span class="count"> \((\d+)\)<\/span>/.exec(html);
  return match == null ? 0 : Number(match[1]);
}

describe.each(testDialects())("notifications (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("notifies each kind once, local and remote, never for one's own actions; the page shows them and clears the count", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await a.member("bert", "Bert");
    const carol = await a.member("carol", "Carol");
    await a.buurt.app.repos.actors.updateLocalProfile(carol.actorId, { manuallyApprovesFollowers: true });
    await b.member("bob", "Bob");
    const app = a.buurt.app;

    // Follows: bert → anna (accepted), bert → carol (a request), bob (B) → anna.
    for (const target of ["anna", "carol"]) {
      const actor = (await app.repos.actors.findLocalByUsername(target))!;
      const r = await followActor(app, { followerUsername: "bert", target: actor });
      expect(r.ok).toBe(true);
    }
    await followRemote(b, "bob", a, "anna");

    // anna's post, and her own reactions to it: no notifications.
    const annaClient = await loginAs(a.buurt, "anna");
    const posted = await publishPost(app, { authorUsername: "anna", text: "Snoeiavond in de heemtuin" });
    if (!posted.ok) throw new Error(posted.error);
    const post = posted.value;
    await likePost(app, { username: "anna", postId: post.id });
    await boostPost(app, { username: "anna", postId: post.id });
    await annaClient.post("/compose", { in_reply_to: post.id, text: "Aanvulling: neem handschoenen mee" });
    await annaClient.post("/compose", { text: "Notitie voor mezelf @anna" });

    // bert replies (mentioning anna, as the form suggests), mentions her, likes twice, boosts.
    const bertClient = await loginAs(a.buurt, "bert");
    expect((await bertClient.post("/compose", { in_reply_to: post.id, text: "@anna Ik kom!" })).status).toBe(303);
    expect((await bertClient.post("/compose", { text: "@anna heeft een snoeischaar te leen" })).status).toBe(303);
    await bertClient.post(`/posts/${post.id}/like`, {});
    await bertClient.post(`/posts/${post.id}/like`, {});
    await bertClient.post(`/posts/${post.id}/boost`, {});

    // bob, on B, likes, boosts and replies to anna's post.
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(post.iri), "B to store anna's post");
    expect((await likePost(b.buurt.app, { username: "bob", postId: onB.id })).ok).toBe(true);
    expect((await boostPost(b.buurt.app, { username: "bob", postId: onB.id })).ok).toBe(true);
    const bobReply = await publishPost(b.buurt.app, { authorUsername: "bob", text: "Goed idee", inReplyToIri: onB.iri });
    expect(bobReply.ok).toBe(true);
    await waitFor(async () => (await kinds(a.buurt, "anna")).length >= 9, "A to notify anna of bob's like, boost and reply");
    await waitForQueueIdle(b.buurt);
    await waitForQueueIdle(a.buurt);

    expect(await kinds(a.buurt, "anna")).toEqual([
      "boost bert",
      "boost bob@remote",
      "follow bert",
      "follow bob@remote",
      "like bert",
      "like bob@remote",
      "mention bert",
      "reply bert",
      "reply bob@remote",
    ]);
    expect(await kinds(a.buurt, "carol")).toEqual(["follow_request bert"]);
    expect(await kinds(a.buurt, "bert")).toEqual([]);
    // The buurt group (which boosted anna's public post) has nobody to notify.
    const group = (await app.repos.buurt.get())!.actor;
    expect(await app.repos.notifications.countUnread(group.id)).toBe(0);

    // The page: every kind, with links; the navigation count goes to zero.
    const anna = (await app.repos.actors.findLocalByUsername("anna"))!;
    expect(navCount(await (await annaClient.get("/")).text())).toBe(9);
    const page = await (await annaClient.get("/notifications")).text();
    expect(navCount(page)).toBe(0);
    expect(await app.repos.notifications.countUnread(anna.id)).toBe(0);
    expect(page.match(/class="notification-new"/g)?.length).toBe(9);
    const bobPath = `/@bob@127.0.0.1%3A${b.port}`;
    for (
      const line of [
        `<a href="/@bert">Bert</a> volgt je nu.`,
        `<a href="${bobPath}">Bob</a> volgt je nu.`,
        `<a href="/@bert">Bert</a> reageerde op je bericht:`,
        `<a href="${bobPath}">Bob</a> reageerde op je bericht:`,
        `<a href="/@bert">Bert</a> noemde je in een bericht:`,
        `<a href="/@bert">Bert</a> vindt je bericht leuk:`,
        `<a href="${bobPath}">Bob</a> vindt je bericht leuk:`,
        `<a href="/@bert">Bert</a> deelde je bericht:`,
        `<a href="${bobPath}">Bob</a> deelde je bericht:`,
      ]
    ) expect(page).toContain(line);
    expect(page).toContain(`<a href="/posts/${post.id}">Snoeiavond in de heemtuin</a>`);
    expect(page).toContain("Ik kom!");
    const again = await (await annaClient.get("/notifications")).text();
    expect(again).not.toContain(`class="notification-new"`);
    expect(navCount(await (await annaClient.get("/")).text())).toBe(0);

    // carol's request links to the follow requests.
    const carolPage = await (await (await loginAs(a.buurt, "carol")).get("/notifications")).text();
    expect(carolPage).toContain(`<a href="/@bert">Bert</a> wil je volgen.`);
    expect(carolPage).toContain(`<a href="/follow-requests">Verzoek bekijken</a>`);
  });

  it("shows sign-ups waiting for approval with a link to the queue, and pages with a cursor, newest first", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    const admin = await a.member("anna", "Anna");
    await a.buurt.app.repos.members.setRole(admin.id, "admin");
    const newcomer = await createMember(a.buurt.app, { username: "nieuw", displayName: "Nieuwe Buur", status: "pending" });
    if (!newcomer.ok) throw new Error(newcomer.error);
    await notify(a.buurt.app, {
      recipientActorId: admin.actorId,
      type: "signup_pending",
      fromActorId: newcomer.value.actorId,
      subjectId: newcomer.value.id,
    });
    // 34 more, older: likes from bert on anna's posts.
    const bert = await a.member("bert", "Bert");
    const helpItem = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Wie kan mijn kat voeren?" });
    if (!helpItem.ok) throw new Error(helpItem.error);
    await notify(a.buurt.app, {
      recipientActorId: admin.actorId,
      type: "help_response",
      fromActorId: bert.actorId,
      postId: helpItem.value.id,
      subjectId: helpItem.value.id,
    });
    for (let i = 0; i < 34; i++) {
      await a.buurt.app.repos.notifications.create({
        id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
        recipientActorId: admin.actorId,
        type: "like",
        fromActorId: bert.actorId,
        postId: null,
        subjectId: null,
        createdAt: new Date(Date.UTC(2024, 0, 1, 12, i)).toISOString(),
        readAt: null,
      });
    }

    const client = await loginAs(a.buurt, "anna");
    const first = await (await client.get("/notifications")).text();
    const items = (html: string) => html.match(/<li class="notification notification-[a-z_]+/g) ?? [];
    expect(items(first).length).toBe(30);
    // Newest first: the help response, the sign-up, then the likes from the latest down.
    expect(items(first).slice(0, 2)).toEqual([
      `<li class="notification notification-help_response`,
      `<li class="notification notification-signup_pending`,
    ]);
    expect(first).toContain(`<a href="/moderation/approvals">Nieuwe Buur</a> heeft zich aangemeld en wacht op goedkeuring.`);
    expect(first).toContain(`<a href="/moderation/approvals">Naar de aanmeldingen</a>`);
    const older = /<a href="([^"]+)" rel="next">Oudere meldingen<\/a>/.exec(first);
    // A response to a help request leads to the help item (the notification's subject).
    expect(first).toContain(`<a href="/@bert">Bert</a> reageerde op je hulpvraag of hulpaanbod:`);
    expect(first).toContain(`<a href="/hulp/${helpItem.value.id}">Naar de hulpvraag</a>`);
    expect(older).not.toBeNull();
    const second = await (await client.get(older![1]!.replace(/&amp;/g, "&"))).text();
    expect(items(second).length).toBe(6);
    expect(second).not.toContain(`rel="next"`);
    // The oldest six (minutes 5..0), in order.
    const times = [...second.matchAll(/<time datetime="([^"]+)"/g)].map((m) => m[1]);
    expect(times).toEqual([5, 4, 3, 2, 1, 0].map((i) => new Date(Date.UTC(2024, 0, 1, 12, i)).toISOString()));
  });
});

describe.each(testDialects())("notifications from Mastodon (%s)", (dialect) => {
  const buurten = useFixtureBuurts(dialect);

  /** A fixture as Mastodon sends it (the AS2 context added where it has none). */
  function wire(file: string): Json {
    const sent = asSent(file);
    return "@context" in sent ? sent : withActivityStreamsContext(sent);
  }

  it("counts a Mastodon Like and Announce of a member's post and notifies the member once each", async () => {
    const fb = await buurten.start();
    const { repos } = fb.buurt.app;
    const posted = await publishPost(fb.buurt.app, { authorUsername: MEMBER, text: "Buurtmoestuin open" });
    if (!posted.ok) throw new Error(posted.error);
    const post = posted.value;
    // The fixture buurt's loader serves only fixtures: give it the post as this buurt serves it.
    const note = await fb.buurt.web.request(new URL(post.iri).pathname, { headers: { Accept: "application/activity+json" } });
    fb.loader.serve(await note.json() as Json);

    const like = retargeted(wire("mastodon/like.json"), "https://s03.example/post/147", post.iri);
    const announce = retargeted(
      wire("mastodon/announce-object-uri.json"),
      "https://s73.example/users/peertube/statuses/104584600044284729",
      post.iri,
    );
    for (const actor of ["https://s10.example/users/user02", "https://s73.example/users/peertube"]) {
      fb.loader.serve(standInActor(actor, "mastodon"));
    }
    for (const body of [like, announce, like]) {
      const res = await fb.post(body);
      expect(res.status).toBe(202);
      await fb.outcomeOf(String(body.id));
    }
    expect(await repos.likes.countForPost(post.id)).toBe(1);
    // The buurt group's own announce of the public post, and Mastodon's.
    expect(await repos.announces.countForPost(post.id)).toBe(2);
    expect((await repos.announces.findByIri(String(announce.id)))?.postId).toBe(post.id);
    const member = (await repos.actors.findLocalByUsername(MEMBER))!;
    const notes = await repos.notifications.listForRecipient(member.id, { limit: 10 });
    const described = [];
    for (const n of notes.items) {
      described.push([n.type, (await repos.actors.findById(n.fromActorId!))?.iri, n.postId]);
    }
    expect(described.sort()).toEqual([
      ["boost", "https://s73.example/users/peertube", post.id],
      ["like", "https://s10.example/users/user02", post.id],
    ]);
  });
});
