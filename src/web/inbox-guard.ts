/**
 * Guards in front of Fedify's inbox: a body-size limit, well-formed JSON and
 * a nesting-depth limit, so hostile bodies get a 4xx instead of exhausting
 * memory or the stack (Fedify leaves these to the application).
 */
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";

/** Largest inbox body accepted, in bytes (Mastodon's limit is 1 MB too). */
export const MAX_INBOX_BODY_BYTES = 1024 * 1024;

/** Deepest JSON nesting accepted in an activity; real activities stay below 20. */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of arrays and objects in JSON text, scanning without
 * recursion (so it cannot itself overflow the stack).
 *
 * @param text JSON text (not necessarily valid).
 * @param limit Stop scanning once this depth is exceeded.
 * @returns The maximum depth seen (at most `limit + 1`).
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++; // backslash: skip the escaped character
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return max;
}

const plain = { "Content-Type": "text/plain; charset=utf-8" };

/** Hono middleware for inbox POSTs: size limit, JSON validity, depth limit. */
export function inboxGuard(): MiddlewareHandler[] {
  return [
    bodyLimit({
      maxSize: MAX_INBOX_BODY_BYTES,
      onError: () => new Response(`Activity too large (limit ${MAX_INBOX_BODY_BYTES} bytes).`, { status: 413, headers: plain }),
    }),
    async (c, next) => {
      const raw = c.req.raw;
      const text = await raw.text();
      if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
        return new Response(`Activity nested deeper than ${MAX_JSON_DEPTH} levels.`, { status: 400, headers: plain });
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return new Response("Activity is not valid JSON.", { status: 400, headers: plain });
      }
      if (json == null || typeof json !== "object" || Array.isArray(json)) {
        return new Response("Activity must be a JSON object.", { status: 400, headers: plain });
      }
      // Hand Fedify a fresh, unread request with the same bytes.
      c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: text });
      await next();
    },
  ];
}
