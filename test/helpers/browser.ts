/**
 * Browser journeys: playwright-core driving Debian's Chromium
 * (`/usr/bin/chromium`, or `CHROMIUM_PATH`; never a downloaded browser)
 * against a real test buurt listening on loopback.
 *
 * One Chromium per test file (per `startBrowserBuurt`); each resident and
 * each visitor gets their own browser context in it (like a separate
 * private window: own cookies and storage, nothing leaks between them), and
 * keeps one page that the test reuses.  Residents log in through the real
 * `/login` form when the buurt has one, else with a session cookie
 * (`loginAs`).  Contexts take a viewport and a colour scheme, for phone and
 * dark-mode checks.
 *
 * Use:
 *
 *     const chromium = chromiumStatus();
 *     describe.skipIf(chromium.skip)(chromium.title("a journey"), () => {
 *       let session: BrowserBuurt;
 *       beforeAll(async () => { session = await startBrowserBuurt(); });
 *       afterAll(async () => { await session?.close(); });
 *       it("…", async () => {
 *         const anna = await session.resident("anna", "Anna");
 *         await anna.page.goto(session.url("/"));
 *         const guest = await session.visitor({ viewport: PHONE, colorScheme: "dark" });
 *         expect(formatViolations(await runAxe(guest.page))).toBe("");
 *       });
 *     });
 *
 * Without Chromium the journey is skipped with a clear message, except
 * when `CI` is set: then `startBrowserBuurt` throws and the tests fail.
 */
import { existsSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { createMember } from "../../src/app/members.ts";
import { startTestBuurt, type TestBuurt, type TestBuurtOptions } from "./buurt.ts";
import { loginAs } from "./web.ts";

/** Debian's Chromium (the CI script installs it with apt). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Flags for a quiet, sandbox-free, network-silent headless Chromium in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-quic",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * How long one browser step (a click, a navigation, waiting for an
 * element) may take before it fails with what it waited for; generous for
 * a loaded 2-core machine.  Tests that take many steps set their own,
 * longer, test timeout.
 */
export const ACTION_TIMEOUT_MS = 15_000;

/** Where journeys save screenshots (gitignored). */
export const SCREENSHOT_DIR = resolve(import.meta.dirname, "../../screenshots");

/** Whether this run can (or must) drive Chromium. */
export interface ChromiumStatus {
  present: boolean;
  /** Skip: Chromium is absent and this is not CI. */
  skip: boolean;
  /** A describe title that says why it was skipped, when it is. */
  title(name: string): string;
}

/**
 * Checks for Chromium.  Absent outside CI: skip (the title says how to get
 * it).  Absent in CI (`CI` set): do not skip; `startBrowserBuurt` throws.
 */
export function chromiumStatus(): ChromiumStatus {
  const present = existsSync(CHROMIUM_PATH);
  const ci = process.env.CI != null && process.env.CI !== "" && process.env.CI !== "false";
  const skip = !present && !ci;
  return {
    present,
    skip,
    title: (name) =>
      skip
        ? `${name} — SKIPPED: no Chromium at ${CHROMIUM_PATH} (DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; in CI this fails instead)`
        : name,
  };
}

/** A phone's screen (CSS pixels). */
export const PHONE = { width: 375, height: 740 } as const;
/** A laptop's screen (CSS pixels). */
export const DESKTOP = { width: 1280, height: 800 } as const;

/** How a browser context looks at the buurt. */
export interface ContextOptions {
  /** Default: 1280×900. */
  viewport?: { width: number; height: number };
  /** `prefers-color-scheme`; default light. */
  colorScheme?: "light" | "dark";
}

/** One person's browser window: its own cookies, one page. */
export interface Window {
  context: BrowserContext;
  page: Page;
}

/** One resident's browser window, logged in. */
export interface Resident extends Window {
  username: string;
  password: string;
}

/** A test buurt on loopback and the residents' browsers. */
export interface BrowserBuurt {
  test: TestBuurt;
  origin: string;
  /** An absolute URL on the buurt. */
  url(path: string): string;
  /**
   * Creates an active member (with a password) and opens a logged-in
   * browser for them.
   * @param options.role E.g. `buurtverbinder`.
   */
  resident(
    username: string,
    name: string,
    options?: { role?: "resident" | "buurtverbinder" | "admin" } & ContextOptions,
  ): Promise<Resident>;
  /**
   * Opens a browser window for an existing member (e.g. one who signed up
   * in the browser) and logs in through the `/login` form.
   */
  logIn(username: string, password: string, options?: ContextOptions): Promise<Resident>;
  /** Opens a browser window for someone who is not logged in. */
  visitor(options?: ContextOptions): Promise<Window>;
  /** Saves a full-page screenshot as `screenshots/<name>.png`; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes the browser and stops the buurt. */
  close(): Promise<void>;
}

/** Whether the buurt has the log-in form (`GET /login` with a password field). */
async function hasLoginForm(origin: string): Promise<boolean> {
  const res = await fetch(`${origin}/login`);
  return res.status === 200 && /name="password"/.test(await res.text());
}

/**
 * Logs a resident in through the real form, as a person would: fills in
 * username and password and submits.
 * @throws {Error} When the buurt refuses the log-in.
 */
export async function logInWithForm(page: Page, origin: string, username: string, password: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.fill('input[name="login"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([
    page.waitForEvent("load"),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
  if (new URL(page.url()).pathname.startsWith("/login")) {
    const why = await page.locator('[role="alert"]').allInnerTexts();
    throw new Error(`Log-in as ${username} refused: ${why.join(" ").replace(/\s+/g, " ").trim() || "(no message)"}`);
  }
}

/** Clicks a link or submit button and waits for the next page to load. */
export async function clickAndWait(page: Page, target: Locator): Promise<void> {
  await Promise.all([page.waitForEvent("load"), target.click()]);
}

/** Presses a key (e.g. Enter on a focused link or button) and waits for the next page to load. */
export async function pressAndWait(page: Page, key: string): Promise<void> {
  await Promise.all([page.waitForEvent("load"), page.keyboard.press(key)]);
}

/** axe-core's browser bundle, injected into pages with `page.addScriptTag`. */
export const AXE_PATH = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** One axe-core rule that failed on a page, with where. */
export interface AxeViolation {
  /** The rule, e.g. `color-contrast`. */
  id: string;
  impact: "minor" | "moderate" | "serious" | "critical" | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; html: string; failureSummary?: string }>;
}

/**
 * Runs axe-core (every rule of its default WCAG 2.x A/AA set and best
 * practices) on the page as it is now, and returns the violations of at
 * least `minImpact` (default `serious`: serious and critical).
 * Injects `axe.min.js` with `page.addScriptTag` when the page lacks it.
 */
export async function runAxe(
  page: Page,
  minImpact: "minor" | "moderate" | "serious" | "critical" = "serious",
): Promise<AxeViolation[]> {
  if (!await page.evaluate(() => "axe" in globalThis)) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: unknown }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations as AxeViolation[];
  });
  const order = ["minor", "moderate", "serious", "critical"];
  return violations.filter((v) => order.indexOf(v.impact ?? "minor") >= order.indexOf(minImpact));
}

/**
 * Violations as lines for a failure message: rule id, impact, help URL,
 * and each element (its CSS selector and axe's summary of what is wrong).
 * @param where Which page and setting, e.g. `/login (phone, dark, visitor)`.
 * @returns `""` when there are none.
 */
export function formatViolations(violations: AxeViolation[], where: string): string {
  return violations.map((v) =>
    [
      `${where}: ${v.id} [${v.impact}] ${v.help} — ${v.helpUrl}`,
      ...v.nodes.map((n) =>
        `    at ${n.target.map(String).join(" ")}: ${(n.failureSummary ?? "").replace(/\s+/g, " ").trim()}`
      ),
    ].join("\n")
  ).join("\n");
}

/** Focus visible: the focused element's outline or box-shadow (what the stylesheet shows), or `null` when nothing marks it. */
export async function focusIndicator(page: Page): Promise<{ tag: string; text: string; outline: string | null; shadow: string | null }> {
  return await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (el == null || el === document.body) return { tag: "body", text: "", outline: null, shadow: null };
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
      ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}`
      : null;
    const shadow = style.boxShadow !== "none" ? style.boxShadow : null;
    return { tag: el.tagName.toLowerCase(), text: (el.innerText || el.getAttribute("aria-label") || "").trim(), outline, shadow };
  });
}

/**
 * Starts a test buurt listening on loopback for browser journeys.
 * @throws {Error} When Chromium is missing (in CI, where it must not be skipped).
 */
export async function startBrowserBuurt(options: TestBuurtOptions = {}): Promise<BrowserBuurt> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (DEBIAN_FRONTEND=noninteractive apt-get install -y chromium); browser journeys must run in CI.`,
    );
  }
  const test = await startTestBuurt(options);
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  } catch (error) {
    await test.stop();
    throw error;
  }
  const formLogin = await hasLoginForm(test.origin);
  const open = async (contextOptions: ContextOptions = {}): Promise<Window> => {
    const context = await browser.newContext({
      locale: "nl-NL",
      viewport: contextOptions.viewport ?? { width: 1280, height: 900 },
      colorScheme: contextOptions.colorScheme ?? "light",
    });
    // A step that cannot happen fails with what it waited for, well before the test's own timeout.
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return { context, page: await context.newPage() };
  };
  const session: BrowserBuurt = {
    test,
    origin: test.origin,
    url: (path) => new URL(path, test.origin).href,
    async resident(username, name, residentOptions = {}) {
      const password = `wachtwoord-${username}-123`;
      const made = await createMember(test.buurt.app, {
        username,
        displayName: name,
        password,
        role: residentOptions.role ?? "resident",
        status: "active",
      });
      if (!made.ok) throw new Error(`createMember(${username}): ${made.error}`);
      if (formLogin) return await session.logIn(username, password, residentOptions);
      const { context, page } = await open(residentOptions);
      const client = await loginAs(test.buurt, username);
      const [pair] = client.cookie.split("; ");
      const [cookieName, value] = pair!.split("=");
      await context.addCookies([{ name: cookieName!, value: value!, url: test.origin }]);
      return { username, password, context, page };
    },
    async logIn(username, password, contextOptions = {}) {
      const { context, page } = await open(contextOptions);
      await logInWithForm(page, test.origin, username, password);
      return { username, password, context, page };
    },
    visitor: (contextOptions) => open(contextOptions),
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      await browser.close().catch(() => {});
      await test.stop();
    },
  };
  return session;
}
