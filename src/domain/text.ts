/**
 * Turning what a member typed into the HTML of a post: paragraphs, links,
 * @mentions and #hashtags, with the ActivityPub `Mention` and `Hashtag`
 * tags that go with them.  Pure: mentions are resolved by the caller and
 * passed in.
 *
 * URLs are found by the well-kept `linkify-it` (the linkifier of
 * markdown-it); mentions and hashtags follow Mastodon's patterns
 * (app/models/account.rb `MENTION_RE`, app/models/tag.rb `HASHTAG_RE`).
 */
import { LinkifyIt } from "linkify-it";
import type { Tag } from "./post.ts";

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * http(s) and mailto links, and bare domains with a known top-level domain
 * (`www.buurthuis.nl`).  No fuzzy e-mail addresses: `@bob@buurt.nl` is a
 * mention, not a mail address.  A stateless parser configuration, shared.
 */
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false }).add("ftp:", null).add("//", null);

/**
 * `@user` or `@user@host` (host may carry a port, as test servers on
 * loopback do), not preceded by a word character, `/`, `@` or `.`, so
 * e-mail addresses and URL paths are not read as mentions.
 */
const MENTION_PATTERN =
  /(?<![\p{L}\p{N}_/@.])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)(?:@([a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d{1,5})?))?/giu;

/** `#tag`: letters, digits and `_`, at least one letter or `_`, not inside a word, URL or entity. */
const HASHTAG_PATTERN = /(?<![\p{L}\p{N}_/)&#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/gu;

/** The longest hashtag kept, in characters (Mastodon: 100). */
export const MAX_HASHTAG_LENGTH = 100;

/** A mention as typed in a text. */
export interface TypedMention {
  /** Username as typed (case kept). */
  username: string;
  /** Host as typed, lower-cased; `null` for a local `@user`. */
  domain: string | null;
}

/** An actor a mention resolved to. */
export interface MentionTarget {
  username: string;
  /** Host (with port when not default) of the actor's server. */
  domain: string;
  /** ActivityPub id: the `Mention` tag's `href`. */
  iri: string;
  /** Human profile page, the link in the HTML. */
  url: string;
}

/** A post's HTML and the tags it carries. */
export interface FormattedText {
  /** Safe HTML: every typed character is escaped; only our own links are markup. */
  html: string;
  /** `Mention` tags (one per actor) and `Hashtag` tags (one per lower-cased name), in order of appearance. */
  tags: Tag[];
  /** Hashtag names, lower-cased and without `#`, for the hashtag index. */
  hashtags: string[];
}

/** Lower-cased, NFC-normalised hashtag name without `#`: the key of a tag page. */
export function normaliseHashtag(name: string): string {
  return name.replace(/^#/, "").normalize("NFC").toLowerCase();
}

type Token =
  | { kind: "link"; start: number; end: number; url: string; text: string; fuzzy: boolean }
  | { kind: "mention"; start: number; end: number; username: string; domain: string | null; text: string }
  | { kind: "hashtag"; start: number; end: number; name: string; text: string };

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/**
 * Links, mentions and hashtags of one stretch of text, left to right,
 * without overlaps: a link with a scheme wins over what is inside it
 * (`https://host/@anna#x`), a mention wins over a bare domain inside it
 * (`@bob@buurt.nl`).
 */
function tokenize(text: string): Token[] {
  const links = (linkify.match(text) ?? []).map((m) => ({
    kind: "link" as const,
    start: m.index,
    end: m.lastIndex,
    url: m.url,
    text: m.text,
    // Typed without a scheme (`www.buurthuis.nl`).
    fuzzy: m.schema === "",
  }));
  const mentions: Token[] = [...text.matchAll(MENTION_PATTERN)].map((m) => ({
    kind: "mention" as const,
    start: m.index,
    end: m.index + m[0].length,
    username: m[1]!,
    domain: m[2]?.toLowerCase() ?? null,
    text: m[0],
  }));
  const hashtags: Token[] = [...text.matchAll(HASHTAG_PATTERN)]
    .filter((m) => [...m[1]!].length <= MAX_HASHTAG_LENGTH)
    .map((m) => ({ kind: "hashtag" as const, start: m.index, end: m.index + m[0].length, name: m[1]!, text: m[0] }));

  const kept: Token[] = links.filter((l) => !l.fuzzy);
  const fuzzy = links.filter((l) => l.fuzzy);
  for (const m of mentions) if (!kept.some((k) => overlaps(k, m))) kept.push(m);
  for (const f of fuzzy) if (!kept.some((k) => overlaps(k, f))) kept.push(f);
  for (const h of hashtags) if (!kept.some((k) => overlaps(k, h))) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/**
 * The mentions a text contains, each once (compared case-insensitively),
 * in order of appearance; mentions inside links are not counted.
 *
 * @param text What the member typed.
 */
export function findMentions(text: string): TypedMention[] {
  const seen = new Set<string>();
  const found: TypedMention[] = [];
  for (const token of tokenize(text)) {
    if (token.kind !== "mention") continue;
    const key = `${token.username.toLowerCase()}@${token.domain ?? ""}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ username: token.username, domain: token.domain });
  }
  return found;
}

function linkHtml(url: string, text: string): string {
  return `<a href="${escapeHtml(url)}" rel="nofollow noopener ugc" target="_blank">${escapeHtml(text)}</a>`;
}

/**
 * A mention as Mastodon marks it up:
 * `<span class="h-card"><a href="…" class="u-url mention">@<span>user</span></a></span>`.
 * @param url The profile page the mention links to.
 */
export function mentionHtml(url: string, username: string): string {
  return `<span class="h-card"><a href="${escapeHtml(url)}" class="u-url mention">@<span>${
    escapeHtml(username)
  }</span></a></span>`;
}

/**
 * A hashtag as Mastodon marks it up: `<a href="…" class="mention hashtag" rel="tag">#<span>Name</span></a>`.
 * @param name The hashtag as it should read, without `#`.
 * @param href Its tag page.
 */
export function hashtagHtml(name: string, href: string): string {
  return `<a href="${escapeHtml(href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(name)}</span></a>`;
}

/**
 * Plain text → HTML and tags.
 *
 * - Paragraphs on blank lines, `<br>` on single newlines; everything typed is escaped.
 * - Links (`https://…`, `mailto:…`, `www.buurthuis.nl`) become `<a>` with `rel="nofollow noopener ugc"`.
 * - A mention that resolved (`@anna` → a local actor, `@bob@host` → that
 *   actor) becomes Mastodon's `<span class="h-card"><a class="u-url
 *   mention">@<span>bob</span></a></span>` and a `Mention` tag named
 *   `@bob@host`; one that did not stays plain text.
 * - `#Tag` becomes `<a class="mention hashtag" rel="tag">#<span>Tag</span></a>`
 *   linking to the tag page, and a `Hashtag` tag named `#Tag`.
 *
 * @param text What the member typed.
 * @param options.localDomain This server's host, for `@user` without host.
 * @param options.mentions Actors the mentions resolved to.
 * @param options.hashtagUrl The tag page for a normalised hashtag name.
 * @returns HTML such as `<p>Hallo <a …>#buurt</a></p>`, and its tags.
 */
export function formatPostText(
  text: string,
  options: { localDomain: string; mentions: readonly MentionTarget[]; hashtagUrl: (name: string) => string },
): FormattedText {
  const localDomain = options.localDomain.toLowerCase();
  const targetOf = (username: string, domain: string | null): MentionTarget | undefined => {
    const host = domain ?? localDomain;
    return options.mentions.find((m) =>
      m.username.toLowerCase() === username.toLowerCase() && m.domain.toLowerCase() === host
    );
  };
  const tags: Tag[] = [];
  const hashtags: string[] = [];
  const paragraphs = text.replace(/\r\n?/g, "\n").trim().split(/\n{2,}/);
  const html = paragraphs.map((p) => {
    let out = "";
    let last = 0;
    for (const token of tokenize(p)) {
      out += escapeHtml(p.slice(last, token.start));
      last = token.end;
      switch (token.kind) {
        case "link":
          out += linkHtml(token.url, token.text);
          break;
        case "mention": {
          const target = targetOf(token.username, token.domain);
          if (target == null) {
            out += escapeHtml(token.text);
            break;
          }
          out += mentionHtml(target.url, target.username);
          if (!tags.some((t) => t.type === "Mention" && t.href === target.iri)) {
            tags.push({ type: "Mention", name: `@${target.username}@${target.domain}`, href: target.iri });
          }
          break;
        }
        case "hashtag": {
          const key = normaliseHashtag(token.name);
          const href = options.hashtagUrl(key);
          out += hashtagHtml(token.name, href);
          if (!hashtags.includes(key)) {
            hashtags.push(key);
            tags.push({ type: "Hashtag", name: `#${token.name}`, href });
          }
          break;
        }
      }
    }
    out += escapeHtml(p.slice(last));
    return `<p>${out.replace(/\n/g, "<br>")}</p>`;
  }).join("");
  return { html, tags, hashtags };
}

/**
 * Plain text → HTML with paragraphs and links only (no mentions or hashtags).
 *
 * @param text What the member typed.
 * @returns HTML such as `<p>Hallo<br>buurt</p>`.
 */
export function plainTextToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, "\n").trim().split(/\n{2,}/);
  return paragraphs.map((p) => {
    let out = "";
    let last = 0;
    for (const token of tokenize(p)) {
      if (token.kind !== "link") continue;
      out += escapeHtml(p.slice(last, token.start)) + linkHtml(token.url, token.text);
      last = token.end;
    }
    return `<p>${(out + escapeHtml(p.slice(last))).replace(/\n/g, "<br>")}</p>`;
  }).join("");
}
