/**
 * The web application: Fedify's endpoints first, then the pages.  Errors
 * are logged with their stack and answered with a plain page, never a trace.
 */
import { Hono } from "hono";
import { getLogger } from "@logtape/logtape";
import type { AppContext } from "../app/context.ts";
import type { ImageStore, RemoteLookup } from "../app/ports.ts";
import type { BuurtFederation } from "../federation/deps.ts";
import { PATHS } from "../federation/uris.ts";
import type { Locale } from "../../views/i18n/index.ts";
import { csrfProtection } from "./csrf.ts";
import { errorPage } from "./error-page.tsx";
import type { WebEnv } from "./env.ts";
import { federationMiddleware } from "./federation-middleware.ts";
import { inboxGuard } from "./inbox-guard.ts";
import { localeMiddleware } from "./locale.ts";
import { accountRoutes } from "./routes/accounts.tsx";
import { agendaRoutes, eventBodyLimit } from "./routes/agenda.tsx";
import { composeBodyLimit, composeRoutes } from "./routes/compose.tsx";
import { languageRoutes } from "./routes/language.ts";
import { moderationRoutes } from "./routes/moderation.tsx";
import { notificationRoutes } from "./routes/notifications.tsx";
import { helpRoutes } from "./routes/help.tsx";
import { pageRoutes } from "./routes/pages.tsx";
import { postRoutes } from "./routes/posts.tsx";
import { profileRoutes } from "./routes/profiles.tsx";
import { searchRoutes } from "./routes/search.tsx";
import { timelineRoutes } from "./routes/timelines.tsx";
import { sessionMiddleware } from "./session.ts";

const logger = getLogger(["buurt", "web"]);

export interface WebAppOptions {
  app: AppContext;
  /** Finding actors and their posts on other servers (search, remote profiles). */
  lookup: RemoteLookup;
  /** Uploaded images (compose form, `/media/…`). */
  images: ImageStore;
  federation: BuurtFederation;
  language: Locale;
  /** Public origin; cookies are Secure when it is https. */
  origin: URL;
  /** Secret for CSRF tokens (and anything else signed). */
  sessionSecret: string;
  /** Behind a trusted reverse proxy: take the client address from `X-Forwarded-For` (rate limits). */
  trustProxy?: boolean;
  /** Test only (Fedify's `skipSignatureVerification`): unsigned inbox POSTs reach Fedify. */
  acceptUnsignedInbox?: boolean;
  /** Whether an error is a passing storage failure (an inbox POST then gets 503, not 400). */
  isTransientError?: (error: unknown) => boolean;
}

/** Creates the Hono app of one buurt. */
export function createWebApp(options: WebAppOptions): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  const cookies = { secure: options.origin.protocol === "https:" };
  web.on("POST", [PATHS.sharedInbox, "/users/:identifier/inbox"], ...inboxGuard({ acceptUnsigned: options.acceptUnsignedInbox }));
  web.use("*", federationMiddleware(options.federation, { isTransientError: options.isTransientError }));
  web.use("*", sessionMiddleware(options.app.repos, cookies));
  web.use("*", localeMiddleware(options.language));
  // Before the CSRF check, which reads form bodies.
  web.use("/compose", composeBodyLimit());
  web.on("POST", ["/events", "/events/*"], eventBodyLimit());
  web.use("*", csrfProtection({
    secret: options.sessionSecret,
    origin: options.origin,
    secure: cookies.secure,
    exempt: ["/api/", "/oauth/"],
    onRefused: (c, message) => errorPage(c, options.app.repos, 403, message),
    onUnreadable: (c, message) => errorPage(c, options.app.repos, 400, message),
  }));
  web.route("/", pageRoutes({ app: options.app }));
  web.route("/", helpRoutes({ app: options.app }));
  web.route("/", agendaRoutes({ app: options.app, federation: options.federation, origin: options.origin, images: options.images }));
  web.route("/", timelineRoutes({ app: options.app }));
  web.route("/", profileRoutes({ app: options.app, lookup: options.lookup }));
  web.route("/", searchRoutes({ app: options.app, lookup: options.lookup }));
  web.route("/", languageRoutes({ app: options.app, secure: cookies.secure }));
  web.route("/", accountRoutes({ app: options.app, cookies, trustProxy: options.trustProxy ?? false }));
  web.route("/", moderationRoutes({ app: options.app }));
  web.route("/", composeRoutes({ app: options.app, lookup: options.lookup, images: options.images }));
  web.route("/", postRoutes({ app: options.app, lookup: options.lookup, images: options.images }));
  web.route("/", notificationRoutes({ app: options.app }));
  web.notFound((c) => errorPage(c, options.app.repos, 404));
  web.onError((error, c) => {
    logger.error("Unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error,
    });
    return errorPage(c, options.app.repos, 500);
  });
  return web;
}
