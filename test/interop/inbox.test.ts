/**
 * Every activity of the real fixture set (and the synthetic ones) through
 * the real inbox: HTTP POST to the shared inbox of an in-process buurt, Fedify
 * parsing, the queue, the inbox listeners and the repositories.
 *
 * Each activity is posted to a fresh buurt, in one or two runs:
 * - **followed** (every activity): a sender missing from the set is served
 *   as a stand-in (`standInActor`: a real actor document of the same
 *   software, re-addressed), and the local member follows every actor the
 *   activity names, so a post is wanted and the handler runs to the end;
 * - **as found** (where the outcome depends on it): the loader serves only
 *   the fixture set, so most senders answer 404 (their documents were
 *   never captured) and the activity must be ignored with that reason.
 *
 * The body is what the server sends: the fixture itself, with the AS2
 * context added only where the document has no `@context` at all (Lemmy's
 * repository assets strip it, real Lemmy traffic carries Lemmy's context,
 * see `asSent`; Gancio, Prismo and a Pleroma test payload lack it in their
 * fixtures).  `mastodon/delete-actor-self` keeps its inline-only context and
 * is refused, as a JSON-LD reader must.  Mbin's snapshot fixtures carry
 * `SCRUBBED_ID`, which no JSON-LD reader accepts: they are posted as found
 * (refused with 400) and de-scrubbed (`#descrubbed`).
 *
 * The invariant for every case: the answer is 202 or a 4xx with a plain
 * reason, never a 500, and the outcome is processed, ignored (with the
 * reason) or duplicate, never `failed` (an unexpected exception).  The table
 * pins the exact outcome per file and mode.  Effects of the interesting
 * ones are checked in `inbox-effects.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withActivityStreamsContext } from "../../src/federation/jsonld.ts";
import {
  asSent,
  descrubbed,
  type Json,
  readFixture,
  readManifest,
  referencedActors,
  standInActor,
  syntheticFiles,
} from "../helpers/fixtures.ts";
import { fixtureBuurtFactory, type FixtureBuurtFactory } from "../helpers/interop.ts";

/** Top-level types of the fixtures that are activities (the rest are actors, objects, collections). */
const ACTIVITY = /^(Create|Announce|Delete|Like|Follow|Undo|Update|Accept|Flag|Block|Lock|Dislike|Join|Reject|Add|Resolve|Warn|Leave|Invite|EmojiReact|Move)\b/;

/**
 * An outcome that does not depend on which actors can be fetched (the type
 * is unsupported, an origin check fails first, the sender is in the set):
 * checked once, in the "followed" run.
 */
function same(outcome: string): [null, string] {
  return [null, outcome];
}

/**
 * Expected result per fixture: `[as found, followed]`.  `processed: <code>`
 * and `ignored: <reason>` are outcomes after a 202; `<status> <text>` is
 * a refusal at the door.  A trailing `…` matches a prefix (404 messages
 * repeat the URL).
 */
const EXPECTED: Record<string, [string | null, string]> = {
  "lemmy/announce-create-page.json": ["ignored: actor http://s01.example/c/main could not be fetched", "processed: stored"],
  "lemmy/add-moderator.json": same("ignored: unsupported activity type Add"),
  "lemmy/lock-page.json": same("ignored: unsupported activity type Lock"),
  "lemmy/flag-report-page.json": same("ignored: unsupported activity type Flag"),
  "lemmy/resolve-report.json": same("ignored: unsupported activity type Resolve"),
  "lemmy/update-group.json": same("ignored: Update of an object on another origin (http://s01.example)"),
  "lemmy/warn-user.json": same("ignored: unsupported activity type Warn"),
  "lemmy/create-note-comment.json": ["ignored: actor http://s03.example/u/lemmy_alpha could not be fetched", "processed: stored"],
  "lemmy/create-page.json": ["ignored: actor http://s03.example/u/lemmy_alpha could not be fetched", "processed: stored"],
  "lemmy/create-private-message.json": ["ignored: actor http://s01.example/u/lemmy_beta could not be fetched", "processed: stored"],
  "lemmy/create-chatmessage-0-19.json": ["ignored: actor https://s01.example/u/user01 could not be fetched", "processed: stored"],
  "lemmy/delete-page.json": ["processed: unknown_actor", "processed: unknown_object"],
  "lemmy/delete-user.json": ["processed: unknown_actor", "processed: actor_deleted"],
  "lemmy/delete-remove-note-by-mod.json": same("ignored: Delete of an object on another origin (http://s03.example)"),
  "lemmy/follow-group.json": same("ignored: Follow of an unknown local actor"),
  "lemmy/accept-follow.json": ["ignored: actor http://s01.example/c/main could not be fetched", "ignored: Accept of something that is not a known follow request"],
  "lemmy/undo-follow.json": ["ignored: actor http://s03.example/u/lemmy_alpha could not be fetched", "ignored: Undo(Follow) of an unknown local actor"],
  "lemmy/like-note.json": ["ignored: actor http://s03.example/u/lemmy_alpha could not be fetched", "processed: unknown_post"],
  "lemmy/dislike-page.json": same("ignored: unsupported activity type Dislike"),
  "lemmy/block-user.json": same("ignored: unsupported activity type Block"),
  "mastodon/create-note.json": ["ignored: actor https://s10.example/users/user02 could not be fetched", "processed: stored"],
  "mastodon/delete-tombstone-signed.json": ["processed: unknown_actor", "processed: unknown_object"],
  "mastodon/flag-report.json": same("ignored: unsupported activity type Flag"),
  "mastodon/follow.json": same("ignored: Follow of an unknown local actor"),
  "mastodon/like.json": ["ignored: actor https://s10.example/users/user02 could not be fetched", "processed: unknown_post"],
  "mastodon/undo-like.json": ["ignored: actor https://s10.example/users/user02 could not be fetched", "processed: unknown_like"],
  "friendica/create-note.json": ["processed: unsolicited", "processed: stored"],
  "mastodon/create-note-to-lemmy-group.json": ["processed: unsolicited", "processed: stored"],
  "friendica/create-article-to-group.json": ["ignored: actor https://s28.example/profile/user11 could not be fetched", "processed: stored"],
  "friendica/update-note.json": ["ignored: actor https://s28.example/profile/user11 could not be fetched", "processed: unknown_post"],
  "friendica/delete-tombstone.json": ["processed: unknown_actor", "processed: unknown_object"],
  "friendica/like.json": ["ignored: actor https://s28.example/profile/user11 could not be fetched", "processed: unknown_post"],
  "friendica/dislike.json": same("ignored: unsupported activity type Dislike"),
  "gnusocial/create-note.json": ["processed: unsolicited", "processed: stored"],
  "gnusocial/like.json": ["ignored: actor https://another_instance.gnusocial.test/actor/43 could not be fetched", "processed: unknown_post"],
  "lotide/create-note-reply.json": ["ignored: actor https://s31.example/users/1 could not be fetched", "processed: stored"],
  "lotide/create-note-image-post.json": ["ignored: actor http://ltthostname.local:3334/apub/users/3 could not be fetched", "processed: stored"],
  "mitra/accept.json": ["ignored: actor https://s33.example/users/localtestgroup could not be fetched", "ignored: Accept of something that is not a known follow request"],
  "mitra/create-note.json": ["ignored: actor https://s33.example/users/test could not be fetched", "processed: stored"],
  "peertube/announce-video.json": ["processed: unsolicited", "processed: stored"],
  "pleroma/create-note.json": ["ignored: actor https://s67.example/users/user01 could not be fetched", "processed: stored"],
  "smithereen/create-note.json": ["processed: unsolicited", "processed: stored"],
  "wordpress/announce-update-article.json": ["ignored: actor https://s69.example/@s69.example could not be fetched", "ignored: announced Update could not be verified by fetching it from its origin"],
  // Events go to the agenda (src/federation/inbox/events.ts, rsvp.ts); their effects: test/agenda/fixtures.test.ts.
  "mobilizon/create-event.json": ["ignored: actor https://s37.example/@user29 could not be fetched", "processed: event_stored"],
  "mobilizon/create-event-by-group.json": ["ignored: actor http://s77.example/@user could not be fetched", "processed: event_stored"],
  "mobilizon/create-event-with-media.json": ["ignored: actor https://s37.example/@user29 could not be fetched", "processed: event_stored"],
  "mobilizon/join-event.json": same("ignored: Join of something that is not an event here"),
  "mobilizon/leave-event.json": same("ignored: Leave of something that is not an event here"),
  "mobilizon/invite-to-group.json": same("ignored: unsupported activity type Invite"),
  "gancio/create-event.json": ["processed: event_unsolicited", "processed: event_stored"],
  "mastodon/create-note-followers-only.json": ["ignored: actor https://s73.example/users/admin could not be fetched", "processed: stored"],
  "mastodon/announce-object-uri.json": ["ignored: actor https://s73.example/users/peertube could not be fetched", "ignored: announced object could not be loaded: FetchError: https://s73.example/users/peertube/statuses/104584600044284729: HTTP 404…"],
  "mastodon/reject-follow.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "ignored: Reject of something that is not a known follow request"],
  "mastodon/create-question-poll.json": ["ignored: actor https://s86.example/users/user33 could not be fetched", "processed: stored"],
  "mastodon/create-note-poll-vote.json": ["ignored: actor https://s86.example/users/user33 could not be fetched", "ignored: post refused: poll_vote"],
  "mastodon/create-note-contentmap.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "processed: stored"],
  "mastodon/create-note-sensitive-cw.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "processed: stored"],
  "mastodon/create-note-hashtag.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "processed: stored"],
  "mastodon/block.json": same("ignored: unsupported activity type Block"),
  "mastodon/undo-block.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "ignored: Undo of unsupported Block"],
  "mastodon/undo-like-object-uri.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "ignored: Undo of an activity that is not a follow, like or announce known here"],
  "mastodon/announce-private-embedded.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "processed: stored"],
  "mastodon/undo-announce.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "processed: unknown_announce"],
  "mastodon/update-person.json": same("400 The activity could not be processed (its JSON-LD context or an embedded object could not be loaded)."),
  "mastodon/delete-actor-self.json": same("400 Missing actor."),
  "mastodon/accept-follow.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "ignored: Accept of something that is not a known follow request"],
  "mastodon/announce-bogus-spoofed.json": ["ignored: actor http://mastodon.example.org/users/admin could not be fetched", "ignored: announced object could not be loaded: FetchError: https://s14.example/users/user36/statuses/101849165031453404: HTTP 404…"],
  "misskey/create-note.json": ["ignored: actor https://s94.example/users/8ozbzjs3o8 could not be fetched", "processed: stored"],
  "misskey/like-reaction.json": same("ignored: activity id and actor are on different origins"),
  "misskey/like-custom-emoji-reaction.json": ["ignored: actor https://s99.example/users/8x8yep20u2 could not be fetched", "processed: unknown_post"],
  "pleroma/emojireact.json": same("ignored: unsupported activity type EmojiReact"),
  "pleroma/create-chatmessage-no-context.json": ["ignored: actor http://2hu.gensokyo/users/user45 could not be fetched", "processed: stored"],
  "pleroma/create-note-reply-to-misskey.json": ["processed: unsolicited", "processed: stored"],
  "hubzilla/create-image.json": ["processed: unsolicited", "processed: stored"],
  "hubzilla/follow.json": same("ignored: Follow of an unknown local actor"),
  "osada/follow-signed-inline-actor.json": same("ignored: Follow of an unknown local actor"),
  "roadhouse/create-note.json": ["ignored: actor https://s109.example/channel/user51 could not be fetched", "processed: stored"],
  "mobilizon/join-event-with-participation-message.json": same("ignored: activity id and actor are on different origins"),
  "mobilizon/accept-join.json": same("ignored: activity id and actor are on different origins"),
  "kroeg/announce-inline-actor.json": same("ignored: announced object could not be loaded: FetchError: http://mastodon.example.org/users/admin/statuses/100787282858396771: HTTP 404…"),
  "kroeg/create-note-arrayless-emoji.json": ["processed: unsolicited", "processed: stored"],
  "kroeg/create-note-arrayless-hashtag.json": ["processed: unsolicited", "processed: stored"],
  "funkwhale/create-audio.json": ["processed: unsolicited", "processed: stored"],
  "wordpress/create-article.json": ["processed: unsolicited", "processed: stored"],
  "prismo/create-article-url-link.json": ["ignored: actor https://s195.example/@user215 could not be fetched", "processed: stored"],
  "mastodon/create-note-multiple-contentmaps.json": ["ignored: actor https://mastodon.local/users/admin could not be fetched", "processed: stored"],
  "mbin/create-page-thread.json": same("400 Invalid activity."),
  "mbin/create-page-thread.json#descrubbed": ["ignored: actor https://kbin.test/u/user could not be fetched", "processed: stored"],
  "mbin/create-page-link-image.json": same("400 Invalid activity."),
  "mbin/create-page-link-image.json#descrubbed": ["ignored: actor https://kbin.test/u/user could not be fetched", "processed: stored"],
  "mbin/create-note-microblog.json": same("400 Invalid activity."),
  "mbin/create-note-microblog.json#descrubbed": ["ignored: actor https://kbin.test/u/user could not be fetched", "processed: stored"],
  "mbin/create-chatmessage.json": same("400 Invalid activity."),
  "mbin/create-chatmessage.json#descrubbed": ["ignored: actor https://kbin.test/u/user could not be fetched", "processed: stored"],
  "mbin/announce-create-page.json": same("400 Invalid activity."),
  "mbin/announce-create-page.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "processed: stored"],
  "mbin/announce-like.json": same("400 Invalid activity."),
  "mbin/announce-like.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: announced Like could not be verified by fetching it from its origin"],
  "mbin/announce-delete-by-moderator.json": same("400 Invalid activity."),
  "mbin/announce-delete-by-moderator.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: announced Delete could not be verified by fetching it from its origin"],
  "mbin/announce-add-moderator.json": same("400 Invalid activity."),
  "mbin/announce-add-moderator.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: announced Add could not be verified by fetching it from its origin"],
  "mbin/announce-update-group.json": same("400 Invalid activity."),
  "mbin/announce-update-group.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: announced Update could not be verified by fetching it from its origin"],
  "mbin/announce-boost-by-group.json": same("400 Invalid activity."),
  "mbin/announce-boost-by-group.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: announced object could not be loaded: FetchError: https://kbin.test/scrubbed/mbin-announce-boost-by-group-json/2: HTTP 404…"],
  "mbin/follow-group.json": same("400 Invalid activity."),
  "mbin/follow-group.json#descrubbed": same("ignored: Follow of an unknown local actor"),
  "mbin/reject-follow.json": same("400 Invalid activity."),
  "mbin/reject-follow.json#descrubbed": ["ignored: actor https://kbin.test/m/test could not be fetched", "ignored: answer names a follow of someone else"],
  "mbin/flag.json": same("400 Invalid activity."),
  "mbin/flag.json#descrubbed": same("ignored: unsupported activity type Flag"),
  "mbin/lock-by-moderator.json": same("400 Invalid activity."),
  "mbin/lock-by-moderator.json#descrubbed": same("ignored: unsupported activity type Lock"),
  "mbin/block-user-from-group.json": same("400 Invalid activity."),
  "mbin/block-user-from-group.json#descrubbed": same("ignored: unsupported activity type Block"),
  "bookwyrm/create-generatednote.json": ["ignored: actor https://example.com/users/rat could not be fetched", "processed: stored"],
  "ghost/create-article.json": ["ignored: actor https://example.com/user/foo could not be fetched", "processed: stored"],
  "ghost/create-note-with-mention.json": ["ignored: actor https://example.com/user/foo could not be fetched", "processed: stored"],
  "ghost/update-article.json": ["ignored: actor https://example.com/user/foo could not be fetched", "processed: unknown_post"],
  "synthetic/gotosocial-create-note-interaction-policy.json": ["processed: unsolicited", "processed: stored"],
  "synthetic/mastodon-create-note-quote.json": ["processed: unsolicited", "processed: stored"],
  "synthetic/mastodon-move.json": same("ignored: unsupported activity type Move"),
  "synthetic/mastodon-update-note.json": ["ignored: actor https://s10.example/users/user02 could not be fetched", "processed: unknown_post"],
};

interface Case {
  label: string;
  body: Json;
  implementation: string;
}

function cases(): Case[] {
  const list: Case[] = [];
  for (const row of readManifest().filter((r) => ACTIVITY.test(r.type))) {
    const sent = asSent(row.file);
    const body = "@context" in sent ? sent : withActivityStreamsContext(sent);
    list.push({ label: row.file, body, implementation: row.implementation });
    if (row.implementation === "mbin") {
      list.push({ label: `${row.file}#descrubbed`, body: descrubbed(body, row.file.replace(/\W/g, "-")), implementation: "mbin" });
    }
  }
  for (const file of syntheticFiles()) {
    const body = readFixture(file);
    if (ACTIVITY.test(String(body.type))) {
      list.push({ label: file, body, implementation: file.replace(/^synthetic\/([a-z]+)-.*$/, "$1") });
    }
  }
  return list;
}

function matches(actual: string, expected: string): boolean {
  return expected.endsWith("…") ? actual.startsWith(expected.slice(0, -1)) : actual === expected;
}

const ALL = cases();
const DOCUMENTS = [...readManifest().map((r) => readFixture(r.file)), ...syntheticFiles().map(readFixture)];
const KNOWN = new Set(DOCUMENTS.flatMap((d) => (typeof d.id === "string" && URL.canParse(d.id) ? [new URL(d.id).href] : [])));

describe("inbox: every fixture activity", () => {
  let factory: FixtureBuurtFactory;
  beforeAll(async () => {
    factory = await fixtureBuurtFactory();
  });
  afterAll(async () => {
    await factory.dispose();
  });

  it("has an expectation for every activity fixture, and none left over", () => {
    expect(ALL.map((c) => c.label).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(ALL.length).toBeGreaterThan(110);
  });

  for (const [mode, index] of [["as found", 0], ["followed", 1]] as const) {
    describe.concurrent(mode, () => {
      const run = ALL.filter((c) => EXPECTED[c.label]?.[index] != null);
      it.each(run.map((c) => [c.label, c] as const))("%s", async (_label, c) => {
        const extra = index === 1
          ? [...referencedActors(c.body)].filter((a) => !KNOWN.has(a)).map((a) => standInActor(a, c.implementation))
          : [];
        const fb = await factory.start([...DOCUMENTS, ...extra]);
        try {
          if (index === 1) for (const actor of referencedActors(c.body)) await fb.follow(actor);
          const response = await fb.post(c.body);
          expect(response.status === 202 || (response.status >= 400 && response.status < 500)).toBe(true);
          let actual: string;
          if (response.status === 202) {
            const outcome = await fb.outcomeOf(new URL(String(c.body.id)).href);
            expect(outcome, "an outcome is reported").not.toBeNull();
            expect(outcome!.kind).not.toBe("failed");
            actual = `${outcome!.kind}: ${outcome!.detail}`;
          } else {
            expect(response.text.trim()).not.toBe("");
            expect(response.text).not.toMatch(/\n\s+at\s/);
            actual = `${response.status} ${response.text}`;
          }
          const expected = EXPECTED[c.label]![index]!;
          expect(matches(actual, expected), `${actual}\n  expected ${expected}`).toBe(true);
          expect(fb.outcomes.filter((o) => o.kind === "failed")).toEqual([]);
        } finally {
          await fb.close();
        }
      });
    });
  }
});
