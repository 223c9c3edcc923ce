/**
 * Helpers for the composing and interaction tests: multipart form posts
 * (the compose form uploads images), remote follows between test buurten
 * by actor IRI, and small readers of rendered forms.
 */
import { followActor } from "../../src/app/follows.ts";
import type { Actor } from "../../src/domain/actor.ts";
import type { BuurtInstance } from "../../src/main.ts";
import { type TestBuurt, waitFor } from "./buurt.ts";
import type { WebClient } from "./web.ts";

/**
 * Posts a `multipart/form-data` form as the client (CSRF token added).
 * @param fields Strings, or files as `{ name, type, bytes }`.
 */
export async function postMultipart(
  buurt: BuurtInstance,
  client: WebClient,
  path: string,
  fields: Array<[string, string | { name: string; type: string; bytes: Uint8Array }]>,
): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", await client.csrf());
  for (const [key, value] of fields) {
    if (typeof value === "string") form.append(key, value);
    else form.append(key, new File([value.bytes as Uint8Array<ArrayBuffer>], value.name, { type: value.type }));
  }
  return await buurt.web.request(path, { method: "POST", headers: { Cookie: client.cookie }, body: form });
}

/** The id of the post a compose form redirected to (`/posts/<id>?notice=…`). */
export function postIdFromLocation(response: Response): string {
  const location = response.headers.get("Location") ?? "";
  const match = /^\/posts\/([^/?#]+)/.exec(location);
  if (match == null) throw new Error(`Not a post location: ${response.status} ${location}`);
  return decodeURIComponent(match[1]!);
}

/**
 * `follower` (a member of `from`) follows `username` of `to`, looked up by
 * actor IRI (WebFinger over https cannot reach loopback); waits for the
 * Accept.
 * @returns The followed actor as `from` stores it.
 */
export async function followRemote(from: TestBuurt, follower: string, to: TestBuurt, username: string): Promise<Actor> {
  const found = await from.buurt.lookup.resolveActor(to.buurt.app.iris.actor(username));
  if (!found.ok) throw new Error(`lookup of ${username}: ${found.error}`);
  const result = await followActor(from.buurt.app, { followerUsername: follower, target: found.value });
  if (!result.ok) throw new Error(result.error);
  const followerActor = (await from.buurt.app.repos.actors.findLocalByUsername(follower))!;
  await waitFor(
    async () => (await from.buurt.app.repos.follows.findByPair(followerActor.id, found.value.id))?.status === "accepted",
    `${follower} to be accepted by ${username}`,
  );
  return found.value;
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text inside `<textarea name="…">` of a rendered form, entities decoded. */
export function textareaValue(html: string, name: string): string | null {
  const match = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match == null ? null : decodeEntities(match[1]!);
}

/** The `value` of `<input name="…">` of a rendered form, entities decoded. */
export function inputValue(html: string, name: string): string | null {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  if (tag == null) return null;
  const value = /value="([^"]*)"/.exec(tag)?.[1];
  return value == null ? null : decodeEntities(value);
}

/** The `value` of the checked radio button of a group. */
export function checkedRadio(html: string, name: string): string | null {
  for (const tag of html.match(new RegExp(`<input[^>]*name="${name}"[^>]*>`, "g")) ?? []) {
    if (/\schecked(?:[\s=>/]|$)/.test(tag)) return /value="([^"]*)"/.exec(tag)?.[1] ?? null;
  }
  return null;
}
