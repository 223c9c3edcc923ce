/**
 * Mounts Fedify in Hono: ActivityPub requests (actors, inboxes, collections,
 * objects, WebFinger, NodeInfo) go to `federation.fetch`; everything else,
 * and HTML requests for the same URLs, fall through to the web routes.
 */
import type { MiddlewareHandler } from "hono";
import { getLogger } from "@logtape/logtape";
import type { BuurtFederation } from "../federation/deps.ts";

const logger = getLogger(["buurt", "web", "federation"]);

function isInbox(pathname: string): boolean {
  return pathname === "/inbox" || /^\/users\/[^/]+\/inbox$/.test(pathname);
}

/** Options of `federationMiddleware`. */
export interface FederationMiddlewareOptions {
  /** Whether an error is a passing storage failure (the database is busy or unreachable). */
  isTransientError?: (error: unknown) => boolean;
}

/**
 * @returns Middleware that answers what Fedify handles.  An exception while
 *   Fedify reads an inbox POST (an `@context` that cannot be loaded, an
 *   embedded object whose re-fetch fails) is logged and answered with 400,
 *   never with a stack trace; a passing storage failure (the activity could
 *   not be queued) with 503 and `Retry-After`, so the sender tries again
 *   instead of giving up as it does on a 4xx.
 */
export function federationMiddleware(
  federation: BuurtFederation,
  options: FederationMiddlewareOptions = {},
): MiddlewareHandler {
  return async (c, next) => {
    let notFound = false;
    let notAcceptable = false;
    let response: Response;
    try {
      response = await federation.fetch(c.req.raw, {
        contextData: undefined,
        onNotFound: () => {
          notFound = true;
          return new Response("Not found", { status: 404 });
        },
        onNotAcceptable: () => {
          notAcceptable = true;
          return new Response("Not acceptable", { status: 406, headers: { Vary: "Accept" } });
        },
      });
    } catch (error) {
      const url = new URL(c.req.url);
      if (c.req.method === "POST" && isInbox(url.pathname)) {
        if (options.isTransientError?.(error) === true) {
          logger.warn("Inbox POST to {path} deferred: {error}", { path: url.pathname, error: String(error) });
          return c.text("The activity could not be stored right now; please try again later.", 503, { "Retry-After": "60" });
        }
        logger.warn("Inbox POST to {path} refused: {error}", { path: url.pathname, error: String(error) });
        return c.text("The activity could not be processed (its JSON-LD context or an embedded object could not be loaded).", 400);
      }
      throw error;
    }
    if (notFound || notAcceptable) {
      await next();
      if (notAcceptable && c.res.status === 404) {
        return new Response("Not acceptable", { status: 406, headers: { Vary: "Accept" } });
      }
      return;
    }
    return response;
  };
}
