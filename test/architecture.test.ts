/**
 * The dependency rules of ARCHITECTURE.md, checked on the import statements
 * of every .ts/.tsx file under src/, views/ and migrations/.
 *
 * Imports are read with TypeScript's parser (so multi-line imports, `export
 * … from`, `import("…")` and comments are handled), resolved to files, and
 * checked rule by rule.  A failure lists every offending import as
 * `file:line imports "specifier"`.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SCANNED = ["src", "views", "migrations"];

/** One import or re-export of a module. */
interface Import {
  /** Importing file, relative to the repository, with `/`. */
  from: string;
  line: number;
  specifier: string;
  /** Resolved file relative to the repository for `./`, `../` specifiers; `null` for packages. */
  target: string | null;
  /**
   * Erased at compile time: `import type …`, `export type … from`, or an
   * `import("…")` type.  (`import { type A }` is not: with
   * verbatimModuleSyntax it still loads the module.)
   */
  typeOnly: boolean;
}

function listSources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listSources(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) files.push(path);
  }
  return files;
}

function resolveRelative(from: string, specifier: string): string {
  const path = relative(ROOT, resolve(ROOT, dirname(from), specifier)).split(sep).join("/");
  return path.replace(/\.js$/, ".ts");
}

/** Every import of one file. */
function readImports(file: string): Import[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true,
    file.endsWith(".tsx") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const imports: Import[] = [];
  const add = (node: ts.Node, specifier: string, typeOnly: boolean) => {
    const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
    const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : null;
    imports.push({ from: file, line, specifier, target, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier != null && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node, node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)) {
      add(node, node.moduleReference.expression.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg != null && ts.isStringLiteralLike(arg)) add(node, arg.text, false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)) {
      add(node, node.argument.literal.text, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return imports;
}

const FILES = SCANNED.flatMap(listSources).sort();
const IMPORTS = FILES.flatMap(readImports);

/** The npm package a bare specifier names (`@scope/name` or `name`); `null` for relative and `node:` ones. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith(".") || specifier.startsWith("node:")) return null;
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** Frameworks and drivers, by package name. */
const HONO = (p: string) => p === "hono" || p.startsWith("@hono/");
const FEDIFY = (p: string) => p.startsWith("@fedify/");
const KYSELY = (p: string) => p === "kysely";
const DB_DRIVERS = (p: string) => p === "better-sqlite3" || p === "pg";
const PREACT = (p: string) => p === "preact" || p.startsWith("preact-");

/** The folder (layer) of a repository path: `src/domain`, `views`, `migrations`, or `src` for src/*.ts. */
function layerOf(path: string): string {
  const parts = path.split("/");
  if (parts[0] === "src") return parts.length > 2 ? `src/${parts[1]}` : "src";
  return parts[0]!;
}

function describeImport(i: Import): string {
  return `${i.from}:${i.line} imports "${i.specifier}"${i.typeOnly ? " (type only)" : ""}`;
}

/** Imports of files in `layer` that `forbidden` rejects, formatted for the failure message. */
function offenders(layer: string, forbidden: (i: Import) => boolean): string[] {
  return IMPORTS.filter((i) => layerOf(i.from) === layer && forbidden(i)).map(describeImport);
}

/** `target` is in one of `layers`. */
const inLayers = (i: Import, layers: string[]) => i.target != null && layers.includes(layerOf(i.target));
const packageIs = (i: Import, ...tests: Array<(p: string) => boolean>) => {
  const p = packageOf(i.specifier);
  return p != null && tests.some((t) => t(p));
};

describe("architecture", () => {
  it("reads the sources it checks", () => {
    expect(FILES.filter((f) => f.startsWith("src/domain/")).length).toBeGreaterThan(0);
    expect(FILES.filter((f) => f.startsWith("src/app/")).length).toBeGreaterThan(0);
    expect(FILES.filter((f) => f.startsWith("views/")).length).toBeGreaterThan(0);
    expect(IMPORTS.some((i) => i.from === "src/main.ts" && i.target === "src/web/app.ts")).toBe(true);
    expect(IMPORTS.some((i) => i.from === "src/cli.ts" && i.specifier === "node:util")).toBe(true);
  });

  it("resolves every relative import to a scanned file (or an existing data file such as package.json)", () => {
    const known = new Set(FILES);
    const unresolved = IMPORTS.filter((i) =>
      i.target != null && !known.has(i.target) && (/\.tsx?$/.test(i.target) || !existsSync(join(ROOT, i.target)))
    ).map(describeImport);
    expect(unresolved, `Relative imports that name no file under ${SCANNED.join(", ")}`).toEqual([]);
  });

  it("src/domain imports no framework, driver or other src folder", () => {
    const bad = offenders("src/domain", (i) =>
      packageIs(i, HONO, FEDIFY, KYSELY, DB_DRIVERS, PREACT) ||
      (i.target != null && layerOf(i.target) !== "src/domain"));
    expect(bad, "src/domain must stay plain types and rules (see ARCHITECTURE.md)").toEqual([]);
  });

  it("src/app imports nothing from db, federation, web, api or views, nor Hono, Fedify or Kysely", () => {
    const bad = offenders("src/app", (i) =>
      packageIs(i, HONO, FEDIFY, KYSELY, DB_DRIVERS, PREACT) ||
      inLayers(i, ["src/db", "src/federation", "src/web", "src/api", "views", "src"]));
    expect(bad, "src/app depends only on src/domain (and src/config types); adapters implement its ports")
      .toEqual([]);
  });

  it("src/config imports no other layer and no framework", () => {
    const bad = offenders("src/config", (i) =>
      packageIs(i, HONO, FEDIFY, KYSELY, DB_DRIVERS, PREACT) ||
      (i.target != null && layerOf(i.target) !== "src/config"));
    expect(bad, "src/config is pure: it reads the environment and nothing else").toEqual([]);
  });

  it("views import from src/ only with `import type`, and use no server framework", () => {
    const bad = offenders("views", (i) =>
      packageIs(i, HONO, FEDIFY, KYSELY, DB_DRIVERS) ||
      (i.target != null && i.target.startsWith("src/") && !i.typeOnly));
    expect(bad, "views only render their props: use `import type` for types from src/").toEqual([]);
  });

  it("src/db imports nothing from web, api or federation", () => {
    const bad = offenders("src/db", (i) =>
      packageIs(i, HONO, FEDIFY, PREACT) && !i.typeOnly ||
      inLayers(i, ["src/web", "src/api", "src/federation", "views"]));
    expect(bad, "src/db sits below federation, web and api (Fedify's KvStore/MessageQueue types are allowed)")
      .toEqual([]);
  });

  it("src/web and src/api do not write SQL", () => {
    const bad = [
      ...offenders("src/web", (i) => packageIs(i, KYSELY, DB_DRIVERS) || (inLayers(i, ["src/db"]) && !i.typeOnly)),
      ...offenders("src/api", (i) => packageIs(i, KYSELY, DB_DRIVERS) || (inLayers(i, ["src/db"]) && !i.typeOnly)),
    ];
    expect(bad, "web and api call src/app use cases; only src/db knows the database").toEqual([]);
  });

  it("migrations import no application code", () => {
    const bad = offenders("migrations", (i) => i.target != null && layerOf(i.target) !== "migrations");
    expect(bad, "migrations are frozen in time: they may import kysely, never src/ or views/").toEqual([]);
  });

  it("has no import cycles between files", () => {
    // Type-only imports are erased and so cannot form a cycle at run time;
    // every other import (including `import { type A }`) loads its module.
    const edges = new Map<string, Set<string>>();
    const lineOf = new Map<string, number>();
    for (const i of IMPORTS) {
      if (i.target == null || i.typeOnly) continue;
      if (!edges.has(i.from)) edges.set(i.from, new Set());
      edges.get(i.from)!.add(i.target);
      lineOf.set(`${i.from}->${i.target}`, i.line);
    }
    const cycles = findCycles(FILES, edges).map((cycle) =>
      cycle.map((f, k) => k === cycle.length - 1 ? f : `${f}:${lineOf.get(`${f}->${cycle[k + 1]}`)}`).join(" → ")
    );
    expect(cycles, "Import cycles (file:line of each import); break them with a shared module or a port")
      .toEqual([]);
  });
});

/**
 * Every cycle of the directed graph, each once, as a path that starts and
 * ends at the same file: one per strongly connected component (Tarjan), the
 * shortest cycle through its first file.
 */
function findCycles(nodes: string[], edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!indexOf.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) components.push(component.sort());
    }
  };
  for (const v of nodes) if (!indexOf.has(v)) connect(v);
  return components.map((component) => shortestCycle(component[0]!, new Set(component), edges));
}

/** The shortest path from `start` back to itself inside `within` (breadth-first). */
function shortestCycle(start: string, within: Set<string>, edges: Map<string, Set<string>>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of [...(edges.get(v) ?? [])].sort()) {
      if (!within.has(w)) continue;
      if (w === start) {
        const path: string[] = [];
        for (let u = v; u !== start; u = previous.get(u)!) path.push(u);
        return [start, ...path.reverse(), start];
      }
      if (!previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
