/**
 * Help requests across two buurten on loopback: a public request reaches a
 * follower on the other buurt as a Note with the help hashtags and a link
 * to its FEP-0837 Proposal; a reply from there counts as a response and
 * notifies the author once (`help_response`, no generic `reply`); the author's answer reaches the responder as a
 * direct message and status changes as Update; a buurt-only request is
 * never delivered.
 */
import { afterEach, describe, expect, it } from "vitest";
import { followActor } from "../../src/app/follows.ts";
import { createHelpItem, matchHelpItem, sendHelpMessage } from "../../src/app/help.ts";
import { publishPost } from "../../src/app/posts.ts";
import { helpWording } from "../../src/web/help-presenters.ts";
import { testDialects } from "../helpers/databases.ts";
import { startTestBuurt, type TestBuurt, waitFor, waitForQueueIdle } from "../helpers/buurt.ts";

const AS_JSON = { Accept: "application/activity+json" };

describe.each(testDialects())("help requests between two buurten (%s)", (dialect) => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("federates a public request as a Note with hashtags and a Proposal link; a remote reply is a response", async () => {
    const a = await startTestBuurt({ name: "Buurt A", handle: "oost", dialect });
    const b = await startTestBuurt({ name: "Buurt B", handle: "west", dialect });
    started.push(a, b);
    const anna = await a.member("anna", "Anna");
    await b.member("bob", "Bob");

    // bob@B follows anna@A.
    const annaOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("anna"));
    if (!annaOnB.ok) throw new Error("lookup failed");
    await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(async () => (await b.buurt.app.repos.follows.findByPair(bobOnB.id, annaOnB.value.id))?.status === "accepted",
      "B to receive the Accept");

    const wording = helpWording("nl");
    const created = await createHelpItem(a.buurt.app, {
      authorUsername: "anna",
      kind: "request",
      category: "errands",
      title: "Wie haalt zaterdag mijn boodschappen?",
      description: "Ik ben geopereerd en mag nog niet lopen.",
      visibility: "public",
      wording,
      language: "nl",
    });
    if (!created.ok) throw new Error(created.error);
    const item = created.value;

    // B stores a Note that says plainly what is asked, with the hashtags; the Proposal link is not shown as media.
    const onB = await waitFor(() => b.buurt.app.repos.posts.findByIri(item.postIri), "B to store the help Note");
    expect(onB.type).toBe("Note");
    expect(onB.visibility).toBe("public");
    expect(onB.contentHtml).toContain("Hulpvraag · Boodschappen: <strong>Wie haalt zaterdag mijn boodschappen?</strong>");
    expect(onB.contentHtml).toContain("Ik ben geopereerd en mag nog niet lopen.");
    expect(onB.contentHtml).toContain("Kun je helpen? Reageer op dit bericht.");
    expect(onB.tags.filter((t) => t.type === "Hashtag").map((t) => [t.name, t.href])).toEqual([
      ["#hulpgevraagd", `${a.origin}/hulp?kind=request`],
      ["#boodschappen", `${a.origin}/hulp?category=errands`],
    ]);
    expect(onB.attachments).toEqual([]);
    expect(onB.url).toBe(`${a.origin}/hulp/${item.postId}`);

    // The Note as A serves it: a plain Note whose only attachment is the FEP-0837 link.
    const noteRes = await fetch(item.postIri, { headers: AS_JSON });
    expect(noteRes.status).toBe(200);
    const note = await noteRes.json() as Record<string, unknown>;
    expect(note.type).toBe("Note");
    expect(note.attachment).toEqual({
      type: "Link",
      href: `${a.origin}/posts/${item.postId}/proposal`,
      mediaType: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"',
      rel: "https://w3id.org/valueflows/ont/vf#Proposal",
      name: "Wie haalt zaterdag mijn boodschappen?",
    });

    // The Proposal at its own IRI, in FEP-0837's terms.
    const proposalRes = await fetch(`${a.origin}/posts/${item.postId}/proposal`, { headers: AS_JSON });
    expect(proposalRes.status).toBe(200);
    const proposal = await proposalRes.json() as Record<string, unknown>;
    expect(proposal).toMatchObject({
      id: `${a.origin}/posts/${item.postId}/proposal`,
      type: "Proposal",
      purpose: "request",
      attributedTo: a.buurt.app.iris.actor("anna"),
      name: "Wie haalt zaterdag mijn boodschappen?",
      content: "<p>Ik ben geopereerd en mag nog niet lopen.</p>",
      unitBased: false,
      to: "as:Public",
      publishes: {
        id: `${a.origin}/posts/${item.postId}/proposal#primary`,
        type: "Intent",
        action: "deliverService",
        resourceConformsTo: `${a.origin}/hulp?category=errands`,
        resourceQuantity: { type: "om2:Measure", hasUnit: "one" },
      },
    });
    expect(JSON.stringify(proposal["@context"])).toContain("https://w3id.org/valueflows/ont/vf#");

    // bob replies from B: a response on A, and anna is notified.
    const reply = await publishPost(b.buurt.app, {
      authorUsername: "bob",
      text: "Ik kan zaterdag om 10 uur, wat moet er mee?",
      inReplyToIri: item.postIri,
      visibility: "public",
    });
    if (!reply.ok) throw new Error(reply.error);
    const responses = await waitFor(async () => {
      const r = await a.buurt.app.repos.help.listResponses(item.postId);
      return r.length === 1 ? r : null;
    }, "A to count bob's reply as a response");
    const bobOnA = responses[0]!.actor;
    expect(bobOnA.iri).toBe(b.buurt.app.iris.actor("bob"));
    expect(bobOnA.local).toBe(false);
    const replyOnA = await a.buurt.app.repos.posts.findById(responses[0]!.response.postId!);
    expect(replyOnA?.iri).toBe(reply.value.iri);
    // One notification for the reply, of the specific kind (not also a generic `reply`).
    await waitFor(() => a.outcomes.some((o) => o.id === `${reply.value.iri}#create`), "A to finish handling the reply");
    const notes = await a.buurt.app.repos.notifications.listForRecipient(anna.actorId, { limit: 10 });
    expect(notes.items.filter((n) => n.postId === replyOnA!.id).map((n) => [n.type, n.fromActorId, n.subjectId]))
      .toEqual([["help_response", bobOnA.id, item.postId]]);

    // anna answers in the conversation: bob receives a direct message on B.
    const answer = await sendHelpMessage(a.buurt.app, {
      postId: item.postId,
      username: "anna",
      responderActorId: bobOnA.id,
      message: "Graag! Brood en melk.",
    });
    if (!answer.ok) throw new Error(answer.error);
    const dm = await waitFor(() => b.buurt.app.repos.posts.findByIri(answer.value.iri), "B to receive anna's direct answer");
    expect(dm.visibility).toBe("direct");
    expect(dm.inReplyToIri).toBe(reply.value.iri);
    expect(dm.contentHtml).toContain("Graag! Brood en melk.");
    expect(dm.tags).toContainEqual({ type: "Mention", name: `@bob@${b.buurt.app.iris.domain}`, href: bobOnB.iri });

    // Matching with the remote responder is sent as an Update of the Note.
    const matched = await matchHelpItem(a.buurt.app, { postId: item.postId, username: "anna", helperActorId: bobOnA.id, wording });
    expect(matched.ok && matched.value.status).toBe("matched");
    await waitFor(async () => (await b.buurt.app.repos.posts.findByIri(item.postIri))?.contentHtml?.includes("Gekoppeld"),
      "B to receive the Update");
  });

  it("never delivers a buurt-only request, nor serves it or its Proposal", async () => {
    const a = await startTestBuurt({ name: "Buurt A", dialect });
    const b = await startTestBuurt({ name: "Buurt B", dialect });
    started.push(a, b);
    await a.member("anna", "Anna");
    await b.member("bob", "Bob");
    const annaOnB = await b.buurt.lookup.resolveActor(a.buurt.app.iris.actor("anna"));
    const groupOnB = await b.buurt.lookup.resolveActor(await a.groupIri());
    if (!annaOnB.ok || !groupOnB.ok) throw new Error("lookup failed");
    await followActor(b.buurt.app, { followerUsername: "bob", target: annaOnB.value });
    await followActor(b.buurt.app, { followerUsername: "bob", target: groupOnB.value });
    const bobOnB = (await b.buurt.app.repos.actors.findLocalByUsername("bob"))!;
    await waitFor(async () =>
      (await b.buurt.app.repos.follows.findByPair(bobOnB.id, annaOnB.value.id))?.status === "accepted" &&
      (await b.buurt.app.repos.follows.findByPair(bobOnB.id, groupOnB.value.id))?.status === "accepted", "both Accepts");
    await waitForQueueIdle(a.buurt);
    const inboxPostsBefore = b.requests.filter((r) => r.method === "POST").length;

    const created = await createHelpItem(a.buurt.app, {
      authorUsername: "anna",
      kind: "request",
      category: "company",
      title: "Wie wandelt met me mee?",
      description: "",
      visibility: "buurt",
      wording: helpWording("nl"),
      language: "nl",
    });
    if (!created.ok) throw new Error(created.error);
    await waitForQueueIdle(a.buurt);

    expect(b.requests.filter((r) => r.method === "POST").length).toBe(inboxPostsBefore);
    expect(await b.buurt.app.repos.posts.findByIri(created.value.postIri)).toBeNull();
    expect((await fetch(created.value.postIri, { headers: AS_JSON })).status).toBe(404);
    expect((await fetch(`${a.origin}/posts/${created.value.postId}/proposal`, { headers: AS_JSON })).status).toBe(404);
  });
});
