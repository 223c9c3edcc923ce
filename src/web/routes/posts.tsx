/**
 * A post and its conversation (`/posts/:id`), what members do with posts
 * (like, boost, edit, delete: small POST forms that redirect back with a
 * confirmation) and hashtag pages (`/tags/:name`).
 */
import { Hono, type Context } from "hono";
import type { AppContext } from "../../app/context.ts";
import { boostPost, likePost, unboostPost, unlikePost } from "../../app/interactions.ts";
import type { ImageStore, RemoteLookup } from "../../app/ports.ts";
import { deletePost, MAX_SUMMARY_LENGTH, resolveMentions, updatePost } from "../../app/posts.ts";
import { listTaggedPosts } from "../../app/tags.ts";
import { findReadablePost, loadThread, type ThreadPost } from "../../app/threads.ts";
import type { Actor } from "../../domain/actor.ts";
import { displayNameOf, handleOf } from "../../domain/actor.ts";
import { MAX_POST_LENGTH, type Post } from "../../domain/post.ts";
import { normaliseHashtag } from "../../domain/text.ts";
import type { ComposeValues } from "../../../views/components/compose-form.tsx";
import type { FieldErrors } from "../../../views/components/forms.tsx";
import type { Translator } from "../../../views/i18n/index.ts";
import { DeletePostPage } from "../../../views/pages/delete-post.tsx";
import { EditPostPage } from "../../../views/pages/edit-post.tsx";
import { PostDeletedPage } from "../../../views/pages/post-deleted.tsx";
import { PostPage, type ThreadItemView } from "../../../views/pages/post.tsx";
import { TagPage } from "../../../views/pages/tag.tsx";
import type { Viewer, WebEnv } from "../env.ts";
import { errorPage } from "../error-page.tsx";
import { pageContext } from "../page-context.ts";
import { mayDelete, mayEdit, presentPostActions } from "../post-actions.ts";
import { postNoticeText, type PostNotice, withPostNotice } from "../post-notices.ts";
import { presentPost } from "../presenters.ts";
import { badgeLookup, cursorOf, pageLinks, presentEntries, redirectToLogin, safeNextPath } from "../reading.ts";
import { renderPage } from "../render.ts";

export interface PostRoutesOptions {
  app: AppContext;
  /** Resolves mentions typed in an edit. */
  lookup: RemoteLookup;
  /** Where a deleted post's images are removed from. */
  images: ImageStore;
}

/** Posts per tag page. */
export const TAG_PAGE_SIZE = 20;

/**
 * What a reply form starts with: the replied-to author mentioned (unless
 * that is the viewer), the same content warning, and the same visibility
 * when the post was not public.
 */
function replyValues(post: Post, author: Actor, viewer: Viewer): ComposeValues {
  const mention = author.id === viewer.actor.id ? "" : author.local ? `@${author.username} ` : `${handleOf(author)} `;
  const visibility = post.visibility === "unlisted" ? "public" : post.visibility;
  return { text: mention, summary: post.summary ?? "", visibility };
}

/** The post routes. */
export function postRoutes(options: PostRoutesOptions): Hono<WebEnv> {
  const { app, lookup, images } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  routes.get("/posts/:id", async (c) => {
    const viewer = c.get("viewer");
    const thread = await loadThread(app, c.req.param("id"), viewer?.actor ?? null);
    if (!thread.ok) return errorPage(c, repos, 404);
    const pc = await pageContext(c, repos);
    const badgeOf = badgeLookup(repos, pc.t);
    const now = new Date();
    const present = async (item: ThreadPost): Promise<ThreadItemView> => ({
      post: presentPost(item.post, item.author, {
        locale: pc.lang,
        timeZone: pc.buurt.timezone,
        badge: await badgeOf(item.author),
        t: pc.t,
        now,
      }),
      actions: presentPostActions(item.post, item.author, item, viewer, pc.t),
      inReplyToName: item.inReplyTo == null ? null : displayNameOf(item.inReplyTo),
      depth: item.depth,
    });
    const { ancestors, focus, descendants } = thread.value;
    return c.html(renderPage(
      <PostPage
        {...pc}
        iri={focus.post.iri}
        notice={postNoticeText(pc.t, c.req.query("notice"))}
        ancestors={await Promise.all(ancestors.map(present))}
        focus={await present(focus)}
        replies={await Promise.all(descendants.map(present))}
        reply={viewer == null
          ? null
          : { csrfToken: c.get("csrfToken"), values: replyValues(focus.post, focus.author, viewer), errors: {}, kept: [] }}
      />,
    ));
  });

  /** Like, unlike, boost, unboost: act, then back to where the button was with a confirmation. */
  const interactions = [
    ["like", likePost, "liked"],
    ["unlike", unlikePost, "unliked"],
    ["boost", boostPost, "boosted"],
    ["unboost", unboostPost, "unboosted"],
  ] as const;
  for (const [action, useCase, notice] of interactions) {
    routes.post(`/posts/:id/${action}`, async (c) => {
      const viewer = c.get("viewer");
      if (viewer == null) return redirectToLogin(c);
      const id = c.req.param("id");
      const body = await c.req.parseBody();
      const next = safeNextPath(typeof body.next === "string" ? body.next : null, `/posts/${encodeURIComponent(id)}`);
      const result = await useCase(app, { username: viewer.member.username, postId: id });
      if (!result.ok) {
        if (result.error === "post_not_found" || result.error === "not_visible") return errorPage(c, repos, 404);
        // Nothing to undo (already unliked / not boosted): say so, change nothing.
        return c.redirect(withPostNotice(next, "not_allowed"), 303);
      }
      return c.redirect(withPostNotice(next, notice as PostNotice), 303);
    });
  }

  async function ownPostOr404(c: Context<WebEnv>, check: (viewer: Viewer, post: Post) => boolean) {
    const viewer = c.get("viewer");
    if (viewer == null) return { response: redirectToLogin(c) };
    const found = await findReadablePost(app, c.req.param("id") ?? "", viewer.actor);
    if (found == null) return { response: await errorPage(c, repos, 404) };
    if (!check(viewer, found.post)) return { response: await errorPage(c, repos, 403) };
    return { viewer, ...found };
  }

  async function renderEdit(
    c: Context<WebEnv>,
    found: { post: Post; author: Actor },
    values: { text: string; summary: string },
    errors: FieldErrors,
    status: 200 | 400,
  ) {
    const pc = await pageContext(c, repos);
    const post = presentPost(found.post, found.author, { locale: pc.lang, timeZone: pc.buurt.timezone, t: pc.t });
    return c.html(
      renderPage(<EditPostPage {...pc} csrfToken={c.get("csrfToken")} post={post} values={values} errors={errors} />),
      status,
    );
  }

  routes.get("/posts/:id/edit", async (c) => {
    const found = await ownPostOr404(c, (viewer, post) => mayEdit(viewer, post));
    if ("response" in found) return found.response;
    return await renderEdit(c, found, { text: found.post.source ?? "", summary: found.post.summary ?? "" }, {}, 200);
  });

  routes.post("/posts/:id/edit", async (c) => {
    const found = await ownPostOr404(c, (viewer, post) => mayEdit(viewer, post));
    if ("response" in found) return found.response;
    const t = c.get("t");
    const body = await c.req.parseBody();
    const values = {
      text: typeof body.text === "string" ? body.text : "",
      summary: typeof body.summary === "string" ? body.summary : "",
    };
    const result = await updatePost(app, {
      postId: found.post.id,
      editorUsername: found.viewer.member.username,
      text: values.text,
      summary: values.summary,
      mentions: await resolveMentions(app, lookup, values.text),
    });
    if (!result.ok) {
      const errors: FieldErrors = editProblem(t, result.error);
      return await renderEdit(c, found, values, errors, 400);
    }
    return c.redirect(withPostNotice(`/posts/${found.post.id}`, "edited"), 303);
  });

  routes.get("/posts/:id/delete", async (c) => {
    const found = await ownPostOr404(c, (viewer, post) => mayDelete(viewer, post));
    if ("response" in found) return found.response;
    const pc = await pageContext(c, repos);
    const post = presentPost(found.post, found.author, { locale: pc.lang, timeZone: pc.buurt.timezone, t: pc.t });
    return c.html(renderPage(
      <DeletePostPage
        {...pc}
        csrfToken={c.get("csrfToken")}
        post={post}
        asModerator={found.post.actorId !== found.viewer.actor.id}
      />,
    ));
  });

  routes.post("/posts/:id/delete", async (c) => {
    const found = await ownPostOr404(c, (viewer, post) => mayDelete(viewer, post));
    if ("response" in found) return found.response;
    const result = await deletePost(app, { postId: found.post.id, actorUsername: found.viewer.member.username }, images);
    if (!result.ok) return errorPage(c, repos, result.error === "not_author" ? 403 : 404);
    // Back to the conversation when it was a reply; otherwise a short confirmation.
    const parent = found.post.inReplyToIri == null ? null : await repos.posts.findByIri(found.post.inReplyToIri);
    if (parent != null) return c.redirect(withPostNotice(`/posts/${parent.id}`, "deleted"), 303);
    return c.redirect(`/posts/${encodeURIComponent(found.post.id)}/deleted`, 303);
  });

  routes.get("/posts/:id/deleted", async (c) => {
    const pc = await pageContext(c, repos);
    return c.html(renderPage(<PostDeletedPage {...pc} />));
  });

  routes.get("/tags/:name", async (c) => {
    const raw = c.req.param("name");
    const name = normaliseHashtag(raw);
    if (name === "" || name.length > 200) return errorPage(c, repos, 404);
    const pc = await pageContext(c, repos);
    const page = await listTaggedPosts(app, {
      name,
      reader: c.get("viewer")?.actor ?? null,
      page: { limit: TAG_PAGE_SIZE, cursor: cursorOf(c) },
    });
    const posts = await presentEntries(page.items, { repos, t: pc.t, lang: pc.lang, timeZone: pc.buurt.timezone });
    return c.html(renderPage(<TagPage {...pc} tag={name} posts={posts} links={pageLinks(c, page.nextCursor)} />));
  });

  return routes;
}

function editProblem(t: Translator, error: string): FieldErrors {
  switch (error) {
    case "post_empty":
      return { text: t("compose.error.post_empty") };
    case "post_too_long":
      return { text: t("compose.error.post_too_long", { max: MAX_POST_LENGTH }) };
    case "summary_too_long":
      return { summary: t("compose.error.summary_too_long", { max: MAX_SUMMARY_LENGTH }) };
    default:
      return { text: t("notice.not.allowed") };
  }
}
