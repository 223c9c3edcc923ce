/**
 * Repeated form submissions: a double click, a second tap while the first
 * is still on its way, or the browser sending a form again (Back, then
 * submit).  The first submission of some content by a member within a
 * minute claims it with an atomic counter in the database
 * (`RateLimitStore.hit`, so it holds across web processes); a repeat does
 * not publish again but waits for what the first one made and leads there.
 */
import type { RateLimitStore, Repositories } from "../app/ports.ts";
import { type Post, VISIBILITIES } from "../domain/post.ts";
import { sha256Hex } from "../app/tokens.ts";

/** How long the same content from the same member counts as a repeat, in milliseconds. */
export const REPEAT_WINDOW_MS = 60_000;

/** The counter's key for one member's content on one form. */
async function repeatKey(form: string, memberId: string, content: readonly unknown[]): Promise<string[]> {
  return ["repeat", form, memberId, await sha256Hex(JSON.stringify(content))];
}

/**
 * Claims a submission.
 *
 * @param form Which form (e.g. `post`), so equal content on two forms is no repeat.
 * @param content What makes two submissions the same (text, audience,
 *   what it answers …); JSON-serialisable.
 * @returns `true` for the first submission of this content by this member
 *   within `REPEAT_WINDOW_MS`, `false` for a repeat.
 */
export async function claimSubmission(
  store: RateLimitStore,
  form: string,
  memberId: string,
  content: readonly unknown[],
): Promise<boolean> {
  const counter = await store.hit(await repeatKey(form, memberId, content), REPEAT_WINDOW_MS);
  return counter.count === 1;
}

/** Gives a claim back (the first submission failed after all), so sending it again is no repeat. */
export async function releaseSubmission(
  store: RateLimitStore,
  form: string,
  memberId: string,
  content: readonly unknown[],
): Promise<void> {
  await store.clear(await repeatKey(form, memberId, content));
}

/**
 * What the first of repeated submissions made, once it is stored: asks
 * `find` until it answers (the first request may still be running), at
 * most `timeoutMs` (default 10 s).
 *
 * @returns `find`'s answer, or `null` when the first submission made
 *   nothing in that time (it failed): the caller then handles this one
 *   as new.
 */
export async function firstResult<T>(
  find: () => Promise<T | null>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T | null> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const found = await find();
    if (found != null || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}

/**
 * The first of repeated submissions that made a post (a post, a help item's
 * or an event's): the newest of the author's last ten posts, published
 * within `REPEAT_WINDOW_MS`, that `matches`; waits for it as `firstResult`.
 */
export async function firstPostLike(
  repos: Repositories,
  authorActorId: string,
  matches: (post: Post) => boolean | Promise<boolean>,
): Promise<Post | null> {
  const since = new Date(Date.now() - REPEAT_WINDOW_MS).toISOString();
  return await firstResult(async () => {
    const recent = await repos.posts.listByActor(authorActorId, [...VISIBILITIES], { limit: 10 });
    for (const { post } of recent.items) {
      if (post.publishedAt >= since && await matches(post)) return post;
    }
    return null;
  });
}
