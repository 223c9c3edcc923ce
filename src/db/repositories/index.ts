import type { Kysely } from "kysely";
import type { Repositories } from "../../app/ports.ts";
import type { Database } from "../schema.ts";
import { KyselyActorRepository } from "./actors.ts";
import { KyselyBuurtRepository } from "./buurt.ts";
import { KyselyFollowRepository } from "./follows.ts";
import { KyselyEventRepository, KyselyRsvpRepository } from "./events.ts";
import { KyselyHelpRepository } from "./help.ts";
import { KyselyAnnounceRepository, KyselyLikeRepository } from "./interactions.ts";
import { KyselyKeyPairRepository } from "./key-pairs.ts";
import { KyselyMediaRepository } from "./media.ts";
import { KyselyMemberRepository } from "./members.ts";
import { KyselyNotificationRepository } from "./notifications.ts";
import { KyselyPostRepository } from "./posts.ts";
import { KyselyReceivedActivityRepository } from "./received-activities.ts";
import { KyselySessionRepository } from "./sessions.ts";
import { KyselyAuditLogRepository } from "./audit-log.ts";
import { KyselyInviteRepository } from "./invites.ts";
import { KyselyPasswordResetRepository } from "./password-resets.ts";
import { KyselyRateLimitStore } from "./rate-limits.ts";

/**
 * Every repository over one Kysely database.
 * @param db An open, migrated database (SQLite or PostgreSQL).
 */
export function createRepositories(db: Kysely<Database>): Repositories {
  return {
    actors: new KyselyActorRepository(db),
    buurt: new KyselyBuurtRepository(db),
    members: new KyselyMemberRepository(db),
    keyPairs: new KyselyKeyPairRepository(db),
    posts: new KyselyPostRepository(db),
    follows: new KyselyFollowRepository(db),
    likes: new KyselyLikeRepository(db),
    announces: new KyselyAnnounceRepository(db),
    receivedActivities: new KyselyReceivedActivityRepository(db),
    sessions: new KyselySessionRepository(db),
    notifications: new KyselyNotificationRepository(db),
    events: new KyselyEventRepository(db),
    rsvps: new KyselyRsvpRepository(db),
    help: new KyselyHelpRepository(db),
    invites: new KyselyInviteRepository(db),
    passwordResets: new KyselyPasswordResetRepository(db),
    auditLog: new KyselyAuditLogRepository(db),
    rateLimits: new KyselyRateLimitStore(db),
    media: new KyselyMediaRepository(db),
  };
}
