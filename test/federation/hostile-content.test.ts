/**
 * Hostile strings that arrive through the real inbox (not stored directly)
 * and reach every page that shows them: profile name, handle, bio and
 * fields, post text, content warning, alt text, hashtags, poll options,
 * event title, place and address, a reply to a help item, notifications,
 * search.  Markup must never become active, and Unicode tricks (bidi
 * overrides, invisible characters in handles) and huge names must not let
 * a remote actor pass for someone else or break the page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { receiveEvent } from "../../src/app/agenda.ts";
import { createHelpItem } from "../../src/app/help.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { newId, nowIso } from "../../src/domain/ids.ts";
import type { InboxOutcome } from "../../src/federation/inbox/support.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { allElements, attr, select, textOf } from "../helpers/html.ts";
import { AS, type HostilePeer, type PeerActor, postSigned, PUBLIC, startHostilePeer } from "../helpers/hostile-peer.ts";
import { loginAs, type WebClient } from "../helpers/web.ts";
import { storeAcceptedFollow, storeRemoteActor, storeRemotePost } from "../helpers/remote.ts";

const XSS = `<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)" onclick="alert(4)">x</a><svg onload=alert(5)>`;
/** Bidi overrides and isolates, zero-width characters: nothing a name needs. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;

/** Active content in a page: script-ish elements, handlers, non-http(s) URLs. */
function activeContent(html: string): string[] {
  const problems: string[] = [];
  for (const el of allElements(html)) {
    if (["script", "iframe", "object", "embed", "base", "style", "math"].includes(el.tagName)) problems.push(`<${el.tagName}>`);
    if (el.tagName === "svg" && attr(el, "class") !== "site-logo") problems.push("<svg>");
    for (const { name, value } of el.attrs) {
      if (name.startsWith("on") || name === "style" || name === "srcdoc") problems.push(`${el.tagName}[${name}]`);
      if (["href", "src", "action", "formaction"].includes(name)) {
        const v = value.trim().toLowerCase().replace(/[\u0000-\u0020]/g, "");
        if (!/^(\/|#|\?|https?:|mailto:|xmpp:|gemini:|matrix:)/.test(v)) problems.push(`${el.tagName}[${name}=${value}]`);
      }
    }
  }
  return problems;
}

async function outcomeOf(buurt: TestBuurt, id: string): Promise<InboxOutcome> {
  return await waitFor(() => buurt.outcomes.find((o) => o.id === id), `the outcome of ${id}`);
}

describe("hostile strings through the inbox, on every page", () => {
  let a: TestBuurt;
  let peer: HostilePeer;
  let eve: PeerActor;
  let anna: WebClient;
  const longName = "Eve".repeat(20_000);

  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt A" });
    peer = await startHostilePeer();
    eve = await peer.actor("eve", {
      name: `\u202Eanna${XSS}`,
      preferredUsername: "a\u200Bnna\u202E",
      summary: `<p>Bio</p>${XSS}`,
      url: "javascript:alert('url')",
      icon: { type: "Image", url: "javascript:alert('icon')" },
      attachment: [
        { type: "PropertyValue", name: `<b>Site</b>${XSS}`, value: `<a href="javascript:alert(6)">js</a>${XSS}` },
      ],
    });
    await a.member("anna", "Anna");
    anna = await loginAs(a.buurt, "anna");
    // anna follows eve, so eve's posts and events are kept.
    const found = await a.buurt.lookup.resolveActor(eve.iri);
    if (!found.ok) throw new Error(found.error);
    const annaActor = (await a.buurt.app.repos.actors.findLocalByUsername("anna"))!;
    await storeAcceptedFollow(a.buurt, {
      iri: `${a.origin}/users/anna#follow/${newId()}`,
      followerId: annaActor.id,
      followingId: found.value.id,
    });
  });

  afterAll(async () => {
    await a.stop();
    await peer.close();
  });

  async function create(object: Record<string, unknown>): Promise<InboxOutcome> {
    const id = `${eve.iri}#create/${newId()}`;
    const res = await postSigned(`${a.origin}/inbox`, {
      "@context": AS,
      id,
      type: "Create",
      actor: eve.iri,
      to: PUBLIC,
      cc: [a.buurt.app.iris.actor("anna")],
      object: { attributedTo: eve.iri, to: PUBLIC, cc: [a.buurt.app.iris.actor("anna")], ...object },
    }, eve);
    expect(res.status).toBe(202);
    return await outcomeOf(a, id);
  }

  it("shows hostile posts, polls, events and replies without active content", async () => {
    const help = await createHelpItem(a.buurt.app, {
      authorUsername: "anna",
      kind: "request",
      category: "errands",
      title: "Boodschappen",
      description: "Wie helpt?",
      visibility: "public",
      wording: helpWording("nl"),
      language: "nl",
    });
    if (!help.ok) throw new Error(help.error);
    const note = `${peer.origin}/notes/${newId()}`;
    const outcomes = [
      await create({
        id: note,
        type: "Note",
        content: `<p>Hoi <span class="h-card"><a href="${a.buurt.app.iris.actor("anna")}" class="u-url mention">@anna</a></span></p>${XSS}`,
        summary: `CW ${XSS}`,
        sensitive: true,
        quoteUrl: "javascript:alert('quote')",
        attachment: [
          { type: "Document", mediaType: "image/png", url: "javascript:alert('att')", name: `alt ${XSS}` },
          { type: "Document", mediaType: "image/png", url: "https://cdn.example/a.png", name: `"><script>alert('alt')</script>` },
        ],
        tag: [
          { type: "Hashtag", name: `#<script>alert('tag')</script>`, href: "javascript:alert('taghref')" },
          { type: "Mention", name: "@anna", href: a.buurt.app.iris.actor("anna") },
        ],
      }),
      await create({
        id: `${peer.origin}/polls/${newId()}`,
        type: "Question",
        content: `<p>Poll</p>${XSS}`,
        oneOf: [{ type: "Note", name: `Ja ${XSS}`, replies: { type: "Collection", totalItems: 1 } }],
      }),
      await create({
        id: `${peer.origin}/events/${newId()}`,
        type: "Event",
        name: `Feest ${XSS}`,
        content: `<p>Kom</p>${XSS}`,
        startTime: "2030-06-07T10:00:00Z",
        location: {
          type: "Place",
          name: `Plek ${XSS}`,
          address: { type: "PostalAddress", streetAddress: `Straat ${XSS}`, addressLocality: `<b>Stad</b>` },
        },
        url: "javascript:alert('eventurl')",
      }),
      await create({
        id: `${peer.origin}/replies/${newId()}`,
        type: "Note",
        inReplyTo: help.value.postIri,
        content: `<p>Ik help</p>${XSS}`,
      }),
    ];
    expect(outcomes.map((o) => o.kind)).toEqual(["processed", "processed", "processed", "processed"]);
    const post = (await a.buurt.app.repos.posts.findByIri(note))!;

    const eveOnA = (await a.buurt.app.repos.actors.findByIri(eve.iri))!;
    const paths = ["/", "/home", "/notifications", `/posts/${post.id}`, "/agenda", `/hulp/${help.value.postId}`, "/search?q=eve",
      `/actors/${eveOnA.id}`];
    const stored = await a.buurt.database.db.selectFrom("posts").select(["id", "type"]).where("local", "=", 0).execute();
    for (const row of stored.filter((r) => r.type === "Event")) paths.push(`/events/${row.id}`);
    expect(paths.some((p) => p.startsWith("/events/"))).toBe(true);
    for (const path of paths) {
      const res = await anna.get(path);
      const html = await res.text();
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect({ path, problems: activeContent(html) }).toEqual({ path, problems: [] });
      expect(select(html, "title"), path).toHaveLength(1);
    }
  });

  it("keeps bidi overrides and invisible characters out of names and handles", async () => {
    const stored = (await a.buurt.app.repos.actors.findByIri(eve.iri))!;
    expect(stored.name ?? "").not.toMatch(INVISIBLE);
    expect(stored.username).not.toMatch(INVISIBLE);
    const html = await (await anna.get(`/actors/${stored.id}`)).text();
    expect(textOf(select(html, "h1")[0]!)).not.toMatch(INVISIBLE);
  });

  it("stores and shows an absurdly long name shortened", async () => {
    peer.routes.set("/users/long", {
      "@context": [AS, "https://w3id.org/security/v1"],
      id: `${peer.origin}/users/long`,
      type: "Person",
      preferredUsername: "long".repeat(1000),
      name: longName,
      summary: "x".repeat(200_000),
      inbox: `${peer.origin}/users/long/inbox`,
    });
    const found = await a.buurt.lookup.resolveActor(`${peer.origin}/users/long`);
    if (!found.ok) throw new Error(found.error);
    expect([...(found.value.name ?? "")].length).toBeLessThanOrEqual(200);
    expect(found.value.username.length).toBeLessThanOrEqual(100);
    expect([...(found.value.summary ?? "")].length).toBeLessThanOrEqual(10_000);
  });

  it("shows a stored event's links only when they are http(s), however they were stored", async () => {
    // Stored directly, as an older version (or another path) could have stored it.
    const author = await storeRemoteActor(a.buurt, "mallory", "evil.example", { url: "javascript:alert('actor')" });
    const id = newId();
    const post = await storeRemotePost(a.buurt, author, {
      id,
      iri: `https://evil.example/events/${id}`,
      type: "Event",
      name: "Feest",
      url: "javascript:alert('original')",
      attachments: [{ url: "javascript:alert('image')", mediaType: "image/png", description: "x", width: null, height: null }],
    });
    const received = await receiveEvent(a.buurt.app, {
      post,
      details: {
        postId: post.id,
        startAt: "2030-06-07T10:00:00.000Z",
        endAt: null,
        timezone: "Europe/Amsterdam",
        allDay: false,
        startDate: null,
        endDate: null,
        locationName: null,
        address: null,
        latitude: null,
        longitude: null,
        onlineUrl: "javascript:alert('online')",
        capacity: null,
        category: null,
        status: "scheduled",
        rrule: null,
        cancelledOccurrences: [],
        pollOptions: null,
        organizerActorId: null,
        createdAt: nowIso(),
        updatedAt: nowIso(),
      },
      author,
      organizer: null,
      relevance: { addressesLocalActor: true },
    });
    expect(received.entry).not.toBeNull();
    const res = await anna.get(`/events/${received.entry!.post.id}`);
    expect(res.status).toBe(200);
    expect(activeContent(await res.text())).toEqual([]);
  });
});
