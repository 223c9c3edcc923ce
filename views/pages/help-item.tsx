import { CsrfField, SubmitButton, TextAreaField } from "../components/forms.tsx";
import { type HelpCardView, responsesText } from "../components/help-card.tsx";
import type { Locale, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** One message of a conversation, formatted and safe. */
export interface HelpMessageView {
  id: string;
  authorName: string;
  /** Written by the viewer. */
  mine: boolean;
  /** Sanitised HTML. */
  html: string;
  timeIso: string;
  timeText: string;
}

/** The conversation between the item's author and one responder, as one of the two sees it. */
export interface HelpConversationView {
  responderActorId: string;
  /** The other person, from the viewer's side. */
  otherName: string;
  otherUrl: string;
  /** Handle of a remote responder (`@bob@elders.example`), for the author. */
  otherHandle: string | null;
  /** This responder is the one the item is matched with. */
  matched: boolean;
  messages: HelpMessageView[];
  /** The author may match the item with this responder. */
  canMatch: boolean;
  /** The reply form: what was typed and why it was refused, if it was. */
  reply: { value: string; error: string | null };
}

export interface HelpItemPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  csrfToken: string;
  item: HelpCardView & {
    /** Sanitised HTML of the details, or null when there are none. */
    descriptionHtml: string | null;
    visibility: "buurt" | "public";
    /** "Gekoppeld met Bob op …", for those who may see with whom. */
    matchedText: string | null;
    closedText: string | null;
    /** The post's ActivityPub id (Mastodon users search for it). */
    iri: string;
  };
  /** The conversations the viewer takes part in. */
  conversations: HelpConversationView[];
  responseCount: number;
  viewer: {
    member: boolean;
    isAuthor: boolean;
    canRespond: boolean;
    canRelease: boolean;
    canClose: boolean;
    /** Closing as a buurtverbinder, not as the author. */
    closesAsModerator: boolean;
  };
  /** The "I can help" form: what was typed and why it was refused. */
  respond: { value: string; error: string | null };
  notice?: string | null;
  /** Why an action was refused, translated. */
  error?: string | null;
}

function Conversation(
  { t, item, conversation, csrfToken, isAuthor }: {
    t: Translator;
    item: HelpItemPageProps["item"];
    conversation: HelpConversationView;
    csrfToken: string;
    isAuthor: boolean;
  },
) {
  const c = conversation;
  const id = `gesprek-${c.responderActorId}`;
  return (
    <section class="help-conversation" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        {t("help.conversation.with", { name: c.otherName })}
        {c.otherHandle && <span class="post-handle"> {c.otherHandle}</span>}
        {c.matched && <span class="help-status help-status-matched">{t("help.conversation.matched")}</span>}
      </h3>
      {c.messages.length === 0
        ? <p class="hint">{t("help.conversation.empty")}</p>
        : (
          <ol class="help-messages">
            {c.messages.map((m) => (
              <li class={m.mine ? "help-message help-message-mine" : "help-message"} id={`bericht-${m.id}`}>
                <p class="help-message-meta">
                  <strong>{m.mine ? t("help.conversation.you") : m.authorName}</strong>
                  {" · "}
                  <time datetime={m.timeIso}>{m.timeText}</time>
                </p>
                <div class="post-content" dangerouslySetInnerHTML={{ __html: m.html }} />
              </li>
            ))}
          </ol>
        )}
      <form method="post" action={`${item.url}/berichten`} class="stack-form help-reply">
        <CsrfField token={csrfToken} />
        <input type="hidden" name="with" value={c.responderActorId} />
        <TextAreaField
          name={`message-${c.responderActorId}`}
          label={t("help.conversation.reply", { name: c.otherName })}
          value={c.reply.value}
          error={c.reply.error}
          rows={3}
          required
        />
        <SubmitButton>{t("help.conversation.send")}</SubmitButton>
      </form>
      {isAuthor && c.canMatch && (
        <form method="post" action={`${item.url}/koppelen`} class="inline-actions">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="helper" value={c.responderActorId} />
          <SubmitButton secondary>{t("help.match.button", { name: c.otherName })}</SubmitButton>
        </form>
      )}
    </section>
  );
}

/**
 * A help item on its own page: what is asked or offered, its status, the
 * "I can help" form, the private conversations of the viewer, and the
 * author's (or a buurtverbinder's) status buttons.
 */
export function HelpItemPage(props: HelpItemPageProps) {
  const { t, lang, buurt, nav, csrfToken, item, viewer, conversations } = props;
  return (
    <Layout t={t} lang={lang} title={item.title} buurt={buurt} nav={nav} alternate={item.visibility === "public" ? item.iri : null}>
      <article class={`help-item help-item-${item.kind}`} aria-labelledby="page-title">
        <p class="help-card-meta">
          <span class={`help-kind help-kind-${item.kind}`}>{item.kindLabel}</span>
          <span class="help-category">{item.categoryLabel}</span>
        </p>
        <h1 id="page-title">{item.title}</h1>
        <p class="help-item-byline">
          <a href={item.authorUrl}>{item.authorName}</a>
          {" · "}
          <time datetime={item.createdIso}>{item.createdText}</time>
        </p>
        {props.notice && <p class="notice" role="status">{props.notice}</p>}
        {props.error && <p class="error-summary" role="alert">{props.error}</p>}
        <p class="help-item-status">
          <span class={`help-status help-status-${item.status}`}>{item.statusLabel}</span>
        </p>
        {item.matchedText && <p class="help-item-fact">{item.matchedText}</p>}
        {item.closedText && <p class="help-item-fact">{item.closedText}</p>}
        {item.descriptionHtml && <div class="post-content help-description" dangerouslySetInnerHTML={{ __html: item.descriptionHtml }} />}
        <p class="hint">
          {item.visibility === "public" ? t("help.item.visibility.public") : t("help.item.visibility.buurt")}
        </p>
      </article>

      {viewer.canRespond && (
        <section class="help-respond" aria-labelledby="respond-title">
          <h2 id="respond-title">
            {item.kind === "request" ? t("help.item.respond.title.request") : t("help.item.respond.title.offer")}
          </h2>
          <form method="post" action={`${item.url}/helpen`} class="stack-form">
            <CsrfField token={csrfToken} />
            <TextAreaField
              name="message"
              label={t("help.item.respond.message", { name: item.authorName })}
              hint={t("help.item.respond.hint", { name: item.authorName })}
              value={props.respond.value}
              error={props.respond.error}
              rows={4}
              required
            />
            <SubmitButton>
              {item.kind === "request" ? t("help.item.respond.button.request") : t("help.item.respond.button.offer")}
            </SubmitButton>
          </form>
        </section>
      )}
      {!viewer.member && item.status === "open" && (
        <section class="help-respond">
          <p><a href={`/login?next=${encodeURIComponent(item.url)}`}>{t("help.item.login")}</a></p>
          {item.visibility === "public" && <p class="hint">{t("help.item.remote", { url: item.iri })}</p>}
        </section>
      )}

      <section class="help-responses" aria-labelledby="responses-title">
        <h2 id="responses-title">{t("help.item.responses.title")}</h2>
        <p>
          {props.responseCount === 0 ? t("help.item.responses.none") : responsesText(t, props.responseCount)}
          {props.responseCount > 0 && <span class="hint"> {t("help.item.responses.private")}</span>}
        </p>
        {viewer.isAuthor && item.status === "open" && conversations.length > 0 && (
          <p class="hint">{t("help.match.hint")}</p>
        )}
        {conversations.map((c) => (
          <Conversation t={t} item={item} conversation={c} csrfToken={csrfToken} isAuthor={viewer.isAuthor} />
        ))}
      </section>

      {(viewer.canRelease || viewer.canClose) && (
        <section class="help-actions" aria-labelledby="actions-title">
          <h2 id="actions-title">{t("help.actions.title")}</h2>
          {viewer.canClose && (
            <p class="hint">{viewer.closesAsModerator ? t("help.close.hint.moderator") : t("help.close.hint.author")}</p>
          )}
          <div class="inline-actions">
            {viewer.canRelease && (
              <form method="post" action={`${item.url}/loskoppelen`}>
                <CsrfField token={csrfToken} />
                <SubmitButton secondary>{t("help.release.button")}</SubmitButton>
              </form>
            )}
            {viewer.canClose && (
              <form method="post" action={`${item.url}/sluiten`}>
                <CsrfField token={csrfToken} />
                <SubmitButton>{t("help.close.button")}</SubmitButton>
              </form>
            )}
          </div>
        </section>
      )}
    </Layout>
  );
}
