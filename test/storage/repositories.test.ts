/**
 * Repository contract: the same behaviour on SQLite and PostgreSQL.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RemoteActorInput, Repositories } from "../../src/app/ports.ts";
import { createRepositories } from "../../src/db/repositories/index.ts";
import type { Actor } from "../../src/domain/actor.ts";
import { newId } from "../../src/domain/ids.ts";
import type { Post } from "../../src/domain/post.ts";
import { openTestDatabase, type TestDatabase, testDialects } from "../helpers/databases.ts";

function remoteInput(name: string, host = "remote.example"): RemoteActorInput {
  return {
    iri: `https://${host}/users/${name}`,
    type: "Person",
    username: name,
    domain: host,
    name: name.toUpperCase(),
    summary: null,
    url: null,
    inboxUrl: `https://${host}/users/${name}/inbox`,
    sharedInboxUrl: `https://${host}/inbox`,
    followersUrl: `https://${host}/users/${name}/followers`,
    followingUrl: null,
    outboxUrl: null,
    iconUrl: null,
    manuallyApprovesFollowers: false,
    publicKeyId: `https://${host}/users/${name}#main-key`,
    publicKeyPem: null,
    fields: [{ name: "Website", value: "<a href=\"https://example.com\">example.com</a>" }],
  };
}

function localActor(username: string): Actor {
  const now = new Date().toISOString();
  return {
    id: newId(),
    iri: `https://buurt.example/users/${username}`,
    type: "Person",
    username,
    domain: "buurt.example",
    name: username,
    summary: null,
    url: null,
    inboxUrl: `https://buurt.example/users/${username}/inbox`,
    sharedInboxUrl: "https://buurt.example/inbox",
    followersUrl: `https://buurt.example/users/${username}/followers`,
    followingUrl: null,
    outboxUrl: null,
    iconUrl: null,
    manuallyApprovesFollowers: false,
    local: true,
    publicKeyId: null,
    publicKeyPem: null,
    fields: [],
    createdAt: now,
    updatedAt: now,
    fetchedAt: null,
  };
}

function post(actor: Actor, publishedAt: string, overrides: Partial<Post> = {}): Post {
  const id = newId();
  return {
    id,
    iri: `${actor.local ? "https://buurt.example" : `https://${actor.domain}`}/posts/${id}`,
    actorId: actor.id,
    type: "Note",
    name: null,
    contentHtml: `<p>post at ${publishedAt}</p>`,
    source: null,
    summary: null,
    sensitive: false,
    language: "nl",
    visibility: "public",
    inReplyToIri: null,
    audienceIri: null,
    url: null,
    attachments: [{ url: "https://cdn.example/a.jpg", mediaType: "image/jpeg", description: "Een fiets", width: 10, height: 20 }],
    tags: [{ type: "Hashtag", name: "#fiets", href: null }],
    pollOptions: null,
    publishedAt,
    updatedAt: null,
    local: actor.local,
    ...overrides,
  };
}

async function addMember(repos: Repositories, username: string): Promise<Actor> {
  const actor = localActor(username);
  await repos.members.create({
    actor,
    member: {
      id: newId(),
      actorId: actor.id,
      username,
      email: `${username}@example.com`,
      role: "resident",
      status: "active",
      organisation: null,
      jobTitle: null,
      locale: null,
      createdAt: actor.createdAt,
      approvedAt: actor.createdAt,
    },
    passwordHash: null,
    keyPairs: [],
  });
  return actor;
}

describe.each(testDialects())("repositories on %s", (dialect) => {
  let database: TestDatabase;
  let repos: Repositories;
  beforeEach(async () => {
    database = await openTestDatabase(dialect);
    repos = createRepositories(database.db);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it("upserts remote actors by IRI and never overwrites a local one", async () => {
    const first = await repos.actors.upsertRemote(remoteInput("zoe"));
    const again = await repos.actors.upsertRemote({ ...remoteInput("zoe"), name: "Zoë" });
    expect(again.id).toBe(first.id);
    expect(again.name).toBe("Zoë");
    expect(again.fields).toEqual([{ name: "Website", value: "<a href=\"https://example.com\">example.com</a>" }]);
    expect(await repos.actors.findByHandle("ZOE", "Remote.Example")).toMatchObject({ id: first.id });

    const anna = await addMember(repos, "anna");
    await repos.actors.upsertRemote({ ...remoteInput("anna"), iri: anna.iri, name: "Impostor" });
    expect((await repos.actors.findById(anna.id))?.name).toBe("anna");
  });

  it("pages a member's public posts newest first without gaps or repeats", async () => {
    const anna = await addMember(repos, "anna");
    const base = Date.parse("2026-01-01T00:00:00.000Z");
    for (let i = 0; i < 45; i++) {
      // Every third pair shares a timestamp, so the id must break ties.
      await repos.posts.insert(post(anna, new Date(base + Math.floor(i / 2) * 60_000).toISOString()));
    }
    await repos.posts.insert(post(anna, new Date(base + 999 * 60_000).toISOString(), { visibility: "buurt" }));
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page = await repos.posts.listLocalPublic({ limit: 20, cursor });
      sizes.push(page.items.length);
      seen.push(...page.items.map((p) => p.post.id));
      cursor = page.nextCursor;
    } while (cursor != null);
    expect(sizes).toEqual([20, 20, 5]);
    expect(new Set(seen).size).toBe(45);
    const times = [];
    for (const id of seen) times.push((await repos.posts.findById(id))!.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(await repos.posts.countByActor(anna.id, ["public"])).toBe(45);
    expect(await repos.posts.countByActor(anna.id, ["buurt"])).toBe(1);
  });

  it("round-trips a post's attachments, tags and language", async () => {
    const zoe = await repos.actors.upsertRemote(remoteInput("zoe"));
    const p = post(zoe, "2026-02-02T10:00:00.000Z", { local: false, summary: "spoiler", sensitive: true });
    const { created } = await repos.posts.upsertRemote(p);
    expect(created).toBe(true);
    const stored = await repos.posts.findByIri(p.iri);
    expect(stored).toEqual(p);
    const { created: again, post: updated } = await repos.posts.upsertRemote({ ...p, id: newId(), contentHtml: "<p>edited</p>" });
    expect(again).toBe(false);
    expect(updated.id).toBe(p.id);
    expect((await repos.posts.findById(p.id))?.contentHtml).toBe("<p>edited</p>");
  });

  it("builds the home timeline from follows and boosts, showing each post once", async () => {
    const bob = await addMember(repos, "bob");
    const zoe = await repos.actors.upsertRemote(remoteInput("zoe"));
    const group = await repos.actors.upsertRemote({ ...remoteInput("oost", "other.example"), type: "Group" });
    const stranger = await repos.actors.upsertRemote(remoteInput("stranger", "far.example"));
    const now = new Date().toISOString();
    await repos.follows.create({ id: newId(), iri: "https://buurt.example/f/1", followerId: bob.id, followingId: zoe.id, status: "accepted", createdAt: now, acceptedAt: now });
    await repos.follows.create({ id: newId(), iri: "https://buurt.example/f/2", followerId: bob.id, followingId: group.id, status: "accepted", createdAt: now, acceptedAt: now });
    const byZoe = post(zoe, "2026-03-01T10:00:00.000Z", { local: false });
    const byStranger = post(stranger, "2026-03-01T11:00:00.000Z", { local: false });
    const hidden = post(stranger, "2026-03-01T12:00:00.000Z", { local: false });
    for (const p of [byZoe, byStranger, hidden]) await repos.posts.upsertRemote(p);
    // The group boosts zoe's post (already shown directly) and the stranger's.
    await repos.announces.create({ id: newId(), iri: "https://other.example/a/1", actorId: group.id, postId: byZoe.id, createdAt: now, publishedAt: "2026-03-02T09:00:00.000Z" });
    await repos.announces.create({ id: newId(), iri: "https://other.example/a/2", actorId: group.id, postId: byStranger.id, createdAt: now, publishedAt: "2026-03-02T10:00:00.000Z" });
    const home = await repos.posts.listHomeTimeline(bob.id, { limit: 20 });
    expect(home.items.map((e) => [e.post.id, e.announcedBy?.id ?? null])).toEqual([
      [byStranger.id, group.id],
      [byZoe.id, null],
    ]);
    expect(home.nextCursor).toBeNull();
  });

  it("keeps one follow per pair, lists followers with paging and only remote ones for delivery", async () => {
    const anna = await addMember(repos, "anna");
    const bob = await addMember(repos, "bob");
    const now = new Date().toISOString();
    const remote: Actor[] = [];
    for (let i = 0; i < 25; i++) remote.push(await repos.actors.upsertRemote(remoteInput(`r${i}`)));
    for (const [i, r] of remote.entries()) {
      await repos.follows.create({ id: newId(), iri: `https://remote.example/f/${i}`, followerId: r.id, followingId: anna.id, status: i === 0 ? "pending" : "accepted", createdAt: new Date(Date.parse(now) + i).toISOString(), acceptedAt: now });
    }
    const local = await repos.follows.create({ id: newId(), iri: "https://buurt.example/f/b", followerId: bob.id, followingId: anna.id, status: "accepted", createdAt: now, acceptedAt: now });
    expect(local.created).toBe(true);
    const dup = await repos.follows.create({ id: newId(), iri: "https://buurt.example/f/b2", followerId: bob.id, followingId: anna.id, status: "accepted", createdAt: now, acceptedAt: now });
    expect(dup).toEqual({ follow: local.follow, created: false });

    expect(await repos.follows.countFollowers(anna.id)).toBe(25);
    const first = await repos.follows.listFollowers(anna.id, { limit: 20 });
    const second = await repos.follows.listFollowers(anna.id, { limit: 20, cursor: first.nextCursor });
    expect(first.items).toHaveLength(20);
    expect(second.items).toHaveLength(5);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((a) => a.id)).size).toBe(25);
    const deliverTo = await repos.follows.listRemoteFollowers(anna.id);
    expect(deliverTo).toHaveLength(24);
    expect(deliverTo.every((a) => !a.local)).toBe(true);
    expect((await repos.follows.listPendingRequests(anna.id)).map((p) => p.follower.id)).toEqual([remote[0]!.id]);
    expect(await repos.follows.hasLocalFollower(anna.id)).toBe(true);
    expect(await repos.follows.hasLocalFollower(bob.id)).toBe(false);
  });

  it("counts a like or announce once per actor and post, and records activity ids once", async () => {
    const anna = await addMember(repos, "anna");
    const zoe = await repos.actors.upsertRemote(remoteInput("zoe"));
    const p = post(anna, "2026-04-01T00:00:00.000Z");
    await repos.posts.insert(p);
    const like = { id: newId(), iri: "https://remote.example/l/1", actorId: zoe.id, postId: p.id, createdAt: p.publishedAt };
    expect(await repos.likes.create(like)).toBe(true);
    expect(await repos.likes.create({ ...like, id: newId(), iri: "https://remote.example/l/2" })).toBe(false);
    expect(await repos.likes.countForPost(p.id)).toBe(1);
    expect(await repos.receivedActivities.record("https://remote.example/l/1", "Like", zoe.iri)).toBe(true);
    expect(await repos.receivedActivities.record("https://remote.example/l/1", "Like", zoe.iri)).toBe(false);
    expect(await repos.receivedActivities.has("https://remote.example/l/1")).toBe(true);
  });

  it("removes a deleted remote actor with everything of theirs", async () => {
    const anna = await addMember(repos, "anna");
    const zoe = await repos.actors.upsertRemote(remoteInput("zoe"));
    const theirs = post(zoe, "2026-05-01T00:00:00.000Z", { local: false });
    const ours = post(anna, "2026-05-01T00:00:00.000Z");
    await repos.posts.upsertRemote(theirs);
    await repos.posts.insert(ours);
    const now = new Date().toISOString();
    await repos.likes.create({ id: newId(), iri: "https://remote.example/l/9", actorId: zoe.id, postId: ours.id, createdAt: now });
    await repos.follows.create({ id: newId(), iri: "https://remote.example/f/9", followerId: zoe.id, followingId: anna.id, status: "accepted", createdAt: now, acceptedAt: now });
    expect(await repos.actors.deleteRemote(zoe.iri)).toBe(true);
    expect(await repos.actors.findByIri(zoe.iri)).toBeNull();
    expect(await repos.posts.findByIri(theirs.iri)).toBeNull();
    expect(await repos.posts.findByIri(ours.iri)).not.toBeNull();
    expect(await repos.likes.countForPost(ours.id)).toBe(0);
    expect(await repos.follows.countFollowers(anna.id)).toBe(0);
    expect(await repos.actors.deleteRemote(anna.iri)).toBe(false);
  });
});
