/**
 * Writing posts in the browser (`/compose`): mentions, hashtags and links
 * become HTML and ActivityPub tags; visibility decides who receives a post
 * (checked on real second and third buurten); content warnings; images
 * with required alt text, checked by content, stripped of metadata and
 * resized; a form with a problem keeps what was typed.
 *
 * Remote mentions: WebFinger runs over https and cannot reach the loopback
 * test servers, so the mentioned remote member is first stored by actor IRI
 * (`lookup.resolveActor(iri)`, as a search by URL would do); `@bob@host`
 * then resolves from the stored actors, the same path a production mention
 * of someone already known takes.  An unknown `@nobody@127.0.0.1:1` goes to
 * WebFinger, fails, and stays plain text.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { afterEach, describe, expect, it } from "vitest";
import type { RemoteLookup } from "../../src/app/ports.ts";
import { publishPost, resolveMentions } from "../../src/app/posts.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";
import {
  checkedRadio,
  followRemote,
  inputValue,
  postIdFromLocation,
  postMultipart,
  textareaValue,
} from "../helpers/compose.ts";
import { testDialects } from "../helpers/databases.ts";
import { storeRemoteActor } from "../helpers/remote.ts";
import { loginAs, visitor } from "../helpers/web.ts";

/** A JPEG with EXIF (camera, author, GPS position) that sharp writes. */
async function jpegWithExif(width: number, height: number): Promise<Uint8Array> {
  return await sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: "TestCam", Model: "X100", Artist: "Anna de Vries", Copyright: "Anna" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "52/1 22/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "4/1 53/1 0/1" },
    })
    .toBuffer();
}

async function png(width: number, height: number): Promise<Uint8Array> {
  return await sharp({ create: { width, height, channels: 4, background: { r: 20, g: 120, b: 60, alpha: 1 } } })
    .png()
    .toBuffer();
}

describe.each(testDialects())("composing posts (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("turns mentions (local and remote), hashtags and links into HTML and tags, and notifies the mentioned", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    const bert = await a.member("bert", "Bert");
    await b.member("bob", "Bob");
    // A knows bob by his actor IRI (see the file comment).
    const bobOnA = await a.buurt.lookup.resolveActor(b.buurt.app.iris.actor("bob"));
    if (!bobOnA.ok) throw new Error(bobOnA.error);
    const bobHandle = `bob@127.0.0.1:${b.port}`;

    const anna = await loginAs(a.buurt, "anna");
    const text = `Hoi @bert en @${bobHandle}! Koffie om 10 uur #Koffie op het #plein, zie https://example.org/agenda.\n` +
      `En @nobody@127.0.0.1:1 en @niemand kennen we niet. <b>vet</b>`;
    const res = await anna.post("/compose", { text, summary: "", visibility: "public" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toMatch(/\?notice=posted$/);
    const post = (await a.buurt.app.repos.posts.findById(postIdFromLocation(res)))!;

    const origin = a.origin;
    expect(post.contentHtml).toBe(
      `<p>Hoi <span class="h-card"><a href="${origin}/@bert" class="u-url mention">@<span>bert</span></a></span> en ` +
        `<span class="h-card"><a href="${bobOnA.value.url}" class="u-url mention">@<span>bob</span></a></span>! ` +
        `Koffie om 10 uur <a href="${origin}/tags/koffie" class="mention hashtag" rel="tag">#<span>Koffie</span></a> op het ` +
        `<a href="${origin}/tags/plein" class="mention hashtag" rel="tag">#<span>plein</span></a>, zie ` +
        `<a href="https://example.org/agenda" rel="nofollow noopener ugc" target="_blank">https://example.org/agenda</a>.<br>` +
        `En @nobody@127.0.0.1:1 en @niemand kennen we niet. &lt;b&gt;vet&lt;/b&gt;</p>`,
    );
    expect(post.tags).toEqual([
      { type: "Mention", name: `@bert@127.0.0.1:${a.port}`, href: a.buurt.app.iris.actor("bert") },
      { type: "Mention", name: `@${bobHandle}`, href: b.buurt.app.iris.actor("bob") },
      { type: "Hashtag", name: "#Koffie", href: `${origin}/tags/koffie` },
      { type: "Hashtag", name: "#plein", href: `${origin}/tags/plein` },
    ]);
    const indexed = await a.buurt.database.db.selectFrom("post_hashtags").select("name")
      .where("post_id", "=", post.id).orderBy("name").execute();
    expect(indexed.map((r) => r.name)).toEqual(["koffie", "plein"]);

    // The tag page lists it (any case in the URL), for visitors too.
    const tagPage = await (await visitor(a.buurt).get("/tags/KOFFIE")).text();
    expect(tagPage).toContain(`id="post-${post.id}"`);
    expect(await (await visitor(a.buurt).get("/tags/plein")).text()).toContain(`id="post-${post.id}"`);
    expect(await (await visitor(a.buurt).get("/tags/thee")).text()).not.toContain(`id="post-${post.id}"`);

    // bert is notified here; B receives the post (bob is mentioned) with its tags and notifies bob.
    const bertNotes = await a.buurt.app.repos.notifications.listForRecipient(bert.actorId, { limit: 10 });
    expect(bertNotes.items.map((n) => [n.type, n.postId])).toEqual([["mention", post.id]]);
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(post.iri), "B to store the post mentioning bob");
    expect(onB.tags.filter((t) => t.type === "Mention").map((t) => t.href)).toEqual([
      a.buurt.app.iris.actor("bert"),
      b.buurt.app.iris.actor("bob"),
    ]);
    expect(onB.tags.filter((t) => t.type === "Hashtag").map((t) => t.name)).toEqual(["#Koffie", "#plein"]);
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    const bobNotes = await b.buurt.app.repos.notifications.listForRecipient(bobOnB.id, { limit: 10 });
    expect(bobNotes.items.map((n) => [n.type, n.postId])).toEqual([["mention", onB.id]]);
  });

  it("looks up a mention of someone not known yet through the RemoteLookup port (WebFinger; a double here)", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna");
    const asked: string[] = [];
    const lookup: Pick<RemoteLookup, "resolveActor"> = {
      async resolveActor(query) {
        asked.push(query);
        if (query !== "@carol@social.example") return { ok: false, error: "not_found" };
        // https://social.example/users/carol, with its page at https://social.example/@carol.
        const actor = await storeRemoteActor(a.buurt, "carol", "social.example", { name: "Carol", sharedInboxUrl: null });
        return { ok: true, value: actor };
      },
    };
    const text = "Hoi @carol@social.example en @dave@social.example";
    const mentions = await resolveMentions(a.buurt.app, lookup, text);
    expect(asked.sort()).toEqual(["@carol@social.example", "@dave@social.example"]);
    expect(mentions.map((m) => m.actor.iri)).toEqual(["https://social.example/users/carol"]);
    const r = await publishPost(a.buurt.app, { authorUsername: "anna", text, visibility: "buurt", mentions });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.contentHtml).toBe(
      `<p>Hoi <span class="h-card"><a href="https://social.example/@carol" class="u-url mention">@<span>carol</span></a></span>` +
        ` en @dave@social.example</p>`,
    );
    expect(r.value.tags).toEqual([{ type: "Mention", name: "@carol@social.example", href: "https://social.example/users/carol" }]);
  });

  it("never delivers a buurt-only post, delivers a public one with its content warning, and a direct one only to whom it mentions", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    const c = await startTestBuurt({ name: "Buurt C", dialect });
    started.push(a, b, c);
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");
    await c.member("carol", "Carol");
    // bob (B) and carol (C) both follow anna.
    await followRemote(b, "bob", a, "anna");
    await followRemote(c, "carol", a, "anna");
    await a.buurt.lookup.resolveActor(b.buurt.app.iris.actor("bob"));
    const anna = await loginAs(a.buurt, "anna");

    const local = await anna.post("/compose", { text: "Alleen voor de buurt: sleutel gevonden", visibility: "buurt" });
    const localPost = (await a.buurt.app.repos.posts.findById(postIdFromLocation(local)))!;
    expect(localPost.visibility).toBe("buurt");
    const direct = await anna.post("/compose", { text: `@bob@127.0.0.1:${b.port} je pakketje ligt bij mij`, visibility: "direct" });
    const directPost = (await a.buurt.app.repos.posts.findById(postIdFromLocation(direct)))!;
    expect(directPost.visibility).toBe("direct");
    const pub = await anna.post("/compose", {
      text: "Werkzaamheden aan de Dorpsstraat",
      summary: "Verkeershinder",
      visibility: "public",
    });
    const publicPost = (await a.buurt.app.repos.posts.findById(postIdFromLocation(pub)))!;
    expect(publicPost.summary).toBe("Verkeershinder");
    expect(publicPost.sensitive).toBe(true);

    // The public post reaches both followers' servers, with its content warning.
    for (const other of [b, c]) {
      const got = await waitFor(() => other.buurt.app.repos.posts.findByIri(publicPost.iri), "the public post to arrive");
      expect(got.summary).toBe("Verkeershinder");
      expect(got.sensitive).toBe(true);
      expect(got.visibility).toBe("public");
    }
    // The direct post reaches B (bob is mentioned), not C (carol only follows).
    const directOnB = await waitFor(() => b.buurt.app.repos.posts.findByIri(directPost.iri), "the direct post to reach B");
    expect(directOnB.visibility).toBe("direct");
    await waitForQueueIdle(a.buurt);
    expect(await c.buurt.app.repos.posts.findByIri(directPost.iri)).toBeNull();
    // The buurt-only post reached nobody, and cannot be fetched either.
    expect(await b.buurt.app.repos.posts.findByIri(localPost.iri)).toBeNull();
    expect(await c.buurt.app.repos.posts.findByIri(localPost.iri)).toBeNull();
    const fetched = await fetch(localPost.iri, { headers: { Accept: "application/activity+json" } });
    expect(fetched.status).not.toBe(200);

    // Visitors do not see the buurt-only post; members do.
    expect((await visitor(a.buurt).get(`/posts/${localPost.id}`)).status).toBe(404);
    await a.member("bert", "Bert");
    const bert = await loginAs(a.buurt, "bert");
    expect(await (await bert.get(`/posts/${localPost.id}`)).text()).toContain("sleutel gevonden");
    // The direct post: only anna (and bob, elsewhere) may read it here.
    expect((await bert.get(`/posts/${directPost.id}`)).status).toBe(404);
    expect(await (await anna.get(`/posts/${directPost.id}`)).text()).toContain("pakketje");
  });

  it("stores images without metadata, at most 1600 px, serves them, and federates them with their alt text", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");
    await followRemote(b, "bob", a, "anna");
    const anna = await loginAs(a.buurt, "anna");

    const jpeg = await jpegWithExif(2400, 1800);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await postMultipart(a.buurt, anna, "/compose", [
      ["text", "Het nieuwe bankje"],
      ["visibility", "public"],
      ["image_1", { name: "bankje.jpg", type: "image/jpeg", bytes: jpeg }],
      ["alt_1", "Een houten bank onder een boom"],
      ["image_2", { name: "plattegrond.png", type: "image/png", bytes: await png(3000, 1000) }],
      ["alt_2", "Plattegrond van het plein"],
    ]);
    expect(res.status).toBe(303);
    const post = (await a.buurt.app.repos.posts.findById(postIdFromLocation(res)))!;
    const media = await a.buurt.app.repos.media.listByPost(post.id);
    expect(media.map((m) => [m.mediaType, m.width, m.height, m.description])).toEqual([
      ["image/jpeg", 1600, 1200, "Een houten bank onder een boom"],
      ["image/png", 1600, 533, "Plattegrond van het plein"],
    ]);
    expect(post.attachments).toEqual(media.map((m) => ({
      url: `${a.origin}/media/${m.file}`,
      mediaType: m.mediaType,
      description: m.description,
      width: m.width,
      height: m.height,
    })));

    // The stored file: a JPEG of 1600×1200 without EXIF, named by a UUID.
    expect(media[0]!.file).toMatch(/^[0-9a-f-]{36}\.jpg$/);
    const stored = await readFile(join(a.buurt.config.dataDir, "media", media[0]!.file));
    const meta = await sharp(stored).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1600, 1200]);
    expect(meta.exif).toBeUndefined();
    expect(stored.includes(Buffer.from("TestCam"))).toBe(false);
    expect(stored.includes(Buffer.from("Anna de Vries"))).toBe(false);

    // Served with its type and a long cache; names that are not ours are not.
    const served = await visitor(a.buurt).get(`/media/${media[0]!.file}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toBe("image/jpeg");
    expect(served.headers.get("Cache-Control")).toContain("immutable");
    expect(Buffer.from(await served.arrayBuffer()).equals(stored)).toBe(true);
    expect((await visitor(a.buurt).get("/media/..%2Fbuurt.sqlite")).status).toBe(404);
    expect((await visitor(a.buurt).get("/media/00000000-0000-0000-0000-000000000000.jpg")).status).toBe(404);

    // The post page shows the images with their alt text.
    const page = await (await visitor(a.buurt).get(`/posts/${post.id}`)).text();
    expect(page).toContain(`<img src="${a.origin}/media/${media[0]!.file}" alt="Een houten bank onder een boom"`);

    // B receives the attachments as Documents with `name` = alt text.
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(post.iri), "B to store the post");
    expect(onB.attachments.map((x) => [x.url, x.mediaType, x.description])).toEqual(
      media.map((m) => [`${a.origin}/media/${m.file}`, m.mediaType, m.description]),
    );
  });

  it("refuses a file that is not an image, a missing alt text and a fifth image, keeping what was typed", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    const member = await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");
    const typed: Array<[string, string]> = [
      ["text", "Wie heeft deze kat gezien? <script>"],
      ["summary", "Vermist huisdier"],
      ["visibility", "followers"],
    ];
    const countPosts = async () =>
      Number((await a.buurt.database.db.selectFrom("posts").select((eb) => eb.fn.countAll().as("n"))
        .where("actor_id", "=", member.actorId).executeTakeFirstOrThrow()).n);
    const countMedia = async () =>
      Number((await a.buurt.database.db.selectFrom("media").select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()).n);
    const keptTyped = (html: string) => {
      expect(textareaValue(html, "text")).toBe("Wie heeft deze kat gezien? <script>");
      expect(inputValue(html, "summary")).toBe("Vermist huisdier");
      expect(checkedRadio(html, "visibility")).toBe("followers");
    };

    // A text file named .jpg: refused by its content.
    const fake = await postMultipart(a.buurt, anna, "/compose", [
      ...typed,
      ["image_1", { name: "kat.jpg", type: "image/jpeg", bytes: new TextEncoder().encode("dit is geen foto\n") }],
      ["alt_1", "Een rode kat"],
    ]);
    expect(fake.status).toBe(400);
    const fakeHtml = await fake.text();
    expect(fakeHtml).toContain("kat.jpg is geen foto die we kennen");
    keptTyped(fakeHtml);
    expect(await countPosts()).toBe(0);
    expect(await countMedia()).toBe(0);

    // Five images: refused before any is stored.
    const jpeg = await jpegWithExif(200, 100);
    const five = await postMultipart(a.buurt, anna, "/compose", [
      ...typed,
      ...[1, 2, 3, 4, 5].flatMap((n): Array<[string, string | { name: string; type: string; bytes: Uint8Array }]> => [
        [`image_${n}`, { name: `foto${n}.jpg`, type: "image/jpeg", bytes: jpeg }],
        [`alt_${n}`, `Foto ${n}`],
      ]),
    ]);
    expect(five.status).toBe(400);
    const fiveHtml = await five.text();
    expect(fiveHtml).toContain("Je kunt hoogstens 4 foto's bij één bericht zetten.");
    keptTyped(fiveHtml);
    expect(await countPosts()).toBe(0);
    expect(await countMedia()).toBe(0);

    // A missing alt text: refused, but the image is kept for the next try.
    const noAlt = await postMultipart(a.buurt, anna, "/compose", [
      ...typed,
      ["image_1", { name: "kat.jpg", type: "image/jpeg", bytes: jpeg }],
      ["alt_1", "  "],
    ]);
    expect(noAlt.status).toBe(400);
    const noAltHtml = await noAlt.text();
    expect(noAltHtml).toContain("Beschrijf foto 1");
    keptTyped(noAltHtml);
    expect(await countPosts()).toBe(0);
    const keptId = inputValue(noAltHtml, "kept_1");
    expect(keptId).not.toBeNull();
    expect((await a.buurt.app.repos.media.findById(keptId!))?.postId).toBeNull();

    // Filling in the description publishes the post with the kept image.
    const done = await postMultipart(a.buurt, anna, "/compose", [
      ...typed,
      ["kept_1", keptId!],
      ["kept_alt_1", "Een rode kat op een muurtje"],
    ]);
    expect(done.status).toBe(303);
    const post = (await a.buurt.app.repos.posts.findById(postIdFromLocation(done)))!;
    expect(post.visibility).toBe("followers");
    expect(post.summary).toBe("Vermist huisdier");
    expect(post.attachments.map((x) => x.description)).toEqual(["Een rode kat op een muurtje"]);
    expect((await a.buurt.app.repos.media.findById(keptId!))?.postId).toBe(post.id);

    // A direct message without anyone mentioned is refused, with the text kept.
    const lonely = await anna.post("/compose", { text: "Voor niemand", visibility: "direct" });
    expect(lonely.status).toBe(400);
    const lonelyHtml = await lonely.text();
    expect(lonelyHtml).toContain("Noem in een privé bericht minstens één persoon");
    expect(textareaValue(lonelyHtml, "text")).toBe("Voor niemand");
    expect(checkedRadio(lonelyHtml, "visibility")).toBe("direct");
  });

  it("discards an upload taken out of the form, and uploads left behind for a day", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");
    const mediaDir = join(a.buurt.config.dataDir, "media");
    const exists = (file: string) => readFile(join(mediaDir, file)).then(() => true, () => false);
    const upload = async (text: string) => {
      const res = await postMultipart(a.buurt, anna, "/compose", [
        ["text", text],
        ["image_1", { name: "foto.jpg", type: "image/jpeg", bytes: await jpegWithExif(300, 200) }],
        ["alt_1", ""],
      ]);
      expect(res.status).toBe(400);
      const media = (await a.buurt.app.repos.media.findById(inputValue(await res.text(), "kept_1")!))!;
      expect(await exists(media.file)).toBe(true);
      return media;
    };

    // Taken out ("weghalen"): the post goes out without it, and the upload is gone.
    const first = await upload("Eerste poging");
    const res = await postMultipart(a.buurt, anna, "/compose", [
      ["text", "Toch zonder foto"],
      ["kept_1", first.id],
      ["kept_alt_1", ""],
      ["kept_remove_1", "1"],
    ]);
    expect(res.status).toBe(303);
    const post = (await a.buurt.app.repos.posts.findById(postIdFromLocation(res)))!;
    expect(post.attachments).toEqual([]);
    expect(await a.buurt.app.repos.media.findById(first.id)).toBeNull();
    expect(await exists(first.file)).toBe(false);

    // Left behind: a day later, the next upload clears it away.
    const left = await upload("Vergeten formulier");
    await a.buurt.database.db.updateTable("media").set({ created_at: new Date(Date.now() - 25 * 3600_000).toISOString() })
      .where("id", "=", left.id).execute();
    const next = await upload("Nieuwe poging");
    expect(await a.buurt.app.repos.media.findById(left.id)).toBeNull();
    expect(await exists(left.file)).toBe(false);
    expect(await a.buurt.app.repos.media.findById(next.id)).not.toBeNull();
  });

  it("refuses an upload larger than the body limit before reading it", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    started.push(a);
    await a.member("anna", "Anna");
    const anna = await loginAs(a.buurt, "anna");
    const huge = new Uint8Array(34 * 1024 * 1024);
    const res = await postMultipart(a.buurt, anna, "/compose", [
      ["text", "Groot"],
      ["image_1", { name: "groot.jpg", type: "image/jpeg", bytes: huge }],
      ["alt_1", "Groot"],
    ]);
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/compose?error=too_large");
    const page = await anna.get("/compose?error=too_large");
    expect(page.status).toBe(413);
    expect(await page.text()).toContain("Wat je stuurde is te groot");
    expect(Number((await a.buurt.database.db.selectFrom("media").select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow()).n)).toBe(0);
  });
});
