/**
 * Browser journey of a buurtverbinder, as a screen reader hears it: on the
 * approval queue and the members page every button's accessible name (what
 * Chromium computes, as screen readers get it) reads as one phrase naming
 * the person, e.g. "Goedkeuren (Bert de Buurman)" — not "Goedkeuren :
 * Bert" — and a member is suspended and let back in with the keyboard
 * only.  Screenshots of both pages at phone width.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { type BrowserBuurt, chromiumStatus, PHONE, pressAndWait, startBrowserBuurt } from "../helpers/browser.ts";

const chromium = chromiumStatus();

/** Accessible names of the buttons and button-styled links in `main`, as Chromium computes them. */
async function buttonNames(page: Page): Promise<string[]> {
  const snapshot = await page.locator("main").ariaSnapshot();
  return [...snapshot.matchAll(/^\s*- '?(?:button|link) "([^"]*)"/gm)].map((m) => m[1]!);
}

/** Presses Tab until the element with this accessible name has focus (at most 60 times). */
async function tabTo(page: Page, role: "button" | "link", name: string): Promise<void> {
  const target = page.getByRole(role, { name, exact: true });
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${role} "${name}"`);
}

describe.skipIf(chromium.skip)(chromium.title("moderation in the browser"), () => {
  let session: BrowserBuurt;
  beforeAll(async () => {
    session = await startBrowserBuurt({ name: "Buurt Oost" });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
  });

  it("buttons name the person in one phrase; a buurtverbinder suspends and lets back in with the keyboard", async () => {
    const made = await createMember(session.test.buurt.app, {
      username: "bert",
      displayName: "Bert de Buurman",
      email: "bert@example.nl",
      status: "pending",
    });
    if (!made.ok) throw new Error(made.error);
    await session.test.member("sanne", "Sanne Smit");
    const vera = await session.resident("vera", "Vera", { role: "buurtverbinder", viewport: PHONE });

    await vera.page.goto(session.url("/moderation/approvals"));
    await session.screenshot(vera.page, "moderation-approvals-phone");
    const queue = await buttonNames(vera.page);
    expect(queue).toContain("Goedkeuren (Bert de Buurman)");
    expect(queue).toContain("Afwijzen (Bert de Buurman)");
    for (const name of queue) expect(name, "no name with a space before a colon").not.toMatch(/\s[:,.]/);

    await vera.page.goto(session.url("/moderation/members"));
    const members = await buttonNames(vera.page);
    expect(members).toContain("Opslaan (Sanne Smit)");
    expect(members).toContain("Schorsen (Sanne Smit)");
    for (const name of members) expect(name).not.toMatch(/\s[:,.]/);

    // Suspend Sanne with the keyboard only, confirm, and let her back in.
    await tabTo(vera.page, "link", "Schorsen (Sanne Smit)");
    await pressAndWait(vera.page, "Enter");
    expect(await vera.page.getByRole("heading", { level: 1 }).innerText()).toBe("Sanne Smit (@sanne) schorsen?");
    await tabTo(vera.page, "button", "Ja, schorsen");
    await pressAndWait(vera.page, "Enter");
    expect(await vera.page.getByRole("status").innerText()).toBe("Geschorst: dit lid kan niet meer inloggen. Dat staat in het logboek.");
    await session.screenshot(vera.page, "moderation-members-suspended-phone");
    await tabTo(vera.page, "button", "Weer toelaten (Sanne Smit)");
    await pressAndWait(vera.page, "Enter");
    expect(await vera.page.getByRole("status").innerText()).toBe("Weer toegelaten: dit lid kan weer inloggen. Dat staat in het logboek.");
    const sanne = await session.test.buurt.app.repos.members.findByUsername("sanne");
    expect(sanne?.status).toBe("active");
  }, 90_000);
});
