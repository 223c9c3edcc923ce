/**
 * deno.json's import map must match package.json, so `deno check` (and,
 * later, serving on Deno) resolves the same packages Node does: every
 * package the runtime code imports is a dependency (or pinned through
 * `overrides`) and is mapped, with the same version, in deno.json.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = new URL("..", import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  overrides?: Record<string, string>;
};
const deno = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8")) as {
  nodeModulesDir?: string;
  imports: Record<string, string>;
};

function listSources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listSources(`${dir}/${e.name}`) : /\.tsx?$/.test(e.name) ? [`${dir}/${e.name}`] : []
  );
}

/** Bare package names imported by the runtime code (src/, views/, migrations/). */
function importedPackages(): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /(?:^|[\s;])(?:import|export)\b[^"';]*?\bfrom\s+["']([^"'.][^"']*)["']|\bimport\(\s*["']([^"'.][^"']*)["']\s*\)/g;
  for (const file of ["src", "views", "migrations"].flatMap(listSources)) {
    for (const m of readFileSync(join(ROOT, file), "utf8").matchAll(pattern)) {
      const specifier = m[1] ?? m[2]!;
      if (specifier.startsWith("node:")) continue;
      const parts = specifier.split("/");
      const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
      if (!found.has(name)) found.set(name, file);
    }
  }
  return found;
}

/** The version range package.json gives a package (a dependency, or an override pin). */
function declaredVersion(name: string): string | undefined {
  const dep = pkg.dependencies[name];
  if (dep != null) return dep;
  const override = pkg.overrides?.[name];
  return override == null || override.startsWith("$") ? undefined : override;
}

describe("deno.json", () => {
  it("resolves packages from node_modules", () => {
    expect(deno.nodeModulesDir).toBe("manual");
  });

  it("declares every package the runtime code imports in package.json", () => {
    const undeclared = [...importedPackages()].filter(([name]) => declaredVersion(name) == null)
      .map(([name, file]) => `${name} (imported by ${file})`);
    expect(undeclared, "add these to package.json dependencies").toEqual([]);
  });

  it("maps every imported package to the version package.json declares", () => {
    const wrong = [...importedPackages()]
      .filter(([name]) => deno.imports[name] !== `npm:${name}@${declaredVersion(name)}`)
      .map(([name]) => `"${name}": "npm:${name}@${declaredVersion(name)}" (deno.json has ${deno.imports[name]})`);
    expect(wrong, "deno.json imports out of sync with package.json").toEqual([]);
  });
});
