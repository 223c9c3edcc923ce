/** Row of `queue_messages`: Fedify's message queue; a row is deleted only after its handler succeeds. */
export interface QueueMessagesTable {
  id: string;
  payload: string;
  ordering_key: string | null;
  /** `ready` (waiting or running) or `failed` (gave up; kept for the operator). */
  status: string;
  run_at: string;
  attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
}
