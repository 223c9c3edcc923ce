/**
 * Classifying storage errors, so callers can retry what may succeed later
 * (busy, disconnected, deadlocked) and treat the rest as bugs or bad input.
 */

const TRANSIENT_SQLITE = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR", "SQLITE_FULL"]);
const TRANSIENT_NODE = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN"]);

/**
 * Whether an error from SQLite (better-sqlite3) or PostgreSQL (pg) is
 * transient: SQLITE_BUSY/LOCKED/IOERR/FULL, PostgreSQL SQLSTATE classes 08
 * (connection), 53 (insufficient resources), 57P (shutdown), 40001/40P01
 * (serialization, deadlock), or a refused/reset socket.
 */
export function isTransientStorageError(error: unknown): boolean {
  if (error == null || typeof error !== "object") return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string") {
    const message = String((error as { message?: unknown }).message ?? "");
    return /Connection terminated|connection timeout|timeout exceeded when trying to connect/i.test(message);
  }
  if (TRANSIENT_SQLITE.has(code.replace(/_[A-Z_]+$/, "")) || TRANSIENT_SQLITE.has(code)) return true;
  if (TRANSIENT_NODE.has(code)) return true;
  return /^(08|53|57P)/.test(code) || code === "40001" || code === "40P01";
}
