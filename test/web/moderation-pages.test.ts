/**
 * What buurtverbinders and admins read on the moderation pages, checked
 * after using them as a buurtverbinder would: every audit-log entry is a
 * sentence (also a moderator deleting a post), and the invite section
 * speaks to a neighbour, not to the person who installed the server.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { publishPost } from "../../src/app/posts.ts";
import type { Role } from "../../src/domain/member.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { select, textOf } from "../helpers/html.ts";
import { loginAs } from "../helpers/web.ts";

async function member(b: TestBuurt, username: string, role: Role = "resident") {
  const r = await createMember(b.buurt.app, {
    username,
    displayName: username[0]!.toUpperCase() + username.slice(1),
    role,
    status: "active",
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe("moderation pages read as sentences", () => {
  let b: TestBuurt;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt West" });
  });
  afterAll(async () => {
    await b.stop();
  });

  it("the audit log says in words that a buurtverbinder deleted someone's post, with its start, as text", async () => {
    await member(b, "gerrit", "buurtverbinder");
    await member(b, "carla");
    const published = await publishPost(b.buurt.app, {
      authorUsername: "carla",
      text: `<b>Koop</b> mijn fiets! ${"heel goedkoop ".repeat(20)}`,
      visibility: "public",
    });
    if (!published.ok) throw new Error(published.error);
    const bv = await loginAs(b.buurt, "gerrit");
    expect((await bv.post(`/posts/${published.value.id}/delete`, {})).status).toBe(303);

    const html = await (await bv.get("/moderation/audit")).text();
    const entries = select(html, "li").map(textOf);
    const entry = entries.find((e) => e.includes("verwijderde een bericht"));
    expect(entry, entries.join("\n")).toBeDefined();
    expect(entry).toContain("@gerrit verwijderde een bericht van @carla: ‘<b>Koop</b> mijn fiets! heel goedkoop");
    expect(entry).toMatch(/…’$/);
    expect(html).not.toContain("post.deleted");
    expect(html).not.toContain("<b>Koop</b>");
  });

  it("an event or a post without text is named by its title, or without a quote when it has none", async () => {
    await member(b, "greet", "buurtverbinder");
    await member(b, "cor");
    const cor = await loginAs(b.buurt, "cor");
    const created = await cor.post("/events", {
      title: "Snoeimiddag", description: "", start: "2031-05-03", startTime: "13:00", endDate: "", endTime: "16:00",
      timezone: "Europe/Amsterdam", locationName: "", streetAddress: "", postalCode: "", locality: "", latitude: "",
      longitude: "", onlineUrl: "", capacity: "", category: "", recurrence: "none", repeatUntil: "", visibility: "public",
    });
    const eventId = /^\/events\/([^?]+)/.exec(created.headers.get("Location")!)![1]!;
    const bv = await loginAs(b.buurt, "greet");
    expect((await bv.post(`/posts/${eventId}/delete`, {})).status).toBe(303);
    const entries = select(await (await bv.get("/moderation/audit")).text(), "li").map(textOf);
    expect(entries).toContainEqual(expect.stringContaining("@greet verwijderde een bericht van @cor: ‘Snoeimiddag’"));
    // An entry without any text (as older entries may be) reads as a plain sentence.
    await b.buurt.app.repos.auditLog.record({
      id: "01a00000-0000-7000-8000-000000000001",
      actorMemberId: null,
      action: "post.deleted",
      subjectMemberId: null,
      detail: { moderator: "greet", author: "cor", excerpt: "" },
      createdAt: new Date().toISOString(),
    });
    const again = select(await (await bv.get("/moderation/audit")).text(), "li").map(textOf);
    expect(again).toContainEqual(expect.stringContaining("@greet verwijderde een bericht van @cor."));
    expect(again.join("\n")).not.toContain("‘’");
  });

  it("explains invite codes without configuration variables when the buurt does not use them", async () => {
    await member(b, "ans", "admin");
    const admin = await loginAs(b.buurt, "ans");
    const html = await (await admin.get("/moderation/approvals")).text();
    expect(html).not.toContain("BUURT_JOIN_POLICY");
    expect(html).not.toContain("=invite");
    const intro = select(html, "p").map(textOf).find((p) => p.startsWith("Een uitnodigingscode"));
    expect(intro).toBe(
      "Een uitnodigingscode is nu niet nodig om lid te worden. Codes werken pas als de buurt alleen nieuwe buren met een code toelaat; dat stelt wie de server beheert in. Je kunt ze alvast maken.",
    );
  });
});
