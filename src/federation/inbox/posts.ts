/**
 * `Create`, `Update` and `Delete` of posts (and `Update`/`Delete` of actors).
 * The object must share its actor's origin (FEP-fe34), and a post must be
 * attributed to the actor that sent it.
 */
import type { InboxContext } from "@fedify/fedify";
import { type Create, type Delete, isActor, type Object as APObject, type Update } from "@fedify/vocab";
import { receiveDelete, receivePost, receivePostUpdate } from "../../app/inbound.ts";
import type { Actor } from "../../domain/actor.ts";
import { fromPostObject, isPostObject } from "../mappers/post.ts";
import { routeEventObject } from "./events.ts";
import {
  addressesLocalActor,
  IgnoredActivity,
  type InboxDeps,
  resolveActor,
  sameOrigin,
  senderOf,
  typeNameOf,
} from "./support.ts";

/** Whether the post has a `Mention` of a local actor. */
function mentionsLocalActor(deps: InboxDeps, post: { tags: { type: string; href: string | null }[] }): boolean {
  return post.tags.some((t) => t.type === "Mention" && t.href != null && deps.app.iris.isLocal(t.href));
}

function requireSameOrigin(objectId: URL | null, actorId: URL | null, what: string): URL {
  if (objectId == null) throw new IgnoredActivity(`${what} without object`);
  if (!sameOrigin(objectId, actorId)) {
    throw new IgnoredActivity(`${what} of an object on another origin (${objectId.origin})`);
  }
  return objectId;
}

async function objectOf(ctx: InboxContext<void>, activity: Create | Update, what: string): Promise<APObject> {
  let object: APObject | null;
  try {
    // An embedded object on another origin is fetched from its id, through
    // the federation's (signed) loader, never trusted as embedded.
    object = await activity.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
  } catch (error) {
    throw new IgnoredActivity(`${what} object could not be loaded: ${String(error)}`);
  }
  if (object == null) throw new IgnoredActivity(`${what} without a readable object`);
  return object;
}

async function readPost(ctx: InboxContext<void>, object: APObject, author: Actor) {
  const parsed = await fromPostObject(object, author, {
    documentLoader: ctx.documentLoader,
    contextLoader: ctx.contextLoader,
  });
  if (!parsed.ok) throw new IgnoredActivity(`post refused: ${parsed.error}`);
  return parsed.value;
}

/** A remote actor publishes a post. */
export async function onCreate(deps: InboxDeps, ctx: InboxContext<void>, create: Create): Promise<string> {
  requireSameOrigin(create.objectId, create.actorId, "Create");
  const author = await senderOf(ctx, deps, create);
  const object = await objectOf(ctx, create, "Create");
  // Events and votes in event polls belong to the agenda (inbox/events.ts).
  const agenda = await routeEventObject(deps, ctx, create, object);
  if (agenda != null) return agenda;
  if (!isPostObject(object)) throw new IgnoredActivity(`Create of unsupported type ${await typeNameOf(object)}`);
  const post = await readPost(ctx, object, author);
  const relevance = {
    addressesLocalActor: addressesLocalActor(deps, ctx, create, object) || mentionsLocalActor(deps, post),
  };
  return await receivePost(deps.app, { post, author, relevance });
}

/** A remote actor edits a post or its own profile. */
export async function onUpdate(deps: InboxDeps, ctx: InboxContext<void>, update: Update): Promise<string> {
  requireSameOrigin(update.objectId, update.actorId, "Update");
  const object = await objectOf(ctx, update, "Update");
  const agenda = await routeEventObject(deps, ctx, update, object);
  if (agenda != null) return agenda;
  if (isActor(object)) {
    if (object.id?.href !== update.actorId?.href) throw new IgnoredActivity("Update of another actor");
    const actor = await resolveActor(ctx, deps, update.actorId!, object);
    return actor == null ? "actor_refused" : "actor_updated";
  }
  if (!isPostObject(object)) throw new IgnoredActivity(`Update of unsupported type ${await typeNameOf(object)}`);
  const author = await senderOf(ctx, deps, update);
  const post = await readPost(ctx, object, author);
  return await receivePostUpdate(deps.app, { post, author });
}

/** A remote actor deletes a post of theirs, or their account. */
export async function onDelete(deps: InboxDeps, ctx: InboxContext<void>, del: Delete): Promise<string> {
  const objectId = requireSameOrigin(del.objectId, del.actorId, "Delete");
  const actorIri = del.actorId!.href;
  const actor = await deps.app.repos.actors.findByIri(actorIri);
  if (actor == null) return "unknown_actor";
  return await receiveDelete(deps.app, { objectIri: objectId.href, actor });
}
