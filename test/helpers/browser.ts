/**
 * Browser journeys: playwright-core driving Debian's Chromium
 * (`/usr/bin/chromium`, or `CHROMIUM_PATH`; never a downloaded browser)
 * against a real test buurt listening on loopback.
 *
 * Each resident gets their own browser: a persistent context on a fresh
 * `--user-data-dir` (a new temporary directory, removed afterwards), so
 * cookies and storage never leak between residents or runs.  Residents log
 * in through the real `/login` form when the buurt has one, else with a
 * session cookie (`loginAs`).
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
 *       });
 *     });
 *
 * Without Chromium the journey is skipped with a clear message, except
 * when `CI` is set: then `startBrowserBuurt` throws and the tests fail.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
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

/** One resident's browser. */
export interface Resident {
  username: string;
  password: string;
  context: BrowserContext;
  page: Page;
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
  resident(username: string, name: string, options?: { role?: "resident" | "buurtverbinder" | "admin" }): Promise<Resident>;
  /** Saves a full-page screenshot as `screenshots/<name>.png`; returns its path. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Closes every browser, removes their profiles, stops the buurt. */
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
    page.waitForURL((url) => !url.pathname.startsWith("/login")),
    page.click('form[action="/login"] button[type="submit"]'),
  ]);
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
  const contexts: BrowserContext[] = [];
  const profiles: string[] = [];
  const formLogin = await hasLoginForm(test.origin);
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
      const profile = mkdtempSync(join(tmpdir(), "buurt-chromium-"));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH,
        headless: true,
        args: [...CHROMIUM_ARGS],
        locale: "nl-NL",
        viewport: { width: 1280, height: 900 },
      });
      contexts.push(context);
      const page = context.pages()[0] ?? await context.newPage();
      if (formLogin) {
        await logInWithForm(page, test.origin, username, password);
      } else {
        const client = await loginAs(test.buurt, username);
        const [pair] = client.cookie.split("; ");
        const [cookieName, value] = pair!.split("=");
        await context.addCookies([{ name: cookieName!, value: value!, url: test.origin }]);
      }
      return { username, password, context, page };
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async close() {
      for (const context of contexts.splice(0)) await context.close().catch(() => {});
      for (const profile of profiles.splice(0)) rmSync(profile, { recursive: true, force: true });
      await test.stop();
    },
  };
  return session;
}
