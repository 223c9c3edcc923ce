/**
 * People (and groups) as the pages show them: an avatar, name and handle,
 * a badge, and a follow button.  Everything arrives formatted and safe.
 */
import type { Translator } from "../i18n/index.ts";
import { CsrfField } from "./forms.tsx";

/** An actor, local or remote, ready to render. */
export interface ActorView {
  id: string;
  name: string;
  /** `@user@host`. */
  handle: string;
  /** Our page about the actor (`/@user` or `/@user@host`). */
  url: string;
  /** The actor's own page on its server (remote actors), already checked to be http(s). */
  remoteUrl: string | null;
  /** Already checked to be http(s). */
  avatar: string | null;
  /** Sanitised HTML. */
  summaryHtml: string | null;
  /** "Buurtverbinder", "Wijkagent · Gemeente", …, or `null`. */
  badge: string | null;
  /** Names as text, values as sanitised HTML. */
  fields: Array<{ name: string; valueHtml: string }>;
  local: boolean;
  isGroup: boolean;
  /** Approves followers by hand. */
  locked: boolean;
}

/**
 * The viewer's relation to an actor: `null` for a visitor, `self` for the
 * viewer's own profile, else whether they follow it (`pending` = requested).
 */
export type FollowState = null | "self" | "none" | "pending" | "accepted";

/** A round avatar, or the first letter on a soft background when there is no picture. */
export function Avatar({ name, src, size = "small" }: { name: string; src: string | null; size?: "small" | "large" }) {
  const cls = size === "large" ? "avatar avatar-large" : "avatar";
  const px = size === "large" ? 96 : 48;
  return src
    ? <img class={cls} src={src} alt="" width={px} height={px} loading="lazy" />
    : <span class={`${cls} avatar-placeholder`} aria-hidden="true">{[...name.trim()][0]?.toUpperCase() ?? "?"}</span>;
}

/**
 * Follow, withdraw a request, or unfollow: a small POST form that comes
 * back to `next` (post/redirect/get).  Visitors get a link to log in.
 */
export function FollowButton(
  { t, actor, state, csrfToken, next }: {
    t: Translator;
    actor: Pick<ActorView, "id" | "name" | "locked">;
    state: FollowState;
    csrfToken: string;
    /** Where to come back to after the form is sent. */
    next: string;
  },
) {
  if (state === "self") return null;
  if (state == null) {
    return (
      <p class="follow-action">
        <a class="button button-secondary" href={`/login?next=${encodeURIComponent(next)}`}>
          {t("follow.login.to.follow")}
        </a>
      </p>
    );
  }
  const following = state === "accepted";
  const pending = state === "pending";
  return (
    <form method="post" action={following || pending ? "/unfollow" : "/follow"} class="follow-action">
      <CsrfField token={csrfToken} />
      <input type="hidden" name="actor" value={actor.id} />
      <input type="hidden" name="next" value={next} />
      {following && <span class="follow-state">{t("follow.state.following")}</span>}
      {pending && <span class="follow-state">{t("follow.state.requested")}</span>}
      <button type="submit" class={following || pending ? "button button-secondary" : "button"}>
        {following
          ? t("follow.unfollow", { name: actor.name })
          : pending
          ? t("follow.withdraw")
          : t("follow.follow", { name: actor.name })}
      </button>
      {state === "none" && actor.locked && <span class="hint follow-hint">{t("follow.locked.hint")}</span>}
    </form>
  );
}

/** One actor in a list (search results, followers): avatar, name, handle, badge and follow button. */
export function ActorCard(
  { t, actor, state, csrfToken, next, headingLevel = 2 }: {
    t: Translator;
    actor: ActorView;
    state: FollowState;
    csrfToken: string;
    next: string;
    headingLevel?: 2 | 3;
  },
) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <article class="actor-card">
      <Avatar name={actor.name} src={actor.avatar} />
      <div class="actor-card-body">
        <Heading class="actor-card-name">
          <a href={actor.url}>{actor.name}</a>
        </Heading>
        <p class="handle">{actor.handle}</p>
        {actor.badge && <p class="badge-line"><span class="badge">{actor.badge}</span></p>}
        {actor.isGroup && <p class="badge-line"><span class="badge badge-group">{t("actor.group")}</span></p>}
      </div>
      <FollowButton t={t} actor={actor} state={state} csrfToken={csrfToken} next={next} />
    </article>
  );
}
