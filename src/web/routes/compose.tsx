/**
 * Writing posts and replies (`/compose`, a multipart form that works
 * without JavaScript) and serving uploaded images (`/media/<file>`).
 *
 * A form with a problem comes back with everything the member typed; images
 * that were accepted are kept (uploaded, waiting for the post) and shown
 * again with their descriptions, so nothing has to be chosen twice.
 */
import { Hono, type Context, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { AppContext } from "../../app/context.ts";
import { discardPendingMedia, findPendingMedia, uploadImage } from "../../app/media.ts";
import type { ImageStore, Media, RemoteLookup } from "../../app/ports.ts";
import {
  MAX_ATTACHMENTS,
  MAX_DESCRIPTION_LENGTH,
  MAX_SUMMARY_LENGTH,
  publishPost,
  type PublishPostError,
  resolveMentions,
} from "../../app/posts.ts";
import { findReadablePost } from "../../app/threads.ts";
import { checkPostText, MAX_POST_LENGTH, type Post, type PostTextProblem, type Visibility } from "../../domain/post.ts";
import { IMAGE_LIMITS } from "../../media/image-store.ts";
import {
  COMPOSE_VISIBILITIES,
  type ComposeValues,
  type KeptImage,
} from "../../../views/components/compose-form.tsx";
import type { FieldErrors } from "../../../views/components/forms.tsx";
import type { Translator } from "../../../views/i18n/index.ts";
import { ComposePage } from "../../../views/pages/compose.tsx";
import type { WebEnv } from "../env.ts";
import { errorPage } from "../error-page.tsx";
import { formText, imageProblemText } from "../forms.ts";
import { pageContext } from "../page-context.ts";
import { presentPost } from "../presenters.ts";
import { badgeLookup, redirectToLogin } from "../reading.ts";
import { renderPage } from "../render.ts";
import { withPostNotice } from "../post-notices.ts";
import { claimSubmission, firstPostLike, releaseSubmission } from "../repeats.ts";

/** Largest compose request: four images at the per-image limit, and 1 MB for the rest. */
export const COMPOSE_BODY_LIMIT = MAX_ATTACHMENTS * IMAGE_LIMITS.maxBytes + 1024 * 1024;

const MB = 1024 * 1024;

/**
 * Refuses a compose request larger than `COMPOSE_BODY_LIMIT` before
 * anything reads its body (mount it before the CSRF check, which parses
 * forms).  The member is sent back to the form with an explanation (the
 * body cannot be read, so what they typed is lost; the limit is generous).
 */
export function composeBodyLimit(maxSize = COMPOSE_BODY_LIMIT): MiddlewareHandler<WebEnv> {
  return bodyLimit({
    maxSize,
    onError: (c) => c.redirect("/compose?error=too_large", 303),
  });
}

export interface ComposeRoutesOptions {
  app: AppContext;
  /** Resolves `@user@host` mentions of actors not stored yet (WebFinger). */
  lookup: RemoteLookup;
  images: ImageStore;
}

function textProblem(t: Translator, problem: PostTextProblem): string {
  return problem === "post_empty"
    ? t("compose.error.post_empty")
    : t("compose.error.post_too_long", { max: MAX_POST_LENGTH });
}

/** Where a refused `publishPost` shows its reason. */
function publishProblem(t: Translator, error: PublishPostError): FieldErrors {
  switch (error) {
    case "post_empty":
    case "post_too_long":
      return { text: textProblem(t, error) };
    case "summary_too_long":
      return { summary: t("compose.error.summary_too_long", { max: MAX_SUMMARY_LENGTH }) };
    case "visibility_invalid":
      return { visibility: t("compose.error.visibility_invalid") };
    case "direct_without_mentions":
      return { text: t("compose.error.direct_without_mentions") };
    case "too_many_attachments":
    case "media_not_found":
      return { images: t("compose.error.too_many_images", { max: MAX_ATTACHMENTS }) };
    case "media_description_missing":
      return { images: t("compose.error.alt_missing", { n: "" }) };
    case "media_description_too_long":
      return { images: t("compose.error.alt_too_long", { n: "", max: MAX_DESCRIPTION_LENGTH }) };
    case "author_not_found":
    case "author_not_active":
      return { text: t("compose.error.not_active") };
  }
}

/** The compose routes. */
export function composeRoutes(options: ComposeRoutesOptions): Hono<WebEnv> {
  const { app, lookup, images } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  async function renderCompose(
    c: Context<WebEnv>,
    state: {
      values: ComposeValues;
      errors: FieldErrors;
      kept: KeptImage[];
      replyToId: string | null;
      message?: string | null;
    },
    status: 200 | 400 | 413 = 200,
  ): Promise<Response> {
    const pc = await pageContext(c, repos, "compose");
    const viewer = c.get("viewer");
    const parent = state.replyToId == null ? null : await findReadablePost(app, state.replyToId, viewer?.actor ?? null);
    const replyTo = parent == null ? null : presentPost(parent.post, parent.author, {
      locale: pc.lang,
      timeZone: pc.buurt.timezone,
      badge: await badgeLookup(repos, pc.t)(parent.author),
      t: pc.t,
    });
    return c.html(
      renderPage(
        <ComposePage
          {...pc}
          csrfToken={c.get("csrfToken")}
          values={state.values}
          errors={state.errors}
          kept={state.kept}
          replyTo={replyTo}
          message={state.message ?? null}
        />,
      ),
      status,
    );
  }

  routes.get("/compose", async (c) => {
    if (c.get("viewer") == null) return redirectToLogin(c);
    const t = c.get("t");
    const tooLarge = c.req.query("error") === "too_large";
    const reply = c.req.query("reply") ?? null;
    return await renderCompose(c, {
      values: { text: "", summary: "", visibility: "public" },
      errors: {},
      kept: [],
      replyToId: reply != null && reply.length <= 100 ? reply : null,
      message: tooLarge ? t("compose.error.upload_too_large", { max: Math.round(COMPOSE_BODY_LIMIT / MB) }) : null,
    }, tooLarge ? 413 : 200);
  });

  routes.post("/compose", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return redirectToLogin(c);
    const t = c.get("t");
    const username = viewer.member.username;
    const body = await c.req.parseBody();
    const values: ComposeValues = {
      text: formText(body, "text"),
      summary: formText(body, "summary"),
      visibility: formText(body, "visibility") || "public",
    };
    const replyToId = formText(body, "in_reply_to") || null;
    const errors: FieldErrors = {};

    const parent = replyToId == null ? null : await findReadablePost(app, replyToId, viewer.actor);
    if (replyToId != null && parent == null) errors.text = t("compose.error.reply_target");

    // Images uploaded with an earlier attempt, unless the member took them out.
    const kept: Array<{ media: Media; description: string }> = [];
    for (let n = 1; n <= MAX_ATTACHMENTS; n++) {
      const id = formText(body, `kept_${n}`);
      if (id === "" || id.length > 100) continue;
      if (formText(body, `kept_remove_${n}`) !== "") {
        await discardPendingMedia(app, images, { username, mediaId: id });
        continue;
      }
      const media = await findPendingMedia(app, { username, mediaId: id });
      if (media == null) continue;
      kept.push({ media, description: formText(body, `kept_alt_${n}`) });
    }
    // New files, in the order of their fields (uploaded by this request: a repeat discards them).
    const uploadedHere: string[] = [];
    const uploads = Object.entries(body)
      .flatMap(([name, value]) => {
        const m = /^image_(\d{1,2})$/.exec(name);
        return m != null && value instanceof File && value.size > 0 ? [{ n: Number(m[1]), file: value }] : [];
      })
      .sort((a, b) => a.n - b.n);
    if (kept.length + uploads.length > MAX_ATTACHMENTS) {
      errors.images = t("compose.error.too_many_images", { max: MAX_ATTACHMENTS });
    } else {
      let slot = 1;
      for (const { n, file } of uploads) {
        const description = formText(body, `alt_${n}`);
        const name = file.name || t("compose.image.legend", { n });
        if (file.size > IMAGE_LIMITS.maxBytes) {
          errors[`image_${slot++}`] = imageProblemText(t, "image_too_large", name);
          continue;
        }
        const stored = await uploadImage(app, images, {
          username,
          bytes: new Uint8Array(await file.arrayBuffer()),
          description,
        });
        if (stored.ok) {
          kept.push({ media: stored.value, description });
          uploadedHere.push(stored.value.id);
        }
        else if (stored.error === "actor_not_found") return redirectToLogin(c);
        else errors[`image_${slot++}`] = imageProblemText(t, stored.error, name);
      }
    }
    kept.forEach((k, i) => {
      const alt = k.description.trim();
      if (alt === "") errors[`kept_alt_${i + 1}`] = t("compose.error.alt_missing", { n: i + 1 });
      else if ([...alt].length > MAX_DESCRIPTION_LENGTH) {
        errors[`kept_alt_${i + 1}`] = t("compose.error.alt_too_long", { n: i + 1, max: MAX_DESCRIPTION_LENGTH });
      }
    });

    const problem = checkPostText(values.text);
    if (problem != null && !(problem === "post_empty" && kept.length > 0)) errors.text ??= textProblem(t, problem);
    if ([...values.summary.trim()].length > MAX_SUMMARY_LENGTH) {
      errors.summary = t("compose.error.summary_too_long", { max: MAX_SUMMARY_LENGTH });
    }
    if (!(COMPOSE_VISIBILITIES as readonly string[]).includes(values.visibility)) {
      errors.visibility = t("compose.error.visibility_invalid");
    }

    const keptViews = (): KeptImage[] =>
      kept.map((k) => ({ id: k.media.id, url: app.iris.media(k.media.file), description: k.description }));
    if (Object.keys(errors).length > 0) {
      return await renderCompose(c, { values, errors, kept: keptViews(), replyToId }, 400);
    }

    // The same post sent again (double click, the browser re-sending the form): lead to the first.
    const inReplyToIri = parent?.post.iri ?? null;
    const content = [values.text, values.summary.trim(), values.visibility, inReplyToIri, kept.length];
    const postedTo = (post: Post) =>
      parent != null
        ? withPostNotice(`/posts/${parent.post.id}#post-${post.id}`, "replied")
        : withPostNotice(`/posts/${post.id}`, "posted");
    if (!await claimSubmission(repos.rateLimits, "post", viewer.member.id, content)) {
      const first = await firstPostLike(repos, viewer.actor.id, (post) =>
        post.type === "Note" && post.source === values.text && (post.summary ?? "") === values.summary.trim() &&
        post.visibility === values.visibility && post.inReplyToIri === inReplyToIri &&
        post.attachments.length === kept.length);
      if (first != null) {
        for (const mediaId of uploadedHere) await discardPendingMedia(app, images, { username, mediaId });
        return c.redirect(postedTo(first), 303);
      }
    }

    const mentions = await resolveMentions(app, lookup, values.text);
    const published = await publishPost(app, {
      authorUsername: username,
      text: values.text,
      summary: values.summary,
      visibility: values.visibility as Visibility,
      inReplyToIri: parent?.post.iri ?? null,
      language: viewer.member.locale ?? c.get("lang"),
      mentions,
      media: kept.map((k) => ({ id: k.media.id, description: k.description })),
    });
    if (!published.ok) {
      await releaseSubmission(repos.rateLimits, "post", viewer.member.id, content);
      return await renderCompose(
        c,
        { values, errors: publishProblem(t, published.error), kept: keptViews(), replyToId },
        400,
      );
    }
    return c.redirect(postedTo(published.value), 303);
  });

  routes.get("/media/:file", async (c) => {
    const found = await images.read(c.req.param("file"));
    if (found == null) return errorPage(c, repos, 404);
    return c.body(found.bytes, 200, {
      "Content-Type": found.mediaType,
      "Content-Length": String(found.bytes.byteLength),
      // Names are random and never reused: the content of a URL never changes.
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; sandbox",
    });
  });

  return routes;
}
