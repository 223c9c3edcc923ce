/**
 * The language switch on every page, and the friendly, translated error
 * pages (404, 403, 500) in the site's layout.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { attr, headings1, select, textOf } from "../helpers/html.ts";
import { loginAs, visitor } from "../helpers/web.ts";

function htmlLang(html: string): string | null {
  return attr(select(html, "html")[0]!, "lang");
}

describe("language and error pages", () => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("is Dutch by default, follows Accept-Language, and the switch remembers the choice in a cookie", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost" });
    started.push(b);
    await b.member("anna", "Anna");
    const guest = visitor(b.buurt);

    const nl = await (await guest.get("/search")).text();
    expect(htmlLang(nl)).toBe("nl");
    expect(headings1(nl)).toEqual(["Zoeken"]);
    // The switch: the current language marked, the other a link back to this page.
    const switchNav = select(nl, "nav", "lang-switch")[0]!;
    expect(attr(switchNav, "aria-label")).toBe("Taal / Language");
    const english = select(nl, "a").find((a) => textOf(a) === "English")!;
    expect(attr(english, "href")).toBe("/lang?to=en&next=%2Fsearch");
    expect(attr(english, "hreflang")).toBe("en");
    expect(select(nl, "span").find((s) => textOf(s) === "Nederlands" && attr(s, "aria-current") === "true")).toBeDefined();

    const byHeader = await (await guest.get("/search", { headers: { "Accept-Language": "en-GB,en;q=0.9" } })).text();
    expect(htmlLang(byHeader)).toBe("en");
    expect(headings1(byHeader)).toEqual(["Search"]);

    const switched = await guest.get("/lang?to=en&next=%2Fsearch%3Fq%3Danna");
    expect(switched.status).toBe(303);
    expect(switched.headers.get("Location")).toBe("/search?q=anna");
    expect(switched.headers.get("Set-Cookie")).toMatch(/^buurt_lang=en;.*HttpOnly/);
    const en = await (await guest.get("/search?q=anna")).text();
    expect(htmlLang(en)).toBe("en");
    expect(en).toContain("Neighbours on Buurt Oost");
    expect(select(en, "h3", "actor-card-name").map(textOf)).toEqual(["Anna"]);

    // Only paths on this site are followed back; unknown languages change nothing.
    expect((await guest.get("/lang?to=nl&next=%2F%2Fevil.example%2F")).headers.get("Location")).toBe("/");
    expect((await guest.get("/lang?to=nl&next=https%3A%2F%2Fevil.example%2F")).headers.get("Location")).toBe("/");
    const unknown = await guest.get("/lang?to=fr&next=%2F");
    expect(unknown.headers.get("Set-Cookie") ?? "").not.toContain("buurt_lang");
  });

  it("stores a member's choice as their setting", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost" });
    started.push(b);
    await b.member("anna", "Anna");
    const anna = await loginAs(b.buurt, "anna");
    await anna.get("/lang?to=en&next=%2F");
    expect((await b.buurt.app.repos.members.findByUsername("anna"))?.locale).toBe("en");
    const home = await (await anna.get("/home")).text();
    expect(htmlLang(home)).toBe("en");
    expect(headings1(home)).toEqual(["Following"]);
    await anna.get("/lang?to=nl&next=%2F");
    expect((await b.buurt.app.repos.members.findByUsername("anna"))?.locale).toBe("nl");
  });

  it("answers unknown pages, refused forms and failures with friendly translated pages", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost" });
    started.push(b);
    await b.member("anna", "Anna");
    const guest = visitor(b.buurt);

    const missing = await guest.get("/deze-pagina-bestaat-niet");
    expect(missing.status).toBe(404);
    const missingHtml = await missing.text();
    expect(headings1(missingHtml)).toEqual(["Niet gevonden"]);
    expect(missingHtml).toContain("Deze pagina bestaat niet (meer).");
    expect(select(missingHtml, "a", "skip-link")).toHaveLength(1);
    expect(select(missingHtml, "a").some((a) => attr(a, "href") === "/" && textOf(a) === "Naar de buurtpagina")).toBe(true);
    await guest.get("/lang?to=en&next=%2F");
    expect(headings1(await (await guest.get("/nope")).text())).toEqual(["Not found"]);
    expect((await guest.get("/@niemand")).status).toBe(404);

    // A form without its CSRF token.
    const anna = await loginAs(b.buurt, "anna");
    const refused = await b.buurt.web.request("/follow", {
      method: "POST",
      headers: { Cookie: anna.cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: "actor=x&next=%2F",
    });
    expect(refused.status).toBe(403);
    const refusedHtml = await refused.text();
    expect(headings1(refusedHtml)).toEqual(["Dat mag helaas niet"]);
    expect(refusedHtml).toContain("Dit formulier is verlopen of kwam niet van deze website.");

    // An unexpected failure: a friendly page, no stack trace.
    b.buurt.app.repos.posts.listBuurtTimeline = () => Promise.reject(new Error("secret detail"));
    const failed = await guest.get("/");
    expect(failed.status).toBe(500);
    const failedHtml = await failed.text();
    expect(headings1(failedHtml)).toEqual(["Something went wrong"]);
    expect(failedHtml).not.toContain("secret detail");
  });
});
