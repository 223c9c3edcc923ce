/**
 * How other servers and people find a buurt: WebFinger, NodeInfo, the actor
 * documents, and the pages that link to them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { publishPost } from "../../src/app/posts.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

const AP = "application/activity+json";

describe("discovery", () => {
  let a: TestBuurt;
  let host: string;
  beforeAll(async () => {
    a = await startTestBuurt({ name: "Buurt Oost", handle: "oost" });
    host = new URL(a.origin).host;
    await a.member("anna", "Anna de Vries");
    const pending = await createMember(a.buurt.app, { username: "piet", status: "pending" });
    expect(pending.ok).toBe(true);
    const posted = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Rommelmarkt zaterdag" });
    expect(posted.ok).toBe(true);
  });
  afterAll(async () => {
    await a.stop();
  });

  it("answers WebFinger for the buurt and its members, case-insensitively", async () => {
    const res = await a.buurt.web.request(`/.well-known/webfinger?resource=acct:OOST@${host}`);
    expect(res.status).toBe(200);
    const jrd = await res.json();
    expect(jrd.links).toContainEqual({ rel: "self", type: AP, href: `${a.origin}/users/oost` });
    const anna = await (await a.buurt.web.request(`/.well-known/webfinger?resource=acct:anna@${host}`)).json();
    expect(anna.links).toContainEqual({ rel: "self", type: AP, href: `${a.origin}/users/anna` });
    expect(anna.links).toContainEqual(
      expect.objectContaining({ rel: "http://webfinger.net/rel/profile-page", href: `${a.origin}/@anna` }),
    );
  });

  it("has no actor or WebFinger entry for unknown or unapproved members", async () => {
    expect((await a.buurt.web.request(`/.well-known/webfinger?resource=acct:nobody@${host}`)).status).toBe(404);
    expect((await a.buurt.web.request(`/.well-known/webfinger?resource=acct:piet@${host}`)).status).toBe(404);
    expect((await a.buurt.web.request("/users/piet", { headers: { Accept: AP } })).status).toBe(404);
  });

  it("publishes NodeInfo 2.1 with usage counts", async () => {
    const wellKnown = await (await a.buurt.web.request("/.well-known/nodeinfo")).json();
    expect(wellKnown.links).toContainEqual(expect.objectContaining({
      rel: "http://nodeinfo.diaspora.software/ns/schema/2.1",
      href: `${a.origin}/nodeinfo/2.1`,
    }));
    const info = await (await a.buurt.web.request("/nodeinfo/2.1")).json();
    expect(info.software.name).toBe("buurt");
    expect(info.protocols).toEqual(["activitypub"]);
    // The default join policy is approval by a buurtverbinder: anyone may apply.
    expect(info.openRegistrations).toBe(true);
    expect(info.usage.users.total).toBe(1);
    expect(info.usage.localPosts).toBeGreaterThanOrEqual(1);
  });

  it("serves the buurt as a Group and members as Persons with keys and endpoints", async () => {
    const group = await (await a.buurt.web.request("/users/oost", { headers: { Accept: AP } })).json();
    expect(group).toMatchObject({
      type: "Group",
      preferredUsername: "oost",
      name: "Buurt Oost",
      inbox: `${a.origin}/users/oost/inbox`,
      outbox: `${a.origin}/users/oost/outbox`,
      followers: `${a.origin}/users/oost/followers`,
      following: `${a.origin}/users/oost/following`,
      endpoints: { sharedInbox: `${a.origin}/inbox` },
    });
    const anna = await (await a.buurt.web.request("/users/anna", { headers: { Accept: AP } })).json();
    expect(anna.type).toBe("Person");
    expect(anna.name).toBe("Anna de Vries");
    expect(anna.publicKey.owner).toBe(`${a.origin}/users/anna`);
    const multikeys = (anna.assertionMethod as Array<{ publicKeyMultibase: string }>).map((k) => k.publicKeyMultibase);
    expect(multikeys).toHaveLength(2);
    // Ed25519 multikeys start with "z6Mk".
    expect(multikeys.some((k) => k.startsWith("z6Mk"))).toBe(true);
  });

  it("links the buurt's actor from the home page and shows its handle and posts", async () => {
    const html = await (await a.buurt.web.request("/")).text();
    expect(html).toContain(`<link rel="alternate" type="application/activity+json" href="${a.origin}/users/oost"`);
    expect(html).toContain(`@oost@${host}`);
    expect(html).toContain("Rommelmarkt zaterdag");
    expect(html).toContain("Anna de Vries");
  });

  it("links a member's actor from their profile page and sends browsers from the actor URL there", async () => {
    const html = await (await a.buurt.web.request("/@anna")).text();
    expect(html).toContain(`<link rel="alternate" type="application/activity+json" href="${a.origin}/users/anna"`);
    expect(html).toContain(`@anna@${host}`);
    const redirect = await a.buurt.web.request("/users/anna", { headers: { Accept: "text/html" } });
    expect(redirect.status).toBe(301);
    expect(redirect.headers.get("Location")).toBe("/@anna");
  });
});
