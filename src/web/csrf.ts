/**
 * Protection against cross-site request forgery on every form: each form
 * carries a `_csrf` token (an HMAC of the session, or of a per-browser
 * cookie for visitors), and a request with a foreign `Origin` is refused.
 * OWASP CSRF Prevention Cheat Sheet: synchronizer token + origin check.
 */
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { WebEnv } from "./env.ts";
import { base64Url, randomUrlToken } from "../app/tokens.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

async function hmac(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  return base64Url(new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message))));
}

function timingSafeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** Options for `csrfProtection`. */
export interface CsrfOptions {
  secret: string;
  origin: URL;
  secure: boolean;
  /** Path prefixes that use other authentication (OAuth bearer tokens, ActivityPub signatures). */
  exempt?: string[];
  /** Answers a refused request (default: the message as plain text); `message` is translated. */
  onRefused?: (c: Context<WebEnv>, message: string) => Response | Promise<Response>;
  /**
   * Answers a form whose body cannot be read as its Content-Type says
   * (default: the message as plain text, 400); `message` is translated.
   */
  onUnreadable?: (c: Context<WebEnv>, message: string) => Response | Promise<Response>;
}

/**
 * Sets `csrfToken` for views and checks it on every unsafe request.
 * Must run after the session and locale middleware.  Refuses with 403 and a
 * translated message (by default as plain text; see `onRefused`).
 */
export function csrfProtection(options: CsrfOptions): MiddlewareHandler<WebEnv> {
  const cookieName = options.secure ? "__Host-buurt_csrf" : "buurt_csrf";
  const exempt = options.exempt ?? [];
  const refuse = options.onRefused ?? ((c: Context<WebEnv>, message: string) => c.text(message, 403));
  const unreadable = options.onUnreadable ?? ((c: Context<WebEnv>, message: string) => c.text(message, 400));
  return async (c, next) => {
    let basis = c.get("sessionId");
    if (basis == null) {
      basis = getCookie(c, cookieName) ?? null;
      if (basis == null || basis.length < 20) {
        basis = randomUrlToken(24);
        setCookie(c, cookieName, basis, { path: "/", httpOnly: true, secure: options.secure, sameSite: "Lax" });
      }
    }
    const expected = await hmac(options.secret, `csrf:${basis}`);
    c.set("csrfToken", expected);
    const path = new URL(c.req.url).pathname;
    if (SAFE_METHODS.has(c.req.method) || exempt.some((p) => path.startsWith(p))) return await next();

    const origin = c.req.header("Origin");
    if (origin != null && origin !== "null" && origin !== options.origin.origin) {
      return await refuse(c, c.get("t")("csrf.foreign.origin"));
    }
    let sent = c.req.header("X-CSRF-Token") ?? null;
    const type = c.req.header("Content-Type") ?? "";
    if (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data")) {
      // Read the form once here (routes get it from Hono's cache): a body that is not the form its
      // Content-Type says is answered now, with 400, before any route trips over it.
      let body: Awaited<ReturnType<typeof c.req.parseBody>>;
      try {
        body = await c.req.parseBody();
      } catch {
        return await unreadable(c, c.get("t")("form.unreadable"));
      }
      const field = body["_csrf"];
      if (sent == null) sent = typeof field === "string" ? field : null;
    }
    if (sent == null || !timingSafeEqual(sent, expected)) {
      return await refuse(c, c.get("t")("csrf.expired"));
    }
    await next();
  };
}
