/**
 * Help requests and offers in federation.
 *
 * A public help item federates as an ordinary `Note` (its post): the text
 * says plainly what is asked or offered and how to answer, and carries the
 * hashtags `#hulpgevraagd`/`#hulpaangeboden` plus the category's
 * (`#boodschappen` …), so Mastodon users see a normal status and answer by
 * replying.  A reply counts as a response (`receiveHelpReply`, through the
 * `PostStored` event, as a neighbour's local reply does).
 *
 * For peers that speak FEP-0837 (Federated Marketplace, ValueFlows
 * vocabulary) the same item is also a `Proposal`: `purpose` `request` or
 * `offer`, `publishes` one `Intent` (`action` `deliverService`, or
 * `transfer` for lending; `resourceConformsTo` the category's page on the
 * board; `resourceQuantity` one unit; no reciprocal intent: neighbours help
 * for free).  The Proposal lives at its own IRI, `/posts/{id}/proposal`, and
 * the Note links it as FEP-0837 links proposals (the FEP-0ea0 link form):
 *
 *     "attachment": [{ "type": "Link",
 *       "href": "https://buurt.example/posts/ID/proposal",
 *       "mediaType": "application/ld+json; profile=\"https://www.w3.org/ns/activitystreams\"",
 *       "rel": ["https://w3id.org/valueflows/ont/vf#Proposal"], "name": "…title…" }]
 *
 * Why a link and not a `Proposal` typed object or an embedded one: Mastodon
 * drops objects of unknown types, and it turns every attachment that has a
 * `url` into a media attachment; a `Link` has only `href`, so Mastodon skips
 * it and shows the Note unchanged.  An embedded Proposal would also be
 * compacted under the Note's JSON-LD context, which lacks the ValueFlows
 * terms, so plain-JSON readers would not recognise it; dereferenced at its
 * own IRI it carries its own context.  Status (matched, closed) is not part
 * of FEP-0837; it is stated in the Note's text, which is re-sent as
 * `Update` on each change.  Buurt-only items have no Proposal (404) and
 * never leave the server.
 */
import type { FederationBuilder } from "@fedify/fedify";
import { Intent, Link, Measure, type Object as APObject, Proposal, PUBLIC_COLLECTION } from "@fedify/vocab";
import type { Actor } from "../domain/actor.ts";
import type { HelpItem } from "../domain/help.ts";
import type { Post } from "../domain/post.ts";
import { plainTextToHtml } from "../domain/text.ts";
import type { FederationDeps } from "./deps.ts";
import { followersIriOf } from "./mappers/addressing.ts";
import { toInstant } from "./temporal.ts";
import { PATHS } from "./uris.ts";

/** The ValueFlows type IRI of a Proposal: the `rel` of the Note's link to it (FEP-0837). */
export const VF_PROPOSAL = "https://w3id.org/valueflows/ont/vf#Proposal";

/** The media type of an ActivityStreams document, as FEP-0837 asks for the link. */
export const ACTIVITYSTREAMS_MEDIA_TYPE = 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"';

/** The IRI of a help item's Proposal. */
export function proposalIri(origin: URL, postId: string): URL {
  return new URL(PATHS.helpProposal.replace("{id}", encodeURIComponent(postId)), origin);
}

/**
 * A public help item as an FEP-0837 `Proposal`, addressed like its Note
 * (public, the author's followers, the buurt group as `audience`).
 */
export function toProposal(deps: FederationDeps, item: HelpItem, post: Post, author: Actor): Proposal {
  const id = proposalIri(deps.origin, item.postId);
  const { iris } = deps.app;
  return new Proposal({
    id,
    purpose: item.kind,
    attribution: new URL(author.iri),
    name: item.title,
    content: item.description === "" ? null : plainTextToHtml(item.description),
    published: toInstant(item.createdAt),
    updated: item.updatedAt === item.createdAt ? null : toInstant(item.updatedAt),
    url: new Link({ href: new URL(iris.helpItem(item.postId)), mediaType: "text/html" }),
    publishes: new Intent({
      id: new URL(`${id.href}#primary`),
      action: item.category === "lending" ? "transfer" : "deliverService",
      resourceConformsTo: new URL(iris.helpBoard({ category: item.category })),
      resourceQuantity: new Measure({ unit: "one" }),
    }),
    unitBased: false,
    audience: post.audienceIri == null ? null : new URL(post.audienceIri),
    to: PUBLIC_COLLECTION,
    ccs: [
      new URL(followersIriOf(author)),
      ...(post.audienceIri == null ? [] : [new URL(post.audienceIri)]),
    ],
  });
}

/**
 * What the Note of a local post gains when the post is a public help item:
 * the link to its Proposal (see the module comment).  Nothing for any
 * other post.
 */
export async function helpNoteAttachments(deps: FederationDeps, post: Post): Promise<Array<Link | APObject>> {
  if (!post.local || post.visibility !== "public") return [];
  const item = await deps.app.repos.help.findByPostId(post.id);
  if (item == null || item.visibility !== "public") return [];
  return [
    new Link({
      href: proposalIri(deps.origin, item.postId),
      mediaType: ACTIVITYSTREAMS_MEDIA_TYPE,
      rels: [VF_PROPOSAL],
      name: item.title,
    }),
  ];
}

/** Registers the Proposal dispatcher at `/posts/{id}/proposal` (public help items only). */
export function registerHelpObjects(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;
  builder.setObjectDispatcher(Proposal, PATHS.helpProposal, async (_ctx, values) => {
    const item = await repos.help.findByPostId(values.id);
    if (item == null || item.visibility !== "public") return null;
    const post = await repos.posts.findById(item.postId);
    const author = await repos.actors.findById(item.authorActorId);
    if (post == null || author == null || post.visibility !== "public") return null;
    return toProposal(deps, item, post, author);
  });
}
