/**
 * Small things residents ran into on the pages, each checked on the HTML a
 * browser gets: the agenda's feed links wrap without a dangling separator,
 * a help post on the timeline links the help board in words (not a long
 * raw address), and the photo chooser explains itself in the page's
 * language, whatever language the browser's own button speaks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHelpItem } from "../../src/app/help.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { attr, descendants, type Element, select, textOf } from "../helpers/html.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { loginAs, visitor } from "../helpers/web.ts";


describe("page details", () => {
  let b: TestBuurt;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Noordoost" });
    await b.member("anna", "Anna");
  });
  afterAll(async () => {
    await b.stop();
  });

  it("the agenda's feed links are separate list items, with no separator that could dangle when they wrap", async () => {
    const html = await (await visitor(b.buurt).get("/agenda")).text();
    const intro = select(html, "section").find((s) => (attr(s, "class") ?? "").includes("agenda-intro"))!;
    const links = (href: string) => (el: Element) => el.tagName === "a" && attr(el, "href") === href;
    const list = descendants(intro).find((el) =>
      el.tagName === "ul" && descendants(el).some(links("/agenda.ics")) && descendants(el).some(links("/feed.atom"))
    );
    expect(list, "the feed links sit in one list").toBeDefined();
    expect(textOf(intro)).not.toContain("·");
    const items = descendants(list!).filter((el) => el.tagName === "li");
    expect(items.map(textOf)).toEqual(["Abonneren in je agenda (iCalendar)", "Nieuwsfeed (Atom)"]);
    expect(textOf(list!)).not.toContain("·");
  });

  it("a help post on the timeline links to the help board in words, without a raw address", async () => {
    const item = await createHelpItem(b.buurt.app, {
      authorUsername: "anna",
      kind: "request",
      category: "transport",
      title: "Wie rijdt me dinsdag naar het ziekenhuis?",
      description: "",
      visibility: "public",
      wording: helpWording("nl"),
      language: "nl",
    });
    if (!item.ok) throw new Error(item.error);
    const html = await (await visitor(b.buurt).get("/")).text();
    const article = select(html, "article").find((a) => attr(a, "id") === `post-${item.value.postId}`)!;
    const text = textOf(article);
    expect(text).toContain("Kun je helpen? Reageer op dit bericht. Bekijk het op het hulpbord.");
    expect(text).not.toContain("/hulp/");
    const link = descendants(article).find((a) => a.tagName === "a" && attr(a, "href") === `${b.origin}/hulp/${item.value.postId}`);
    expect(link && textOf(link)).toBe("Bekijk het op het hulpbord.");
  });

  it("the photo chooser has a translated hint tied to it, in Dutch and in English", async () => {
    const anna = await loginAs(b.buurt, "anna");
    for (const [lang, hint] of [
      ["nl", "Kies een foto op je telefoon of computer. De knop om te kiezen komt van je browser en kan in een andere taal staan."],
      ["en", "Choose a photo on your phone or computer. The button comes from your browser and may be in another language."],
    ] as const) {
      const html = await (await anna.get(`/compose?lang=${lang}`)).text();
      const input = select(html, "input").find((i) => attr(i, "id") === "field-image_1")!;
      const described = (attr(input, "aria-describedby") ?? "").split(" ");
      const hintEl = select(html, "p").find((p) => described.includes(attr(p, "id") ?? "-"));
      expect(hintEl && textOf(hintEl), lang).toBe(hint);
    }
  });
});
