/**
 * Configuration of one buurt server, read from environment variables.
 *
 * `loadConfig` is pure: it takes an environment map and returns either a
 * complete `Config` or every problem found, so the operator sees all bad
 * values at once.  It is the only code that interprets the environment.
 */

/** How the server runs; decides which safety defaults apply. */
export type Mode = "production" | "development" | "test";

/** Who may create an account. */
export type JoinPolicy = "open" | "approval" | "invite";

/** Where the data lives. */
export type DatabaseConfig =
  | { kind: "sqlite"; path: string }
  | { kind: "postgres"; url: string };

/** A fully validated configuration. */
export interface Config {
  /** Public origin peers and browsers use, e.g. `https://buurt.example`. */
  origin: URL;
  /** Host (and port, if any) used in fediverse handles: `@user@<domain>`. */
  domain: string;
  buurt: {
    /** Display name of the buurt, e.g. "Buurt Oost". */
    name: string;
    /** Username of the buurt's Group actor: `@<handle>@<domain>`. */
    handle: string;
    /** IANA time zone used for dates in the UI and for events. */
    timezone: string;
    /** Default UI language. */
    language: "nl" | "en";
    joinPolicy: JoinPolicy;
  };
  listen: { host: string; port: number };
  database: DatabaseConfig;
  /** Directory for the SQLite file, uploaded media and generated secrets. */
  dataDir: string;
  /** Secret for signing session cookies; `null` lets a development server generate one. */
  sessionSecret: string | null;
  mode: Mode;
  /**
   * Lets Fedify fetch from and deliver to private and loopback addresses.
   * Only for tests and local development; refused in production.
   */
  allowPrivateAddress: boolean;
  /** Trust `X-Forwarded-*` headers from a reverse proxy. */
  trustProxy: boolean;
  logLevel: "debug" | "info" | "warning" | "error";
}

export type ConfigResult =
  | { ok: true; config: Config }
  | { ok: false; errors: string[] };

/** Environment variables understood by `loadConfig`, with their defaults (for docs and `--help`). */
export const CONFIG_VARIABLES: ReadonlyArray<
  { name: string; default: string; description: string }
> = [
  { name: "PORT", default: "8000", description: "TCP port to listen on" },
  { name: "HOST", default: "0.0.0.0", description: "Interface to listen on" },
  {
    name: "BUURT_ORIGIN",
    default: "http://localhost:$PORT",
    description: "Public origin (scheme://host[:port]) peers and browsers use",
  },
  { name: "BUURT_NAME", default: "Onze Buurt", description: "Display name of the buurt" },
  {
    name: "BUURT_HANDLE",
    default: "buurt",
    description: "Username of the buurt's Group actor (a-z, 0-9, _)",
  },
  { name: "BUURT_TIMEZONE", default: "Europe/Amsterdam", description: "IANA time zone" },
  { name: "BUURT_LANGUAGE", default: "nl", description: "Default UI language: nl or en" },
  {
    name: "BUURT_JOIN_POLICY",
    default: "approval",
    description: "Who may join: open, approval (by a buurtverbinder) or invite",
  },
  { name: "DATA_DIR", default: "./data", description: "Directory for data files" },
  {
    name: "DATABASE_URL",
    default: "sqlite:$DATA_DIR/buurt.sqlite",
    description: "sqlite:<path> or postgres://user@host:port/db",
  },
  {
    name: "SESSION_SECRET",
    default: "(generated in development)",
    description: "At least 32 characters; required when BUURT_ORIGIN is public",
  },
  {
    name: "BUURT_ALLOW_PRIVATE_ADDRESS",
    default: "false",
    description: "Allow federation with private/loopback addresses (tests and development only)",
  },
  { name: "TRUST_PROXY", default: "false", description: "Trust X-Forwarded-* headers" },
  { name: "LOG_LEVEL", default: "info", description: "debug, info, warning or error" },
];

const HANDLE_PATTERN = /^[a-z0-9_]{1,30}$/;
const LOG_LEVELS = ["debug", "info", "warning", "error"] as const;

/** Hostnames that mean "this machine" and so a development origin. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h.endsWith(".localhost") || h === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(h);
}

function parseBoolean(
  name: string,
  value: string | undefined,
  errors: string[],
): boolean {
  if (value == null || value === "") return false;
  const v = value.toLowerCase();
  if (["1", "true", "yes", "on"].includes(v)) return true;
  if (["0", "false", "no", "off"].includes(v)) return false;
  errors.push(`${name} must be true or false, not "${value}".`);
  return false;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses and validates the configuration.
 *
 * @param env Environment variables (usually `process.env` after `.env` is loaded).
 * @returns `{ ok: true, config }`, or `{ ok: false, errors }` with one
 *   human-readable sentence per bad variable.  Never throws.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const errors: string[] = [];
  const get = (name: string) => {
    const v = env[name];
    return v == null || v.trim() === "" ? undefined : v.trim();
  };

  let port = 8000;
  const portText = get("PORT");
  if (portText != null) {
    const n = Number(portText);
    if (!Number.isInteger(n) || n < 0 || n > 65535) {
      errors.push(`PORT must be a whole number from 0 to 65535, not "${portText}".`);
    } else port = n;
  }
  const host = get("HOST") ?? "0.0.0.0";

  let origin = new URL(`http://localhost:${port}`);
  const originText = get("BUURT_ORIGIN");
  if (originText != null) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(originText);
    } catch {
      errors.push(`BUURT_ORIGIN must be a URL like https://buurt.example, not "${originText}".`);
    }
    if (parsed != null) {
      if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
        errors.push(`BUURT_ORIGIN must start with https:// or http://, not "${parsed.protocol}".`);
      } else if (
        (parsed.pathname !== "/" && parsed.pathname !== "") || parsed.search || parsed.hash ||
        parsed.username || parsed.password
      ) {
        errors.push(
          `BUURT_ORIGIN must be only scheme, host and port (no path, query or login), not "${originText}".`,
        );
      } else if (parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname) && env.NODE_ENV !== "test") {
        errors.push(
          `BUURT_ORIGIN must use https:// for a public host; http:// is only for localhost (got "${originText}").`,
        );
      } else origin = new URL(parsed.origin);
    }
  }

  const mode: Mode = env.NODE_ENV === "test"
    ? "test"
    : isLoopbackHost(origin.hostname)
    ? "development"
    : "production";

  const name = get("BUURT_NAME") ?? "Onze Buurt";
  if (name.length > 100) errors.push("BUURT_NAME must be at most 100 characters.");
  const handle = get("BUURT_HANDLE") ?? "buurt";
  if (!HANDLE_PATTERN.test(handle)) {
    errors.push(
      `BUURT_HANDLE must be 1–30 lower-case letters, digits or underscores, not "${handle}".`,
    );
  }
  const timezone = get("BUURT_TIMEZONE") ?? "Europe/Amsterdam";
  if (!isValidTimeZone(timezone)) {
    errors.push(`BUURT_TIMEZONE must be an IANA time zone like Europe/Amsterdam, not "${timezone}".`);
  }
  const languageText = get("BUURT_LANGUAGE") ?? "nl";
  if (languageText !== "nl" && languageText !== "en") {
    errors.push(`BUURT_LANGUAGE must be nl or en, not "${languageText}".`);
  }
  const joinPolicyText = get("BUURT_JOIN_POLICY") ?? "approval";
  if (!["open", "approval", "invite"].includes(joinPolicyText)) {
    errors.push(`BUURT_JOIN_POLICY must be open, approval or invite, not "${joinPolicyText}".`);
  }

  const dataDir = get("DATA_DIR") ?? "./data";
  let database: DatabaseConfig = { kind: "sqlite", path: `${dataDir.replace(/\/+$/, "")}/buurt.sqlite` };
  const dbText = get("DATABASE_URL");
  if (dbText != null) {
    if (/^postgres(ql)?:\/\//.test(dbText)) {
      try {
        new URL(dbText);
        database = { kind: "postgres", url: dbText };
      } catch {
        errors.push(`DATABASE_URL is not a valid postgres:// URL: "${dbText}".`);
      }
    } else if (/^(sqlite|file):/.test(dbText)) {
      const path = dbText.replace(/^(sqlite|file):(\/\/)?/, "");
      if (path === "") errors.push("DATABASE_URL sqlite: needs a file path, e.g. sqlite:data/buurt.sqlite.");
      else database = { kind: "sqlite", path };
    } else {
      errors.push(
        `DATABASE_URL must start with sqlite: or postgres://, not "${dbText.replace(/:[^:@/]*@/, ":***@")}".`,
      );
    }
  }

  const sessionSecret = get("SESSION_SECRET") ?? null;
  if (sessionSecret != null && sessionSecret.length < 32) {
    errors.push("SESSION_SECRET must be at least 32 characters long (use `openssl rand -hex 32`).");
  } else if (sessionSecret == null && mode === "production") {
    errors.push(
      "SESSION_SECRET is required when BUURT_ORIGIN is a public address (use `openssl rand -hex 32`).",
    );
  }

  const allowPrivateAddress = parseBoolean(
    "BUURT_ALLOW_PRIVATE_ADDRESS",
    get("BUURT_ALLOW_PRIVATE_ADDRESS"),
    errors,
  );
  if (allowPrivateAddress && mode === "production") {
    errors.push(
      "BUURT_ALLOW_PRIVATE_ADDRESS is refused for a public BUURT_ORIGIN: it would let remote servers make this server fetch private addresses.",
    );
  }
  const trustProxy = parseBoolean("TRUST_PROXY", get("TRUST_PROXY"), errors);
  const logLevelText = get("LOG_LEVEL") ?? "info";
  if (!(LOG_LEVELS as readonly string[]).includes(logLevelText)) {
    errors.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}, not "${logLevelText}".`);
  }

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    config: {
      origin,
      domain: origin.host,
      buurt: {
        name,
        handle,
        timezone,
        language: languageText as "nl" | "en",
        joinPolicy: joinPolicyText as JoinPolicy,
      },
      listen: { host, port },
      database,
      dataDir,
      sessionSecret,
      mode,
      allowPrivateAddress,
      trustProxy,
      logLevel: logLevelText as Config["logLevel"],
    },
  };
}
