/**
 * Configuration: laptop defaults, and one clear message per bad value.
 */
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES, loadConfig } from "../src/config/config.ts";

function errorsOf(env: Record<string, string>): string[] {
  const result = loadConfig(env);
  if (result.ok) throw new Error("expected configuration errors");
  return result.errors;
}

describe("loadConfig", () => {
  it("runs on a laptop with no variables at all", () => {
    const result = loadConfig({});
    if (!result.ok) throw new Error(result.errors.join("; "));
    const c = result.config;
    expect(c.origin.href).toBe("http://localhost:8000/");
    expect(c.domain).toBe("localhost:8000");
    expect(c.listen).toEqual({ host: "0.0.0.0", port: 8000 });
    expect(c.database).toEqual({ kind: "sqlite", path: "./data/buurt.sqlite" });
    expect(c.buurt).toEqual({
      name: "Onze Buurt",
      handle: "buurt",
      timezone: "Europe/Amsterdam",
      language: "nl",
      joinPolicy: "approval",
    });
    expect(c.mode).toBe("development");
    expect(c.sessionSecret).toBeNull();
    expect(c.allowPrivateAddress).toBe(false);
  });

  it("reads a production configuration", () => {
    const result = loadConfig({
      BUURT_ORIGIN: "https://oost.buurt.example",
      BUURT_NAME: "Buurt Oost",
      BUURT_HANDLE: "oost",
      PORT: "3000",
      DATABASE_URL: "postgres://buurt:secret@db:5432/buurt",
      SESSION_SECRET: "a".repeat(64),
      BUURT_LANGUAGE: "en",
      BUURT_JOIN_POLICY: "invite",
      TRUST_PROXY: "true",
    });
    if (!result.ok) throw new Error(result.errors.join("; "));
    expect(result.config.mode).toBe("production");
    expect(result.config.domain).toBe("oost.buurt.example");
    expect(result.config.database).toEqual({ kind: "postgres", url: "postgres://buurt:secret@db:5432/buurt" });
    expect(result.config.listen.port).toBe(3000);
    expect(result.config.buurt.joinPolicy).toBe("invite");
    expect(result.config.trustProxy).toBe(true);
  });

  it("accepts sqlite: and file: database URLs", () => {
    const a = loadConfig({ DATABASE_URL: "sqlite:/var/lib/buurt/db.sqlite" });
    const b = loadConfig({ DATABASE_URL: "file:./x.sqlite" });
    expect(a.ok && a.config.database).toEqual({ kind: "sqlite", path: "/var/lib/buurt/db.sqlite" });
    expect(b.ok && b.config.database).toEqual({ kind: "sqlite", path: "./x.sqlite" });
  });

  it("reports every bad value at once, one sentence each, naming the variable", () => {
    const errors = errorsOf({
      PORT: "eighty",
      BUURT_ORIGIN: "ftp://buurt.example",
      BUURT_HANDLE: "Buurt Oost",
      BUURT_TIMEZONE: "Europe/Nowhere",
      BUURT_LANGUAGE: "de",
      BUURT_JOIN_POLICY: "everyone",
      DATABASE_URL: "mysql://db/buurt",
      LOG_LEVEL: "verbose",
      TRUST_PROXY: "maybe",
    });
    const named = ["PORT", "BUURT_ORIGIN", "BUURT_HANDLE", "BUURT_TIMEZONE", "BUURT_LANGUAGE", "BUURT_JOIN_POLICY", "DATABASE_URL", "LOG_LEVEL", "TRUST_PROXY"];
    for (const name of named) expect(errors.some((e) => e.startsWith(name))).toBe(true);
    expect(errors).toHaveLength(named.length);
  });

  it("requires https and a session secret for a public origin", () => {
    expect(errorsOf({ BUURT_ORIGIN: "http://buurt.example" })[0]).toMatch(/BUURT_ORIGIN must use https/);
    expect(errorsOf({ BUURT_ORIGIN: "https://buurt.example" })[0]).toMatch(/SESSION_SECRET is required/);
    expect(errorsOf({ BUURT_ORIGIN: "https://buurt.example", SESSION_SECRET: "short" })[0]).toMatch(/at least 32/);
  });

  it("refuses paths and credentials in the origin", () => {
    expect(errorsOf({ BUURT_ORIGIN: "https://buurt.example/app", SESSION_SECRET: "a".repeat(40) })[0]).toMatch(
      /only scheme, host and port/,
    );
    expect(errorsOf({ BUURT_ORIGIN: "not a url" })[0]).toMatch(/must be a URL/);
  });

  it("refuses private-address federation for a public origin but allows it in development and tests", () => {
    const errors = errorsOf({
      BUURT_ORIGIN: "https://buurt.example",
      SESSION_SECRET: "a".repeat(40),
      BUURT_ALLOW_PRIVATE_ADDRESS: "true",
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/BUURT_ALLOW_PRIVATE_ADDRESS is refused/);
    const dev = loadConfig({ BUURT_ALLOW_PRIVATE_ADDRESS: "true" });
    expect(dev.ok && dev.config.allowPrivateAddress).toBe(true);
    const test = loadConfig({ NODE_ENV: "test", BUURT_ORIGIN: "http://127.0.0.1:4000", BUURT_ALLOW_PRIVATE_ADDRESS: "1" });
    expect(test.ok && test.config.mode).toBe("test");
  });

  it("does not echo a database password in its error", () => {
    const errors = errorsOf({ DATABASE_URL: "mysql://user:hunter2@db/buurt" });
    expect(errors[0]).not.toContain("hunter2");
  });

  it("documents every variable it reads", () => {
    const documented = new Set(CONFIG_VARIABLES.map((v) => v.name));
    for (
      const name of [
        "PORT", "HOST", "BUURT_ORIGIN", "BUURT_NAME", "BUURT_HANDLE", "BUURT_TIMEZONE", "BUURT_LANGUAGE",
        "BUURT_JOIN_POLICY", "DATA_DIR", "DATABASE_URL", "SESSION_SECRET", "BUURT_ALLOW_PRIVATE_ADDRESS",
        "TRUST_PROXY", "LOG_LEVEL",
      ]
    ) expect(documented.has(name)).toBe(true);
  });
});
