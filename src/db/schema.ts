import type { ActorsTable } from "./tables/actors.ts";
import type { EventsTable } from "./tables/events.ts";
import type { RsvpsTable } from "./tables/rsvps.ts";
import type { HelpItemsTable } from "./tables/help-items.ts";
import type { HelpMatchesTable } from "./tables/help-matches.ts";
import type { HelpResponsesTable } from "./tables/help-responses.ts";
import type { AuditLogTable } from "./tables/audit-log.ts";
import type { InvitesTable } from "./tables/invites.ts";
import type { MediaTable } from "./tables/media.ts";
import type { NotificationsTable } from "./tables/notifications.ts";
import type { PasswordResetsTable } from "./tables/password-resets.ts";
import type { PostHashtagsTable } from "./tables/post-hashtags.ts";
import type { SessionsTable } from "./tables/sessions.ts";
import type { AnnouncesTable } from "./tables/announces.ts";
import type { BuurtenTable } from "./tables/buurten.ts";
import type { FollowsTable } from "./tables/follows.ts";
import type { InstancesTable } from "./tables/instances.ts";
import type { KeyPairsTable } from "./tables/key-pairs.ts";
import type { KvEntriesTable } from "./tables/kv-entries.ts";
import type { LikesTable } from "./tables/likes.ts";
import type { MembersTable } from "./tables/members.ts";
import type { PostsTable } from "./tables/posts.ts";
import type { QueueMessagesTable } from "./tables/queue-messages.ts";
import type { ReceivedActivitiesTable } from "./tables/received-activities.ts";

/** The whole database as Kysely sees it; one table type per file in `tables/`. */
export interface Database {
  actors: ActorsTable;
  announces: AnnouncesTable;
  buurten: BuurtenTable;
  follows: FollowsTable;
  instances: InstancesTable;
  key_pairs: KeyPairsTable;
  kv_entries: KvEntriesTable;
  likes: LikesTable;
  members: MembersTable;
  posts: PostsTable;
  queue_messages: QueueMessagesTable;
  received_activities: ReceivedActivitiesTable;
  // 0002_residents
  audit_log: AuditLogTable;
  invites: InvitesTable;
  media: MediaTable;
  notifications: NotificationsTable;
  password_resets: PasswordResetsTable;
  post_hashtags: PostHashtagsTable;
  sessions: SessionsTable;
  // 0010_events
  events: EventsTable;
  rsvps: RsvpsTable;
  // 0011_help
  help_items: HelpItemsTable;
  help_matches: HelpMatchesTable;
  help_responses: HelpResponsesTable;
}
