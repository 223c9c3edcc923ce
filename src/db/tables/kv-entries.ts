/** Row of `kv_entries`: Fedify's key-value store.  `key` is the JSON text of the key array. */
export interface KvEntriesTable {
  key: string;
  value: string;
  expires_at: string | null;
}
