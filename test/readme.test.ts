/**
 * The README's configuration table is the operator's reference: it must list
 * exactly the variables `loadConfig` understands (`CONFIG_VARIABLES`), with
 * the same defaults.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "../src/config/config.ts";

const README = readFileSync(new URL("../README.md", import.meta.url), "utf8");

/** Rows of the table under "## Configuration": `| \`NAME\` | \`default\` | … |`. */
function configurationTable(): Map<string, string> {
  const section = README.split(/^## /m).find((s) => s.startsWith("Configuration\n")) ?? "";
  const rows = new Map<string, string>();
  for (const match of section.matchAll(/^\| `([A-Z0-9_]+)` \| `([^`]*)` \|/gm)) rows.set(match[1]!, match[2]!);
  return rows;
}

describe("README", () => {
  it("documents every configuration variable with its default, and no other", () => {
    const documented = configurationTable();
    expect(Object.fromEntries(documented)).toEqual(
      Object.fromEntries(CONFIG_VARIABLES.map((v) => [v.name, v.default])),
    );
  });

  it("lists every command `buurt help` prints, and makes the first member an admin", () => {
    const cli = readFileSync(new URL("../src/cli.ts", import.meta.url), "utf8");
    const help = cli.split("Commands:\n")[1]!.split("\n\n")[0]!;
    const commands = help.split("\n")
      .filter((line) => /^ {2}[a-z]/.test(line))
      .map((line) => line.trim().split(/\s+/).filter((_word, i, all) => all.slice(0, i + 1).every((w) => /^[a-z-]+$/.test(w))).join(" "));
    expect(commands.length).toBeGreaterThan(8);
    const table = README.split(/^## /m).find((s) => s.startsWith("The first member and post\n")) ?? "";
    for (const command of commands) expect(table, command).toContain(`| \`${command}`);
    // A self-hoster following the README ends up with someone who can open the moderation pages.
    expect(table).toMatch(/npm run buurt -- admin create-member \w+ [^\n]*--role admin/);
  });

  it("gives the quick-start commands", () => {
    for (const command of ["npm ci", "npm start", "npm test"]) expect(README).toContain(command);
  });
});
