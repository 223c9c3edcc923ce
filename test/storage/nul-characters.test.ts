/**
 * U+0000 in text: PostgreSQL refuses it in any text value or parameter
 * ("invalid byte sequence for encoding UTF8: 0x00"), so one NUL in a URL,
 * a form field or a remote document failed the whole query.  Both
 * databases now drop it from every string parameter: text is stored
 * without it, and a look-up with it finds nothing instead of failing.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Repositories } from "../../src/app/ports.ts";
import { createRepositories } from "../../src/db/repositories/index.ts";
import { openTestDatabase, type TestDatabase, testDialects } from "../helpers/databases.ts";

describe.each(testDialects())("NUL characters in parameters (%s)", (dialect) => {
  let handle: TestDatabase;
  let repos: Repositories;
  beforeEach(async () => {
    handle = await openTestDatabase(dialect);
    repos = createRepositories(handle.db);
  });
  afterEach(async () => {
    await handle.destroy();
  });

  it("stores text without NUL and answers look-ups with NUL as not found", async () => {
    await handle.db.insertInto("kv_entries").values({ key: "a\u0000b", value: "x\u0000y", expires_at: null }).execute();
    const rows = await handle.db.selectFrom("kv_entries").selectAll().execute();
    expect(rows.map((r) => [r.key, r.value])).toEqual([["ab", "xy"]]);

    expect(await repos.posts.findById("\u0000")).toBeNull();
    expect(await repos.actors.findById("a\u0000b")).toBeNull();
    expect(await repos.members.findByUsername("anna\u0000")).toBeNull();
    const found = await handle.db.selectFrom("kv_entries").select("key").where("key", "in", ["a\u0000b", "zz"]).execute();
    expect(found.map((r) => r.key)).toEqual(["ab"]);
  });
});
