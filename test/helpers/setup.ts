/**
 * Runs before every test file: refuses any HTTP request to a host other than
 * loopback, so no test can reach (or depend on) the internet, and keeps
 * Fedify's logs quiet unless TEST_LOG is set.
 */
import { configureLogging } from "../../src/logging.ts";

const realFetch = globalThis.fetch;

function isLoopback(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\./.test(h);
}

globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  if ((url.protocol === "http:" || url.protocol === "https:") && !isLoopback(url)) {
    return Promise.reject(new TypeError(`Test tried to reach a non-loopback host: ${url.href}`));
  }
  return realFetch(input, init);
};

await configureLogging(process.env.TEST_LOG ? (process.env.TEST_LOG as "debug") : null);
