/** Row of `instances`: remote hosts whose delivery circuit is open (unavailable) or was. */
export interface InstancesTable {
  host: string;
  /** Fedify circuit-breaker state: `closed`, `open` or `half-open`. */
  state: string;
  changed_at: string;
  last_error: string | null;
}
