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
 * Most values (object members and array elements, counted as containers
 * plus commas) accepted in an activity.  The largest real document in
 * test/fixtures/ap has about 530; Fedify's JSON-LD processing costs about a
 * quarter of a millisecond per value, and it runs before the signature is
 * checked, so 1 MB of tiny values (tens of thousands of hashtags) would
 * cost seconds of CPU for anyone, signed or not.
 */
export const MAX_JSON_VALUES = 5_000;

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

/**
 * How many values JSON text holds (containers plus commas outside strings,
 * an upper bound of members and elements), scanning without recursion.
 * @param limit Stop counting once this many are seen.
 */
export function jsonValueCount(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
      continue;
    }
    if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b || ch === 0x2c) {
      if (++count > limit) return count;
    }
  }
  return count;
}

/**
 * Whether a request carries any signature Fedify could verify: an HTTP
 * Signature (draft-cavage `Signature` or `Authorization: Signature`, RFC
 * 9421 `Signature-Input`), a Linked Data Signature (`signature`) or an
 * Object Integrity Proof (`proof`).  Without one Fedify answers 401 anyway,
 * but only after parsing the whole activity.
 */
function carriesSignature(headers: Headers, json: Record<string, unknown>): boolean {
  return headers.has("Signature") || headers.has("Signature-Input") ||
    /^Signature\s/i.test(headers.get("Authorization") ?? "") || "signature" in json || "proof" in json;
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

/** Options of `inboxGuard`. */
export interface InboxGuardOptions {
  /** Test only (Fedify's `skipSignatureVerification`): let unsigned requests through to Fedify. */
  acceptUnsigned?: boolean;
}

/**
 * Hono middleware for inbox POSTs: size limit (with or without
 * `Content-Length`), JSON validity, depth and value-count limits, and `401`
 * at once for a request without any signature.  Fedify then gets a fresh
 * request with the same bytes and headers (less `Transfer-Encoding`, which
 * described the connection, not the body).
 */
export function inboxGuard(options: InboxGuardOptions = {}): MiddlewareHandler[] {
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
      if (jsonValueCount(text, MAX_JSON_VALUES) > MAX_JSON_VALUES) {
        return new Response(`Activity has more than ${MAX_JSON_VALUES} values.`, { status: 400, headers: plain });
      }
      if (!options.acceptUnsigned && !carriesSignature(raw.headers, json as Record<string, unknown>)) {
        return new Response("Activity is not signed.", { status: 401, headers: plain });
      }
      // Hand Fedify a fresh, unread request with the same bytes.
      const headers = new Headers(raw.headers);
      headers.delete("Transfer-Encoding");
      c.req.raw = new Request(raw.url, { method: raw.method, headers, body: bytes });
      await next();
    },
  ];
}
