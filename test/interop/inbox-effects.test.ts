/**
 * What the interesting fixture activities *do* when they reach the inbox:
 * follows accepted and undone, posts stored, edited and deleted, likes
 * counted and withdrawn, a Lemmy community's Announce(Create(Page)) shown to
 * its followers, a Mobilizon group event, a Move ignored.  Real fixtures,
 * aimed at the local buurt where needed (`retargeted`), and synthetic ones
 * for what the set lacks.  On SQLite, and on PostgreSQL when configured.
 */
import { describe, expect, it } from "vitest";
import { publishPost } from "../../src/app/posts.ts";
import { withActivityStreamsContext } from "../../src/federation/jsonld.ts";
import {
  asSent,
  type Json,
  readFixture,
  readManifest,
  referencedActors,
  retargeted,
  standInActor,
  syntheticFiles,
} from "../helpers/fixtures.ts";
import { deliver, type FixtureBuurt, MEMBER, useFixtureBuurts } from "../helpers/interop.ts";
import { testDialects } from "../helpers/databases.ts";

const DOCUMENTS = [...readManifest().map((r) => readFixture(r.file)), ...syntheticFiles().map(readFixture)];
const KNOWN = new Set(DOCUMENTS.flatMap((d) => (typeof d.id === "string" && URL.canParse(d.id) ? [new URL(d.id).href] : [])));

/** A fixture as its server sends it (the AS2 context where it has none). */
function wire(file: string): Json {
  const sent = file.startsWith("synthetic/") ? readFixture(file) : asSent(file);
  return "@context" in sent ? sent : withActivityStreamsContext(sent);
}

/** Stand-ins for every actor the bodies name that the set does not hold. */
function standIns(bodies: Json[], implementation: string): Json[] {
  const actors = new Set(bodies.flatMap((b) => [...referencedActors(b)]));
  return [...actors].filter((a) => !KNOWN.has(a)).map((a) => standInActor(a, implementation));
}

describe.each(testDialects())("inbox effects (%s)", (dialect) => {
  const buurten = useFixtureBuurts(dialect);

  async function start(bodies: Json[], implementation: string): Promise<FixtureBuurt> {
    const fb = await buurten.start([...DOCUMENTS, ...standIns(bodies, implementation)]);
    return fb;
  }

  it("accepts a Mastodon Follow of the buurt group and a Lemmy Follow of a member, and undoes the latter", async () => {
    const probe = await start([], "mastodon");
    const follow = retargeted(wire("mastodon/follow.json"), "https://s03.example/c/testcom", probe.groupIri);
    const lemmyFollow = retargeted(wire("lemmy/follow-group.json"), "http://s01.example/c/main", probe.memberIri);
    const lemmyUndo = retargeted(wire("lemmy/undo-follow.json"), "http://s01.example/c/main", probe.memberIri);
    const fb = await start([follow, lemmyFollow, lemmyUndo], "lemmy");
    const { repos } = fb.buurt.app;
    const group = (await repos.buurt.get())!.actor;
    const member = (await repos.actors.findLocalByUsername(MEMBER))!;

    expect(await deliver(fb, follow)).toBe("processed: accepted");
    const stored = await repos.follows.findByIri("https://s12.example/1ea87517-63c5-4118-8831-460ee641b2cf");
    expect(stored?.status).toBe("accepted");
    expect(stored?.followingId).toBe(group.id);
    expect(await repos.follows.countFollowers(group.id)).toBe(1);

    expect(await deliver(fb, lemmyFollow)).toBe("processed: accepted");
    expect(await repos.follows.countFollowers(member.id)).toBe(1);
    // Lemmy's Undo names a Follow with another id than the one it sent; the pair decides.
    expect(await deliver(fb, lemmyUndo)).toBe("processed: removed");
    expect(await repos.follows.countFollowers(member.id)).toBe(0);
    expect(await repos.follows.countFollowers(group.id)).toBe(1);
  });

  it("stores a followed Mastodon account's Note and applies its edit (synthetic Update)", async () => {
    const create = wire("mastodon/create-note.json");
    const update = wire("synthetic/mastodon-update-note.json");
    const fb = await start([create, update], "mastodon");
    await fb.follow("https://s10.example/users/user02");
    const { repos } = fb.buurt.app;
    const iri = "https://s10.example/users/user02/statuses/107224289116410645";

    expect(await deliver(fb, update)).toBe("processed: unknown_post");
    expect(await deliver(fb, create)).toBe("processed: stored");
    const before = (await repos.posts.findByIri(iri))!;
    expect(before.contentHtml).toBe(((create.object as Json).content as string));
    expect(before.language).toBe("en");
    expect(before.summary).toBeNull();
    expect(before.attachments).toEqual([]);
    expect(before.updatedAt).toBeNull();
    expect(before.visibility).toBe("unlisted");

    // The Update tried before the Create was recorded as seen: an edit needs a new id (Mastodon's carry the time).
    const edit = { ...update, id: `${update.id}0` };
    expect(await deliver(fb, edit)).toBe("processed: updated");
    const after = (await repos.posts.findByIri(iri))!;
    expect(after.id).toBe(before.id);
    expect(after.contentHtml).toBe((update.object as Json).content);
    expect(after.language).toBe("nl");
    expect(after.summary).toBe("Lorem ipsum");
    expect(after.sensitive).toBe(true);
    expect(after.attachments).toEqual([{
      url: "https://s10.example/system/media_attachments/files/107/224/300/000/000/001/original/edit.png",
      mediaType: "image/png",
      description: "Lorem ipsum: a map of the square with the new bench",
      width: 800,
      height: 600,
    }]);
    expect(after.updatedAt).toBe("2021-11-05T13:00:00.000Z");
  });

  it("follows a Lemmy account's page and comment, counts its like, and deletes the page and then the account", async () => {
    const files = ["lemmy/create-page.json", "lemmy/create-note-comment.json", "lemmy/like-note.json", "lemmy/delete-page.json", "lemmy/delete-user.json"];
    const bodies = files.map(wire);
    const fb = await start(bodies, "lemmy");
    await fb.follow("http://s03.example/u/lemmy_alpha");
    const { repos } = fb.buurt.app;
    const [createPage, createComment, like, deletePage, deleteUser] = bodies as [Json, Json, Json, Json, Json];

    expect(await deliver(fb, createPage)).toBe("processed: stored");
    const page = (await repos.posts.findByIri("http://s03.example/post/1"))!;
    expect(page.type).toBe("Page");
    expect(page.name).toBe("amet quis");
    expect(page.audienceIri).toBe("https://s01.example/c/main");
    expect(await deliver(fb, createComment)).toBe("processed: stored");
    const comment = (await repos.posts.findByIri("http://s03.example/comment/1"))!;
    expect(comment.inReplyToIri).toBe(page.iri);

    expect(await deliver(fb, like)).toBe("processed: liked");
    expect(await repos.likes.countForPost(comment.id)).toBe(1);

    // Both Deletes share one id in Lemmy's assets; the second is a different document.
    expect(await deliver(fb, deletePage)).toBe("processed: post_deleted");
    expect(await repos.posts.findByIri(page.iri)).toBeNull();
    expect(await repos.posts.findByIri(comment.iri)).not.toBeNull();
    const deleteUserAgain = { ...deleteUser, id: "http://s03.example/activities/delete/delete-user" };
    expect(await deliver(fb, deleteUserAgain)).toBe("processed: actor_deleted");
    expect(await repos.actors.findByIri("http://s03.example/u/lemmy_alpha")).toBeNull();
    expect(await repos.posts.findByIri(comment.iri)).toBeNull();
  });

  it("counts a Mastodon Like of a member's post and withdraws it on Undo", async () => {
    const probe = await start([], "mastodon");
    const posted = await publishPost(probe.buurt.app, { authorUsername: MEMBER, text: "Koffie op het plein", language: "nl" });
    if (!posted.ok) throw new Error(posted.error);
    const like = retargeted(wire("mastodon/like.json"), "https://s03.example/post/147", posted.value.iri);
    const undo = retargeted(wire("mastodon/undo-like.json"), "https://s03.example/post/147", posted.value.iri);
    expect(standIns([like, undo], "mastodon").length).toBe(1);
    probe.loader.serve(standIns([like, undo], "mastodon")[0]!);
    const { repos } = probe.buurt.app;

    expect(await deliver(probe, like)).toBe("processed: liked");
    expect(await repos.likes.countForPost(posted.value.id)).toBe(1);
    // The Undo names another Like id (#likes/212341, not …40): found by actor and post.
    expect(await deliver(probe, undo)).toBe("processed: removed");
    expect(await repos.likes.countForPost(posted.value.id)).toBe(0);
  });

  it("shows a Lemmy community's Announce(Create(Page)) to a member who follows the community", async () => {
    const announce = wire("lemmy/announce-create-page.json");
    const fb = await start([announce], "lemmy");
    await fb.follow("http://s01.example/c/main");
    const { repos } = fb.buurt.app;

    expect(await deliver(fb, announce)).toBe("processed: stored");
    const post = (await repos.posts.findByIri("http://s01.example/post/7"))!;
    expect(post.name).toBe("quis 4");
    const author = (await repos.actors.findById(post.actorId))!;
    expect(author.iri).toBe("http://s01.example/u/lemmy_beta");
    const community = (await repos.actors.findByIri("http://s01.example/c/main"))!;
    expect(community.type).toBe("Group");
    expect(await repos.announces.findByPair(community.id, post.id)).not.toBeNull();
    const member = (await repos.actors.findLocalByUsername(MEMBER))!;
    const home = await repos.posts.listHomeTimeline(member.id, { limit: 20 });
    expect(home.items.map((e) => [e.post.iri, e.announcedBy?.iri])).toEqual([[post.iri, community.iri]]);
  });

  it("fetches an announced Create from its own origin before trusting it", async () => {
    // The community (s01) announces a Create by an account on another server
    // (s03): the embedded copy is not trusted, the Create is fetched by id.
    const original = wire("lemmy/announce-create-page.json");
    const inner = original.object as Json;
    const foreign: Json = {
      ...original,
      id: "http://s01.example/activities/announce/foreign",
      object: {
        ...inner,
        id: "http://s03.example/activities/create/foreign",
        actor: "http://s03.example/u/lemmy_alpha",
        object: { ...(inner.object as Json), id: "http://s03.example/post/77", attributedTo: "http://s03.example/u/lemmy_alpha" },
      },
    };
    const fb = await start([foreign], "lemmy");
    await fb.follow("http://s01.example/c/main");
    expect(await deliver(fb, foreign)).toMatch(/^ignored: announced object could not be loaded: FetchError: http:\/\/s03\.example\/activities\/create\/foreign/);
    expect(await fb.buurt.app.repos.posts.findByIri("http://s03.example/post/77")).toBeNull();

    // Served by its origin (with other text than the embedded copy), it is stored as served.
    const served = structuredClone(foreign.object as Json);
    (served.object as Json).name = "as served by s03";
    fb.loader.serve({ "@context": original["@context"], ...served });
    const again = { ...foreign, id: "http://s01.example/activities/announce/foreign-2" };
    expect(await deliver(fb, again)).toBe("processed: stored");
    expect((await fb.buurt.app.repos.posts.findByIri("http://s03.example/post/77"))?.name).toBe("as served by s03");
  });

  it("ignores a Mastodon Announce whose embedded Note claims another server (spoofed)", async () => {
    const announce = wire("mastodon/announce-bogus-spoofed.json");
    const fb = await start([announce], "mastodon");
    await fb.follow("http://mastodon.example.org/users/admin");
    expect(await deliver(fb, announce)).toMatch(/^ignored: announced object could not be loaded/);
    expect(await fb.buurt.app.repos.posts.findByIri("https://s14.example/users/user36/statuses/101849165031453404")).toBeNull();
  });

  it("stores a Mobilizon group event under the member who sent it, with the group as audience", async () => {
    const create = wire("mobilizon/create-event-by-group.json");
    const fb = await start([create], "mobilizon");
    await fb.follow("http://s77.example/@user");
    expect(await deliver(fb, create)).toBe("processed: event_stored");
    const event = (await fb.buurt.app.repos.posts.findByIri("http://s77.example/events/f270ae07-7991-453c-9bb7-3d2122ededae"))!;
    expect(event.type).toBe("Event");
    expect(event.name).toBe("In magna culpa");
    expect(event.audienceIri).toBe("http://s77.example/@group");
    expect((await fb.buurt.app.repos.actors.findById(event.actorId))?.iri).toBe("http://s77.example/@user");
  });

  it("stores a GoToSocial Note with an interaction policy (synthetic), text and alt text intact", async () => {
    const create = wire("synthetic/gotosocial-create-note-interaction-policy.json");
    const fb = await start([create], "gotosocial");
    await fb.follow("https://gts.example/users/user60");
    expect(await deliver(fb, create)).toBe("processed: stored");
    const post = (await fb.buurt.app.repos.posts.findByIri("https://gts.example/users/user60/statuses/01J2Z8Q3K5V7X9B1D3F5H7K9M1"))!;
    expect(post.contentHtml).toBe((create.object as Json).content);
    expect(post.language).toBe("nl");
    expect(post.summary).toBeNull();
    expect(post.visibility).toBe("public");
    expect(post.attachments.map((a) => a.description)).toEqual(["Lorem: a ladder against the community garden shed"]);
    expect(post.tags).toEqual([{ type: "Hashtag", name: "#buurt", href: "https://gts.example/tags/buurt" }]);
  });

  it("ignores a Move (synthetic) with its reason and keeps the follow as it was", async () => {
    const move = wire("synthetic/mastodon-move.json");
    const fb = await start([move], "mastodon");
    await fb.follow("https://s05.example/users/mastodon");
    const member = (await fb.buurt.app.repos.actors.findLocalByUsername(MEMBER))!;
    expect(await deliver(fb, move)).toBe("ignored: unsupported activity type Move");
    const following = await fb.buurt.app.repos.follows.listFollowing(member.id, { limit: 10 });
    expect(following.items.map((a) => a.iri)).toEqual(["https://s05.example/users/mastodon"]);
  });

  it("keeps a Pleroma ChatMessage addressed to a member, as a direct post", async () => {
    const probe = await start([], "pleroma");
    const chat = retargeted(wire("pleroma/create-chatmessage-no-context.json"), "http://2hu.gensokyo/users/marisa", probe.memberIri);
    expect(JSON.stringify(chat)).toContain(probe.memberIri);
    probe.loader.serve(standIns([chat], "pleroma")[0]!);
    expect(await deliver(probe, chat)).toBe("processed: stored");
    const post = (await probe.buurt.app.repos.posts.findByIri("http://2hu.gensokyo/objects/2"))!;
    expect(post.visibility).toBe("direct");
    expect(post.type).toBe("Note");
  });

  it("refuses a document without the AS2 context at the door, with a plain reason", async () => {
    const fb = await start([], "mastodon");
    const response = await fb.post(readFixture("mastodon/delete-actor-self.json"));
    expect(response).toEqual({ status: 400, text: "Missing actor." });
    expect(fb.outcomes).toEqual([]);
  });
});
