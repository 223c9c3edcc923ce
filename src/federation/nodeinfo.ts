/**
 * NodeInfo 2.1 (https://nodeinfo.diaspora.software/protocol): software,
 * protocols and usage, so other servers and crawlers know what this is.
 */
import type { FederationBuilder } from "@fedify/fedify";
import pkg from "../../package.json" with { type: "json" };
import type { FederationDeps } from "./deps.ts";
import { PATHS } from "./uris.ts";

/** Registers `/nodeinfo/2.1` (Fedify serves `/.well-known/nodeinfo` pointing to it). */
export function registerNodeInfo(builder: FederationBuilder<void>, deps: FederationDeps): void {
  const { repos } = deps.app;
  builder.setNodeInfoDispatcher(PATHS.nodeInfo, async () => {
    const users = await repos.members.countByStatus("active");
    const buurt = await repos.buurt.get();
    return {
      software: { name: "buurt", version: pkg.version },
      protocols: ["activitypub"],
      // Sign-up is open when anyone may apply (at once, or for approval); not with invites only.
      openRegistrations: buurt != null && buurt.joinPolicy !== "invite",
      usage: {
        users: { total: users, activeMonth: users, activeHalfyear: users },
        localPosts: await repos.posts.countLocal(),
        localComments: 0,
      },
      metadata: {},
    };
  });
}
