/**
 * Guards in front of Fedify's inbox: a body-size limit, well-formed JSON and
 * a nesting-depth limit, so hostile bodies get a 4xx instead of exhausting
 * memory or the stack (Fedify leaves these to the application).
 */
import type { MiddlewareHandler } from "hono";

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

/**
 * The request body as bytes, at most `limit` of them: `Content-Length` is
 * checked first, then the stream is counted as it arrives (a chunked body
 * has no length).
 * @returns The bytes, or `null` when the body is larger than `limit`.
 */
async function readBounded(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(request.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (request.body == null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Hono middleware for inbox POSTs: size limit (with or without
 * `Content-Length`), JSON validity, depth limit.  Fedify then gets a fresh
 * request with the same bytes and headers (less `Transfer-Encoding`, which
 * described the connection, not the body).
 */
export function inboxGuard(): MiddlewareHandler[] {
  return [
    async (c, next) => {
      const raw = c.req.raw;
      const bytes = await readBounded(raw, MAX_INBOX_BODY_BYTES);
      if (bytes == null) {
        return new Response(`Activity too large (limit ${MAX_INBOX_BODY_BYTES} bytes).`, { status: 413, headers: plain });
      }
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
      } catch {
        return new Response("Activity is not valid UTF-8.", { status: 400, headers: plain });
      }
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
      const headers = new Headers(raw.headers);
      headers.delete("Transfer-Encoding");
      c.req.raw = new Request(raw.url, { method: raw.method, headers, body: bytes });
      await next();
    },
  ];
}
