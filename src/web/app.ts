/**
 * The web application: Fedify's endpoints first, then the pages.  Errors
 * are logged with their stack and answered with a plain page, never a trace.
 */
import { Hono } from "hono";
import { getLogger } from "@logtape/logtape";
import type { AppContext } from "../app/context.ts";
import type { BuurtFederation } from "../federation/deps.ts";
import { PATHS } from "../federation/uris.ts";
import type { Locale } from "../../views/i18n/index.ts";
import { federationMiddleware } from "./federation-middleware.ts";
import { inboxGuard } from "./inbox-guard.ts";
import { pageRoutes } from "./routes/pages.tsx";

const logger = getLogger(["buurt", "web"]);

export interface WebAppOptions {
  app: AppContext;
  federation: BuurtFederation;
  language: Locale;
}

/** Creates the Hono app of one buurt. */
export function createWebApp(options: WebAppOptions): Hono {
  const web = new Hono();
  web.on("POST", [PATHS.sharedInbox, "/users/:identifier/inbox"], ...inboxGuard());
  web.use("*", federationMiddleware(options.federation));
  web.route("/", pageRoutes({ app: options.app, language: options.language }));
  web.notFound((c) => c.text("Not found", 404));
  web.onError((error, c) => {
    logger.error("Unhandled error on {method} {path}: {error}", {
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error,
    });
    return c.text("Internal server error", 500);
  });
  return web;
}
