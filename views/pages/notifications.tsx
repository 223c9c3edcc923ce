import { Pagination, type PageLinks } from "../components/timeline.tsx";
import type { Locale, MessageKey, Translator } from "../i18n/index.ts";
import { Layout, type NavInfo } from "../layout.tsx";

/** One notification, ready to show. */
export interface NotificationView {
  id: string;
  /** follow, follow_request, reply, mention, like, boost, signup_pending, or a kind this page does not know. */
  kind: string;
  unread: boolean;
  /** Who did it, and our page about them; `null` when unknown (removed). */
  actor: { name: string; url: string } | null;
  createdIso: string;
  createdText: string;
  /** The post it is about: link and a short plain-text excerpt. */
  post: { url: string; excerpt: string } | null;
  /** Where to act on it (the follow requests, the approval queue), if anywhere. */
  actionUrl: string | null;
}

export interface NotificationsPageProps {
  t: Translator;
  lang: Locale;
  buurt: { name: string; handle: string };
  nav?: NavInfo;
  items: NotificationView[];
  links: PageLinks;
}

const TEXT: Record<string, MessageKey> = {
  follow: "notification.follow",
  follow_request: "notification.follow_request",
  reply: "notification.reply",
  mention: "notification.mention",
  like: "notification.like",
  boost: "notification.boost",
  signup_pending: "notification.signup_pending",
  rsvp: "notification.rsvp",
  help_response: "notification.help_response",
};

const ACTION: Record<string, MessageKey> = {
  follow_request: "notification.follow_request.action",
  signup_pending: "notification.signup_pending.action",
  help_response: "notification.help_response.action",
};

/** The member's notifications, newest first; the new ones are marked. */
export function NotificationsPage({ t, lang, buurt, nav, items, links }: NotificationsPageProps) {
  return (
    <Layout t={t} lang={lang} title={t("notifications.title")} buurt={buurt} nav={nav}>
      <h1>{t("notifications.title")}</h1>
      {items.length === 0
        ? <p class="empty">{t("notifications.empty")}</p>
        : (
          <ol class="notifications" aria-label={t("notifications.title")}>
            {items.map((n) => (
              <li key={n.id} class={`notification notification-${n.kind}${n.unread ? " notification-unread" : ""}`}>
                {n.unread && <span class="notification-new">{t("notifications.new")}</span>}
                <p class="notification-text">
                  {n.actor != null
                    ? <a href={n.actor.url}>{n.actor.name}</a>
                    : <span>{t("notifications.someone")}</span>}{" "}
                  {t(TEXT[n.kind] ?? "notification.other")}
                </p>
                {n.post != null && (
                  <p class="notification-post">
                    <a href={n.post.url}>{n.post.excerpt === "" ? t("notifications.view.post") : n.post.excerpt}</a>
                  </p>
                )}
                {n.actionUrl != null && (
                  <p class="notification-action">
                    <a href={n.actionUrl}>{t(ACTION[n.kind] ?? "notifications.view")}</a>
                  </p>
                )}
                <p class="notification-time"><time datetime={n.createdIso}>{n.createdText}</time></p>
              </li>
            ))}
          </ol>
        )}
      <Pagination t={t} links={links} olderLabel={t("notifications.older")} />
    </Layout>
  );
}
