/**
 * A professional's profile fields are named in the buurt's language, and
 * their values are escaped text.
 */
import { describe, expect, it } from "vitest";
import { professionalFields } from "../../src/federation/mappers/actor.ts";

const wijkagent = { role: "professional", organisation: "Politie <Utrecht>", jobTitle: "Wijkagent" };

describe("professionalFields", () => {
  it("names the fields in the buurt's language", () => {
    expect(professionalFields(wijkagent, "nl")).toEqual([
      { name: "Organisatie", value: "Politie &lt;Utrecht&gt;" },
      { name: "Functie", value: "Wijkagent" },
    ]);
    expect(professionalFields(wijkagent, "en").map((f) => f.name)).toEqual(["Organisation", "Function"]);
  });

  it("shows nothing for other roles, and only the parts that are set", () => {
    expect(professionalFields({ ...wijkagent, role: "resident" }, "nl")).toEqual([]);
    expect(professionalFields({ ...wijkagent, jobTitle: null }, "en")).toEqual([
      { name: "Organisation", value: "Politie &lt;Utrecht&gt;" },
    ]);
  });
});
