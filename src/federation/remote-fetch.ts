/**
 * Bounded fetching of remote documents for Fedify: keys, actors, objects,
 * collection pages and JSON-LD contexts.
 *
 * Fedify's own loaders have no time or size limit.  A key server that never
 * answers holds an inbox request open (Node's `fetch` waits 300 s for
 * headers and, between body chunks, another 300 s each: a body that trickles
 * one byte at a time never ends), and an actor document of a gigabyte is
 * read into memory whole before it is parsed.  Both can be aimed at a buurt
 * by anyone: an inbox POST names the key to fetch.  The loaders here give
 * every fetch — redirects, both signature attempts and the body included —
 * one deadline, refuse a body over a size limit while it streams, follow a
 * few redirects and refuse private addresses at every hop (unless allowed,
 * for tests and development).
 *
 * Signed fetches (authorized fetch) use draft-cavage HTTP Signatures first
 * and RFC 9421 when the server answers 400 or 401, as Fedify's double knock
 * with `firstKnock: "draft-cavage-http-signatures-12"` does.
 */
import { type KvStore, signRequest } from "@fedify/fedify";
import { isTemporalDuration } from "@fedify/vocab-runtime/temporal";
import { Temporal } from "@js-temporal/polyfill";
import {
  type AuthenticatedDocumentLoaderFactory,
  createActivityPubRequest,
  type DocumentLoader,
  type DocumentLoaderFactory,
  FetchError,
  getRemoteDocument,
  preloadedContexts,
  type RemoteDocument,
  validatePublicUrl,
} from "@fedify/vocab-runtime";

/** Limits of one remote fetch. */
export interface RemoteFetchLimits {
  /** Deadline for the whole fetch (redirects, retries and body), in milliseconds. */
  timeoutMs: number;
  /** Largest body read, in bytes; a larger one fails the fetch. */
  maxBytes: number;
  /** Redirects followed before the fetch fails. */
  maxRedirects: number;
}

/**
 * The limits buurt uses: 10 s, 1 MiB (Mastodon reads at most 1 MB of a
 * fetched JSON document, and buurt accepts no larger inbox body), 5
 * redirects (Fedify's default).
 */
export const REMOTE_FETCH_LIMITS: RemoteFetchLimits = { timeoutMs: 10_000, maxBytes: 1024 * 1024, maxRedirects: 5 };

/** What the loaders need to know. */
export interface RemoteFetchOptions {
  /** Allow loopback and private addresses (tests, development only). */
  allowPrivateAddress: boolean;
  /** The `User-Agent` header. */
  userAgent: string;
  limits?: RemoteFetchLimits;
}

type Signer = { keyId: URL; privateKey: CryptoKey };
type Spec = "draft-cavage-http-signatures-12" | "rfc9421";

/** Rejects with the signal's reason as soon as it aborts, whatever `promise` does (a DNS look-up cannot be aborted). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Reads a response body up to `maxBytes` (checking `Content-Length` first),
 * and returns an equivalent response over the bytes read.  A failed
 * response's body is not read at all.
 *
 * @throws {FetchError} When the body is larger than `maxBytes`.
 */
async function boundedResponse(url: string, response: Response, maxBytes: number): Promise<Response> {
  const init = { status: response.status, statusText: response.statusText, headers: response.headers };
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    return new Response(null, init);
  }
  const declared = Number(response.headers.get("Content-Length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new FetchError(url, `Document larger than ${maxBytes} bytes (Content-Length ${declared})`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body != null) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new FetchError(url, `Document larger than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Response(body, init);
}

/**
 * Fetches `url` (GET, ActivityStreams `Accept`), following redirects by hand
 * so that every hop is checked, and returns the final URL with its bounded
 * response.
 */
async function fetchDocument(
  url: string,
  options: RemoteFetchOptions & { limits: RemoteFetchLimits; signer?: Signer; signal: AbortSignal },
): Promise<{ url: string; response: Response }> {
  const visited = new Set<string>();
  let current = new URL(url).href;
  for (let redirects = 0;; redirects++) {
    if (!options.allowPrivateAddress) await validatePublicUrl(current);
    visited.add(current);
    const send = async (spec: Spec | null) => {
      let request = createActivityPubRequest(current, { userAgent: options.userAgent });
      if (spec != null && options.signer != null) {
        request = await signRequest(request, options.signer.privateKey, options.signer.keyId, { spec });
      }
      return await fetch(request, { redirect: "manual", signal: options.signal });
    };
    let response = await send(options.signer == null ? null : "draft-cavage-http-signatures-12");
    if (options.signer != null && (response.status === 400 || response.status === 401)) {
      await response.body?.cancel().catch(() => {});
      response = await send("rfc9421");
    }
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location != null) {
      await response.body?.cancel().catch(() => {});
      if (redirects >= options.limits.maxRedirects) throw new FetchError(current, `Too many redirections (${redirects + 1})`);
      const next = new URL(location, current).href;
      if (visited.has(next)) throw new FetchError(current, `Redirect loop detected: ${next}`);
      current = next;
      continue;
    }
    return { url: current, response: await boundedResponse(current, response, options.limits.maxBytes) };
  }
}

/**
 * A document loader with the limits above; signs its requests when `signer`
 * is given.
 *
 * @returns A loader that throws `FetchError` on a failed response, a
 *   document that is too large or too slow, or too many redirects, and
 *   `UrlError` for a refused (private) address.
 */
export function boundedDocumentLoader(options: RemoteFetchOptions & { signer?: Signer }): DocumentLoader {
  const limits = options.limits ?? REMOTE_FETCH_LIMITS;
  const load: DocumentLoader = async (url, loadOptions) => {
    if (Object.hasOwn(preloadedContexts, url)) {
      return { contextUrl: null, document: preloadedContexts[url], documentUrl: url };
    }
    const deadline = AbortSignal.timeout(limits.timeoutMs);
    const signal = loadOptions?.signal == null ? deadline : AbortSignal.any([loadOptions.signal, deadline]);
    const work = (async (): Promise<RemoteDocument> => {
      const fetched = await fetchDocument(url, { ...options, limits, signal });
      // `getRemoteDocument` follows a `Link: rel=alternate` with this same loader.
      return await getRemoteDocument(fetched.url, fetched.response, (next) => load(next, { signal }));
    })();
    try {
      return await raceAbort(work, signal);
    } catch (error) {
      if (deadline.aborted) throw new FetchError(url, `No complete answer within ${limits.timeoutMs} ms`);
      throw error;
    }
  };
  return load;
}

/** How long an unsigned document is cached (Fedify's own loaders: five minutes). */
const CACHE_TTL = Temporal.Duration.from({ minutes: 5 });
/**
 * Largest document cached, as JSON text.  Actors, keys and contexts are a
 * few kilobytes; without a bound anyone could make the buurt store a
 * megabyte per request in the database by naming a large document as a
 * JSON-LD context (contexts load before any signature is checked).
 */
export const MAX_CACHED_DOCUMENT_BYTES = 64 * 1024;

/**
 * `loader` with a cache in `kv`, like Fedify's `kvCache` (same key prefix,
 * five minutes) but only for documents up to {@link MAX_CACHED_DOCUMENT_BYTES}.
 */
function cachedLoader(loader: DocumentLoader, kv: KvStore): DocumentLoader {
  if (!isTemporalDuration(CACHE_TTL)) throw new TypeError("The Temporal polyfill returned no Temporal.Duration.");
  const ttl = CACHE_TTL;
  return async (url, options) => {
    if (Object.hasOwn(preloadedContexts, url)) return await loader(url, options);
    const key = ["_fedify", "remoteDocument", url] as const;
    const cached = await kv.get<RemoteDocument>(key).catch(() => undefined);
    if (cached != null) return cached;
    const document = await loader(url, options);
    if (JSON.stringify(document).length <= MAX_CACHED_DOCUMENT_BYTES) {
      await kv.set(key, document, { ttl }).catch(() => {});
    }
    return document;
  };
}

/**
 * Fedify loader factories (`documentLoaderFactory`, `contextLoaderFactory`,
 * `authenticatedDocumentLoaderFactory`) over `boundedDocumentLoader`.
 * Unsigned documents and contexts up to 64 KiB are cached in `kv` for five
 * minutes, as Fedify's own loaders cache all; signed fetches are not cached.
 */
export function boundedLoaderFactories(
  options: RemoteFetchOptions & { kv: KvStore },
): {
  documentLoaderFactory: DocumentLoaderFactory;
  contextLoaderFactory: DocumentLoaderFactory;
  authenticatedDocumentLoaderFactory: AuthenticatedDocumentLoaderFactory;
} {
  const { kv, ...rest } = options;
  const cached = () => cachedLoader(boundedDocumentLoader(rest), kv);
  return {
    documentLoaderFactory: cached,
    contextLoaderFactory: cached,
    authenticatedDocumentLoaderFactory: (identity) => boundedDocumentLoader({ ...rest, signer: identity }),
  };
}
