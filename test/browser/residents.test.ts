/**
 * Browser journeys (issue 3), in Debian's Chromium against a real buurt on
 * loopback (one browser for the file; each person has their own window):
 *
 * 1. A newcomer signs up (approval policy, the default), a buurtverbinder
 *    approves them from the approval queue, they log in and post with a
 *    photo (a PNG made here) and its description; a second resident likes
 *    and replies; the newcomer sees both notifications.
 * 2. The compose and reply flow with the keyboard only: skip link, Tab,
 *    Shift+Tab, Enter, Space, arrow keys in the radio group, typing.  No
 *    mouse clicks and no `fill()`: every step goes through focus, and focus
 *    is visible at each step checked.
 *
 * Asserts what the person sees: headings, texts, the image's alt text.
 */
import type { Locator, Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserBuurt,
  chromiumStatus,
  clickAndWait,
  focusIndicator,
  pressAndWait,
  startBrowserBuurt,
} from "../helpers/browser.ts";

const chromium = chromiumStatus();

/** The visible text of one element, whitespace collapsed. */
async function text(target: Locator): Promise<string> {
  return (await target.innerText()).replace(/\s+/g, " ").trim();
}

/** A small real PNG: a green square with a yellow sun, as a phone photo would be (only smaller). */
async function photo(): Promise<Buffer> {
  const sun = Buffer.from(
    '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="#3a7d44"/><circle cx="120" cy="30" r="18" fill="#f6c945"/></svg>',
  );
  return await sharp(sun).png().toBuffer();
}

/** What has focus: tag, name attribute, and its text or label. */
async function focused(page: Page): Promise<{ tag: string; name: string | null; text: string; type: string | null }> {
  return await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const labelled = el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement
      ? [...(el.labels ?? [])].map((l) => l.innerText).join(" ")
      : "";
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      name: el?.getAttribute("name") ?? null,
      text: (labelled || el?.innerText || "").replace(/\s+/g, " ").trim(),
      type: el?.getAttribute("type") ?? null,
    };
  });
}

/** Asserts the focused element is marked: an outline or a box shadow the stylesheet gives `:focus-visible`. */
async function expectVisibleFocus(page: Page, what: string): Promise<void> {
  const focus = await focusIndicator(page);
  expect(focus.outline ?? focus.shadow, `focus is not visible on ${what} (${focus.tag} "${focus.text}")`).not.toBeNull();
}

/**
 * Presses Tab (or Shift+Tab) until `matches` says the focused element is
 * the one wanted.
 * @throws {Error} After `limit` presses, naming where focus went.
 */
async function tabTo(
  page: Page,
  matches: (f: Awaited<ReturnType<typeof focused>>) => boolean,
  { limit = 60, backwards = false }: { limit?: number; backwards?: boolean } = {},
): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
    const f = await focused(page);
    if (matches(f)) return;
    seen.push(`${f.tag}${f.name ? `[${f.name}]` : ""} "${f.text.slice(0, 30)}"`);
  }
  throw new Error(`Tab never reached the element; focus went through: ${seen.join(", ")}`);
}

describe.skipIf(chromium.skip)(chromium.title("residents in the browser"), () => {
  let session: BrowserBuurt;
  beforeAll(async () => {
    session = await startBrowserBuurt({ name: "Buurt Noord" });
  }, 90_000);
  afterAll(async () => {
    await session?.close();
  });

  it("a newcomer signs up, is approved by a buurtverbinder, posts a photo; a neighbour likes and replies; the newcomer sees both", async () => {
    const bram = await session.resident("bram", "Bram de Wit", { role: "buurtverbinder" });
    const sanne = await session.resident("sanne", "Sanne Visser");
    const { page: noor } = await session.visitor();

    // Noor signs up from the front page.
    await noor.goto(session.url("/"));
    await clickAndWait(noor, noor.getByRole("main").getByRole("link", { name: "Word lid van de buurt" }));
    expect(await text(noor.getByRole("heading", { level: 1 }))).toBe("Aanmelden");
    expect(await text(noor.getByRole("main"))).toContain("Een buurtverbinder bekijkt je aanmelding");
    await noor.getByLabel("Gebruikersnaam").fill("noor");
    await noor.getByLabel("Naam", { exact: true }).fill("Noor Bakker");
    await noor.getByLabel("E-mailadres").fill("noor@example.org");
    await noor.getByLabel("Wachtwoord", { exact: true }).fill("zonnebloem op het balkon");
    await noor.getByLabel("Herhaal je wachtwoord").fill("zonnebloem op het balkon");
    await clickAndWait(noor, noor.getByRole("main").getByRole("button", { name: "Aanmelden" }));
    expect(await text(noor.getByRole("heading", { level: 1 }))).toBe("Je aanmelding is binnen");
    expect(await text(noor.getByRole("main"))).toContain(
      "Bedankt voor je aanmelding! Je aanmelding wacht op goedkeuring door een buurtverbinder van Buurt Noord.",
    );

    // Before approval, logging in gives a friendly notice.
    await noor.goto(session.url("/login"));
    await noor.getByLabel("Gebruikersnaam of e-mailadres").fill("noor");
    await noor.getByLabel("Wachtwoord").fill("zonnebloem op het balkon");
    await clickAndWait(noor, noor.getByRole("main").getByRole("button", { name: "Inloggen" }));
    expect(await text(noor.getByRole("main"))).toContain("Je aanmelding wacht nog op goedkeuring door een buurtverbinder.");

    // Bram, buurtverbinder, sees the waiting sign-up in his menu ("Beheer" opens to the moderation pages) and approves it.
    await bram.page.goto(session.url("/"));
    const bramMenu = bram.page.getByRole("navigation", { name: "Hoofdmenu" });
    expect(await text(bramMenu)).toContain("Beheer (1)");
    await bramMenu.locator("summary", { hasText: "Beheer" }).click();
    await clickAndWait(bram.page, bramMenu.getByRole("link", { name: "Aanmeldingen (1)" }));
    expect(await text(bram.page.getByRole("heading", { level: 1 }))).toBe("Aanmeldingen");
    const card = bram.page.getByRole("listitem").filter({ has: bram.page.getByRole("heading", { name: "Noor Bakker" }) });
    expect(await text(card)).toContain("@noor");
    expect(await text(card)).toContain("noor@example.org");
    await clickAndWait(bram.page, card.getByRole("button", { name: "Goedkeuren (Noor Bakker)", exact: true }));
    expect(await text(bram.page.getByRole("status"))).toBe("Goedgekeurd: je nieuwe buur kan nu inloggen.");
    expect(await text(bram.page.getByRole("main"))).toContain("Er wachten geen aanmeldingen.");
    // On a moderation page the group is open; nothing waits any more.
    expect(await text(bramMenu)).toContain("Beheer Aanmeldingen Leden Logboek Aandacht");

    // Noor logs in and writes her first post with a photo and its description.
    await noor.goto(session.url("/login"));
    await noor.getByLabel("Gebruikersnaam of e-mailadres").fill("noor");
    await noor.getByLabel("Wachtwoord").fill("zonnebloem op het balkon");
    await clickAndWait(noor, noor.getByRole("main").getByRole("button", { name: "Inloggen" }));
    const noorMenu = noor.getByRole("navigation", { name: "Hoofdmenu" });
    expect(await text(noorMenu)).toContain("Noor Bakker");
    await clickAndWait(noor, noorMenu.getByRole("link", { name: "Nieuw bericht" }));
    expect(await text(noor.getByRole("heading", { level: 1 }))).toBe("Nieuw bericht");
    await noor.getByLabel("Bericht", { exact: true }).fill("Hallo buren! Ik woon sinds kort op nummer 12. Dit is mijn balkon.");
    const images = noor.locator("details.compose-images");
    if (await images.getAttribute("open") == null) await images.locator("summary").click();
    await noor.getByLabel("Bestand voor foto 1").setInputFiles({ name: "balkon.png", mimeType: "image/png", buffer: await photo() });
    await noor.getByLabel("Beschrijving van foto 1 (verplicht)").fill("Een groen balkon met een gele zon erboven");
    await clickAndWait(noor, noor.getByRole("main").getByRole("button", { name: "Plaatsen" }));
    expect(await text(noor.getByRole("status"))).toBe("Je bericht is geplaatst.");
    const noorPost = noor.locator(".thread-focus article");
    expect(await text(noorPost)).toContain("Hallo buren! Ik woon sinds kort op nummer 12.");
    expect(await text(noorPost)).toContain("Noor Bakker");
    const image = noorPost.getByRole("img", { name: "Een groen balkon met een gele zon erboven" });
    expect(await image.getAttribute("alt")).toBe("Een groen balkon met een gele zon erboven");
    // The photo itself loads (resized and stored by the buurt), a real image.
    await image.scrollIntoViewIfNeeded();
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    const postUrl = noor.url().replace(/[?#].*$/, "");

    // Sanne sees the post on the buurt timeline and likes it from there.
    await sanne.page.goto(session.url("/"));
    const onTimeline = sanne.page.getByRole("article").filter({ hasText: "Ik woon sinds kort op nummer 12" });
    expect(await onTimeline.getByRole("img").getAttribute("alt")).toBe("Een groen balkon met een gele zon erboven");
    const item = sanne.page.locator(".timeline-item").filter({ has: onTimeline });
    await clickAndWait(sanne.page, item.getByRole("button", { name: "Leuk (bericht van Noor Bakker)" }));
    expect(await text(sanne.page.getByRole("status"))).toBe("Je vindt dit bericht leuk.");
    expect(await text(item.locator(".post-counts"))).toContain("1 keer leuk gevonden");
    expect(await text(item.getByRole("button", { name: /Niet meer leuk/ }))).toBe("Niet meer leuk (bericht van Noor Bakker)");

    // … and replies, from the post's page.
    await clickAndWait(sanne.page, item.getByRole("link", { name: "Reageren (bericht van Noor Bakker)" }));
    expect(sanne.page.url()).toBe(`${postUrl}#reply`);
    const reply = sanne.page.getByLabel("Je reactie");
    expect(await reply.inputValue()).toBe("@noor ");
    await reply.fill("@noor Welkom in de buurt! Mooi balkon.");
    await clickAndWait(sanne.page, sanne.page.getByRole("button", { name: "Reactie plaatsen" }));
    expect(await text(sanne.page.getByRole("status"))).toBe("Je reactie is geplaatst.");
    const replies = sanne.page.getByRole("region", { name: /^Reacties/ });
    expect(await text(replies)).toContain("Welkom in de buurt! Mooi balkon.");
    expect(await text(replies)).toContain("Sanne Visser");

    // Noor sees both in her notifications.
    await noor.goto(session.url("/"));
    expect(await text(noorMenu)).toContain("Meldingen (2)");
    await clickAndWait(noor, noorMenu.getByRole("link", { name: /Meldingen/ }));
    expect(await text(noor.getByRole("heading", { level: 1 }))).toBe("Meldingen");
    const notifications = noor.getByRole("list", { name: "Meldingen" }).getByRole("listitem");
    expect(await notifications.count()).toBe(2);
    const [newest, older] = [await text(notifications.nth(0)), await text(notifications.nth(1))];
    expect(newest).toContain("Nieuw");
    expect(newest).toContain("Sanne Visser reageerde op je bericht:");
    expect(newest).toContain("Welkom in de buurt! Mooi balkon.");
    expect(older).toContain("Nieuw");
    expect(older).toContain("Sanne Visser vindt je bericht leuk:");
    expect(older).toContain("Hallo buren! Ik woon sinds kort op nummer 12.");
    // The reply notification leads to the conversation.
    await clickAndWait(noor, notifications.nth(0).getByRole("link", { name: /Welkom in de buurt/ }));
    expect(await text(noor.getByRole("main"))).toContain("Welkom in de buurt! Mooi balkon.");
    expect(await text(noorMenu)).not.toContain("Meldingen (");
  }, 90_000);

  it("composes and replies with the keyboard only, with visible focus at every step", async () => {
    const kees = await session.resident("kees", "Kees Smit");
    const lotte = await session.resident("lotte", "Lotte Jansen");
    const page = kees.page;
    const keyboard = page.keyboard;

    // From the top of the buurt page: the skip link is the first stop, and it is visible.
    await page.goto(session.url("/"));
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "a", text: "Naar de inhoud" });
    await expectVisibleFocus(page, "the skip link");
    expect(await page.getByRole("link", { name: "Naar de inhoud" }).isVisible()).toBe(true);
    await session.screenshot(page, "keyboard-skip-link-desktop");
    await keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    // The next stop is the compose field.
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "textarea", name: "text" });
    await expectVisibleFocus(page, "the compose field");
    await keyboard.type("Wie heeft er een ladder te leen? Mijn dakgoot is verstopt.");

    // Fold open "more options" with Space, pass the content warning, choose "Alleen de buurt" with the arrow keys.
    await keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Meer opties: wie mag het zien, inhoudswaarschuwing, foto's");
    await expectVisibleFocus(page, "the options toggle");
    await keyboard.press("Space");
    await page.locator("details.compose-options[open]").waitFor();
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "input", name: "summary" });
    await keyboard.press("Tab");
    expect(await focused(page)).toMatchObject({ tag: "input", name: "visibility", text: "Openbaar" });
    await expectVisibleFocus(page, "the visibility choice");
    await session.screenshot(page, "keyboard-visibility-desktop");
    await keyboard.press("ArrowDown");
    await keyboard.press("ArrowDown");
    expect(await focused(page)).toMatchObject({ tag: "input", name: "visibility", text: "Alleen de buurt" });
    expect(await page.getByLabel("Alleen de buurt").isChecked()).toBe(true);
    // Back up one step and forward again: Shift+Tab returns to the content warning.
    await keyboard.press("Shift+Tab");
    expect(await focused(page)).toMatchObject({ tag: "input", name: "summary" });
    await tabTo(page, (f) => f.tag === "button" && f.text === "Plaatsen", { limit: 15 });
    await expectVisibleFocus(page, "the post button");
    await pressAndWait(page, "Enter");
    expect(await text(page.getByRole("status"))).toBe("Je bericht is geplaatst.");
    expect(await text(page.locator(".thread-focus article"))).toContain("Wie heeft er een ladder te leen?");
    // Buurt-only: a visitor does not find it.
    const postUrl = page.url().replace(/[?#].*$/, "");
    const { page: guest } = await session.visitor();
    const response = await guest.goto(postUrl);
    expect(response?.status()).toBe(404);
    expect(await text(guest.getByRole("heading", { level: 1 }))).not.toContain("ladder");
    await guest.context().close();

    // Lotte answers with the keyboard: from the top of the buurt timeline to the post's "Reageren".
    const lottePage = lotte.page;
    await lottePage.goto(session.url("/"));
    await lottePage.keyboard.press("Tab");
    await lottePage.keyboard.press("Enter"); // the skip link
    await tabTo(lottePage, (f) => f.tag === "a" && f.text === "Reageren (bericht van Kees Smit)");
    await expectVisibleFocus(lottePage, "the reply link");
    await session.screenshot(lottePage, "keyboard-reply-link-desktop");
    await pressAndWait(lottePage, "Enter");
    expect(lottePage.url()).toBe(`${postUrl}#reply`);
    // The link leads to the reply form: the next Tab lands in it.
    await lottePage.keyboard.press("Tab");
    expect(await focused(lottePage)).toMatchObject({ tag: "textarea", name: "text", text: "Je reactie" });
    await expectVisibleFocus(lottePage, "the reply field");
    await lottePage.keyboard.press("Control+End");
    await lottePage.keyboard.type("Ik heb er een, ik zet hem vanavond bij je neer.");
    expect(await lottePage.getByLabel("Je reactie").inputValue()).toBe("@kees Ik heb er een, ik zet hem vanavond bij je neer.");
    await tabTo(lottePage, (f) => f.tag === "button" && f.text === "Reactie plaatsen", { limit: 10 });
    await expectVisibleFocus(lottePage, "the reply button");
    await pressAndWait(lottePage, "Enter");
    expect(await text(lottePage.getByRole("status"))).toBe("Je reactie is geplaatst.");
    expect(await text(lottePage.getByRole("region", { name: /^Reacties/ }))).toContain(
      "Ik heb er een, ik zet hem vanavond bij je neer.",
    );
  }, 90_000);
});
