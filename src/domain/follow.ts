/**
 * Follow relations between actors, local or remote.
 */

/** `pending` until the followed actor sends `Accept`; removed on `Reject` or `Undo`. */
export type FollowStatus = "pending" | "accepted";

export interface Follow {
  id: string;
  /** Id of the `Follow` activity. */
  iri: string;
  followerId: string;
  followingId: string;
  status: FollowStatus;
  createdAt: string;
  acceptedAt: string | null;
}
