/**
 * Use cases of the help board: asking for and offering help, responding
 * ("I can help"), the private conversation between author and responder,
 * matching and closing, the list of requests that need a buurtverbinder's
 * attention, and replies (local or remote) counted as responses.  The rules themselves
 * are in `src/domain/help.ts`.
 *
 * An item is a `posts` row (a Note: it shows in timelines and, when public,
 * federates through the ordinary `PostPublished`/`PostUpdated` events) plus
 * a `help_items` row.  A conversation is a thread of `direct` posts between
 * the two, starting with the responder's first message, which replies to
 * the item's post.
 */
import type { Actor } from "../domain/actor.ts";
import { handleOf } from "../domain/actor.ts";
import {
  attentionCutoff,
  canViewConversation,
  canViewHelpItem,
  checkClose,
  checkHelpInput,
  checkHelpMessage,
  checkMatch,
  checkRelease,
  checkRespond,
  type HelpActor,
  type HelpCategory,
  type HelpInput,
  type HelpInputProblem,
  type HelpItem,
  type HelpKind,
  type HelpMatch,
  type HelpMessageProblem,
  type HelpResponse,
  type HelpRuleProblem,
  type HelpStatus,
  type HelpVisibility,
  type HelpWording,
  helpNoteHtml,
} from "../domain/help.ts";
import { newId, nowIso } from "../domain/ids.ts";
import { canModerate, type Member } from "../domain/member.ts";
import { isFederated, type Post } from "../domain/post.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { mentionHtml, plainTextToHtml } from "../domain/text.ts";
import type { AppContext } from "./context.ts";
import type { DomainEvent } from "./events.ts";
import type { HelpItemWithAuthor } from "./help-ports.ts";
import { findActiveMember, type MemberProblem } from "./members.ts";
import { notify } from "./notifications.ts";
import type { Page, PostWithAuthor } from "./ports.ts";
import { announceByGroup } from "./posts.ts";
import { canRead } from "./visibility.ts";

/** Most messages shown in one conversation. */
export const MAX_CONVERSATION_LENGTH = 200;

function helpActor(member: Member, actor: Actor): HelpActor {
  return { actorId: actor.id, moderator: canModerate(member.role) };
}

/** The item's post HTML and tags for its current status, in the buurt's words. */
function noteOf(ctx: AppContext, item: HelpItem, wording: HelpWording) {
  return helpNoteHtml(item, wording, {
    itemUrl: ctx.iris.helpItem(item.postId),
    kindUrl: ctx.iris.helpBoard({ kind: item.kind }),
    categoryUrl: ctx.iris.helpBoard({ category: item.category }),
  });
}

export interface CreateHelpItemInput extends HelpInput {
  authorUsername: string;
  /** The buurt's words for the post text (`help.note.*` in its language). */
  wording: HelpWording;
  /** BCP 47 tag of `wording`'s language. */
  language: string | null;
}

export type CreateHelpItemError = HelpInputProblem | MemberProblem;

/**
 * Asks for or offers help.  Stores the item's post (a Note that says what is
 * asked or offered, how to answer, and carries `#hulpgevraagd` or
 * `#hulpaangeboden` plus the category's hashtag) and the item.  A public
 * item names the buurt group as `audience`, is delivered to the author's
 * followers and announced by the group (FEP-1b12), like any public post; a
 * buurt-only item never leaves the server.
 *
 * @returns The new open item, or the first problem of the input
 *   (`checkHelpInput` gives them all) or of the author.
 */
export async function createHelpItem(
  ctx: AppContext,
  input: CreateHelpItemInput,
): Promise<Result<HelpItem, CreateHelpItemError>> {
  const problems = checkHelpInput(input);
  const first = Object.values(problems)[0];
  if (first != null) return fail(first);
  const author = await findActiveMember(ctx, input.authorUsername);
  if (!author.ok) return author;
  const id = newId();
  const now = nowIso();
  const visibility = input.visibility as HelpVisibility;
  const item: HelpItem = {
    postId: id,
    postIri: ctx.iris.post(id),
    authorActorId: author.value.actor.id,
    kind: input.kind as HelpKind,
    category: input.category as HelpCategory,
    title: input.title.trim(),
    description: input.description.trim(),
    visibility,
    status: "open",
    matchedActorId: null,
    matchedAt: null,
    closedAt: null,
    closedByActorId: null,
    createdAt: now,
    updatedAt: now,
  };
  const { html, tags } = noteOf(ctx, item, input.wording);
  const post: Post = {
    id,
    iri: item.postIri,
    actorId: author.value.actor.id,
    type: "Note",
    name: null,
    contentHtml: html,
    source: item.description,
    summary: null,
    sensitive: false,
    language: input.language,
    visibility,
    inReplyToIri: null,
    audienceIri: visibility === "public" ? ctx.iris.actor(ctx.groupHandle) : null,
    url: ctx.iris.helpItem(id),
    attachments: [],
    tags,
    pollOptions: null,
    publishedAt: now,
    updatedAt: null,
    local: true,
  };
  await ctx.repos.posts.insert(post);
  try {
    await ctx.repos.help.create(item);
  } catch (error) {
    await ctx.repos.posts.delete(post.id);
    throw error;
  }
  await ctx.events.publish({ type: "PostPublished", post, author: author.value.actor });
  if (visibility === "public") await announceByGroup(ctx, post);
  return ok(item);
}

/** What a viewer may see of the board. */
function visibleKinds(viewerIsMember: boolean): HelpVisibility[] {
  return viewerIsMember ? ["buurt", "public"] : ["public"];
}

/**
 * The help board: items the viewer may see (visitors only public ones),
 * newest first, filtered by kind, category and status.
 */
export async function listHelpBoard(
  ctx: AppContext,
  input: {
    viewerIsMember: boolean;
    kind?: HelpKind;
    category?: HelpCategory;
    status?: HelpStatus;
    cursor?: string | null;
    limit?: number;
  },
): Promise<Page<HelpItemWithAuthor>> {
  return await ctx.repos.help.list(
    {
      kind: input.kind,
      category: input.category,
      status: input.status,
      visibilities: visibleKinds(input.viewerIsMember),
    },
    { limit: input.limit ?? 20, cursor: input.cursor ?? null },
  );
}

/** One response as the item page shows it to a viewer. */
export interface HelpResponseView {
  response: HelpResponse;
  actor: Actor;
  /** The conversation, oldest first; `null` when the viewer is not one of the two. */
  conversation: PostWithAuthor[] | null;
}

/** Everything the item page needs, already filtered for the viewer. */
export interface HelpItemDetails {
  item: HelpItem;
  post: Post;
  author: Actor;
  /** Every response; conversations only where the viewer takes part. */
  responses: HelpResponseView[];
  /** The matched actor, for the author, the matched helper and moderators; `null` otherwise. */
  matchedActor: Actor | null;
  /** What the viewer may do. */
  viewer: {
    actorId: string | null;
    isAuthor: boolean;
    moderator: boolean;
    /** The viewer's own response, if any. */
    response: HelpResponse | null;
    canRespond: boolean;
    canMatch: boolean;
    canRelease: boolean;
    canClose: boolean;
  };
}

/**
 * An item for its page, as `viewerUsername` (or a visitor, `null`) may see
 * it: a buurt-only item is `not_found` for visitors; conversations are
 * shown only to their two participants.
 */
export async function getHelpItem(
  ctx: AppContext,
  input: { postId: string; viewerUsername: string | null },
): Promise<Result<HelpItemDetails, "not_found">> {
  const item = await ctx.repos.help.findByPostId(input.postId);
  if (item == null) return fail("not_found");
  const viewer = input.viewerUsername == null ? null : await findActiveMember(ctx, input.viewerUsername);
  const member = viewer?.ok ? viewer.value : null;
  if (!canViewHelpItem(item, member != null)) return fail("not_found");
  const post = await ctx.repos.posts.findById(item.postId);
  const author = await ctx.repos.actors.findById(item.authorActorId);
  if (post == null || author == null) return fail("not_found");
  const viewerActorId = member?.actor.id ?? null;
  const moderator = member != null && canModerate(member.member.role);
  const responses: HelpResponseView[] = [];
  for (const { response, actor } of await ctx.repos.help.listResponses(item.postId)) {
    const visible = canViewConversation(item, actor.id, viewerActorId);
    responses.push({
      response,
      actor,
      conversation: !visible || response.postId == null
        ? (visible ? [] : null)
        : await ctx.repos.help.listThread(response.postId, [item.authorActorId, actor.id], MAX_CONVERSATION_LENGTH),
    });
  }
  const isAuthor = viewerActorId === item.authorActorId;
  const seesMatch = isAuthor || moderator || (viewerActorId != null && viewerActorId === item.matchedActorId);
  const matchedActor = seesMatch && item.matchedActorId != null
    ? await ctx.repos.actors.findById(item.matchedActorId)
    : null;
  const acting = member == null ? null : helpActor(member.member, member.actor);
  const own = responses.find((r) => r.actor.id === viewerActorId)?.response ?? null;
  return ok({
    item,
    post,
    author,
    responses,
    matchedActor,
    viewer: {
      actorId: viewerActorId,
      isAuthor,
      moderator,
      response: own,
      canRespond: acting != null && own == null && checkRespond(item, acting.actorId) == null,
      canMatch: acting != null && item.status === "open" && isAuthor && responses.length > 0,
      canRelease: acting != null && checkRelease(item, acting) == null,
      canClose: acting != null && checkClose(item, acting) == null,
    },
  });
}

/**
 * A new direct post from `sender` to `recipient` (mentioned, so only the two
 * see it) replying to `inReplyToIri`.  For a remote recipient the text
 * starts with the mention, as Mastodon writes direct messages; the
 * `PostPublished` event delivers it to them.
 */
async function sendDirect(
  ctx: AppContext,
  sender: Actor,
  recipient: Actor,
  text: string,
  inReplyToIri: string,
  language: string | null,
): Promise<Post> {
  const id = newId();
  const iri = ctx.iris.post(id);
  const mention = recipient.local ? "" : `${mentionHtml(recipient.url ?? recipient.iri, recipient.username)} `;
  const body = plainTextToHtml(text);
  const post: Post = {
    id,
    iri,
    actorId: sender.id,
    type: "Note",
    name: null,
    contentHtml: mention === "" ? body : body.replace(/^<p>/, `<p>${mention}`),
    source: text,
    summary: null,
    sensitive: false,
    language,
    visibility: "direct",
    inReplyToIri,
    audienceIri: null,
    url: iri,
    attachments: [],
    tags: [{ type: "Mention", name: handleOf(recipient), href: recipient.iri }],
    pollOptions: null,
    publishedAt: nowIso(),
    updatedAt: null,
    local: true,
  };
  await ctx.repos.posts.insert(post);
  await ctx.events.publish({ type: "PostPublished", post, author: sender });
  return post;
}

export type RespondError =
  | MemberProblem
  | HelpMessageProblem
  | "not_found"
  | Extract<HelpRuleProblem, "own_item" | "not_open">;

/**
 * "I can help" (or, on an offer, "I'd like that"): opens a direct
 * conversation between the viewer and the author with the viewer's
 * message, records the response and notifies the author (`help_response`).
 * Responding again adds the message to the existing conversation.
 *
 * @returns The response and the message's post.
 */
export async function respondToHelpItem(
  ctx: AppContext,
  input: { postId: string; username: string; message: string; language?: string | null },
): Promise<Result<{ response: HelpResponse; message: Post }, RespondError>> {
  const sender = await findActiveMember(ctx, input.username);
  if (!sender.ok) return sender;
  const item = await ctx.repos.help.findByPostId(input.postId);
  if (item == null) return fail("not_found");
  const { actor } = sender.value;
  const existing = await ctx.repos.help.findResponse(item.postId, actor.id);
  if (existing != null) {
    const sent = await sendHelpMessage(ctx, {
      postId: item.postId,
      username: input.username,
      responderActorId: actor.id,
      message: input.message,
      language: input.language,
    });
    return sent.ok ? ok({ response: existing, message: sent.value }) : fail(sent.error as RespondError);
  }
  const rule = checkRespond(item, actor.id);
  if (rule === "own_item" || rule === "not_open") return fail(rule);
  const problem = checkHelpMessage(input.message);
  if (problem != null) return fail(problem);
  const author = await ctx.repos.actors.findById(item.authorActorId);
  if (author == null) return fail("not_found");
  const message = await sendDirect(ctx, actor, author, input.message, item.postIri, input.language ?? null);
  const { response, created } = await ctx.repos.help.addResponse({
    id: newId(),
    itemPostId: item.postId,
    actorId: actor.id,
    postId: message.id,
    createdAt: message.publishedAt,
  });
  if (created) {
    await notify(ctx, {
      recipientActorId: item.authorActorId,
      type: "help_response",
      fromActorId: actor.id,
      postId: message.id,
      subjectId: item.postId,
    });
  }
  return ok({ response, message });
}

export type SendHelpMessageError = MemberProblem | HelpMessageProblem | "not_found" | "not_participant";

/**
 * A message in the conversation between the item's author and one
 * responder, from either of them to the other: a direct post replying to
 * the conversation's latest message.  A local recipient is notified
 * (`mention`); a remote one receives it by delivery.
 *
 * @param input.responderActorId Whose conversation (the responder's actor id).
 */
export async function sendHelpMessage(
  ctx: AppContext,
  input: { postId: string; username: string; responderActorId: string; message: string; language?: string | null },
): Promise<Result<Post, SendHelpMessageError>> {
  const sender = await findActiveMember(ctx, input.username);
  if (!sender.ok) return sender;
  const item = await ctx.repos.help.findByPostId(input.postId);
  if (item == null) return fail("not_found");
  const response = await ctx.repos.help.findResponse(item.postId, input.responderActorId);
  if (response == null) return fail("not_found");
  const { actor } = sender.value;
  if (!canViewConversation(item, response.actorId, actor.id)) return fail("not_participant");
  const problem = checkHelpMessage(input.message);
  if (problem != null) return fail(problem);
  const recipientId = actor.id === item.authorActorId ? response.actorId : item.authorActorId;
  const recipient = await ctx.repos.actors.findById(recipientId);
  if (recipient == null) return fail("not_found");
  const thread = response.postId == null
    ? []
    : await ctx.repos.help.listThread(response.postId, [item.authorActorId, response.actorId], MAX_CONVERSATION_LENGTH);
  const replyTo = thread.at(-1)?.post.iri ?? item.postIri;
  const message = await sendDirect(ctx, actor, recipient, input.message, replyTo, input.language ?? null);
  await notify(ctx, { recipientActorId: recipient.id, type: "mention", fromActorId: actor.id, postId: message.id, subjectId: item.postId });
  return ok(message);
}

/** Rewrites the item's post for its new status and tells followers (`Update`) when it federates. */
async function refreshPost(ctx: AppContext, item: HelpItem, wording: HelpWording): Promise<void> {
  const post = await ctx.repos.posts.findById(item.postId);
  const author = await ctx.repos.actors.findById(item.authorActorId);
  if (post == null || author == null) return;
  const { html, tags } = noteOf(ctx, item, wording);
  const updated: Post = { ...post, contentHtml: html, tags, updatedAt: item.updatedAt };
  await ctx.repos.posts.update(updated);
  if (isFederated(updated.visibility)) await ctx.events.publish({ type: "PostUpdated", post: updated, author });
}

export type ChangeHelpStatusError = MemberProblem | HelpRuleProblem | "not_found";

async function itemAndActor(ctx: AppContext, postId: string, username: string) {
  const member = await findActiveMember(ctx, username);
  if (!member.ok) return member;
  const item = await ctx.repos.help.findByPostId(postId);
  if (item == null) return fail("not_found" as const);
  return ok({ item, member: member.value, acting: helpActor(member.value.member, member.value.actor) });
}

/**
 * The author matches the item with someone who responded (local member or
 * remote actor): status `matched`, and the match is recorded with its time
 * (`help_matches`) for the results dashboard.
 */
export async function matchHelpItem(
  ctx: AppContext,
  input: { postId: string; username: string; helperActorId: string; wording: HelpWording },
): Promise<Result<HelpItem, ChangeHelpStatusError>> {
  const found = await itemAndActor(ctx, input.postId, input.username);
  if (!found.ok) return found;
  const { item, acting } = found.value;
  const responders = (await ctx.repos.help.listResponses(item.postId)).map((r) => r.actor.id);
  const problem = checkMatch(item, acting, input.helperActorId, responders);
  if (problem != null) return fail(problem);
  const now = nowIso();
  const matched: HelpItem = { ...item, status: "matched", matchedActorId: input.helperActorId, matchedAt: now, updatedAt: now };
  await ctx.repos.help.setStatus(item.postId, matched);
  const match: HelpMatch = {
    id: newId(),
    itemPostId: item.postId,
    authorActorId: item.authorActorId,
    helperActorId: input.helperActorId,
    matchedAt: now,
    releasedAt: null,
  };
  await ctx.repos.help.recordMatch(match);
  await refreshPost(ctx, matched, input.wording);
  return ok(matched);
}

/** The author undoes a match that fell through: back to `open`; the match keeps its record with `releasedAt`. */
export async function releaseHelpMatch(
  ctx: AppContext,
  input: { postId: string; username: string; wording: HelpWording },
): Promise<Result<HelpItem, ChangeHelpStatusError>> {
  const found = await itemAndActor(ctx, input.postId, input.username);
  if (!found.ok) return found;
  const { item, acting } = found.value;
  const problem = checkRelease(item, acting);
  if (problem != null) return fail(problem);
  const now = nowIso();
  const reopened: HelpItem = { ...item, status: "open", matchedActorId: null, matchedAt: null, updatedAt: now };
  await ctx.repos.help.setStatus(item.postId, reopened);
  await ctx.repos.help.releaseMatch(item.postId, now);
  await refreshPost(ctx, reopened, input.wording);
  return ok(reopened);
}

/**
 * Closes an item, open or matched (final): its author, or a buurtverbinder
 * or admin.  A matched item keeps its match.
 */
export async function closeHelpItem(
  ctx: AppContext,
  input: { postId: string; username: string; wording: HelpWording },
): Promise<Result<HelpItem, ChangeHelpStatusError>> {
  const found = await itemAndActor(ctx, input.postId, input.username);
  if (!found.ok) return found;
  const { item, acting } = found.value;
  const problem = checkClose(item, acting);
  if (problem != null) return fail(problem);
  const now = nowIso();
  const closed: HelpItem = { ...item, status: "closed", closedAt: now, closedByActorId: acting.actorId, updatedAt: now };
  await ctx.repos.help.setStatus(item.postId, closed);
  await refreshPost(ctx, closed, input.wording);
  return ok(closed);
}

/**
 * Requests still open more than three days after they were asked, oldest
 * first, for buurtverbinders and admins to follow up.
 *
 * @param input.now The current instant (injected, so tests need no clock).
 */
export async function listHelpNeedingAttention(
  ctx: AppContext,
  input: { username: string; now: Date; limit?: number },
): Promise<Result<HelpItemWithAuthor[], MemberProblem | "not_allowed">> {
  const member = await findActiveMember(ctx, input.username);
  if (!member.ok) return member;
  if (!canModerate(member.value.member.role)) return fail("not_allowed");
  return ok(await ctx.repos.help.listOpenRequestsBefore(attentionCutoff(input.now), input.limit ?? 100));
}

/**
 * A new post, written here or received: when it replies to a help item
 * that is not closed, and its author is not the item's, its author has
 * responded — a neighbour answering through the ordinary reply form, or a
 * Mastodon user answering `#hulpgevraagd` — exactly as "I can help" does.
 * Records the response (once per person) and notifies the item's author
 * with `help_response`.
 *
 * The same rule for local and remote replies, with two conditions on who
 * may respond: a remote reply counts only for an item that federates (a
 * buurt-only item never left this server), and any reply only when the
 * item's author may read it (a direct reply to someone else is not an
 * answer to them).
 *
 * @param input.notified When given, the item author's actor id is added
 *   once they are notified (`PostStored`'s set: the generic `reply`
 *   notification then skips them).
 * @returns What happened, for logs and tests; `response` means the
 *   author was notified.
 */
export async function receiveHelpReply(
  ctx: AppContext,
  input: { post: Post; author: Actor; notified?: Set<string> },
): Promise<"response" | "already_responded" | "not_a_help_reply" | "not_open" | "own_item"> {
  const { post, author } = input;
  if (post.inReplyToIri == null) return "not_a_help_reply";
  const item = await ctx.repos.help.findByPostIri(post.inReplyToIri);
  if (item == null || (!author.local && !isFederated(item.visibility))) return "not_a_help_reply";
  if (item.authorActorId === author.id) return "own_item";
  if (item.status === "closed") return "not_open";
  const itemAuthor = await ctx.repos.actors.findById(item.authorActorId);
  if (itemAuthor == null || !await canRead(ctx, post, itemAuthor)) return "not_a_help_reply";
  const { created } = await ctx.repos.help.addResponse({
    id: newId(),
    itemPostId: item.postId,
    actorId: author.id,
    postId: post.id,
    createdAt: nowIso(),
  });
  if (!created) return "already_responded";
  await notify(ctx, {
    recipientActorId: item.authorActorId,
    type: "help_response",
    fromActorId: author.id,
    postId: post.id,
    subjectId: item.postId,
  });
  input.notified?.add(item.authorActorId);
  return "response";
}

/**
 * Lets the help board react to new posts, local and received, through the
 * one extension point for that (`PostStored`): a reply to a help item is a
 * response (`receiveHelpReply`), and the item's author, notified with
 * `help_response`, is left out of the generic `reply` notification.
 * Called once by the composition root.
 *
 * @returns A function that unsubscribes.
 */
export function attachHelpBoard(ctx: AppContext): () => void {
  return ctx.events.subscribe(async (event: DomainEvent) => {
    if (event.type === "PostStored") {
      await receiveHelpReply(ctx, { post: event.post, author: event.author, notified: event.notified });
    }
  });
}
