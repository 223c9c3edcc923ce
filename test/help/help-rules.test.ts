/**
 * The help board's rules (src/domain/help.ts): input checks, who may
 * respond, match, release and close, the three-day attention rule, and
 * the text of a help post.
 */
import { describe, expect, it } from "vitest";
import {
  checkClose,
  checkHelpInput,
  checkHelpMessage,
  checkMatch,
  checkRelease,
  checkRespond,
  canViewConversation,
  canViewHelpItem,
  type HelpItem,
  type HelpWording,
  helpNoteHtml,
  needsAttention,
} from "../../src/domain/help.ts";

function item(overrides: Partial<HelpItem> = {}): HelpItem {
  return {
    postId: "p1",
    postIri: "https://buurt.example/posts/p1",
    authorActorId: "anna",
    kind: "request",
    category: "errands",
    title: "Boodschappen",
    description: "",
    visibility: "buurt",
    status: "open",
    matchedActorId: null,
    matchedAt: null,
    closedAt: null,
    closedByActorId: null,
    createdAt: "2026-03-01T10:00:00.000Z",
    updatedAt: "2026-03-01T10:00:00.000Z",
    ...overrides,
  };
}

const anna = { actorId: "anna", moderator: false };
const bob = { actorId: "bob", moderator: false };
const verbinder = { actorId: "vera", moderator: true };

describe("help input", () => {
  it("accepts a complete item and reports every problem at once", () => {
    expect(checkHelpInput({ kind: "request", category: "errands", title: "Wie helpt?", description: "", visibility: "buurt" }))
      .toEqual({});
    expect(checkHelpInput({ kind: "ask", category: "gardening", title: "  ", description: "x".repeat(2001), visibility: "unlisted" }))
      .toEqual({
        kind: "help_kind_invalid",
        category: "help_category_invalid",
        title: "help_title_empty",
        description: "help_description_too_long",
        visibility: "help_visibility_invalid",
      });
    expect(checkHelpInput({ kind: "offer", category: "lending", title: "é".repeat(121), description: "", visibility: "public" }))
      .toEqual({ title: "help_title_too_long" });
  });

  it("checks conversation messages", () => {
    expect(checkHelpMessage(" \n ")).toBe("help_message_empty");
    expect(checkHelpMessage("x".repeat(2001))).toBe("help_message_too_long");
    expect(checkHelpMessage("Ik kan zaterdag")).toBeNull();
  });
});

describe("who may do what", () => {
  it("lets anyone but the author respond while open", () => {
    expect(checkRespond(item(), "bob")).toBeNull();
    expect(checkRespond(item(), "anna")).toBe("own_item");
    expect(checkRespond(item({ status: "matched" }), "bob")).toBe("not_open");
    expect(checkRespond(item({ status: "closed" }), "bob")).toBe("not_open");
  });

  it("lets only the author match, only an open item, only with a responder, never with themselves", () => {
    expect(checkMatch(item(), anna, "bob", ["bob"])).toBeNull();
    expect(checkMatch(item(), bob, "bob", ["bob"])).toBe("not_author");
    expect(checkMatch(item(), verbinder, "bob", ["bob"])).toBe("not_author");
    expect(checkMatch(item(), anna, "anna", ["bob", "anna"])).toBe("self_match");
    expect(checkMatch(item(), anna, "carol", ["bob"])).toBe("not_a_responder");
    expect(checkMatch(item({ status: "matched", matchedActorId: "bob" }), anna, "bob", ["bob"])).toBe("not_open");
  });

  it("lets only the author release a match", () => {
    const matched = item({ status: "matched", matchedActorId: "bob" });
    expect(checkRelease(matched, anna)).toBeNull();
    expect(checkRelease(matched, verbinder)).toBe("not_author");
    expect(checkRelease(item(), anna)).toBe("not_matched");
  });

  it("lets the author or a moderator close an open or matched item, once", () => {
    expect(checkClose(item(), anna)).toBeNull();
    expect(checkClose(item({ status: "matched", matchedActorId: "bob" }), anna)).toBeNull();
    expect(checkClose(item(), verbinder)).toBeNull();
    expect(checkClose(item(), bob)).toBe("not_allowed");
    expect(checkClose(item({ status: "closed" }), anna)).toBe("already_closed");
    expect(checkClose(item({ status: "closed" }), verbinder)).toBe("already_closed");
  });

  it("shows buurt-only items to members only and conversations to their two participants only", () => {
    expect(canViewHelpItem({ visibility: "buurt" }, false)).toBe(false);
    expect(canViewHelpItem({ visibility: "buurt" }, true)).toBe(true);
    expect(canViewHelpItem({ visibility: "public" }, false)).toBe(true);
    expect(canViewConversation(item(), "bob", "anna")).toBe(true);
    expect(canViewConversation(item(), "bob", "bob")).toBe(true);
    expect(canViewConversation(item(), "bob", "carol")).toBe(false);
    expect(canViewConversation(item(), "bob", null)).toBe(false);
  });
});

describe("attention", () => {
  it("flags open requests older than three days, not offers or closed ones", () => {
    const now = new Date("2026-03-04T10:00:01.000Z");
    expect(needsAttention(item(), now)).toBe(true);
    expect(needsAttention(item(), new Date("2026-03-04T10:00:00.000Z"))).toBe(false);
    expect(needsAttention(item({ kind: "offer" }), now)).toBe(false);
    expect(needsAttention(item({ status: "matched" }), now)).toBe(false);
    expect(needsAttention(item({ status: "closed" }), now)).toBe(false);
  });
});

describe("the help post", () => {
  const wording: HelpWording = {
    kind: { request: "Hulpvraag", offer: "Hulpaanbod" },
    category: { errands: "Boodschappen", odd_jobs: "Klusjes", transport: "Vervoer", company: "Gezelschap", lending: "Lenen", other: "Anders" },
    invite: { request: "Kun je helpen? Reageer op dit bericht.", offer: "Heb je hier iets aan?" },
    moreOnBoard: "Bekijk het op het hulpbord.",
    status: { matched: "Gekoppeld.", closed: "Gesloten." },
  };
  const links = {
    itemUrl: "https://b.example/hulp/p1",
    kindUrl: "https://b.example/hulp?kind=request",
    categoryUrl: "https://b.example/hulp?category=errands",
  };

  it("says what is asked, how to answer, and carries the kind and category hashtags", () => {
    const { html, tags } = helpNoteHtml(
      { kind: "request", category: "errands", title: "Wie haalt <brood>?", description: "Zaterdag\n\nGraag volkoren", status: "open" },
      wording,
      links,
    );
    expect(html).toBe(
      "<p>Hulpvraag · Boodschappen: <strong>Wie haalt &lt;brood&gt;?</strong></p>" +
        "<p>Zaterdag</p><p>Graag volkoren</p>" +
        '<p>Kun je helpen? Reageer op dit bericht. <a href="https://b.example/hulp/p1">Bekijk het op het hulpbord.</a></p>' +
        '<p><a href="https://b.example/hulp?kind=request" class="mention hashtag" rel="tag">#<span>hulpgevraagd</span></a> ' +
        '<a href="https://b.example/hulp?category=errands" class="mention hashtag" rel="tag">#<span>boodschappen</span></a></p>',
    );
    expect(tags).toEqual([
      { type: "Hashtag", name: "#hulpgevraagd", href: links.kindUrl },
      { type: "Hashtag", name: "#boodschappen", href: links.categoryUrl },
    ]);
  });

  it("states the status once matched or closed and stops inviting answers", () => {
    const { html, tags } = helpNoteHtml(
      { kind: "offer", category: "other", title: "Ladder te leen", description: "", status: "closed" },
      wording,
      links,
    );
    expect(html.startsWith("<p><strong>Gesloten.</strong></p><p>Hulpaanbod · Anders: <strong>Ladder te leen</strong></p>"))
      .toBe(true);
    expect(html).not.toContain("Heb je hier iets aan?");
    expect(tags.map((t) => t.name)).toEqual(["#hulpaangeboden", "#burenhulp"]);
  });
});
