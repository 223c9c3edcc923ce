/**
 * A typed outcome for expected failures (STYLE: exceptions are for bugs and
 * broken infrastructure).  `error` is a stable machine-readable code; the web
 * layer maps it to a status and a translated message.
 */
export type Result<T, E extends string = string> =
  | { ok: true; value: T }
  | { ok: false; error: E; detail?: string };

/** Wraps a value as a success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** Wraps an error code (and optional human detail) as a failure. */
export function fail<E extends string>(error: E, detail?: string): { ok: false; error: E; detail?: string } {
  return detail == null ? { ok: false, error } : { ok: false, error, detail };
}
