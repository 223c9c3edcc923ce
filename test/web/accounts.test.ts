/**
 * Accounts in the browser, through the real web app: sign-up under each
 * join policy, form validation that keeps what was typed, log-in and
 * log-out with session cookies, rate limits, reset links, settings, and
 * CSRF refusals.  Runs on SQLite and (when configured) PostgreSQL.
 */
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInvite, createResetLink } from "../../src/app/accounts.ts";
import type { DomainEvent } from "../../src/app/events.ts";
import { createMember } from "../../src/app/members.ts";
import { clientAddress } from "../../src/web/rate-limit.ts";
import { sha256Hex } from "../../src/app/tokens.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { logInWithForm, visitor, type WebClient } from "../helpers/web.ts";

const PASSWORD = "een lange zin als wachtwoord";

async function setPolicy(b: TestBuurt, joinPolicy: "open" | "approval" | "invite") {
  await b.buurt.app.repos.buurt.update({ joinPolicy });
}

async function memberWithPassword(
  b: TestBuurt,
  username: string,
  options: { role?: "resident" | "buurtverbinder" | "professional" | "admin"; status?: "active" | "pending" } = {},
) {
  const r = await createMember(b.buurt.app, {
    username,
    displayName: username[0]!.toUpperCase() + username.slice(1),
    email: `${username}@example.nl`,
    password: PASSWORD,
    role: options.role ?? "resident",
    status: options.status ?? "active",
  });
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function signUpFields(username: string, extra: Record<string, string> = {}) {
  return {
    username,
    display_name: `${username} van der Berg`,
    email: `${username}@example.nl`,
    password: PASSWORD,
    password_confirmation: PASSWORD,
    ...extra,
  };
}

/** The session cookie's token in a client's jar. */
function sessionToken(client: WebClient): string | null {
  return /(?:^|; )buurt_session=([^;]+)/.exec(client.cookie)?.[1] ?? null;
}

describe.each(testDialects())("accounts in the browser (%s)", (dialect) => {
  let b: TestBuurt;
  let ipCounter = 0;
  /** A fresh client address per use, so rate limits of one test never touch another. */
  const ip = () => `192.0.2.${++ipCounter}`;

  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Zuid", dialect });
  });
  afterAll(async () => {
    await b.stop();
  });

  it("open policy: the newcomer is active at once and logged in with a safe session cookie", async () => {
    await setPolicy(b, "open");
    const v = visitor(b.buurt, { ip: ip() });
    const form = await (await v.get("/signup")).text();
    expect(form).toContain("Word lid van Buurt Zuid");
    expect(form).not.toContain('name="invite_code"');

    const res = await v.post("/signup", signUpFields("noor"));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/settings?welcome=1");
    const cookie = res.headers.getSetCookie().find((h) => h.startsWith("buurt_session="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/i); // http://127.0.0.1 origin; https gets Secure + __Host- (session.ts)

    const member = await b.buurt.app.repos.members.findByUsername("noor");
    expect(member).toMatchObject({
      status: "active",
      role: "resident",
      email: "noor@example.nl",
      displayName: "noor van der Berg",
    });
    const welcome = await (await v.get("/settings?welcome=1")).text();
    expect(welcome).toContain("Welkom in de buurt!");
    expect(welcome).toContain('action="/logout"');
    expect(welcome).toContain("@noor@127.0.0.1");
  });

  it("approval policy: a pending sign-up gets the waiting page, moderators a notification, and cannot log in yet", async () => {
    await setPolicy(b, "approval");
    const verbinder = await memberWithPassword(b, "bv_olga", { role: "buurtverbinder" });
    const admin = await memberWithPassword(b, "adm_piet", { role: "admin" });
    const resident = await memberWithPassword(b, "res_quinn");
    const v = visitor(b.buurt, { ip: ip() });

    const res = await v.post("/signup", signUpFields("rosa"));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/signup/waiting");
    expect(sessionToken(v)).toBeNull();
    const waiting = await (await v.get("/signup/waiting")).text();
    expect(waiting).toContain("Je aanmelding wacht op goedkeuring door een buurtverbinder");

    const rosa = (await b.buurt.app.repos.members.findByUsername("rosa"))!;
    expect(rosa.status).toBe("pending");
    const notes = async (actorId: string) =>
      (await b.buurt.app.repos.notifications.listForRecipient(actorId, { limit: 20 })).items
        .filter((n) => n.type === "signup_pending" && n.subjectId === rosa.id);
    expect(await notes(verbinder.actorId)).toHaveLength(1);
    expect(await notes(admin.actorId)).toHaveLength(1);
    expect(await notes(resident.actorId)).toHaveLength(0);
    expect((await notes(verbinder.actorId))[0]!.fromActorId).toBe(rosa.actorId);

    // The right password tells them why; a wrong one reveals nothing about the account.
    const right = await visitor(b.buurt, { ip: ip() }).post("/login", { login: "rosa", password: PASSWORD });
    expect(right.status).toBe(403);
    expect(await right.text()).toContain("Je aanmelding wacht nog op goedkeuring door een buurtverbinder");
    const wrong = await visitor(b.buurt, { ip: ip() }).post("/login", { login: "rosa", password: "niet het wachtwoord" });
    expect(wrong.status).toBe(401);
    const wrongText = await wrong.text();
    expect(wrongText).toContain("horen niet bij elkaar");
    expect(wrongText).not.toContain("goedkeuring door een buurtverbinder. Daarna");
    // Not an actor for other servers while pending.
    const actor = await b.buurt.web.request("/users/rosa", { headers: { Accept: "application/activity+json" } });
    expect(actor.status).not.toBe(200);
    expect(actor.headers.get("Content-Type") ?? "").not.toContain("activity+json");
  });

  it("invite policy: the code is required, checked, used once, and refused when used up or expired", async () => {
    await setPolicy(b, "invite");
    const invite = await createInvite(b.buurt.app, { by: null, maxUses: 1 });
    if (!invite.ok) throw new Error(invite.error);
    const code = invite.value.code;
    const v = visitor(b.buurt, { ip: ip() });
    expect(await (await v.get("/signup")).text()).toContain('name="invite_code"');
    // The link `buurt admin invite` prints fills the code in.
    expect(await (await v.get("/signup?code=ABCD-EFGH-JKMN")).text()).toContain('value="ABCD-EFGH-JKMN"');

    const missing = await v.post("/signup", signUpFields("sam"));
    expect(missing.status).toBe(400);
    const missingHtml = await missing.text();
    expect(missingHtml).toContain("Vul je uitnodigingscode in.");
    expect(missingHtml).toContain('value="sam"');

    const wrong = await v.post("/signup", signUpFields("sam", { invite_code: "AAAA-BBBB-CCCC" }));
    expect(wrong.status).toBe(400);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain("Deze uitnodigingscode bestaat niet, is al gebruikt of is verlopen.");
    expect(wrongHtml).toContain('value="AAAA-BBBB-CCCC"');

    // Typed in lower case with dashes, as people do.
    const typed = `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`.toLowerCase();
    const good = await v.post("/signup", signUpFields("sam", { invite_code: typed }));
    expect(good.status).toBe(303);
    expect(good.headers.get("Location")).toBe("/settings?welcome=1");
    expect((await b.buurt.app.repos.members.findByUsername("sam"))?.status).toBe("active");
    expect((await b.buurt.app.repos.invites.find(code))?.uses).toBe(1);

    const usedUp = await visitor(b.buurt, { ip: ip() }).post("/signup", signUpFields("tess", { invite_code: code }));
    expect(usedUp.status).toBe(400);
    expect(await usedUp.text()).toContain("is al gebruikt of is verlopen");
    expect(await b.buurt.app.repos.members.findByUsername("tess")).toBeNull();

    const later = await createInvite(b.buurt.app, { by: null, maxUses: 5, expiresInDays: 1 });
    if (!later.ok) throw new Error(later.error);
    await b.buurt.database.db.updateTable("invites").set({ expires_at: "2020-01-01T00:00:00.000Z" })
      .where("code", "=", later.value.code).execute();
    const expired = await visitor(b.buurt, { ip: ip() }).post("/signup", signUpFields("tess", { invite_code: later.value.code }));
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain("is al gebruikt of is verlopen");
    expect((await b.buurt.app.repos.invites.find(later.value.code))?.uses).toBe(0);

    // Two people racing for the last use of a code: exactly one gets in.
    const last = await createInvite(b.buurt.app, { by: null, maxUses: 1 });
    if (!last.ok) throw new Error(last.error);
    const raced = await Promise.all(["race_a", "race_b"].map((name) =>
      visitor(b.buurt, { ip: ip() }).post("/signup", signUpFields(name, { invite_code: last.value.code }))
    ));
    expect(raced.map((r) => r.status).sort()).toEqual([303, 400]);
    expect((await b.buurt.app.repos.invites.find(last.value.code))?.uses).toBe(1);
    const joined = await Promise.all(["race_a", "race_b"].map((n) => b.buurt.app.repos.members.findByUsername(n)));
    expect(joined.filter((m) => m != null)).toHaveLength(1);
  });

  it("bad input re-renders the form with a message per field and everything typed except the password", async () => {
    await setPolicy(b, "approval");
    await memberWithPassword(b, "ulla");
    const v = visitor(b.buurt, { ip: ip() });

    const many = await v.post("/signup", {
      username: "admin",
      display_name: "Beheer <script>alert(1)</script>",
      email: "ULLA@example.nl",
      password: "kort",
      password_confirmation: "kort",
    });
    expect(many.status).toBe(400);
    const html = await many.text();
    expect(html).toContain("Deze gebruikersnaam is gereserveerd. Kies een andere.");
    expect(html).toContain("Er is al een account met dit e-mailadres.");
    expect(html).toContain("Je wachtwoord moet minstens 8 tekens lang zijn.");
    expect(html).toContain('class="error-summary"');
    // The summary lists the problems in the order of the form.
    const summary = html.slice(html.indexOf('class="error-summary"'), html.indexOf("</ul>", html.indexOf('class="error-summary"')));
    expect([...summary.matchAll(/href="#field-(\w+)"/g)].map((m) => m[1])).toEqual(["username", "email", "password"]);
    expect(html).toContain('href="#field-username"');
    expect(html).toMatch(/id="field-username"[^>]*value="admin"|value="admin"[^>]*id="field-username"/);
    expect(html).toContain('value="ULLA@example.nl"');
    expect(html).not.toContain("<script>alert(1)</script>");
    expect(html).toContain("Beheer &lt;script>alert(1)&lt;/script>");
    expect(html).not.toContain('value="kort"');
    expect(html).toMatch(/aria-invalid="true"/);

    const taken = await v.post("/signup", { ...signUpFields("Ulla"), email: "ander@example.nl" });
    expect(taken.status).toBe(400);
    const takenHtml = await taken.text();
    expect(takenHtml).toContain("Deze gebruikersnaam is al in gebruik.");
    expect(takenHtml).toContain('value="Ulla"');
    expect(takenHtml).toContain('value="ander@example.nl"');

    const invalid = await v.post("/signup", {
      ...signUpFields("ulla bob!"),
      email: "geen-adres",
      password_confirmation: "iets anders dan het wachtwoord",
    });
    const invalidHtml = await invalid.text();
    expect(invalid.status).toBe(400);
    expect(invalidHtml).toContain("Een gebruikersnaam bestaat uit hoogstens 30 kleine letters");
    expect(invalidHtml).toContain("Vul een geldig e-mailadres in");
    expect(invalidHtml).toContain("De twee wachtwoorden zijn niet hetzelfde.");
    expect(invalidHtml).toContain('value="ulla bob!"');
    expect(invalidHtml).toContain('value="geen-adres"');

    const empty = await v.post("/signup", { username: "", display_name: "", email: "", password: "" });
    const emptyHtml = await empty.text();
    expect(emptyHtml).toContain("Kies een gebruikersnaam.");
    expect(emptyHtml).toContain("Vul je e-mailadres in.");
    expect(emptyHtml).toContain("Kies een wachtwoord.");

    // In English for an English browser.
    const en = await b.buurt.web.request("/signup", { headers: { "Accept-Language": "en-GB,en;q=0.9" } });
    expect(await en.text()).toContain("Sign up");
    // Nobody was created by any of this.
    expect(await b.buurt.app.repos.members.findByUsername("admin")).toBeNull();
  });

  it("logs in with username, @username or e-mail; a new session id each time; log-out ends the session", async () => {
    await memberWithPassword(b, "vera");
    await memberWithPassword(b, "wim");
    // Start with a session of someone else in this browser: it must not survive the log-in.
    const c = await logInWithForm(b.buurt, "wim", PASSWORD, { ip: ip() });
    const before = sessionToken(c)!;
    expect(before).not.toBeNull();
    const res = await c.post("/login", { login: "vera", password: PASSWORD, next: "/settings" });
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe("/settings");
    const after = sessionToken(c)!;
    expect(after).not.toBe(before);
    expect(await b.buurt.app.repos.sessions.find(await sha256Hex(before))).toBeNull();
    const session = await b.buurt.app.repos.sessions.find(await sha256Hex(after));
    const vera = (await b.buurt.app.repos.members.findByUsername("vera"))!;
    expect(session?.memberId).toBe(vera.id);
    expect(await (await c.get("/settings")).text()).toContain("@vera@");

    // An open redirect is not followed.
    const evil = await visitor(b.buurt, { ip: ip() }).post("/login", { login: "vera", password: PASSWORD, next: "//evil.example/" });
    expect(evil.headers.get("Location")).toBe("/");

    for (const login of ["VERA@example.nl", "@vera", `vera@${b.buurt.app.iris.domain}`]) {
      const other = await visitor(b.buurt, { ip: ip() }).post("/login", { login, password: PASSWORD });
      expect(other.status, login).toBe(303);
    }

    const out = await c.post("/logout", {});
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/login?logged_out=1");
    expect(await b.buurt.app.repos.sessions.find(await sha256Hex(after))).toBeNull();
    expect(await (await c.get("/login?logged_out=1")).text()).toContain("Je bent uitgelogd.");
    const settings = await c.get("/settings");
    expect(settings.status).toBe(303);
    expect(settings.headers.get("Location")).toBe("/login?next=/settings");
  });

  it("a suspended member cannot log in and is told so", async () => {
    const xandra = await memberWithPassword(b, "xandra");
    await b.buurt.app.repos.members.setStatus(xandra.id, "suspended");
    const res = await visitor(b.buurt, { ip: ip() }).post("/login", { login: "xandra", password: PASSWORD });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain("Je account is geschorst.");
  });

  it("rate limits log-ins: 429 with Retry-After after 5 failures, per account and address, kept in the database", async () => {
    await memberWithPassword(b, "yara");
    await memberWithPassword(b, "zeno");
    const address = ip();
    const c = visitor(b.buurt, { ip: address });
    const attempt = (login: string, password: string, client = c) => client.post("/login", { login, password });

    // Four failures, then success: the success clears this account's failures from this address.
    for (let i = 0; i < 4; i++) expect((await attempt("yara", "fout")).status).toBe(401);
    expect((await attempt("yara", PASSWORD)).status).toBe(303);
    await c.post("/logout", {});

    for (let i = 0; i < 5; i++) expect((await attempt("yara", "fout")).status).toBe(401);
    const blocked = await attempt("yara", PASSWORD);
    expect(blocked.status).toBe(429);
    const retry = Number(blocked.headers.get("Retry-After"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(await blocked.text()).toContain("Te veel mislukte pogingen. Wacht");
    // Still blocked: the right password does not lift it, and a blocked attempt clears nothing.
    expect((await attempt("YARA", PASSWORD)).status).toBe(429);

    // Another account from the same address, and the same account from another address, still work.
    expect((await attempt("zeno", PASSWORD, visitor(b.buurt, { ip: address }))).status).toBe(303);
    expect((await attempt("yara", PASSWORD, visitor(b.buurt, { ip: ip() }))).status).toBe(303);

    // The counters live in the database: a second web process on it refuses too.
    const second = await startTestBuurt({ dialect, database: b.database, name: "Buurt Zuid" });
    try {
      const res = await visitor(second.buurt, { ip: address }).post("/login", { login: "yara", password: PASSWORD });
      expect(res.status).toBe(429);
      expect(await res.text()).toContain("Te veel mislukte pogingen");
    } finally {
      await second.stop({ drop: false });
    }
  });

  it("counts failures by the socket's address over real HTTP", async () => {
    await memberWithPassword(b, "fokke");
    const page = await fetch(`${b.origin}/login`);
    const cookie = page.headers.getSetCookie().map((h) => h.split(";")[0]).join("; ");
    const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await fetch(`${b.origin}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": "203.0.113.99" },
      body: new URLSearchParams({ _csrf: token, login: "fokke", password: "fout" }),
    });
    expect(res.status).toBe(401);
    const keys = (await b.buurt.database.db.selectFrom("kv_entries").select("key").execute()).map((r) => r.key);
    // TRUST_PROXY is off: the forged header is ignored, the socket's address counts.
    expect(keys).toContain(JSON.stringify(["buurt", "rate", "login-account", "fokke", "127.0.0.1"]));
    expect(keys.some((k) => k.includes("203.0.113.99"))).toBe(false);
  });

  it("rate limits sign-ups: the eleventh account from one address in an hour gets 429", async () => {
    await setPolicy(b, "open");
    const address = ip();
    // Refused forms do not count.
    expect((await visitor(b.buurt, { ip: address }).post("/signup", signUpFields("x!"))).status).toBe(400);
    for (let i = 0; i < 10; i++) {
      const res = await visitor(b.buurt, { ip: address }).post("/signup", signUpFields(`massa${i}`));
      expect(res.status, `sign-up ${i}`).toBe(303);
    }
    const eleventh = await visitor(b.buurt, { ip: address }).post("/signup", signUpFields("massa10"));
    expect(eleventh.status).toBe(429);
    expect(Number(eleventh.headers.get("Retry-After"))).toBeGreaterThan(60 * 50);
    const html = await eleventh.text();
    expect(html).toContain("Er zijn vanaf dit adres te veel aanmeldingen gedaan.");
    expect(html).toContain('value="massa10"');
    expect(await b.buurt.app.repos.members.findByUsername("massa10")).toBeNull();
    // Another address may still sign up.
    expect((await visitor(b.buurt, { ip: ip() }).post("/signup", signUpFields("massa10"))).status).toBe(303);
    await setPolicy(b, "approval");
  });

  it("a reset link works once, logs the member in, ends their other sessions, and expires", async () => {
    await memberWithPassword(b, "anouk");
    const elsewhere = await logInWithForm(b.buurt, "anouk", PASSWORD, { ip: ip() });
    const link = await createResetLink(b.buurt.app, { by: null, username: "anouk" });
    if (!link.ok) throw new Error(link.error);
    const url = new URL(link.value.url);
    expect(url.origin).toBe(b.origin);
    expect(Date.parse(link.value.expiresAt) - Date.now()).toBeGreaterThan(23.9 * 3600_000);
    // Only the token's hash is stored.
    const token = url.pathname.split("/").pop()!;
    const rows = await b.buurt.database.db.selectFrom("password_resets").selectAll().execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.some((r) => r.token_hash.length === 64)).toBe(true);

    const v = visitor(b.buurt, { ip: ip() });
    const page = await v.get(url.pathname);
    expect(page.status).toBe(200);
    expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(await page.text()).toContain("Kies een nieuw wachtwoord voor @anouk.");

    const short = await v.post(url.pathname, { password: "kort", password_confirmation: "kort" });
    expect(short.status).toBe(400);
    expect(await short.text()).toContain("Je wachtwoord moet minstens 8 tekens lang zijn.");

    const done = await v.post(url.pathname, { password: "nieuw wachtwoord 2", password_confirmation: "nieuw wachtwoord 2" });
    expect(done.status).toBe(303);
    expect(done.headers.get("Location")).toBe("/settings?password=1");
    expect(await (await v.get("/settings?password=1")).text()).toContain("Je nieuwe wachtwoord is ingesteld.");
    // The other browser is logged out; the old password no longer works, the new one does.
    expect((await elsewhere.get("/settings")).status).toBe(303);
    expect((await visitor(b.buurt, { ip: ip() }).post("/login", { login: "anouk", password: PASSWORD })).status).toBe(401);
    expect((await visitor(b.buurt, { ip: ip() }).post("/login", { login: "anouk", password: "nieuw wachtwoord 2" })).status)
      .toBe(303);

    // Once only.
    const again = await visitor(b.buurt, { ip: ip() }).get(url.pathname);
    expect(again.status).toBe(404);
    expect(await again.text()).toContain("Deze link werkt niet (meer)");
    const reuse = await visitor(b.buurt, { ip: ip() }).post(url.pathname, { password: "derde wachtwoord", password_confirmation: "derde wachtwoord" });
    expect(reuse.status).toBe(404);

    // Two tabs submitting the same link at once: one wins, the other is told the link is used.
    const twice = await createResetLink(b.buurt.app, { by: null, username: "anouk" });
    if (!twice.ok) throw new Error(twice.error);
    const path = new URL(twice.value.url).pathname;
    const both = await Promise.all(["tab een wachtwoord", "tab twee wachtwoord"].map((password) =>
      visitor(b.buurt, { ip: ip() }).post(path, { password, password_confirmation: password })
    ));
    expect(both.map((r) => r.status).sort()).toEqual([303, 404]);

    // And not after 24 hours.
    const old = await createResetLink(b.buurt.app, { by: null, username: "anouk" });
    if (!old.ok) throw new Error(old.error);
    await b.buurt.database.db.updateTable("password_resets").set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where("used_at", "is", null).execute();
    const expired = await visitor(b.buurt, { ip: ip() }).post(new URL(old.value.url).pathname, {
      password: "derde wachtwoord",
      password_confirmation: "derde wachtwoord",
    });
    expect(expired.status).toBe(404);
    expect((await visitor(b.buurt, { ip: ip() }).post("/login", { login: "anouk", password: "derde wachtwoord" })).status)
      .toBe(401);
    const winner = both[0]!.status === 303 ? "tab een wachtwoord" : "tab twee wachtwoord";
    expect((await visitor(b.buurt, { ip: ip() }).post("/login", { login: "anouk", password: winner })).status).toBe(303);
  });

  it("settings change name, bio, language and follower approval; the actor document and next page follow", async () => {
    await memberWithPassword(b, "bente");
    const events: DomainEvent[] = [];
    const unsubscribe = b.buurt.app.events.subscribe((e) => {
      events.push(e);
    });
    try {
      const c = await logInWithForm(b.buurt, "bente", PASSWORD, { ip: ip() });
      const form = await (await c.get("/settings")).text();
      expect(form).toContain('value="Bente"');

      const tooLong = await c.post("/settings", { display_name: "Bente B.", bio: "x".repeat(501), locale: "en" });
      expect(tooLong.status).toBe(400);
      const tooLongHtml = await tooLong.text();
      expect(tooLongHtml).toContain("Je beschrijving mag hoogstens 500 tekens lang zijn.");
      expect(tooLongHtml).toContain('value="Bente B."');
      expect(tooLongHtml).toContain("x".repeat(501));

      const saved = await c.post("/settings", {
        display_name: "Bente B.",
        bio: "Ik woon aan het <b>plein</b>.\nZie https://example.nl/bente",
        locale: "en",
        manually_approves_followers: "on",
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get("Location")).toBe("/settings?saved=1");
      const next = await (await c.get("/settings?saved=1")).text();
      expect(next).toContain('<html lang="en"');
      expect(next).toContain("Your settings have been saved.");
      // The bio comes back as typed, escaped in the page.
      expect(next).toContain("Ik woon aan het &lt;b>plein&lt;/b>.\nZie https://example.nl/bente");
      expect(await (await c.get("/")).text()).toContain('<html lang="en"');

      const actorRes = await b.buurt.web.request("/users/bente", { headers: { Accept: "application/activity+json" } });
      const actor = await actorRes.json() as Record<string, unknown>;
      expect(actor.manuallyApprovesFollowers).toBe(true);
      expect(actor.name).toBe("Bente B.");
      expect(actor.summary).toBe(
        '<p>Ik woon aan het &lt;b&gt;plein&lt;/b&gt;.<br>Zie <a href="https://example.nl/bente" rel="nofollow noopener ugc" target="_blank">https://example.nl/bente</a></p>',
      );
      const updates = events.filter((e) => e.type === "ProfileUpdated");
      expect(updates).toHaveLength(1);
      expect(updates[0]!.type === "ProfileUpdated" && updates[0]!.actor.manuallyApprovesFollowers).toBe(true);

      // Back to Dutch (following the browser), approval by hand off.
      await c.post("/settings", { display_name: "Bente B.", bio: "", locale: "" });
      const dutch = await (await c.get("/settings")).text();
      expect(dutch).toContain('<html lang="nl"');
      const again = await (await b.buurt.web.request("/users/bente", { headers: { Accept: "application/activity+json" } }))
        .json() as Record<string, unknown>;
      expect(again.manuallyApprovesFollowers).toBe(false);
      expect(again.summary ?? null).toBeNull();
      expect((await b.buurt.app.repos.members.findByUsername("bente"))?.locale).toBeNull();
    } finally {
      unsubscribe();
    }
  });

  it("changing the password checks the current one and logs out everywhere else", async () => {
    await memberWithPassword(b, "cor");
    const here = await logInWithForm(b.buurt, "cor", PASSWORD, { ip: ip() });
    const there = await logInWithForm(b.buurt, "cor", PASSWORD, { ip: ip() });
    const wrong = await here.post("/settings/password", {
      current_password: "niet goed",
      password: "nieuw en lang genoeg",
      password_confirmation: "nieuw en lang genoeg",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Je huidige wachtwoord klopt niet.");

    const ok = await here.post("/settings/password", {
      current_password: PASSWORD,
      password: "nieuw en lang genoeg",
      password_confirmation: "nieuw en lang genoeg",
    });
    expect(ok.status).toBe(303);
    expect((await here.get("/settings")).status).toBe(200);
    expect((await there.get("/settings")).status).toBe(303);
    const cor = (await b.buurt.app.repos.members.findByUsername("cor"))!;
    const sessions = await b.buurt.database.db.selectFrom("sessions").select("id").where("member_id", "=", cor.id).execute();
    expect(sessions).toHaveLength(1);
  });

  it("refuses a form without the CSRF token or from another site (403), and changes nothing", async () => {
    await memberWithPassword(b, "dex");
    const c = await logInWithForm(b.buurt, "dex", PASSWORD, { ip: ip() });
    const noToken = await b.buurt.web.request("/settings", {
      method: "POST",
      headers: { Cookie: c.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ display_name: "Gehackt", bio: "", locale: "" }),
    });
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain("Dit formulier is verlopen of kwam niet van deze website.");

    const foreign = await b.buurt.web.request("/settings", {
      method: "POST",
      headers: { Cookie: c.cookie, "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ _csrf: await c.csrf(), display_name: "Gehackt", bio: "", locale: "" }),
    });
    expect(foreign.status).toBe(403);
    expect(await foreign.text()).toContain("Dit formulier kwam van een andere website en is geweigerd.");
    expect((await b.buurt.app.repos.members.findByUsername("dex"))?.displayName).toBe("Dex");

    const login = await b.buurt.web.request("/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: "dex", password: PASSWORD }),
    });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie().some((h) => h.startsWith("buurt_session="))).toBe(false);
  });
});

describe("client address for rate limits", () => {
  const app = (trustProxy: boolean) => {
    const web = new Hono();
    web.get("/", (c) => c.text(clientAddress(c, trustProxy)));
    return web;
  };
  const socket = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } });

  it("uses the socket's address, IPv4-mapped IPv6 shown as IPv4, and ignores X-Forwarded-For unless the proxy is trusted", async () => {
    const forwarded = { headers: { "X-Forwarded-For": "198.51.100.7, 203.0.113.5" } };
    expect(await (await app(false).request("/", forwarded, socket("::ffff:10.0.0.2"))).text()).toBe("10.0.0.2");
    expect(await (await app(false).request("/", {}, socket("2001:DB8::1"))).text()).toBe("2001:db8::1");
    // Behind a trusted proxy: the address the proxy appended (the last), not what the client claimed (the first).
    expect(await (await app(true).request("/", forwarded, socket("10.0.0.2"))).text()).toBe("203.0.113.5");
    expect(await (await app(true).request("/", {}, socket("10.0.0.2"))).text()).toBe("10.0.0.2");
    expect(await (await app(false).request("/")).text()).toBe("unknown");
  });
});
