/**
 * A member's outbox lists only objects that can be fetched: a recurring
 * event series has no object of its own (its occurrences are federated one
 * by one), so it is not listed as a dead link.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEvent } from "../../src/app/agenda.ts";
import { publishPost } from "../../src/app/posts.ts";
import { eventDraft } from "../agenda/helpers.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";

const AP = "application/activity+json";

describe("a member's outbox", () => {
  let a: TestBuurt;
  beforeAll(async () => {
    a = await startTestBuurt();
    await a.member("anna");
  });
  afterAll(async () => {
    await a.stop();
  });

  it("lists notes and single events, each fetchable, and leaves recurring series out", async () => {
    const note = await publishPost(a.buurt.app, { authorUsername: "anna", text: "Gewoon een bericht" });
    const single = await createEvent(a.buurt.app, { authorUsername: "anna", draft: eventDraft({ startDate: "2031-05-10" }) });
    const series = await createEvent(a.buurt.app, {
      authorUsername: "anna",
      draft: eventDraft({ startDate: "2031-05-12", recurrence: "weekly", repeatUntil: "2031-06-30" }),
    });
    if (!note.ok || !single.ok || !series.ok) throw new Error("setup failed");

    const page = await (await a.buurt.web.request("/users/anna/outbox?cursor=", { headers: { Accept: AP } })).json();
    const objects = (page.orderedItems as Array<{ object: string | { id: string } }>)
      .map((item) => (typeof item.object === "string" ? item.object : item.object.id));
    expect(objects).toContain(note.value.iri);
    expect(objects).toContain(single.value.post.iri);
    expect(objects).not.toContain(series.value.post.iri);
    for (const iri of objects) {
      const res = await a.buurt.web.request(new URL(iri).pathname, { headers: { Accept: AP } });
      expect(res.status, iri).toBe(200);
    }
  });
});
