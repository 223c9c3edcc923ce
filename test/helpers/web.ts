/**
 * Driving a buurt's web app in tests as a logged-in member, without a
 * browser: a session cookie, the CSRF token, and form posts.
 */
import { randomUrlToken, sha256Hex } from "../../src/app/tokens.ts";
import type { BuurtInstance } from "../../src/main.ts";

/** A browser-like client: keeps a cookie jar and the CSRF token. */
export interface WebClient {
  cookie: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  /** Posts a form (url-encoded) with the CSRF token filled in. */
  post(path: string, fields: Record<string, string | string[]>): Promise<Response>;
  /** The CSRF token for this client's session. */
  csrf(): Promise<string>;
}

function jar(cookies: Map<string, string>): string {
  return [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
}

function absorb(cookies: Map<string, string>, response: Response): void {
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(";");
    const i = pair!.indexOf("=");
    const name = pair!.slice(0, i).trim();
    const value = pair!.slice(i + 1).trim();
    if (/max-age=0|expires=Thu, 01 Jan 1970/i.test(header) || value === "") cookies.delete(name);
    else cookies.set(name, value);
  }
}

/** Options of a test client. */
export interface ClientOptions {
  /**
   * The client's IP address, as the socket would report it
   * (`c.env.incoming.socket.remoteAddress`); without it the web app sees
   * no address ("unknown").
   */
  ip?: string;
}

/** A client for a visitor (no session). */
export function visitor(buurt: BuurtInstance, options: ClientOptions = {}): WebClient {
  return client(buurt, new Map(), options);
}

/**
 * Logs in through the real form (`POST /login`), as a browser would.
 * @throws {Error} When the log-in is refused (with the status).
 */
export async function logInWithForm(
  buurt: BuurtInstance,
  login: string,
  password: string,
  options: ClientOptions = {},
): Promise<WebClient> {
  const c = visitor(buurt, options);
  const res = await c.post("/login", { login, password });
  if (res.status !== 303) throw new Error(`Log-in as ${login} refused: ${res.status}`);
  return c;
}

/** A client logged in as an existing, active member (session created directly). */
export async function loginAs(buurt: BuurtInstance, username: string): Promise<WebClient> {
  const member = await buurt.app.repos.members.findByUsername(username);
  if (member == null) throw new Error(`No member ${username}`);
  const token = randomUrlToken();
  const now = Date.now();
  await buurt.app.repos.sessions.create({
    id: await sha256Hex(token),
    memberId: member.id,
    createdAt: new Date(now).toISOString(),
    lastSeenAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 86_400_000).toISOString(),
    userAgent: "test",
  });
  return client(buurt, new Map([["buurt_session", token]]));
}

function client(buurt: BuurtInstance, cookies: Map<string, string>, options: ClientOptions = {}): WebClient {
  let token: string | null = null;
  const env = options.ip == null ? undefined : { incoming: { socket: { remoteAddress: options.ip } } };
  const self: WebClient = {
    get cookie() {
      return jar(cookies);
    },
    async get(path, init = {}) {
      const res = await buurt.web.request(path, { ...init, headers: { ...(init.headers ?? {}), Cookie: jar(cookies) } }, env);
      absorb(cookies, res);
      return res;
    },
    async csrf() {
      if (token != null) return token;
      const res = await self.get("/");
      const match = /name="_csrf" value="([^"]+)"/.exec(await res.text());
      if (match != null) token = match[1]!;
      else {
        // Visitors' pages may have no form: derive from a page that always has one.
        const login = await self.get("/login");
        const m = /name="_csrf" value="([^"]+)"/.exec(await login.text());
        if (m == null) throw new Error("No CSRF token found on / or /login");
        token = m[1]!;
      }
      return token;
    },
    async post(path, fields) {
      const body = new URLSearchParams();
      body.set("_csrf", await self.csrf());
      for (const [k, v] of Object.entries(fields)) {
        for (const value of Array.isArray(v) ? v : [v]) body.append(k, value);
      }
      const res = await buurt.web.request(path, {
        method: "POST",
        headers: { Cookie: jar(cookies), "Content-Type": "application/x-www-form-urlencoded" },
        body,
      }, env);
      absorb(cookies, res);
      if (res.status < 400 && res.headers.get("Location") != null) token = null;
      return res;
    },
  };
  return self;
}
