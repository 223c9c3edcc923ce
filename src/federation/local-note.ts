/**
 * The `Note` of a local post as this buurt publishes it everywhere (the
 * `Create`, `Update` and the group's `Announce`, the post's own IRI, the
 * outbox collection): `toNote`, plus what a feature adds to the posts it
 * owns.  Features may only add attachments (links to a richer description
 * of the same thing), so the Note stays a plain Note that Mastodon shows
 * as a status.
 */
import type { Link, Note, Object as APObject, PropertyValue } from "@fedify/vocab";
import type { Actor } from "../domain/actor.ts";
import type { Post } from "../domain/post.ts";
import type { FederationDeps } from "./deps.ts";
import { helpNoteAttachments } from "./help.ts";
import { toNote } from "./mappers/post.ts";

/** What a feature adds to the Note of a local post (nothing for posts it does not own). */
export type NoteExtension = (deps: FederationDeps, post: Post) => Promise<Array<Link | APObject>>;

/** Every feature's extension, in order: help items link their FEP-0837 Proposal. */
const NOTE_EXTENSIONS: readonly NoteExtension[] = [helpNoteAttachments];

/**
 * The Note of a local post, with the attachments features add.
 *
 * @param post A local post.
 * @param author Its local author.
 */
export async function localNote(deps: FederationDeps, post: Post, author: Actor): Promise<Note> {
  const note = toNote(post, author);
  const extra: Array<Link | APObject> = [];
  for (const extension of NOTE_EXTENSIONS) extra.push(...await extension(deps, post));
  if (extra.length === 0) return note;
  const attachments: Array<Link | APObject | PropertyValue> = [];
  for await (const attachment of note.getAttachments()) attachments.push(attachment);
  return note.clone({ attachments: [...attachments, ...extra] });
}
