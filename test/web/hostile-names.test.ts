/**
 * Names people type (at sign-up, in settings, a professional's
 * organisation and function) are shown to every neighbour and sent to other
 * servers: they keep their letters, accents and emoji, but lose what lets
 * one name pass for another or garble the page around it — bidi overrides,
 * zero-width and other invisible characters, control characters, and
 * towers of combining marks.  A name with nothing visible left falls back
 * to the username, as an empty one does.  Markup stays text everywhere.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMember } from "../../src/app/members.ts";
import { cleanDisplayName } from "../../src/domain/profile.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { loginAs, visitor } from "../helpers/web.ts";

describe("cleanDisplayName", () => {
  it("keeps letters, accents, scripts and emoji; drops invisible and direction-changing characters", () => {
    expect(cleanDisplayName("  Anna   de  Vries ")).toBe("Anna de Vries");
    expect(cleanDisplayName("Zoë Öztürk-Ngô")).toBe("Zoë Öztürk-Ngô");
    // Decomposed accents are composed (NFC), so "é" is one character everywhere.
    expect(cleanDisplayName("Rene\u0301")).toBe("René");
    expect(cleanDisplayName("محمد")).toBe("محمد");
    expect(cleanDisplayName("Familie 👨‍👩‍👧")).toBe("Familie 👨‍👩‍👧");
    expect(cleanDisplayName("Anna\u202Egnp.exe")).toBe("Annagnp.exe");
    expect(cleanDisplayName("\u2067Bob\u2069")).toBe("Bob");
    expect(cleanDisplayName("A\u200Bn\u2060n\uFEFFa")).toBe("Anna");
    expect(cleanDisplayName("line\nbreak\ttab\u0007bell")).toBe("line break tabbell");
    // Nothing visible left: empty (the caller falls back to the username).
    expect(cleanDisplayName("\u200B\u200D\u200C")).toBe("");
    expect(cleanDisplayName("\u3164\u3164")).toBe("");
    expect(cleanDisplayName(" \u00A0\u2003 ")).toBe("");
    // A tower of combining marks is cut to a few per letter.
    const zalgo = `Z${"\u0336\u0334\u0335\u0337\u0338\u0321\u0322".repeat(10)}oe`;
    expect([...cleanDisplayName(zalgo)].length).toBeLessThanOrEqual(2 + 1 + 4);
  });
});

describe("names typed into the web forms", () => {
  let b: TestBuurt;
  let n = 0;
  const ip = () => `192.0.2.${++n}`;
  beforeAll(async () => {
    b = await startTestBuurt({ name: "Buurt Zuidwest" });
  });
  afterAll(async () => {
    await b.stop();
  });

  it("sign-up and settings store the cleaned name; an invisible one becomes the username", async () => {
    const signup = (username: string, display_name: string) =>
      visitor(b.buurt, { ip: ip() }).post("/signup", {
        username,
        display_name,
        email: `${username}@example.nl`,
        password: "een lang wachtwoord",
        password_confirmation: "een lang wachtwoord",
      });
    expect((await signup("rtl", "\u202Eevil")).status).toBe(303);
    expect((await signup("blank", "\u200B\u200D")).status).toBe(303);
    const actorName = async (username: string) => {
      const member = await b.buurt.app.repos.members.findByUsername(username);
      return (await b.buurt.app.repos.actors.findById(member!.actorId))!.name;
    };
    expect(await actorName("rtl")).toBe("evil");
    expect(await actorName("blank")).toBe("blank");

    await createMember(b.buurt.app, { username: "mila", displayName: "Mila", status: "active" });
    const mila = await loginAs(b.buurt, "mila");
    expect((await mila.post("/settings", { display_name: "\u2066Mila\u2069 <b>B</b>", bio: "", locale: "" })).status).toBe(303);
    expect(await actorName("mila")).toBe("Mila <b>B</b>");
    const profile = await (await visitor(b.buurt).get("/@mila")).text();
    expect(profile).toContain("Mila &lt;b>B&lt;/b>");
    expect(profile).not.toContain("<b>B</b>");
    expect((await mila.post("/settings", { display_name: "\uFEFF \u200B", bio: "", locale: "" })).status).toBe(303);
    expect(await actorName("mila")).toBe("mila");
  });

  it("a professional's organisation and function are cleaned the same way; nothing visible clears them", async () => {
    await createMember(b.buurt.app, { username: "vera", displayName: "Vera", role: "buurtverbinder", status: "active" });
    const piet = await createMember(b.buurt.app, { username: "piet", displayName: "Piet", status: "active" });
    if (!piet.ok) throw new Error(piet.error);
    const bv = await loginAs(b.buurt, "vera");
    const field = (name: string) => `m-${piet.value.id}-${name}`;
    const res = await bv.post(`/moderation/members/${piet.value.id}`, {
      [field("role")]: "professional",
      [field("organisation")]: "Politie\u202E",
      [field("job_title")]: "\u200B",
    });
    expect(res.status).toBe(303);
    const stored = await b.buurt.app.repos.members.findById(piet.value.id);
    expect(stored).toMatchObject({ organisation: "Politie", jobTitle: null });
  });
});
