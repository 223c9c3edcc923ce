/**
 * An error raised before the locale middleware has run (here: the session
 * look-up fails) still gets the friendly, translated 500 page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

describe("error page before the locale is known", () => {
  let a: TestBuurt;
  beforeAll(async () => {
    a = await startTestBuurt();
  });
  afterAll(async () => {
    await a.stop();
  });

  it("answers 500 with the page in the reader's language, without a stack trace", async () => {
    const sessions = a.buurt.app.repos.sessions;
    const find = sessions.find;
    sessions.find = () => Promise.reject(new Error("database went away"));
    try {
      const res = await a.buurt.web.request("/", {
        headers: { Cookie: "buurt_session=abcdefghijklmnopqrstuvwxyz0123456789", "Accept-Language": "en" },
      });
      expect(res.status).toBe(500);
      const html = await res.text();
      expect(html).toContain("Something went wrong");
      expect(html).not.toContain("database went away");
      expect(html).not.toMatch(/\n\s+at\s/);
    } finally {
      sessions.find = find;
    }
  });
});
