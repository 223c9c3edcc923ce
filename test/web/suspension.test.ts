/**
 * Suspending and reinstating a member from the members page: who may do it,
 * the confirmation step, the member's sessions ending at once, log-in
 * refused while suspended, both acts in the audit log, and forged forms
 * (another member, oneself, an admin by a buurtverbinder) refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import type { Role } from "../../src/domain/member.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { attr, descendants, select, textOf } from "../helpers/html.ts";
import { loginAs, logInWithForm, visitor } from "../helpers/web.ts";

const PASSWORD = "een lange zin als wachtwoord";

async function member(b: TestBuurt, username: string, role: Role = "resident") {
  const r = await createMember(b.buurt.app, {
    username,
    displayName: username[0]!.toUpperCase() + username.slice(1),
    email: `${username}@example.nl`,
    password: PASSWORD,
    role,
    status: "active",
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** The card of one member on the members page. */
function card(html: string, memberId: string) {
  const li = select(html, "li", "card").find((el) => attr(el, "id") === `member-${memberId}`);
  if (li == null) throw new Error(`No card for member ${memberId}`);
  return li;
}

describe.each(testDialects())("suspending members (%s)", (dialect) => {
  let b: TestBuurt;
  let n = 0;
  const ip = () => `203.0.113.${++n}`;

  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Zuid", dialect });
  });
  afterAll(async () => {
    await b.stop();
  });

  it("a buurtverbinder suspends a resident after confirming: sessions end, log-in is refused, the log shows it; reinstating undoes it", async () => {
    await member(b, "vera", "buurtverbinder");
    const sam = await member(b, "sam");
    const bv = await loginAs(b.buurt, "vera");
    const samBrowser = await logInWithForm(b.buurt, "sam", PASSWORD, { ip: ip() });
    expect((await samBrowser.get("/settings")).status).toBe(200);

    const page = await (await bv.get("/moderation/members")).text();
    const suspendLink = descendants(card(page, sam.id)).filter((el) => el.tagName === "a")
      .find((a) => attr(a, "href") === `/moderation/members/${sam.id}/suspend`);
    expect(suspendLink, "a 'Schorsen' link on Sam's card").toBeDefined();
    expect(textOf(suspendLink!)).toBe("Schorsen (Sam)");

    const confirm = await bv.get(`/moderation/members/${sam.id}/suspend`);
    expect(confirm.status).toBe(200);
    const confirmHtml = await confirm.text();
    expect(confirmHtml).toContain("Sam (@sam) schorsen?");
    expect(confirmHtml).toContain(`action="/moderation/members/${sam.id}/suspend"`);

    const res = await bv.post(`/moderation/members/${sam.id}/suspend`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/moderation/members?done=suspended#member-${sam.id}`);
    expect((await b.buurt.app.repos.members.findById(sam.id))?.status).toBe("suspended");

    // Sam's open session is over, and logging in again is refused with the reason.
    const after = await samBrowser.get("/settings");
    expect(after.status).toBe(303);
    expect(after.headers.get("Location")).toMatch(/^\/login/);
    const sessions = await b.buurt.database.db.selectFrom("sessions").select("id").where("member_id", "=", sam.id).execute();
    expect(sessions).toEqual([]);
    const login = await visitor(b.buurt, { ip: ip() }).post("/login", { login: "sam", password: PASSWORD });
    expect(login.status).toBe(403);

    // The members page lists Sam as suspended, with a way back.
    const list = await (await bv.get("/moderation/members?done=suspended")).text();
    expect(list).toContain("Geschorst: dit lid kan niet meer inloggen. Dat staat in het logboek.");
    const samCard = textOf(card(list, sam.id));
    expect(samCard).toContain("Geschorst");
    expect(list).toContain(`action="/moderation/members/${sam.id}/reinstate"`);
    expect(list).not.toContain(`action="/moderation/members/${sam.id}"`);

    const back = await bv.post(`/moderation/members/${sam.id}/reinstate`, {});
    expect(back.headers.get("Location")).toBe(`/moderation/members?done=reinstated#member-${sam.id}`);
    expect((await b.buurt.app.repos.members.findById(sam.id))?.status).toBe("active");
    expect((await logInWithForm(b.buurt, "sam", PASSWORD, { ip: ip() }).then(() => "ok"))).toBe("ok");

    const log = await (await bv.get("/moderation/audit")).text();
    expect(log).toContain("@vera schorste @sam; @sam kan niet meer inloggen.");
    expect(log).toContain("@vera liet @sam weer toe.");
    const entries = await b.buurt.app.repos.auditLog.list({ limit: 100 });
    expect(entries.items.filter((e) => e.subjectMemberId === sam.id).map((e) => e.action))
      .toEqual(["member.reinstated", "member.suspended"]);
  });

  it("refuses to suspend oneself, an admin (for a buurtverbinder), or anyone (for a resident), changing nothing", async () => {
    const wim = await member(b, "wim", "buurtverbinder");
    const ada = await member(b, "ada", "admin");
    const rik = await member(b, "rik");
    const bv = await loginAs(b.buurt, "wim");
    const resident = await loginAs(b.buurt, "rik");

    const page = await (await bv.get("/moderation/members")).text();
    expect(page).not.toContain(`/moderation/members/${wim.id}/suspend`);
    expect(page).not.toContain(`/moderation/members/${ada.id}/suspend`);

    expect((await bv.post(`/moderation/members/${wim.id}/suspend`, {})).status).toBe(403);
    expect((await bv.post(`/moderation/members/${ada.id}/suspend`, {})).status).toBe(403);
    expect((await resident.post(`/moderation/members/${wim.id}/suspend`, {})).status).toBe(403);
    expect((await visitor(b.buurt).post(`/moderation/members/${rik.id}/suspend`, {})).status).toBe(303);
    // Unknown ids and path tricks are a friendly 404, never a 500.
    for (const id of ["nope", "..%2F..%2Fetc", "%00", "x".repeat(500)]) {
      const res = await bv.post(`/moderation/members/${id}/suspend`, {});
      expect(res.status, id).toBe(404);
    }
    for (const m of [wim, ada, rik]) expect((await b.buurt.app.repos.members.findById(m.id))?.status).toBe("active");
    const entries = await b.buurt.app.repos.auditLog.list({ limit: 100 });
    expect(entries.items.filter((e) => e.action === "member.suspended" && e.actorMemberId === wim.id)).toEqual([]);

    // An admin may suspend a buurtverbinder; reinstating someone active changes nothing.
    const admin = await loginAs(b.buurt, "ada");
    expect((await admin.post(`/moderation/members/${rik.id}/reinstate`, {})).headers.get("Location"))
      .toBe(`/moderation/members?done=unchanged#member-${rik.id}`);
    expect((await admin.post(`/moderation/members/${wim.id}/suspend`, {})).status).toBe(303);
    expect((await b.buurt.app.repos.members.findById(wim.id))?.status).toBe("suspended");
  });
});
