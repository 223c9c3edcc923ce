/**
 * The help board (`/hulp`): the board with its filters, the form to ask or
 * offer help, an item's page with "I can help" and the private
 * conversations, the author's match/release/close buttons, and the list of
 * requests that need a buurtverbinder's attention.  Server-rendered, no
 * JavaScript; every form posts and redirects back (303), or re-renders
 * with what was typed and a translated error.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppContext } from "../../app/context.ts";
import {
  closeHelpItem,
  createHelpItem,
  getHelpItem,
  listHelpBoard,
  listHelpNeedingAttention,
  matchHelpItem,
  releaseHelpMatch,
  respondToHelpItem,
  sendHelpMessage,
} from "../../app/help.ts";
import { displayNameOf, handleOf } from "../../domain/actor.ts";
import { plainTextToHtml } from "../../domain/text.ts";
import {
  checkHelpInput,
  DEFAULT_HELP_VISIBILITY,
  HELP_KINDS,
  HELP_STATUSES,
  type HelpInput,
  isHelpCategory,
  isHelpKind,
  isHelpStatus,
  MAX_HELP_DESCRIPTION_LENGTH,
  MAX_HELP_TITLE_LENGTH,
} from "../../domain/help.ts";
import type { MessageKey } from "../../../views/i18n/index.ts";
import { ErrorPage } from "../../../views/pages/error.tsx";
import { HelpAttentionPage } from "../../../views/pages/help-attention.tsx";
import { HelpBoardPage } from "../../../views/pages/help-board.tsx";
import { HelpFormPage } from "../../../views/pages/help-form.tsx";
import type { HelpConversationView } from "../../../views/pages/help-item.tsx";
import { HelpItemPage } from "../../../views/pages/help-item.tsx";
import type { WebEnv } from "../env.ts";
import { formText } from "../forms.ts";
import {
  categoryOptions,
  helpWording,
  kindLabel,
  matchedText,
  type HelpProblem,
  presentHelpCard,
  problemStatus,
  problemText,
  statusLabel,
} from "../help-presenters.ts";
import { pageContext } from "../page-context.ts";
import { claimSubmission, firstPostLike, releaseSubmission } from "../repeats.ts";
import { formatDateTime, profilePath } from "../presenters.ts";
import { renderPage } from "../render.ts";
import { sanitizeHtml } from "../sanitize.ts";

export interface HelpRoutesOptions {
  app: AppContext;
}

/** A UUID, the id of every item (and of its post). */
const ID = "{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}}";

/** Notices an item page shows after a redirect (`?notice=…`). */
const NOTICES: Readonly<Record<string, MessageKey>> = {
  created: "help.notice.created",
  responded: "help.notice.responded",
  sent: "help.notice.sent",
  matched: "help.notice.matched",
  released: "help.notice.released",
  closed: "help.notice.closed",
};

/** What the item page re-renders with after a refused form. */
interface ItemPageState {
  status?: number;
  notice?: string | null;
  error?: string | null;
  respond?: { value: string; error: string | null };
  /** A conversation's reply form, by responder actor id. */
  reply?: { responderActorId: string; value: string; error: string | null };
}

/** The help board's routes. */
export function helpRoutes(options: HelpRoutesOptions): Hono<WebEnv> {
  const { app } = options;
  const { repos } = app;
  const routes = new Hono<WebEnv>();

  async function wording() {
    const buurt = await repos.buurt.get();
    return { wording: helpWording(buurt?.language ?? "nl"), language: buurt?.language ?? null };
  }

  async function notFound(c: Context<WebEnv>) {
    const pc = await pageContext(c, repos);
    return c.html(renderPage(<ErrorPage {...pc} status={404} />), 404);
  }

  async function forbidden(c: Context<WebEnv>, message: string) {
    const pc = await pageContext(c, repos);
    return c.html(renderPage(<ErrorPage {...pc} status={403} message={message} />), 403);
  }

  function toLogin(c: Context<WebEnv>, next: string) {
    return c.redirect(`/login?next=${encodeURIComponent(next)}`, 303);
  }

  routes.get("/hulp", async (c) => {
    const pc = await pageContext(c, repos, "help");
    const { t, lang, buurt } = pc;
    const kind = c.req.query("kind") ?? "";
    const category = c.req.query("category") ?? "";
    // No status chosen means the open ones; "" (all) is an explicit choice.
    const status = c.req.query("status") ?? "open";
    const viewer = c.get("viewer");
    const page = await listHelpBoard(app, {
      viewerIsMember: viewer != null,
      kind: isHelpKind(kind) ? kind : undefined,
      category: isHelpCategory(category) ? category : undefined,
      status: isHelpStatus(status) ? status : undefined,
      cursor: c.req.query("cursor") ?? null,
    });
    const filter = {
      kind: isHelpKind(kind) ? kind : "",
      category: isHelpCategory(category) ? category : "",
      status: isHelpStatus(status) ? status : "",
    };
    const all = { value: "", label: t("help.filter.all") };
    const olderUrl = page.nextCursor == null
      ? null
      : `/hulp?${new URLSearchParams({ ...filter, cursor: page.nextCursor }).toString()}`;
    return c.html(renderPage(
      <HelpBoardPage
        {...pc}
        member={viewer != null}
        filter={filter}
        kinds={[all, ...HELP_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))]}
        categories={[all, ...categoryOptions(t)]}
        statuses={[all, ...HELP_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))]}
        items={page.items.map((e) => presentHelpCard(e, { t, locale: lang, timeZone: buurt.timezone }))}
        olderUrl={olderUrl}
      />,
    ));
  });

  async function formPage(
    c: Context<WebEnv>,
    values: HelpInput & { public: boolean },
    errors: Partial<Record<string, string>>,
    status: 200 | 422,
  ) {
    const pc = await pageContext(c, repos, "help");
    const { t } = pc;
    return c.html(
      renderPage(
        <HelpFormPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          values={values}
          categories={[{ value: "", label: t("help.form.category.choose") }, ...categoryOptions(t)]}
          errors={errors}
          maxTitle={MAX_HELP_TITLE_LENGTH}
          maxDescription={MAX_HELP_DESCRIPTION_LENGTH}
        />,
      ),
      status,
    );
  }

  routes.get("/hulp/nieuw", async (c) => {
    if (c.get("viewer") == null) return toLogin(c, "/hulp/nieuw");
    const kind = c.req.query("kind") === "offer" ? "offer" : "request";
    const category = c.req.query("category") ?? "";
    return await formPage(c, {
      kind,
      category: isHelpCategory(category) ? category : "",
      title: "",
      description: "",
      visibility: DEFAULT_HELP_VISIBILITY,
      public: false,
    }, {}, 200);
  });

  routes.post("/hulp/nieuw", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, "/hulp/nieuw");
    const t = c.get("t");
    const body = await c.req.parseBody();
    const isPublic = formText(body, "public") !== "";
    const values = {
      kind: formText(body, "kind"),
      category: formText(body, "category"),
      title: formText(body, "title"),
      description: formText(body, "description"),
      visibility: isPublic ? "public" : DEFAULT_HELP_VISIBILITY,
      public: isPublic,
    };
    const problems = checkHelpInput(values);
    if (Object.keys(problems).length > 0) {
      const errors: Partial<Record<string, string>> = {};
      for (const [field, problem] of Object.entries(problems)) {
        errors[field === "visibility" ? "public" : field] = problemText(t, problem);
      }
      return await formPage(c, values, errors, 422);
    }
    // The same item sent again (double click, the browser re-sending the form): lead to the first.
    const content = [values.kind, values.category, values.title.trim(), values.description.trim(), values.visibility];
    if (!await claimSubmission(repos.rateLimits, "help", viewer.member.id, content)) {
      const first = await firstPostLike(repos, viewer.actor.id, async (post) => {
        const item = await repos.help.findByPostId(post.id);
        return item != null && JSON.stringify([item.kind, item.category, item.title, item.description, item.visibility]) ===
          JSON.stringify(content);
      });
      if (first != null) return c.redirect(`/hulp/${first.id}?notice=created`, 303);
    }
    const created = await createHelpItem(app, { ...values, authorUsername: viewer.member.username, ...await wording() });
    if (!created.ok) {
      await releaseSubmission(repos.rateLimits, "help", viewer.member.id, content);
      return await forbidden(c, problemText(t, created.error));
    }
    return c.redirect(`/hulp/${created.value.postId}?notice=created`, 303);
  });

  routes.get("/hulp/aandacht", async (c) => {
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, "/hulp/aandacht");
    const pc = await pageContext(c, repos, "help_attention");
    const { t, lang, buurt } = pc;
    const now = new Date();
    const listed = await listHelpNeedingAttention(app, { username: viewer.member.username, now });
    if (!listed.ok) return await forbidden(c, t("help.attention.forbidden"));
    return c.html(renderPage(
      <HelpAttentionPage
        {...pc}
        items={listed.value.map((e) => presentHelpCard(e, { t, locale: lang, timeZone: buurt.timezone, now }))}
      />,
    ));
  });

  async function itemPage(c: Context<WebEnv>, postId: string, state: ItemPageState = {}) {
    const viewer = c.get("viewer");
    const found = await getHelpItem(app, { postId, viewerUsername: viewer?.member.username ?? null });
    if (!found.ok) return await notFound(c);
    const details = found.value;
    const pc = await pageContext(c, repos, "help");
    const { t, lang, buurt } = pc;
    const format = { locale: lang, timeZone: buurt.timezone };
    const { item, author } = details;
    const card = presentHelpCard({ item, author, responseCount: details.responses.length }, { t, ...format });
    const conversations: HelpConversationView[] = details.responses.flatMap(({ actor, conversation }) => {
      if (conversation == null) return [];
      const other = details.viewer.isAuthor ? actor : author;
      const reply = state.reply?.responderActorId === actor.id ? state.reply : null;
      return [{
        responderActorId: actor.id,
        otherName: displayNameOf(other),
        otherUrl: profilePath(other),
        otherHandle: other.local ? null : handleOf(other),
        matched: item.status !== "open" && item.matchedActorId === actor.id,
        messages: conversation.map(({ post, author: from }) => ({
          id: post.id,
          authorName: displayNameOf(from),
          mine: from.id === details.viewer.actorId,
          html: sanitizeHtml(post.contentHtml),
          timeIso: post.publishedAt,
          timeText: formatDateTime(post.publishedAt, lang, buurt.timezone),
        })),
        canMatch: details.viewer.canMatch,
        reply: { value: reply?.value ?? "", error: reply?.error ?? null },
      }];
    });
    const noticeKey = NOTICES[c.req.query("notice") ?? ""];
    return c.html(
      renderPage(
        <HelpItemPage
          {...pc}
          csrfToken={c.get("csrfToken")}
          item={{
            ...card,
            descriptionHtml: item.description === "" ? null : sanitizeHtml(plainTextToHtml(item.description)),
            visibility: item.visibility,
            matchedText: matchedText(t, item, details.matchedActor, format),
            closedText: item.closedAt == null
              ? null
              : t("help.item.closed.at", { time: formatDateTime(item.closedAt, lang, buurt.timezone) }),
            iri: item.postIri,
          }}
          conversations={conversations}
          responseCount={details.responses.length}
          viewer={{
            member: viewer != null,
            isAuthor: details.viewer.isAuthor,
            canRespond: details.viewer.canRespond,
            canRelease: details.viewer.canRelease,
            canClose: details.viewer.canClose,
            closesAsModerator: !details.viewer.isAuthor && details.viewer.moderator,
          }}
          respond={state.respond ?? { value: "", error: null }}
          notice={state.notice ?? (noticeKey == null ? null : t(noticeKey))}
          error={state.error ?? null}
        />,
      ),
      (state.status ?? 200) as 200,
    );
  }

  routes.get(`/hulp/:id${ID}`, async (c) => await itemPage(c, c.req.param("id")));

  /** Re-renders the item page after a refused action, or the 404 page. */
  async function refused(c: Context<WebEnv>, postId: string, problem: HelpProblem, state: ItemPageState = {}) {
    if (problem === "not_found" && state.reply == null) return await notFound(c);
    return await itemPage(c, postId, { error: problemText(c.get("t"), problem), ...state, status: problemStatus(problem) });
  }

  routes.post(`/hulp/:id${ID}/helpen`, async (c) => {
    const postId = c.req.param("id");
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, `/hulp/${postId}`);
    const message = formText(await c.req.parseBody(), "message");
    const { language } = await wording();
    const result = await respondToHelpItem(app, { postId, username: viewer.member.username, message, language });
    if (!result.ok) {
      const problem = result.error;
      if (problem === "help_message_empty" || problem === "help_message_too_long") {
        return await refused(c, postId, problem, {
          error: null,
          respond: { value: message, error: problemText(c.get("t"), problem) },
        });
      }
      return await refused(c, postId, problem);
    }
    return c.redirect(`/hulp/${postId}?notice=responded#gesprek-${viewer.actor.id}`, 303);
  });

  routes.post(`/hulp/:id${ID}/berichten`, async (c) => {
    const postId = c.req.param("id");
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, `/hulp/${postId}`);
    const body = await c.req.parseBody();
    const responderActorId = formText(body, "with");
    const message = formText(body, `message-${responderActorId}`);
    const { language } = await wording();
    const result = await sendHelpMessage(app, {
      postId,
      username: viewer.member.username,
      responderActorId,
      message,
      language,
    });
    if (!result.ok) {
      const problem = result.error;
      if (problem === "help_message_empty" || problem === "help_message_too_long") {
        return await refused(c, postId, problem, {
          error: null,
          reply: { responderActorId, value: message, error: problemText(c.get("t"), problem) },
        });
      }
      return await refused(c, postId, problem);
    }
    return c.redirect(`/hulp/${postId}?notice=sent#gesprek-${responderActorId}`, 303);
  });

  routes.post(`/hulp/:id${ID}/koppelen`, async (c) => {
    const postId = c.req.param("id");
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, `/hulp/${postId}`);
    const helperActorId = formText(await c.req.parseBody(), "helper");
    const result = await matchHelpItem(app, {
      postId,
      username: viewer.member.username,
      helperActorId,
      wording: (await wording()).wording,
    });
    if (!result.ok) return await refused(c, postId, result.error);
    return c.redirect(`/hulp/${postId}?notice=matched`, 303);
  });

  routes.post(`/hulp/:id${ID}/loskoppelen`, async (c) => {
    const postId = c.req.param("id");
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, `/hulp/${postId}`);
    const result = await releaseHelpMatch(app, {
      postId,
      username: viewer.member.username,
      wording: (await wording()).wording,
    });
    if (!result.ok) return await refused(c, postId, result.error);
    return c.redirect(`/hulp/${postId}?notice=released`, 303);
  });

  routes.post(`/hulp/:id${ID}/sluiten`, async (c) => {
    const postId = c.req.param("id");
    const viewer = c.get("viewer");
    if (viewer == null) return toLogin(c, `/hulp/${postId}`);
    const result = await closeHelpItem(app, {
      postId,
      username: viewer.member.username,
      wording: (await wording()).wording,
    });
    if (!result.ok) return await refused(c, postId, result.error);
    return c.redirect(`/hulp/${postId}?notice=closed`, 303);
  });

  return routes;
}
