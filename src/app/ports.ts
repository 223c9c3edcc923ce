/**
 * What the use cases need from storage and from the outside world.  The
 * database layer (`src/db/repositories`) and the federation layer implement
 * these; `app` depends only on these interfaces.
 */
import type { Actor, ProfileField } from "../domain/actor.ts";
import type { Follow, FollowStatus } from "../domain/follow.ts";
import type { Member, MemberStatus, Role } from "../domain/member.ts";
import type { Post, Visibility } from "../domain/post.ts";
import type { EventRepository, RsvpRepository } from "./event-ports.ts";
import type { HelpRepository } from "./help-ports.ts";

/** A page of results and the cursor for the next (older) page, if any. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursor paging: newest first; `cursor` is an opaque value from a previous page. */
export interface PageRequest {
  limit: number;
  cursor?: string | null;
}

/** A key pair as stored: JWK JSON of both halves. */
export interface StoredKeyPair {
  algorithm: "RSASSA-PKCS1-v1_5" | "Ed25519";
  publicKeyJwk: JsonWebKey;
  privateKeyJwk: JsonWebKey;
}

/** Makes the key pairs of a new local actor (RSA-2048 and Ed25519). */
export interface KeyPairFactory {
  generate(): Promise<StoredKeyPair[]>;
}

/**
 * What a remote actor document says about an actor, ready to store: an
 * `Actor` without what this server assigns (row id, `local`, timestamps).
 */
export type RemoteActorInput = Omit<Actor, "id" | "local" | "createdAt" | "updatedAt" | "fetchedAt">;

export interface ActorRepository {
  findById(id: string): Promise<Actor | null>;
  findByIri(iri: string): Promise<Actor | null>;
  /** A local actor (member or the buurt group) by its username. */
  findLocalByUsername(username: string): Promise<Actor | null>;
  /** Any actor by `username` and `domain`, case-insensitively. */
  findByHandle(username: string, domain: string): Promise<Actor | null>;
  /**
   * Local actors whose username or display name contains `query`
   * (case-insensitively): active members and the buurt group, by name.
   * @param limit At most this many (1–50).
   */
  searchLocal(query: string, limit: number): Promise<Actor[]>;
  /** Inserts or refreshes a remote actor, keyed by IRI. */
  upsertRemote(input: RemoteActorInput): Promise<Actor>;
  /** Removes a remote actor that deleted itself, with its posts, follows and interactions. */
  deleteRemote(iri: string): Promise<boolean>;
  updateLocalProfile(
    id: string,
    changes: Partial<Pick<Actor, "name" | "summary" | "iconUrl" | "manuallyApprovesFollowers" | "fields">>,
  ): Promise<void>;
}

/** The buurt's own settings and Group actor. */
export interface Buurt {
  actor: Actor;
  timezone: string;
  language: string;
  joinPolicy: string;
}

export interface BuurtRepository {
  get(): Promise<Buurt | null>;
  /** Creates the buurt with its Group actor and keys (first start only). */
  create(input: { actor: Actor; keyPairs: StoredKeyPair[]; timezone: string; language: string; joinPolicy: string }): Promise<Buurt>;
  /** Updates name and settings from configuration on each start. */
  update(changes: { name?: string; timezone?: string; language?: string; joinPolicy?: string }): Promise<void>;
}

export interface NewMemberInput {
  actor: Actor;
  member: Omit<Member, "displayName" | "manuallyApprovesFollowers">;
  passwordHash: string | null;
  keyPairs: StoredKeyPair[];
}

export interface MemberRepository {
  /** Creates actor, member and key pairs in one transaction. */
  create(input: NewMemberInput): Promise<Member>;
  findByUsername(username: string): Promise<Member | null>;
  findById(id: string): Promise<Member | null>;
  findByActorId(actorId: string): Promise<Member | null>;
  findByEmail(email: string): Promise<Member | null>;
  list(filter: { status?: MemberStatus }): Promise<Member[]>;
  setRole(id: string, role: Role): Promise<void>;
  /**
   * Sets an account's state.  With `approvedBy` given (a member id, or
   * `null` for the command line) an activation is recorded as the approval
   * (`approvedAt` now); without it (reinstating) the approval stays as it was.
   */
  setStatus(id: string, status: MemberStatus, approvedBy?: string | null): Promise<void>;
  getPasswordHash(id: string): Promise<string | null>;
  setPasswordHash(id: string, hash: string): Promise<void>;
  /** Number of members in a state (e.g. sign-ups waiting for approval). */
  countByStatus(status: MemberStatus): Promise<number>;
  /** Sets a professional's organisation and function (`null` clears). */
  setProfessional(id: string, organisation: string | null, jobTitle: string | null): Promise<void>;
  /** Sets the member's UI language; `null` follows the browser. */
  setLocale(id: string, locale: "nl" | "en" | null): Promise<void>;
  /**
   * Removes a member who is still `pending` (a rejected sign-up) with their
   * actor, keys, sessions, reset links and notifications.  Such an account
   * never federated, so nothing elsewhere refers to it.
   * @returns false when there is no such pending member.
   */
  deletePending(id: string): Promise<boolean>;
}

export interface KeyPairRepository {
  /** Key pairs of a local actor, RSA first. */
  findByActorId(actorId: string): Promise<StoredKeyPair[]>;
}

/** A post with its author, for timelines and pages. */
export interface PostWithAuthor {
  post: Post;
  author: Actor;
}

/** A timeline entry: a post, and who boosted it when it came in by an announce. */
export interface TimelineEntry extends PostWithAuthor {
  announcedBy: Actor | null;
  /** When it entered the timeline (publication or announce time). */
  at: string;
}

/**
 * Posts.  `insert`, `upsertRemote` and `update` also keep the hashtag index
 * (`post_hashtags`) in step with the post's `Hashtag` tags.
 */
export interface PostRepository {
  insert(post: Post): Promise<void>;
  /** Inserts a remote post or refreshes it, keyed by IRI; `created` tells which. */
  upsertRemote(post: Post): Promise<{ post: Post; created: boolean }>;
  update(post: Post): Promise<void>;
  findById(id: string): Promise<Post | null>;
  findByIri(iri: string): Promise<Post | null>;
  /** Deletes a post and its likes, announces, hashtag index rows and notifications. */
  delete(id: string): Promise<void>;
  /** Direct replies to any of the given post IRIs, oldest first (at most `limit`, default 200). */
  listReplies(inReplyToIris: string[], limit?: number): Promise<PostWithAuthor[]>;
  /** Posts carrying a hashtag (normalised name, no `#`) with one of the visibilities, newest first. */
  listByHashtag(name: string, visibilities: Visibility[], page: PageRequest): Promise<Page<PostWithAuthor>>;
  /** Public posts written by this buurt's members, newest first. */
  listLocalPublic(page: PageRequest): Promise<Page<PostWithAuthor>>;
  /**
   * The buurt timeline: local posts with one of `visibilities` (members'
   * and the group's own) and every post the buurt group announced (FEP-1b12),
   * each once, newest first by publication time.
   * @param groupActorId The buurt group's actor id.
   * @param visibilities Visitors: `["public"]`; members also `"buurt"`.
   */
  listBuurtTimeline(groupActorId: string, visibilities: Visibility[], page: PageRequest): Promise<Page<PostWithAuthor>>;
  /** Posts by one actor with the given visibilities, newest first. */
  listByActor(actorId: string, visibilities: Visibility[], page: PageRequest): Promise<Page<PostWithAuthor>>;
  /** What actors followed by `actorId` wrote or announced (accepted follows only), newest first. */
  listHomeTimeline(actorId: string, page: PageRequest): Promise<Page<TimelineEntry>>;
  countByActor(actorId: string, visibilities: Visibility[]): Promise<number>;
  /** Number of local posts (NodeInfo `localPosts`). */
  countLocal(): Promise<number>;
}

export interface FollowRepository {
  /** Inserts a follow, or returns the existing one for the same pair. */
  create(follow: Follow): Promise<{ follow: Follow; created: boolean }>;
  findByIri(iri: string): Promise<Follow | null>;
  findByPair(followerId: string, followingId: string): Promise<Follow | null>;
  setStatus(id: string, status: FollowStatus): Promise<void>;
  delete(id: string): Promise<void>;
  /** Followers of an actor (accepted), newest first. */
  listFollowers(actorId: string, page: PageRequest): Promise<Page<Actor>>;
  listFollowing(actorId: string, page: PageRequest): Promise<Page<Actor>>;
  /** Remote accepted followers of an actor: the recipients of its deliveries. */
  listRemoteFollowers(actorId: string): Promise<Actor[]>;
  /** Follow requests (`pending`) waiting for `actorId`'s answer, oldest first. */
  listPendingRequests(actorId: string): Promise<Array<{ follow: Follow; follower: Actor }>>;
  countFollowers(actorId: string): Promise<number>;
  countFollowing(actorId: string): Promise<number>;
  /** Whether any local actor follows (accepted) the actor. */
  hasLocalFollower(actorId: string): Promise<boolean>;
}

/** A like or announce as stored. */
export interface Interaction {
  id: string;
  iri: string;
  actorId: string;
  postId: string;
  createdAt: string;
}

export interface LikeRepository {
  create(like: Interaction): Promise<boolean>;
  findByIri(iri: string): Promise<Interaction | null>;
  findByPair(actorId: string, postId: string): Promise<Interaction | null>;
  delete(id: string): Promise<void>;
  countForPost(postId: string): Promise<number>;
}

export interface AnnounceRepository {
  create(announce: Interaction & { publishedAt: string }): Promise<boolean>;
  findByIri(iri: string): Promise<Interaction | null>;
  findByPair(actorId: string, postId: string): Promise<Interaction | null>;
  delete(id: string): Promise<void>;
  countForPost(postId: string): Promise<number>;
  countByActor(actorId: string): Promise<number>;
  /** Announces made by one actor (the group's outbox), newest first. */
  listByActor(actorId: string, page: PageRequest): Promise<Page<Interaction & { publishedAt: string }>>;
}

export interface ReceivedActivityRepository {
  /** Whether an inbound activity id was processed before. */
  has(iri: string): Promise<boolean>;
  /** Records a processed activity id; returns false when it was already recorded. */
  record(iri: string, type: string, actorIri: string | null): Promise<boolean>;
}

/** A logged-in browser session. `id` is the SHA-256 hex of the cookie token. */
export interface Session {
  id: string;
  memberId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  userAgent: string | null;
}

export interface SessionRepository {
  create(session: Session): Promise<void>;
  find(id: string): Promise<Session | null>;
  /** Extends a session (sliding expiry). */
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(id: string): Promise<void>;
  /** Logs a member out everywhere (password change, suspension). */
  deleteForMember(memberId: string): Promise<void>;
}

/** Kinds of notification a member gets. */
export type NotificationType =
  | "follow"
  | "follow_request"
  | "reply"
  | "mention"
  | "like"
  | "boost"
  | "signup_pending"
  | "rsvp"
  | "help_response";

export interface Notification {
  id: string;
  recipientActorId: string;
  type: NotificationType;
  fromActorId: string | null;
  postId: string | null;
  /** Another related id (a member awaiting approval, an event, a help request…). */
  subjectId: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationRepository {
  create(notification: Notification): Promise<void>;
  /** Newest first. */
  listForRecipient(actorId: string, page: PageRequest): Promise<Page<Notification>>;
  countUnread(actorId: string): Promise<number>;
  markAllRead(actorId: string, at: string): Promise<void>;
}

// --- accounts and roles (issue 3) ---

/** An invite code for a buurt with the `invite` join policy. */
export interface Invite {
  /** Upper-case letters and digits, without separators. */
  code: string;
  /** Member id of whoever made it; `null` from the command line. */
  createdBy: string | null;
  createdAt: string;
  /** `null`: never expires. */
  expiresAt: string | null;
  maxUses: number;
  uses: number;
}

export interface InviteRepository {
  create(invite: Invite): Promise<void>;
  find(code: string): Promise<Invite | null>;
  /**
   * Uses a code once, atomically: only while `uses < max_uses` and not
   * expired at `now` (ISO-8601).
   * @returns Whether the code was valid and is now used once more.
   */
  consume(code: string, now: string): Promise<boolean>;
  /** Gives back a use taken by `consume` (the sign-up failed after all). */
  release(code: string): Promise<void>;
  /** Codes with uses left and not expired at `now`, newest first. */
  listUsable(now: string): Promise<Invite[]>;
}

/** A one-time password-reset link; only the SHA-256 of its token is stored. */
export interface PasswordReset {
  tokenHash: string;
  memberId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface PasswordResetRepository {
  create(reset: PasswordReset): Promise<void>;
  find(tokenHash: string): Promise<PasswordReset | null>;
  /**
   * Marks a link used, atomically: only when unused and not expired at `now`.
   * @returns Whether this call used it (a second call returns false).
   */
  consume(tokenHash: string, now: string, usedAt: string): Promise<boolean>;
}

/** What a moderator or the operator did, as the audit log records it. */
export type AuditAction =
  | "member.approved"
  | "member.rejected"
  | "member.role_changed"
  | "member.professional_changed"
  | "member.reset_link_created"
  | "member.password_reset"
  | "invite.created"
  | "post.deleted"
  | "member.suspended"
  | "member.reinstated";

/** One audit-log entry.  `detail` keeps names too, so entries stay readable after an account is removed. */
export interface AuditEntry {
  id: string;
  /** The member who acted; `null` for the command line. */
  actorMemberId: string | null;
  action: AuditAction;
  subjectMemberId: string | null;
  detail: Record<string, string | number | boolean | null>;
  createdAt: string;
}

export interface AuditLogRepository {
  record(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(page: PageRequest): Promise<Page<AuditEntry>>;
}

/** A counter in a fixed time window. */
export interface RateCounter {
  count: number;
  /** When the window ends and the counter starts again (ISO-8601). */
  resetAt: string;
}

/**
 * Counters for rate limits, kept in the database so every web process sees
 * the same counts.  Keys are arrays of strings.
 */
export interface RateLimitStore {
  /** Adds one to the counter, starting a new window of `windowMs` when there is none or it ended. */
  hit(key: readonly string[], windowMs: number): Promise<RateCounter>;
  /** The live counter, or `null`. */
  peek(key: readonly string[]): Promise<RateCounter | null>;
  clear(key: readonly string[]): Promise<void>;
}

// --- composing and interactions (issue 3) ---

/** An uploaded image, processed and stored under the data directory. */
export interface Media {
  id: string;
  /** The local actor who uploaded it. */
  ownerActorId: string;
  /** The post it belongs to; `null` while it waits for the post (a form shown again after an error). */
  postId: string | null;
  /** File name in the media folder (a random UUID and an extension; never a path). */
  file: string;
  mediaType: string;
  width: number | null;
  height: number | null;
  /** Bytes. */
  size: number;
  /** Alt text. */
  description: string | null;
  createdAt: string;
}

export interface MediaRepository {
  create(media: Media): Promise<void>;
  findById(id: string): Promise<Media | null>;
  /** Sets the alt text. */
  setDescription(id: string, description: string): Promise<void>;
  /** Links media to their post. */
  attachToPost(ids: string[], postId: string): Promise<void>;
  listByPost(postId: string): Promise<Media[]>;
  /** Removes the rows of a post's media (the caller removes the files). */
  deleteByPost(postId: string): Promise<void>;
  /** A member's uploads that no post uses, created before `before` (ISO-8601). */
  listUnattached(ownerActorId: string, before: string): Promise<Media[]>;
  /** Removes one media row (the caller removes the file). */
  delete(id: string): Promise<void>;
}

/** An image as stored by the `ImageStore`. */
export interface StoredImage {
  file: string;
  mediaType: string;
  width: number;
  height: number;
  size: number;
}

/**
 * Why an image is refused: not a JPEG, PNG, WebP, GIF or AVIF by its
 * content; more bytes or pixels than allowed; or not decodable.
 */
export type ImageProblem = "image_type" | "image_too_large" | "image_unreadable";

/** Checks, cleans (metadata stripped, resized, re-encoded) and keeps uploaded images. */
export interface ImageStore {
  /**
   * @param bytes The upload as received.
   * @returns The stored file, or why it was refused.
   */
  store(bytes: Uint8Array): Promise<{ ok: true; value: StoredImage } | { ok: false; error: ImageProblem }>;
  /** A stored file by name; `null` when there is none (or the name is not one `store` makes). */
  read(file: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; mediaType: string } | null>;
  /** Removes a stored file (nothing happens when it is gone). */
  remove(file: string): Promise<void>;
}

/** Every repository, as the composition root hands them to use cases. */
export interface Repositories {
  actors: ActorRepository;
  buurt: BuurtRepository;
  members: MemberRepository;
  keyPairs: KeyPairRepository;
  posts: PostRepository;
  follows: FollowRepository;
  likes: LikeRepository;
  announces: AnnounceRepository;
  receivedActivities: ReceivedActivityRepository;
  sessions: SessionRepository;
  notifications: NotificationRepository;
  /** The agenda: event details and RSVPs. */
  events: EventRepository;
  rsvps: RsvpRepository;
  /** The help board (hulpvragen and hulpaanbod). */
  help: HelpRepository;
  media: MediaRepository;
  invites: InviteRepository;
  passwordResets: PasswordResetRepository;
  auditLog: AuditLogRepository;
  rateLimits: RateLimitStore;
}

/** Finds actors on other servers (WebFinger handle or actor IRI) and stores them. */
export interface RemoteLookup {
  /**
   * @param query `@user@host`, `user@host`, `acct:user@host` or an `https://` actor IRI.
   * @returns The stored actor, or why it was not found.
   */
  resolveActor(
    query: string,
  ): Promise<{ ok: true; value: Actor } | { ok: false; error: "invalid_query" | "not_found" | "not_an_actor" }>;
  /**
   * A remote actor's recent public posts, read from its outbox with signed
   * fetches: its own `Create`s and what it `Announce`d, stored (new or
   * refreshed, keyed by IRI) and returned newest first.  Only public and
   * unlisted posts are returned; objects that fail the origin and
   * authorship checks are skipped.
   * @param limit At most this many posts (1–40); at most a few outbox pages are read.
   * @returns The entries (`announcedBy` set for announces), `no_outbox` for
   *   a local actor or one without an outbox, `unreachable` when the outbox
   *   could not be fetched.
   */
  recentPosts(
    actor: Actor,
    limit: number,
  ): Promise<{ ok: true; value: TimelineEntry[] } | { ok: false; error: "no_outbox" | "unreachable" }>;
}
