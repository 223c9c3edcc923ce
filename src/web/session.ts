/**
 * Browser sessions: a random token in an HttpOnly, SameSite=Lax cookie
 * (Secure and `__Host-` prefixed behind https); the database keeps only its
 * SHA-256, with a sliding 30-day expiry.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { Repositories } from "../app/ports.ts";
import { randomUrlToken, sha256Hex } from "../app/tokens.ts";
import type { Member } from "../domain/member.ts";
import type { WebEnv } from "./env.ts";

/** How long a session lives without use, in milliseconds. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;

/** Cookie settings for one origin. */
export interface CookiePolicy {
  secure: boolean;
}

/** The session cookie's name: `__Host-` prefixed when the cookie is Secure (RFC 6265bis §4.1.3.2). */
export function sessionCookieName(policy: CookiePolicy): string {
  return policy.secure ? "__Host-buurt_session" : "buurt_session";
}

/**
 * Sets `viewer` and `sessionId` from the session cookie.  Expired sessions
 * and sessions of members who are no longer active are ended.
 */
export function sessionMiddleware(repos: Repositories, policy: CookiePolicy): MiddlewareHandler<WebEnv> {
  const name = sessionCookieName(policy);
  return async (c, next) => {
    c.set("viewer", null);
    c.set("sessionId", null);
    const token = getCookie(c, name);
    if (token != null && token.length >= 20 && token.length <= 100) {
      const id = await sha256Hex(token);
      const session = await repos.sessions.find(id);
      const now = Date.now();
      if (session != null && Date.parse(session.expiresAt) > now) {
        const member = await repos.members.findById(session.memberId);
        const actor = member == null ? null : await repos.actors.findById(member.actorId);
        if (member != null && actor != null && member.status === "active") {
          c.set("viewer", { member, actor });
          c.set("sessionId", id);
          if (now - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
            await repos.sessions.touch(id, new Date(now).toISOString(), new Date(now + SESSION_TTL_MS).toISOString());
          }
        } else {
          await repos.sessions.delete(id);
          deleteCookie(c, name, { path: "/", secure: policy.secure });
        }
      } else if (session != null) {
        await repos.sessions.delete(id);
      }
    }
    await next();
  };
}

/** Logs a member in: creates a session and sets its cookie. */
export async function startSession(
  c: Context<WebEnv>,
  repos: Repositories,
  policy: CookiePolicy,
  member: Member,
): Promise<void> {
  const token = randomUrlToken();
  const id = await sha256Hex(token);
  const now = Date.now();
  await repos.sessions.create({
    id,
    memberId: member.id,
    createdAt: new Date(now).toISOString(),
    lastSeenAt: new Date(now).toISOString(),
    expiresAt: new Date(now + SESSION_TTL_MS).toISOString(),
    userAgent: c.req.header("User-Agent")?.slice(0, 300) ?? null,
  });
  setCookie(c, sessionCookieName(policy), token, {
    path: "/",
    httpOnly: true,
    secure: policy.secure,
    sameSite: "Lax",
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
  c.set("sessionId", id);
}

/** Logs out: removes the session and its cookie. */
export async function endSession(c: Context<WebEnv>, repos: Repositories, policy: CookiePolicy): Promise<void> {
  const id = c.get("sessionId");
  if (id != null) await repos.sessions.delete(id);
  deleteCookie(c, sessionCookieName(policy), { path: "/", secure: policy.secure });
  c.set("viewer", null);
  c.set("sessionId", null);
}
