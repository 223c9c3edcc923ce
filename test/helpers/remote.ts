/**
 * Remote actors, posts and follows stored straight into a test buurt, as if
 * they had arrived over ActivityPub: for pages that show what other servers
 * sent, and for tests that need someone to follow someone already.
 */
import type { RemoteActorInput } from "../../src/app/ports.ts";
import type { Actor } from "../../src/domain/actor.ts";
import type { Follow } from "../../src/domain/follow.ts";
import { newId, nowIso } from "../../src/domain/ids.ts";
import type { Post } from "../../src/domain/post.ts";
import type { BuurtInstance } from "../../src/main.ts";

/** Stores a remote actor on `host` (fields of `input` override the defaults). */
export async function storeRemoteActor(
  buurt: BuurtInstance,
  username: string,
  host: string,
  input: Partial<RemoteActorInput> = {},
): Promise<Actor> {
  const iri = `https://${host}/users/${username}`;
  return await buurt.app.repos.actors.upsertRemote({
    iri,
    type: "Person",
    username,
    domain: host,
    name: username,
    summary: null,
    url: `https://${host}/@${username}`,
    inboxUrl: `${iri}/inbox`,
    sharedInboxUrl: `https://${host}/inbox`,
    followersUrl: `${iri}/followers`,
    followingUrl: `${iri}/following`,
    outboxUrl: `${iri}/outbox`,
    iconUrl: null,
    manuallyApprovesFollowers: false,
    publicKeyId: null,
    publicKeyPem: null,
    fields: [],
    ...input,
  });
}

/** Stores a remote post by `author` (public unless said otherwise). */
export async function storeRemotePost(buurt: BuurtInstance, author: Actor, input: Partial<Post> = {}): Promise<Post> {
  const id = newId();
  const post: Post = {
    id,
    iri: `${author.iri}/statuses/${id}`,
    actorId: author.id,
    type: "Note",
    name: null,
    contentHtml: "<p>Hallo</p>",
    source: null,
    summary: null,
    sensitive: false,
    language: null,
    visibility: "public",
    inReplyToIri: null,
    audienceIri: null,
    url: null,
    attachments: [],
    tags: [],
    pollOptions: null,
    publishedAt: nowIso(),
    updatedAt: null,
    local: false,
    ...input,
  };
  const { post: stored } = await buurt.app.repos.posts.upsertRemote(post);
  return stored;
}

/** Records that the buurt group announced (shared) a post, as FEP-1b12 groups do. */
export async function announceByGroup(buurt: BuurtInstance, post: Post): Promise<void> {
  const group = (await buurt.app.repos.buurt.get())!.actor;
  const id = newId();
  await buurt.app.repos.announces.create({
    id,
    iri: `${group.iri}#announce/${id}`,
    actorId: group.id,
    postId: post.id,
    createdAt: nowIso(),
    publishedAt: nowIso(),
  });
}

/**
 * Stores an accepted follow, as if the `Follow` and its `Accept` had been
 * exchanged already (`iri` is the Follow's id).
 * @returns The follow as stored (the existing one when the pair follows already).
 */
export async function storeAcceptedFollow(
  buurt: BuurtInstance,
  follow: { iri: string; followerId: string; followingId: string },
): Promise<Follow> {
  const now = nowIso();
  const { follow: stored } = await buurt.app.repos.follows.create({
    id: newId(),
    ...follow,
    status: "accepted",
    createdAt: now,
    acceptedAt: now,
  });
  return stored;
}
