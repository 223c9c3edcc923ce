import type { Translator } from "../i18n/index.ts";

/** A post as a view shows it: every value already formatted and safe. */
export interface PostView {
  id: string;
  /** Link to the post's page. */
  url: string;
  authorName: string;
  authorHandle: string;
  authorUrl: string;
  authorAvatar: string | null;
  /** A badge such as "Buurtverbinder" or "Wijkagent · Gemeente". */
  authorBadge: string | null;
  /** Machine-readable time (ISO-8601) and the same time formatted for the reader. */
  publishedIso: string;
  publishedText: string;
  edited: boolean;
  title: string | null;
  /** Sanitised HTML. */
  contentHtml: string;
  contentWarning: string | null;
  language: string | null;
  /**
   * `width` and `height` (pixels, when known) let the browser keep the
   * image's space while it loads, so the text does not jump.
   */
  attachments: Array<{ url: string; description: string | null; isImage: boolean; width?: number | null; height?: number | null }>;
  /** Who shared it into this timeline. */
  boostedBy: string | null;
}

/** One post in a timeline or on its own page. */
export function PostCard({ post, t, headingLevel = 2 }: { post: PostView; t: Translator; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const body = (
    <>
      {post.title && <p class="post-title">{post.title}</p>}
      <div class="post-content" lang={post.language ?? undefined} dangerouslySetInnerHTML={{ __html: post.contentHtml }} />
      {post.attachments.length > 0 && (
        <ul class="post-attachments">
          {post.attachments.map((a) => (
            <li>
              {a.isImage
                ? (
                  <img
                    src={a.url}
                    alt={a.description ?? ""}
                    loading="lazy"
                    width={a.width ?? undefined}
                    height={a.height ?? undefined}
                  />
                )
                : <a href={a.url} rel="nofollow noopener ugc">{a.description ?? t("post.attachment")}</a>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
  return (
    <article class="post" id={`post-${post.id}`}>
      {post.boostedBy && <p class="post-boost">{t("post.boosted.by", { name: post.boostedBy })}</p>}
      <header class="post-header">
        {post.authorAvatar
          ? <img class="avatar" src={post.authorAvatar} alt="" width={44} height={44} />
          : <span class="avatar avatar-placeholder" aria-hidden="true">{post.authorName.slice(0, 1).toUpperCase()}</span>}
        <div>
          <Heading class="post-author">
            <a href={post.authorUrl}>{post.authorName}</a>
          </Heading>
          <span class="post-handle">{post.authorHandle}</span>
          {post.authorBadge && <span class="badge">{post.authorBadge}</span>}
        </div>
        <a class="post-time" href={post.url}>
          <time datetime={post.publishedIso}>{post.publishedText}</time>
          {post.edited && <span class="post-edited"> · {t("post.edited")}</span>}
        </a>
      </header>
      {post.contentWarning
        ? (
          <details class="post-cw">
            <summary>{t("post.content.warning", { summary: post.contentWarning })}</summary>
            {body}
          </details>
        )
        : body}
    </article>
  );
}
