/**
 * Moderation in the browser: the approval queue, rejecting, roles and a
 * professional's badge (on the page and as `PropertyValue` fields in the
 * actor, delivered to a follower on another buurt as an `Update`), the
 * audit log, who may do what, and the `buurt admin` commands.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/app/events.ts";
import { followActor } from "../../src/app/follows.ts";
import { createMember } from "../../src/app/members.ts";
import { publishPost } from "../../src/app/posts.ts";
import type { Role } from "../../src/domain/member.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor } from "../helpers/buurt.ts";
import { loginAs, logInWithForm, visitor } from "../helpers/web.ts";

const PASSWORD = "een lange zin als wachtwoord";

async function member(b: TestBuurt, username: string, role: Role = "resident", status: "active" | "pending" = "active") {
  const r = await createMember(b.buurt.app, {
    username,
    displayName: username[0]!.toUpperCase() + username.slice(1),
    email: `${username}@example.nl`,
    password: PASSWORD,
    role,
    status,
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

async function signUp(b: TestBuurt, username: string, ip: string) {
  const res = await visitor(b.buurt, { ip }).post("/signup", {
    username,
    display_name: `${username[0]!.toUpperCase()}${username.slice(1)} Nieuw`,
    email: `${username}@example.nl`,
    password: PASSWORD,
  });
  expect(res.headers.get("Location")).toBe("/signup/waiting");
  return (await b.buurt.app.repos.members.findByUsername(username))!;
}

describe.each(testDialects())("moderation in the browser (%s)", (dialect) => {
  let b: TestBuurt;
  let n = 0;
  const ip = () => `198.51.100.${++n}`;

  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Noord", dialect });
  });
  afterAll(async () => {
    await b.stop();
  });

  it("a buurtverbinder sees the queue with its count, approves a newcomer who can then log in; the log shows it", async () => {
    const gert = await member(b, "gert", "buurtverbinder");
    const hanna = await signUp(b, "hanna", ip());
    const bv = await loginAs(b.buurt, "gert");

    const home = await (await bv.get("/")).text();
    expect(home).toContain('href="/moderation/approvals"');
    expect(home).toMatch(/Aanmeldingen<span class="count"> \(1\)<\/span>/);
    expect(home).toContain('href="/moderation/members"');
    expect(home).toContain('href="/moderation/audit"');

    const queue = await (await bv.get("/moderation/approvals")).text();
    expect(queue).toContain("Hanna Nieuw");
    expect(queue).toContain("@hanna");
    expect(queue).toContain("hanna@example.nl");
    expect(queue).toContain(`action="/moderation/approvals/${hanna.id}/approve"`);
    expect(queue).toMatch(/<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d{1,2} \w+\.? \d{4}/);

    const res = await bv.post(`/moderation/approvals/${hanna.id}/approve`, {});
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/moderation/approvals?done=approved");
    expect(await (await bv.get("/moderation/approvals?done=approved")).text())
      .toContain("Goedgekeurd: je nieuwe buur kan nu inloggen.");
    const row = await b.buurt.database.db.selectFrom("members").select(["status", "approved_by", "approved_at"])
      .where("id", "=", hanna.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "active", approved_by: gert.id });
    expect(row.approved_at).not.toBeNull();

    const hannaClient = await logInWithForm(b.buurt, "hanna", PASSWORD, { ip: ip() });
    expect(await (await hannaClient.get("/settings")).text()).toContain("@hanna@");
    const actor = await b.buurt.web.request("/users/hanna", { headers: { Accept: "application/activity+json" } });
    expect(actor.status).toBe(200);

    const audit = await (await bv.get("/moderation/audit")).text();
    expect(audit).toContain("@gert keurde de aanmelding van @hanna goed.");

    // Approving twice is harmless.
    const again = await bv.post(`/moderation/approvals/${hanna.id}/approve`, {});
    expect(again.headers.get("Location")).toBe("/moderation/approvals?done=gone");
  });

  it("rejecting removes the pending account and its notifications, frees the name, and is logged", async () => {
    await member(b, "ilse", "admin");
    const ivo = await signUp(b, "ivo", ip());
    const admin = await loginAs(b.buurt, "ilse");
    const confirm = await (await admin.get(`/moderation/approvals/${ivo.id}/reject`)).text();
    expect(confirm).toContain("Aanmelding afwijzen?");
    expect(confirm).toContain("Ivo Nieuw (@ivo)");

    const res = await admin.post(`/moderation/approvals/${ivo.id}/reject`, {});
    expect(res.headers.get("Location")).toBe("/moderation/approvals?done=rejected");
    expect(await b.buurt.app.repos.members.findById(ivo.id)).toBeNull();
    expect(await b.buurt.app.repos.actors.findById(ivo.actorId)).toBeNull();
    const leftovers = await b.buurt.database.db.selectFrom("notifications").select("id")
      .where("from_actor_id", "=", ivo.actorId).execute();
    expect(leftovers).toEqual([]);
    expect(await (await admin.get("/moderation/audit")).text())
      .toContain("@ilse wees de aanmelding van @ivo (Ivo Nieuw) af; het account is verwijderd.");
    // The name is free again.
    const again = await signUp(b, "ivo", ip());
    expect(again.status).toBe("pending");
  });

  it("turns visitors and residents away from moderation pages and actions", async () => {
    const waiting = await signUp(b, "jesse", ip());
    await member(b, "kees");
    const visitorRes = await visitor(b.buurt).get("/moderation/approvals");
    expect(visitorRes.status).toBe(303);
    expect(visitorRes.headers.get("Location")).toBe("/login?next=%2Fmoderation%2Fapprovals");

    const resident = await loginAs(b.buurt, "kees");
    expect(await (await resident.get("/")).text()).not.toContain("/moderation/approvals");
    for (const path of ["/moderation/approvals", "/moderation/members", "/moderation/audit"]) {
      const res = await resident.get(path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain("Deze pagina is voor buurtverbinders en beheerders.");
    }
    const approve = await resident.post(`/moderation/approvals/${waiting.id}/approve`, {});
    expect(approve.status).toBe(403);
    const reject = await resident.post(`/moderation/approvals/${waiting.id}/reject`, {});
    expect(reject.status).toBe(403);
    expect((await b.buurt.app.repos.members.findById(waiting.id))?.status).toBe("pending");
  });

  it("role changes: a buurtverbinder makes a professional but no admin; an admin can; each change is logged", async () => {
    const joost = await member(b, "joost", "buurtverbinder");
    const karin = await member(b, "karin", "admin");
    const lot = await member(b, "lot");
    const bv = await loginAs(b.buurt, "joost");
    const admin = await loginAs(b.buurt, "karin");
    const field = (id: string, name: string) => `m-${id}-${name}`;

    const page = await (await bv.get("/moderation/members")).text();
    // Their own role and an admin's are locked for a buurtverbinder; no admin option anywhere.
    expect(page).toContain("Je eigen rol kan alleen iemand anders veranderen.");
    expect(page).toContain("Alleen een beheerder kan de rol van een beheerder veranderen.");
    expect(page).not.toContain(`action="/moderation/members/${karin.id}"`);
    expect(page).not.toContain(`action="/moderation/members/${joost.id}"`);
    expect(page).toContain(`action="/moderation/members/${lot.id}"`);
    expect(page).not.toContain('<option value="admin"');

    const toAdmin = await bv.post(`/moderation/members/${lot.id}`, {
      [field(lot.id, "role")]: "admin",
      [field(lot.id, "organisation")]: "",
      [field(lot.id, "job_title")]: "",
    });
    expect(toAdmin.status).toBe(403);
    expect(await toAdmin.text()).toContain("Deze rol mag je niet geven: alleen beheerders maken iemand beheerder.");
    expect((await b.buurt.app.repos.members.findById(lot.id))?.role).toBe("resident");
    const demoteAdmin = await bv.post(`/moderation/members/${karin.id}`, { [field(karin.id, "role")]: "resident" });
    expect(demoteAdmin.status).toBe(403);
    expect((await b.buurt.app.repos.members.findById(karin.id))?.role).toBe("admin");

    const tooLong = await bv.post(`/moderation/members/${lot.id}`, {
      [field(lot.id, "role")]: "professional",
      [field(lot.id, "organisation")]: "G".repeat(101),
      [field(lot.id, "job_title")]: "Wijkagent",
    });
    expect(tooLong.status).toBe(400);
    const tooLongHtml = await tooLong.text();
    expect(tooLongHtml).toContain("De organisatie mag hoogstens 100 tekens lang zijn.");
    expect(tooLongHtml).toContain(`value="${"G".repeat(101)}"`);
    expect((await b.buurt.app.repos.members.findById(lot.id))?.role).toBe("resident");

    const pro = await bv.post(`/moderation/members/${lot.id}`, {
      [field(lot.id, "role")]: "professional",
      [field(lot.id, "organisation")]: "Gemeente Utrecht",
      [field(lot.id, "job_title")]: "Wijkagent",
    });
    expect(pro.status).toBe(303);
    expect(await b.buurt.app.repos.members.findById(lot.id)).toMatchObject({
      role: "professional",
      organisation: "Gemeente Utrecht",
      jobTitle: "Wijkagent",
    });

    expect((await admin.post(`/moderation/members/${lot.id}`, {
      [field(lot.id, "role")]: "buurtverbinder",
      [field(lot.id, "organisation")]: "Gemeente Utrecht",
      [field(lot.id, "job_title")]: "Wijkagent",
    })).status).toBe(303);
    expect((await admin.post(`/moderation/members/${lot.id}`, {
      [field(lot.id, "role")]: "admin",
      [field(lot.id, "organisation")]: "Gemeente Utrecht",
      [field(lot.id, "job_title")]: "Wijkagent",
    })).status).toBe(303);
    expect((await b.buurt.app.repos.members.findById(lot.id))?.role).toBe("admin");

    const log = await (await admin.get("/moderation/audit")).text();
    expect(log).toContain("@joost zette het label van @lot op: Wijkagent · Gemeente Utrecht.");
    expect(log).toContain("@joost veranderde de rol van @lot van Bewoner in Professional.");
    expect(log).toContain("@karin veranderde de rol van @lot van Professional in Buurtverbinder.");
    expect(log).toContain("@karin veranderde de rol van @lot van Buurtverbinder in Beheerder.");
    // Newest first, and the refused attempts left no trace.
    expect(log.indexOf("van Buurtverbinder in Beheerder")).toBeLessThan(log.indexOf("van Bewoner in Professional"));
    const entries = await b.buurt.app.repos.auditLog.list({ limit: 100 });
    expect(entries.items.filter((e) => e.subjectMemberId === lot.id).map((e) => e.action)).toEqual([
      "member.role_changed",
      "member.role_changed",
      "member.role_changed",
      "member.professional_changed",
    ]);
  });

  it("a professional's badge shows on the profile and posts, and as PropertyValue fields in the actor", async () => {
    await member(b, "maud", "admin");
    const mila = await member(b, "mila");
    const events: DomainEvent[] = [];
    const unsubscribe = b.buurt.app.events.subscribe((e) => {
      events.push(e);
    });
    try {
      const admin = await loginAs(b.buurt, "maud");
      const res = await admin.post(`/moderation/members/${mila.id}`, {
        [`m-${mila.id}-role`]: "professional",
        [`m-${mila.id}-organisation`]: "Buurtteam Oost",
        [`m-${mila.id}-job_title`]: "Opbouwwerker",
      });
      expect(res.status).toBe(303);
      const updates = events.filter((e) => e.type === "ProfileUpdated");
      expect(updates).toHaveLength(1);
      expect(updates[0]!.type === "ProfileUpdated" && updates[0]!.actor.username).toBe("mila");
      // A professional moving to another organisation is announced too; saving unchanged details is not.
      const form = (organisation: string) => ({
        [`m-${mila.id}-role`]: "professional",
        [`m-${mila.id}-organisation`]: organisation,
        [`m-${mila.id}-job_title`]: "Opbouwwerker",
      });
      expect((await admin.post(`/moderation/members/${mila.id}`, form("Buurtteam West"))).status).toBe(303);
      expect((await admin.post(`/moderation/members/${mila.id}`, form("Buurtteam West"))).status).toBe(303);
      expect(events.filter((e) => e.type === "ProfileUpdated")).toHaveLength(2);
      expect((await admin.post(`/moderation/members/${mila.id}`, form("Buurtteam Oost"))).status).toBe(303);
    } finally {
      unsubscribe();
    }
    const posted = await publishPost(b.buurt.app, { authorUsername: "mila", text: "Spreekuur donderdag in het buurthuis." });
    if (!posted.ok) throw new Error(posted.error);

    const profile = await (await visitor(b.buurt).get("/@mila")).text();
    expect(profile).toContain('<span class="badge">Opbouwwerker · Buurtteam Oost</span>');
    const front = await (await visitor(b.buurt).get("/")).text();
    const card = front.slice(front.indexOf("Mila"), front.indexOf("Spreekuur donderdag"));
    expect(card).toContain("Opbouwwerker · Buurtteam Oost");

    const actor = await (await b.buurt.web.request("/users/mila", { headers: { Accept: "application/activity+json" } }))
      .json() as { attachment?: unknown };
    const attachments = Array.isArray(actor.attachment) ? actor.attachment : [actor.attachment];
    expect(attachments).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: "PropertyValue", name: "Organisatie", value: "Buurtteam Oost" }),
      expect.objectContaining({ type: "PropertyValue", name: "Functie", value: "Opbouwwerker" }),
    ]));
  });
});

describe("professional details reach followers on another buurt", () => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("sends an Update(Person) with the new fields when a buurtverbinder makes someone a professional", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost" });
    const bb = await startTestBuurt({ name: "Buurt B", handle: "west" });
    started.push(a, bb);
    await member(a, "nadia", "buurtverbinder");
    const olaf = await member(a, "olaf");
    await member(bb, "bob");
    const olafOnB = await bb.buurt.lookup.resolveActor(a.buurt.app.iris.actor("olaf"));
    if (!olafOnB.ok) throw new Error(olafOnB.error);
    expect(olafOnB.value.fields).toEqual([]);
    const follow = await followActor(bb.buurt.app, { followerUsername: "bob", target: olafOnB.value });
    if (!follow.ok) throw new Error(follow.error);
    await waitFor(async () => (await a.buurt.app.repos.follows.countFollowers(olaf.actorId)) === 1, "A to accept bob");

    const bv = await loginAs(a.buurt, "nadia");
    expect((await bv.post(`/moderation/members/${olaf.id}`, {
      [`m-${olaf.id}-role`]: "professional",
      [`m-${olaf.id}-organisation`]: "Gemeente",
      [`m-${olaf.id}-job_title`]: "Wijkagent",
    })).status).toBe(303);

    const updated = await waitFor(async () => {
      const actor = await bb.buurt.app.repos.actors.findByIri(a.buurt.app.iris.actor("olaf"));
      return actor != null && actor.fields.length > 0 ? actor : null;
    }, "B to receive the Update of olaf");
    expect(updated.fields).toEqual([
      { name: "Organisatie", value: "Gemeente" },
      { name: "Functie", value: "Wijkagent" },
    ]);
  });
});

describe("buurt admin commands for accounts", () => {
  let b: TestBuurt;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt CLI" });
  });
  afterAll(async () => {
    await b.stop();
  });

  /** Runs `buurt admin …` against the test buurt's database in a separate process. */
  async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
    const config = b.database.config;
    if (config.kind !== "sqlite") throw new Error("CLI test runs on SQLite");
    const cliPath = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", cliPath, "admin", ...args], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: "test",
          BUURT_ORIGIN: b.origin,
          BUURT_NAME: "Buurt CLI",
          DATABASE_URL: `sqlite:${config.path}`,
          DATA_DIR: "/tmp/buurt-test-data",
          SESSION_SECRET: "test-secret-that-is-long-enough-0123456789",
          LOG_LEVEL: "error",
        },
        timeout: 60_000,
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return { stdout: e.stdout ?? "", stderr: e.stderr ?? "", code: e.code ?? 1 };
    }
  }

  it("approve, set-role and reset-link work and are logged as the command line", async () => {
    const pia = await signUp(b, "pia", "203.0.113.1");
    const approved = await cli("approve", "pia");
    expect(approved.stdout).toContain("approved @pia");
    expect((await b.buurt.app.repos.members.findById(pia.id))?.status).toBe("active");
    expect((await cli("approve", "pia")).stderr).toContain("is not waiting for approval");

    const role = await cli("set-role", "pia", "professional", "--organisation", "GGD", "--function", "Verpleegkundige");
    expect(role.stdout).toContain("@pia is now professional (Verpleegkundige · GGD)");
    expect(await b.buurt.app.repos.members.findById(pia.id)).toMatchObject({
      role: "professional",
      organisation: "GGD",
      jobTitle: "Verpleegkundige",
    });
    expect((await cli("set-role", "pia", "koning")).stderr).toContain('unknown role "koning"');

    const link = await cli("reset-link", "pia");
    const url = /http:\/\/\S+\/reset\/\S+/.exec(link.stdout)?.[0];
    expect(url).toBeDefined();
    const page = await visitor(b.buurt).get(new URL(url!).pathname);
    expect(await page.text()).toContain("Kies een nieuw wachtwoord voor @pia.");

    const log = await b.buurt.app.repos.auditLog.list({ limit: 10 });
    expect(log.items.map((e) => [e.action, e.actorMemberId, e.detail.by])).toEqual([
      ["member.reset_link_created", null, null],
      ["member.role_changed", null, null],
      ["member.professional_changed", null, null],
      ["member.approved", null, null],
    ]);
    const admin = await member(b, "quirijn", "admin");
    expect(admin.role).toBe("admin");
    expect(await (await loginAs(b.buurt, "quirijn")).get("/moderation/audit").then((r) => r.text()))
      .toContain("De beheerder (via de opdrachtregel) keurde de aanmelding van @pia goed.");
  }, 180_000);
});
