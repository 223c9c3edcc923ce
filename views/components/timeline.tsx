/**
 * A list of posts, newest first, with links to older pages (cursor paging).
 * An ordered list, so screen readers announce how many posts a page holds.
 */
import type { VNode } from "preact";
import type { Translator } from "../i18n/index.ts";
import { PostActions, type PostActionsView } from "./post-actions.tsx";
import { PostCard, type PostView } from "./post-card.tsx";

/** Links between pages of a timeline. */
export interface PageLinks {
  /** The next (older) page, if any. */
  olderUrl: string | null;
  /** The first page, when this is not it. */
  newestUrl: string | null;
}

/** "Older posts" and "Back to the newest" links. */
export function Pagination({ t, links, olderLabel }: { t: Translator; links: PageLinks; olderLabel?: string }) {
  if (links.olderUrl == null && links.newestUrl == null) return null;
  return (
    <nav class="pagination" aria-label={t("pagination.label")}>
      {links.newestUrl != null && <a href={links.newestUrl}>{t("pagination.newest")}</a>}
      {links.olderUrl != null && <a href={links.olderUrl} rel="next">{olderLabel ?? t("pagination.older")}</a>}
    </nav>
  );
}

/**
 * The posts of one page.
 * @param renderPost Renders one post; defaults to a plain `PostCard` (pages
 *   that offer replies, likes and boosts pass their own).
 */
export function Timeline(
  { t, posts, label, emptyText, links, headingLevel = 2, renderPost }: {
    t: Translator;
    posts: PostView[];
    /** Accessible name of the list, e.g. "Berichten uit de buurt". */
    label: string;
    emptyText: string;
    links: PageLinks;
    headingLevel?: 2 | 3;
    renderPost?: (post: PostView) => VNode;
  },
) {
  return (
    <>
      {posts.length === 0
        ? <p class="empty">{emptyText}</p>
        : (
          <ol class="timeline" aria-label={label}>
            {posts.map((p) => (
              <li key={p.id}>{renderPost ? renderPost(p) : <PostCard post={p} t={t} headingLevel={headingLevel} />}</li>
            ))}
          </ol>
        )}
      <Pagination t={t} links={links} />
    </>
  );
}

/**
 * A `renderPost` for `Timeline` that puts the counts and the reply, like
 * and boost buttons under each post, as on a post's own page (compact:
 * counts above zero only; edit and delete stay on the post's page).
 * @param actions The viewer's actions by post id; a post without an entry shows no buttons.
 * @param csrfToken `null` for visitors (counts only).
 * @param path This page's path: the buttons come back to it, at the post.
 */
export function postWithActions(
  { t, actions, csrfToken, path, headingLevel = 3 }: {
    t: Translator;
    actions: Record<string, PostActionsView>;
    csrfToken: string | null;
    path: string;
    headingLevel?: 2 | 3;
  },
): (post: PostView) => VNode {
  return (post) => {
    const view = actions[post.id];
    return (
      <div class="timeline-item">
        <PostCard post={post} t={t} headingLevel={headingLevel} />
        {view != null && (
          <PostActions
            t={t}
            post={view}
            csrfToken={csrfToken}
            next={`${path}#post-${post.id}`}
            replyHref={`/posts/${encodeURIComponent(post.id)}#reply`}
            compact
          />
        )}
      </div>
    );
  };
}
