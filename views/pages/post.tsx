import { ComposeForm, type ComposeValues, type KeptImage } from "../components/compose-form.tsx";
import type { FieldErrors } from "../components/forms.tsx";
import { PostActions, type PostActionsView } from "../components/post-actions.tsx";
import { PostCard, type PostView } from "../components/post-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** One post of a thread with its counts and buttons. */
export interface ThreadItemView {
  post: PostView;
  actions: PostActionsView;
  /** Name of whom this post answers (shown on replies deeper than the first level). */
  inReplyToName: string | null;
  /** 1 for a direct reply, 2 for a reply to a reply … (0 for the post and what it answers). */
  depth: number;
}

export interface PostPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  /** The post's ActivityPub id. */
  iri: string;
  /** A confirmation after a form (liked, replied …). */
  notice?: string | null;
  ancestors: ThreadItemView[];
  focus: ThreadItemView;
  replies: ThreadItemView[];
  /** The reply form for members; `null` for visitors. */
  reply: { csrfToken: string; values: ComposeValues; errors: FieldErrors; kept: KeptImage[] } | null;
}

function ThreadItem(
  { t, item, csrfToken, headingLevel }: { t: Translator; item: ThreadItemView; csrfToken: string | null; headingLevel: 2 | 3 },
) {
  const next = `/posts/${encodeURIComponent(item.post.id)}#post-${item.post.id}`;
  return (
    <>
      {item.inReplyToName != null && item.depth > 1 && (
        <p class="thread-reply-to">{t("thread.reply.to", { name: item.inReplyToName })}</p>
      )}
      <PostCard post={item.post} t={t} headingLevel={headingLevel} />
      <PostActions
        t={t}
        post={item.actions}
        csrfToken={csrfToken}
        next={next}
        replyHref={`/posts/${encodeURIComponent(item.post.id)}#reply`}
        countsAboveZero
      />
    </>
  );
}

/** A post on its own page with its whole conversation: what it answers above, the replies below. */
export function PostPage({ t, lang, buurt, nav, iri, notice, ancestors, focus, replies, reply }: PostPageProps) {
  const title = t("thread.title", { name: focus.post.authorName, time: focus.post.publishedText });
  const csrfToken = reply?.csrfToken ?? null;
  return (
    <Layout t={t} lang={lang} title={title} buurt={buurt} nav={nav} alternate={iri}>
      {notice && <p class="notice" role="status">{notice}</p>}
      <h1 class="visually-hidden">{title}</h1>
      {ancestors.length > 0 && (
        <section class="thread-ancestors" aria-labelledby="thread-before">
          <h2 id="thread-before" class="visually-hidden">{t("thread.before")}</h2>
          <ol class="thread-list">
            {ancestors.map((item) => (
              <li key={item.post.id}>
                <ThreadItem t={t} item={item} csrfToken={csrfToken} headingLevel={3} />
              </li>
            ))}
          </ol>
        </section>
      )}
      <div class="thread-focus">
        <PostCard post={focus.post} t={t} headingLevel={2} />
        <PostActions t={t} post={focus.actions} csrfToken={csrfToken} next={`/posts/${encodeURIComponent(focus.post.id)}`} replyHref="#reply" />
      </div>
      {reply != null && (
        <section class="thread-reply">
          <ComposeForm
            t={t}
            csrfToken={reply.csrfToken}
            values={reply.values}
            errors={reply.errors}
            kept={reply.kept}
            replyTo={{ id: focus.post.id, authorName: focus.post.authorName }}
            compact
          />
        </section>
      )}
      {reply == null && (
        <p class="hint">
          {t("thread.login.to.reply")} <a href={`/login?next=${encodeURIComponent(`/posts/${focus.post.id}`)}`}>{t("nav.login")}</a>
        </p>
      )}
      <section class="thread-replies" aria-labelledby="thread-replies-title">
        <h2 id="thread-replies-title">{t("thread.replies", { count: replies.length })}</h2>
        {replies.length === 0
          ? <p class="empty">{t("thread.replies.empty")}</p>
          : (
            <ol class="thread-list">
              {replies.map((item) => (
                <li key={item.post.id} class={`thread-depth-${Math.min(item.depth, 4)}`}>
                  <ThreadItem t={t} item={item} csrfToken={csrfToken} headingLevel={3} />
                </li>
              ))}
            </ol>
          )}
      </section>
    </Layout>
  );
}
