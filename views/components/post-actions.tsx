/**
 * What can be done with a post, under it: counts of replies, likes and
 * boosts, and for members the reply link and the like/boost buttons (small
 * POST forms, so they work without JavaScript), plus edit and delete for
 * the author (delete also for moderators).
 */
import type { Translator } from "../i18n/index.ts";
import { CsrfField } from "./forms.tsx";

/** The state of one post for the viewer. */
export interface PostActionsView {
  id: string;
  replies: number;
  likes: number;
  boosts: number;
  liked: boolean;
  boosted: boolean;
  /** Public and unlisted posts can be boosted. */
  canBoost: boolean;
  canEdit: boolean;
  canDelete: boolean;
  /**
   * Which post the buttons are about, for screen readers (e.g. "bij het
   * bericht van Anna"): a page with many posts has many "Leuk" buttons.
   */
  about?: string | null;
}

/** Text only screen readers read, after a button's visible label. */
function About({ text }: { text?: string | null }) {
  return text ? <span class="visually-hidden">{` ${text}`}</span> : null;
}

function ActionForm(
  { action, csrfToken, next, label, about, className }: {
    action: string;
    csrfToken: string;
    next: string;
    label: string;
    about?: string | null;
    className?: string;
  },
) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="next" value={next} />
      <button type="submit" class={className ?? "action-button"}>
        {label}
        <About text={about} />
      </button>
    </form>
  );
}

/**
 * Counts and buttons of a post.
 * @param csrfToken `null` for visitors: counts only.
 * @param next Where the buttons come back to (this page, with the post's anchor).
 * @param compact For lists of posts (timelines): only the counts above
 *   zero, and only reply, like and boost (edit and delete are on the
 *   post's own page), so a page of posts stays calm.
 */
export function PostActions(
  { t, post, csrfToken, next, replyHref, compact = false, countsAboveZero = compact }: {
    t: Translator;
    post: PostActionsView;
    csrfToken: string | null;
    next: string;
    /** Where "Reageren" leads (the reply form); `null` hides it. */
    replyHref?: string | null;
    compact?: boolean;
    /** Only the counts above zero (replies in a thread; always with `compact`). */
    countsAboveZero?: boolean;
  },
) {
  const base = `/posts/${encodeURIComponent(post.id)}`;
  const counts = [
    { n: post.replies, text: t(post.replies === 1 ? "post.count.replies.one" : "post.count.replies", { count: post.replies }) },
    { n: post.likes, text: t(post.likes === 1 ? "post.count.likes.one" : "post.count.likes", { count: post.likes }) },
    { n: post.boosts, text: t(post.boosts === 1 ? "post.count.boosts.one" : "post.count.boosts", { count: post.boosts }) },
  ].filter((c) => !countsAboveZero || c.n > 0);
  // A visitor's compact view of a post nobody answered, liked or shared: nothing to show.
  if (counts.length === 0 && csrfToken == null) return null;
  return (
    <div class={compact ? "post-actions post-actions-compact" : "post-actions"}>
      {counts.length > 0 && <p class="post-counts">{counts.map((c) => <span key={c.text}>{c.text}</span>)}</p>}
      {csrfToken != null && (
        <div class="post-buttons">
          {replyHref != null && (
            <a class="action-button" href={replyHref}>{t("post.action.reply")}<About text={post.about} /></a>
          )}
          <ActionForm
            action={`${base}/${post.liked ? "unlike" : "like"}`}
            csrfToken={csrfToken}
            next={next}
            label={post.liked ? t("post.action.unlike") : t("post.action.like")}
            about={post.about}
          />
          {post.canBoost && (
            <ActionForm
              action={`${base}/${post.boosted ? "unboost" : "boost"}`}
              csrfToken={csrfToken}
              next={next}
              label={post.boosted ? t("post.action.unboost") : t("post.action.boost")}
              about={post.about}
            />
          )}
          {post.canEdit && !compact && (
            <a class="action-button" href={`${base}/edit`}>{t("post.action.edit")}<About text={post.about} /></a>
          )}
          {post.canDelete && !compact && (
            <a class="action-button action-danger" href={`${base}/delete`}>
              {t("post.action.delete")}
              <About text={post.about} />
            </a>
          )}
        </div>
      )}
    </div>
  );
}
