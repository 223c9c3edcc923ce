/**
 * What every web request carries once the middleware has run.
 */
import type { Actor } from "../domain/actor.ts";
import type { Member } from "../domain/member.ts";
import type { Locale, Translator } from "../../views/i18n/index.ts";

/** The logged-in member and their actor. */
export interface Viewer {
  member: Member;
  actor: Actor;
}

/** Hono environment of the web app: `c.get("viewer")` etc. */
export interface WebEnv {
  Variables: {
    /** The logged-in member, or `null` for a visitor. */
    viewer: Viewer | null;
    /** Id (token hash) of the current session, if logged in. */
    sessionId: string | null;
    /** The token every form must send back as `_csrf`. */
    csrfToken: string;
    lang: Locale;
    t: Translator;
  };
}
