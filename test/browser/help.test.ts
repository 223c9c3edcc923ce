/**
 * Browser journey (issue 4): a resident asks for help, another offers it,
 * the request is matched and closed; both see the conversation.  Two
 * residents, each in their own Chromium, on a real buurt on loopback.
 * Also saves phone-width and desktop screenshots of the help board.
 */
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserBuurt, chromiumStatus, startBrowserBuurt } from "../helpers/browser.ts";

const chromium = chromiumStatus();

/** Clicks a link or submit button and waits for the next page to load. */
async function follow(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent("load"), target.click()]);
}

/** The visible text of one element, trimmed. */
async function text(target: Locator): Promise<string> {
  return (await target.innerText()).trim();
}

describe.skipIf(chromium.skip)(chromium.title("help board in the browser"), () => {
  let session: BrowserBuurt;
  beforeAll(async () => {
    session = await startBrowserBuurt({ name: "Buurt Zuid" });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  it("a resident asks for help, another offers it, the request is matched and closed; both see the conversation", async () => {
    const anna = await session.resident("anna", "Anna de Vries");
    const bob = await session.resident("bob", "Bob Jansen");

    // Anna asks for help with errands, from the board.
    await anna.page.goto(session.url("/hulp"));
    await follow(anna.page, anna.page.getByRole("link", { name: "Hulp vragen of aanbieden" }));
    expect(await text(anna.page.getByRole("heading", { level: 1 }))).toBe("Hulp vragen of aanbieden");
    await anna.page.getByLabel("Ik zoek hulp").check();
    await anna.page.getByLabel("Categorie").selectOption("errands");
    await anna.page.getByLabel("Korte titel").fill("Wie doet zaterdag mijn boodschappen?");
    await anna.page.getByLabel("Toelichting (niet verplicht)").fill("Ik loop met krukken. Brood, melk en appels.");
    await follow(anna.page, anna.page.getByRole("button", { name: "Plaatsen" }));
    expect(await text(anna.page.getByRole("heading", { level: 1 }))).toBe("Wie doet zaterdag mijn boodschappen?");
    expect(await text(anna.page.getByRole("status"))).toBe("Geplaatst. Je krijgt een melding als iemand reageert.");
    const itemUrl = anna.page.url().replace(/\?.*$/, "");
    expect(itemUrl).toMatch(/\/hulp\/[0-9a-f-]{36}$/);

    // Bob sees it on the board, opens it, clicks "Ik kan helpen" with a message.
    await bob.page.goto(session.url("/hulp"));
    const card = bob.page.getByRole("article", { name: "Wie doet zaterdag mijn boodschappen?" });
    expect(await text(card)).toContain("Hulpvraag");
    expect(await text(card)).toContain("Boodschappen");
    expect(await text(card)).toContain("Open");
    await follow(bob.page, card.getByRole("link", { name: "Wie doet zaterdag mijn boodschappen?" }));
    await bob.page.getByLabel("Je bericht aan Anna de Vries").fill("Ik ga zaterdag toch naar de markt, ik neem het mee!");
    await follow(bob.page, bob.page.getByRole("button", { name: "Ik kan helpen" }));
    expect(await text(bob.page.getByRole("status"))).toBe("Je bericht is verstuurd. Het gesprek staat hieronder.");
    const bobConversation = bob.page.getByRole("region", { name: "Gesprek met Anna de Vries" });
    expect(await text(bobConversation)).toContain("Ik ga zaterdag toch naar de markt, ik neem het mee!");
    expect(await bob.page.getByRole("button", { name: "Ik kan helpen" }).count()).toBe(0);

    // Anna is notified, sees the conversation, answers, and matches the request with Bob.
    await anna.page.goto(itemUrl);
    expect(await text(anna.page.getByRole("navigation", { name: "Hoofdmenu" }))).toContain("Meldingen (1)");
    const annaConversation = anna.page.getByRole("region", { name: "Gesprek met Bob Jansen" });
    expect(await text(annaConversation)).toContain("Ik ga zaterdag toch naar de markt, ik neem het mee!");
    await annaConversation.getByLabel("Antwoord aan Bob Jansen").fill("Wat fijn! Ik leg het geld klaar.");
    await follow(anna.page, annaConversation.getByRole("button", { name: "Versturen" }));
    expect(await text(anna.page.getByRole("status"))).toBe("Je bericht is verstuurd.");
    await follow(anna.page, anna.page.getByRole("button", { name: "Koppel met Bob Jansen" }));
    expect(await text(anna.page.getByRole("status"))).toBe("Gekoppeld. Sluit het als het klaar is.");
    expect(await text(anna.page.locator(".help-item"))).toContain("Gekoppeld met Bob Jansen op");

    // After Saturday, Anna closes it.
    await follow(anna.page, anna.page.getByRole("button", { name: "Sluiten" }));
    expect(await text(anna.page.getByRole("status"))).toBe("Gesloten.");
    expect(await text(anna.page.locator(".help-item-status"))).toBe("Gesloten");
    expect(await anna.page.getByRole("button", { name: "Sluiten" }).count()).toBe(0);

    // Both see the whole conversation, each from their own side.
    const annaMessages = anna.page.getByRole("region", { name: "Gesprek met Bob Jansen" }).getByRole("listitem");
    expect(await annaMessages.count()).toBe(2);
    expect(await text(annaMessages.nth(0))).toContain("Bob Jansen");
    expect(await text(annaMessages.nth(0))).toContain("Ik ga zaterdag toch naar de markt, ik neem het mee!");
    expect(await text(annaMessages.nth(1))).toContain("Jij");
    expect(await text(annaMessages.nth(1))).toContain("Wat fijn! Ik leg het geld klaar.");

    await bob.page.goto(itemUrl);
    expect(await text(bob.page.locator(".help-item-status"))).toBe("Gesloten");
    expect(await text(bob.page.locator(".help-item"))).toContain("Gekoppeld met Bob Jansen op");
    const bobMessages = bob.page.getByRole("region", { name: "Gesprek met Anna de Vries" }).getByRole("listitem");
    expect(await bobMessages.count()).toBe(2);
    expect(await text(bobMessages.nth(0))).toContain("Jij");
    expect(await text(bobMessages.nth(0))).toContain("Ik ga zaterdag toch naar de markt, ik neem het mee!");
    expect(await text(bobMessages.nth(1))).toContain("Anna de Vries");
    expect(await text(bobMessages.nth(1))).toContain("Wat fijn! Ik leg het geld klaar.");
    await session.screenshot(anna.page, "help-item-conversation-desktop");
    await bob.page.setViewportSize({ width: 375, height: 800 });
    expect(await bob.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBe(0);
    await session.screenshot(bob.page, "help-item-conversation-375");
    // Bob cannot change the status.
    expect(await bob.page.getByRole("button", { name: "Sluiten" }).count()).toBe(0);
    expect(await bob.page.getByRole("button", { name: /Koppel/ }).count()).toBe(0);

    // The board: closed items leave the default (open) view and show under "Gesloten".
    await bob.page.goto(session.url("/hulp"));
    expect(await bob.page.getByRole("article", { name: "Wie doet zaterdag mijn boodschappen?" }).count()).toBe(0);
    await bob.page.getByLabel("Status").selectOption("closed");
    await follow(bob.page, bob.page.getByRole("button", { name: "Toon" }));
    expect(await text(bob.page.getByRole("article", { name: "Wie doet zaterdag mijn boodschappen?" }))).toContain("Gesloten");
  });

  it("renders the board at phone width and on a desktop (screenshots in screenshots/)", async () => {
    const carol = await session.resident("carol", "Carol Bakker");
    const { createHelpItem } = await import("../../src/app/help.ts");
    const { helpWording } = await import("../../src/web/help-presenters.ts");
    const wording = helpWording("nl");
    const items = [
      { kind: "offer", category: "lending", title: "Ladder en boormachine te leen", visibility: "public" },
      { kind: "request", category: "company", title: "Wie wil op dinsdag een kopje koffie komen drinken?", visibility: "buurt" },
      { kind: "request", category: "transport", title: "Lift naar het ziekenhuis op 12 maart", visibility: "buurt" },
      { kind: "offer", category: "odd_jobs", title: "Ik help met kleine klusjes in huis", visibility: "public" },
    ];
    for (const item of items) {
      const r = await createHelpItem(session.test.buurt.app, {
        authorUsername: "carol",
        description: "",
        wording,
        language: "nl",
        ...item,
      });
      expect(r.ok).toBe(true);
    }
    await carol.page.setViewportSize({ width: 375, height: 800 });
    await carol.page.goto(session.url("/hulp"));
    expect(await carol.page.getByRole("article").count()).toBe(4);
    // Nothing is wider than the phone's screen.
    const overflow = await carol.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBe(0);
    await session.screenshot(carol.page, "help-board-375");
    await carol.page.setViewportSize({ width: 1280, height: 900 });
    await carol.page.goto(session.url("/hulp"));
    await session.screenshot(carol.page, "help-board-desktop");
    await follow(carol.page, carol.page.getByRole("link", { name: "Ladder en boormachine te leen" }));
    await carol.page.setViewportSize({ width: 375, height: 800 });
    await session.screenshot(carol.page, "help-item-375");
  });
});
