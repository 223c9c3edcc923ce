/**
 * Requests no browser sends but anyone can: a form body that is not what
 * its Content-Type says, and forged hidden fields that name someone the
 * viewer cannot see.  Each gets a translated page with a 4xx status — never
 * a 500 — changes nothing, and tells nothing about hidden accounts.  NUL
 * characters (which PostgreSQL refuses in text) in addresses and fields too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import type { Member } from "../../src/domain/member.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { testDialects } from "../helpers/databases.ts";
import { loginAs, type WebClient, visitor } from "../helpers/web.ts";

describe("hostile requests", () => {
  let b: TestBuurt;
  let anna: WebClient;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Vijandig" });
    await b.member("anna", "Anna");
    anna = await loginAs(b.buurt, "anna");
  });
  afterAll(async () => {
    await b.stop();
  });

  it("a malformed multipart or form body is refused with a translated page, not a 500", async () => {
    const token = await anna.csrf();
    const cases: Array<[string, string, string]> = [
      ["/compose", "multipart/form-data; boundary=xyz", "garbage without any boundary"],
      ["/compose", "multipart/form-data", `--x\r\nContent-Disposition: form-data; name="text"\r\n\r\nhallo`],
      ["/settings", "multipart/form-data; boundary=---", "-----\r\nbroken"],
      ["/hulp/nieuw", "multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data\r\n\r\n"],
    ];
    for (const [path, type, body] of cases) {
      for (const headers of [{}, { "X-CSRF-Token": token }] as Array<Record<string, string>>) {
        const res = await b.buurt.web.request(path, {
          method: "POST",
          headers: { Cookie: anna.cookie, "Content-Type": type, ...headers },
          body,
        });
        expect(res.status, `${path} ${type}`).toBe(400);
        const html = await res.text();
        expect(html).toContain("Dit formulier kwam niet goed aan.");
        expect(html).toContain('<html lang="nl"');
      }
    }
    const posts = await b.buurt.database.db.selectFrom("posts").select("id").execute();
    expect(posts.filter(() => true)).toHaveLength(0);
  });

  it("a forged follow of a member who is not (or no longer) admitted is a 404 and makes no follow", async () => {
    const made = async (username: string, status: Member["status"]) => {
      const r = await createMember(b.buurt.app, { username, displayName: `Verborgen ${username}`, status });
      if (!r.ok) throw new Error(r.error);
      return r.value;
    };
    const waiting = await made("wachtend", "pending");
    const suspended = await made("geschorst", "active");
    await b.buurt.app.repos.members.setStatus(suspended.id, "suspended");
    for (const target of [waiting, suspended]) {
      const res = await anna.post("/follow", { actor: target.actorId, next: "/" });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("Verborgen");
    }
    const follows = await b.buurt.database.db.selectFrom("follows").select("following_id").execute();
    expect(follows.map((f) => f.following_id)).not.toContain(waiting.actorId);
    expect(follows.map((f) => f.following_id)).not.toContain(suspended.actorId);
  });
});

describe.each(testDialects())("NUL characters in addresses and forms (%s)", (dialect) => {
  let b: TestBuurt;
  let anna: WebClient;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Nul", dialect });
    await createMember(b.buurt.app, { username: "anna", displayName: "Anna", role: "admin", status: "active" });
    anna = await loginAs(b.buurt, "anna");
  });
  afterAll(async () => {
    await b.stop();
  });

  it("an id or search with NUL is a friendly 404 or an empty result, never a 500", async () => {
    const paths = ["/posts/%00", "/posts/a%00b/edit", "/tags/a%00", "/users/a%00b", "/actors/%00", "/search?q=a%00b",
      "/moderation/approvals/%00/reject"];
    for (const path of paths) {
      const res = await anna.get(path);
      expect(res.status, path).toBeLessThan(500);
    }
    for (const path of ["/posts/a%00/like", "/moderation/members/a%00", "/moderation/members/a%00/suspend", "/moderation/approvals/a%00/approve"]) {
      const res = await anna.post(path, { next: "/" });
      expect(res.status, path).toBeLessThan(500);
    }
  });

  it("form text with NUL is stored without it", async () => {
    const NUL = "\u0000";
    const posted = await anna.post("/compose", { text: `Hal${NUL}lo`, summary: `C${NUL}W`, visibility: "public" });
    expect(posted.status).toBe(303);
    const post = await b.buurt.app.repos.posts.findById(/^\/posts\/([^?]+)/.exec(posted.headers.get("Location")!)![1]!);
    expect([post?.source, post?.summary]).toEqual(["Hallo", "CW"]);
    expect((await anna.post("/compose", { text: "x", in_reply_to: NUL })).status).toBe(400);
    expect((await anna.post("/follow", { actor: NUL, next: "/" })).status).toBe(404);
    const help = await anna.post("/hulp/nieuw", { kind: "request", category: "errands", title: `Bood${NUL}schappen`, description: "" });
    expect(help.status).toBe(303);
    const login = await visitor(b.buurt).post("/login", { login: `anna${NUL}`, password: `x${NUL}` });
    expect(login.status).toBeLessThan(500);
  });
});
