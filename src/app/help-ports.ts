/**
 * What the help board's use cases need from storage (implemented in
 * `src/db/repositories/help.ts`).  Part of `Repositories` as `help`.
 */
import type { Actor } from "../domain/actor.ts";
import type {
  HelpCategory,
  HelpItem,
  HelpKind,
  HelpMatch,
  HelpResponse,
  HelpStatus,
  HelpVisibility,
} from "../domain/help.ts";
import type { Page, PageRequest, PostWithAuthor } from "./ports.ts";

/** A help item with its author and how many responded, for the board. */
export interface HelpItemWithAuthor {
  item: HelpItem;
  author: Actor;
  responseCount: number;
}

/** Filters of the help board; `undefined` means "any". */
export interface HelpFilter {
  kind?: HelpKind;
  category?: HelpCategory;
  status?: HelpStatus;
  /** Which visibilities the viewer may see (visitors: only `public`). */
  visibilities: readonly HelpVisibility[];
}

/** The changes of a status transition. */
export interface HelpStatusChange {
  status: HelpStatus;
  matchedActorId: string | null;
  matchedAt: string | null;
  closedAt: string | null;
  closedByActorId: string | null;
  updatedAt: string;
}

export interface HelpRepository {
  /** Stores an item (its post is stored first, through `PostRepository.insert`). */
  create(item: HelpItem): Promise<void>;
  findByPostId(postId: string): Promise<HelpItem | null>;
  findByPostIri(iri: string): Promise<HelpItem | null>;
  /** The board: newest first, cursor-paged. */
  list(filter: HelpFilter, page: PageRequest): Promise<Page<HelpItemWithAuthor>>;
  /** Open requests created before `createdBefore` (ISO-8601), oldest first, at most `limit`. */
  listOpenRequestsBefore(createdBefore: string, limit: number): Promise<HelpItemWithAuthor[]>;
  /** Applies a status transition (the item's post is updated separately). */
  setStatus(postId: string, change: HelpStatusChange): Promise<void>;
  /** Records a response; when the actor already responded, returns the existing one and `created: false`. */
  addResponse(response: HelpResponse): Promise<{ response: HelpResponse; created: boolean }>;
  findResponse(itemPostId: string, actorId: string): Promise<HelpResponse | null>;
  /** Everyone who responded, oldest first, with their actor. */
  listResponses(itemPostId: string): Promise<Array<{ response: HelpResponse; actor: Actor }>>;
  recordMatch(match: HelpMatch): Promise<void>;
  /** Marks the item's current (unreleased) match as released. */
  releaseMatch(itemPostId: string, releasedAt: string): Promise<void>;
  /** Every match of an item, oldest first. */
  listMatches(itemPostId: string): Promise<HelpMatch[]>;
  /**
   * A conversation: the post `rootPostId` and every post replying to it or
   * to a reply in it (at any depth), written by one of `participantIds`;
   * oldest first, at most `limit` posts.
   */
  listThread(rootPostId: string, participantIds: readonly string[], limit: number): Promise<PostWithAuthor[]>;
}
