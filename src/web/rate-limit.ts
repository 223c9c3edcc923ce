/**
 * Rate limits for forms that invite abuse (log-in, sign-up): fixed-window
 * counters in the database (`RateLimitStore`), so they hold across web
 * processes and restarts, and the client's address as the web server saw it.
 */
import type { Context } from "hono";
import type { RateLimitStore } from "../app/ports.ts";

/** A limit: at most `limit` counted events per `windowMs` per key. */
export interface RateLimitRule {
  /** First part of the counter's key. */
  name: string;
  limit: number;
  windowMs: number;
}

/** Failed log-ins per account name and address: 5 per 15 minutes (OWASP Authentication Cheat Sheet). */
export const LOGIN_FAILURES_PER_ACCOUNT: RateLimitRule = { name: "login-account", limit: 5, windowMs: 15 * 60_000 };
/** Failed log-ins per address over all account names (password spraying): 50 per 15 minutes. */
export const LOGIN_FAILURES_PER_ADDRESS: RateLimitRule = { name: "login-address", limit: 50, windowMs: 15 * 60_000 };
/** Accounts created per address: 10 per hour. */
export const SIGNUPS_PER_ADDRESS: RateLimitRule = { name: "signup-address", limit: 10, windowMs: 60 * 60_000 };

/**
 * Whether the limit is reached for `key`.
 * @returns `null` when more is allowed, else the seconds until it is again (at least 1).
 */
export async function retryAfter(
  store: RateLimitStore,
  rule: RateLimitRule,
  key: string[],
  now = Date.now(),
): Promise<number | null> {
  const counter = await store.peek([rule.name, ...key]);
  if (counter == null || counter.count < rule.limit) return null;
  return Math.max(1, Math.ceil((Date.parse(counter.resetAt) - now) / 1000));
}

/** Counts one event against the limit. */
export async function countHit(store: RateLimitStore, rule: RateLimitRule, key: string[]): Promise<void> {
  await store.hit([rule.name, ...key], rule.windowMs);
}

/** Forgets the count for `key` (a successful log-in clears that account's failures from that address). */
export async function clearHits(store: RateLimitStore, rule: RateLimitRule, key: string[]): Promise<void> {
  await store.clear([rule.name, ...key]);
}

/**
 * The client's IP address: the socket's remote address (`@hono/node-server`
 * puts the Node request in `c.env.incoming`), or — only when the operator
 * trusts a reverse proxy (`TRUST_PROXY`) — the last address in
 * `X-Forwarded-For`, the one the proxy itself appended (earlier entries
 * come from the client and can be forged).  IPv4-mapped IPv6 addresses are
 * shown as IPv4.  `"unknown"` when neither is available (e.g. `app.request`
 * without an environment).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  let address: string | undefined;
  if (trustProxy) {
    const forwarded = c.req.header("X-Forwarded-For");
    address = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).pop();
  }
  if (address == null) {
    const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
    address = env?.incoming?.socket?.remoteAddress;
  }
  if (address == null || address === "") return "unknown";
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").toLowerCase();
}
