/**
 * Cleaning HTML that came from other servers before it is shown, with the
 * well-kept `sanitize-html` and an allow-list close to Mastodon's
 * (app/lib/sanitize_config.rb, `MASTODON_STRICT`): text formatting, links,
 * mention and hashtag classes; no scripts, styles, event handlers, images,
 * iframes, forms, `<meta>` or `<base>`.  Links must be absolute with an
 * allowed scheme and always get `rel="nofollow noopener ugc"`.
 */
import sanitize from "sanitize-html";

/** URL schemes a link in remote content may use (Mastodon's `LINK_PROTOCOLS`, less the exotic ones). */
const LINK_SCHEMES = ["http", "https", "mailto", "xmpp", "gemini", "matrix"];

/** The `rel` every link in remote content gets. */
export const UGC_REL = "nofollow noopener ugc";

/** Whether `href` is an absolute URL with an allowed scheme (relative links are dropped, as Mastodon does). */
function isAllowedHref(href: string | undefined): boolean {
  if (href == null) return false;
  try {
    const url = new URL(href.trim());
    return LINK_SCHEMES.includes(url.protocol.slice(0, -1));
  } catch {
    return false;
  }
}

const OPTIONS: sanitize.IOptions = {
  allowedTags: ["p", "br", "span", "a", "del", "s", "pre", "code", "em", "strong", "b", "i", "u", "ul", "ol", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "sub", "sup"],
  allowedAttributes: {
    a: ["href", "rel", "class", "title", "lang"],
    span: ["class", "lang"],
    p: ["lang"],
    ol: ["start", "reversed"],
    li: ["value"],
  },
  allowedClasses: {
    a: ["mention", "hashtag", "u-url", "h-card", "status-link", "unhandled-link"],
    span: ["h-card", "invisible", "ellipsis", "ellipsis-link"],
  },
  allowedSchemes: LINK_SCHEMES,
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // Elements whose content is dropped with them, not kept as text.
  nonTextTags: [
    "style", "script", "textarea", "option", "noscript", "template", "title", "head",
    "iframe", "object", "embed", "svg", "math", "noembed", "noframes", "xmp", "select",
  ],
  transformTags: {
    a: (tagName, attribs) => {
      const { href, target: _target, ...rest } = attribs;
      return {
        tagName,
        attribs: isAllowedHref(href) ? { href: href!.trim(), ...rest, rel: UGC_REL } : { ...rest, rel: UGC_REL },
      };
    },
  },
};

const TEXT_ONLY: sanitize.IOptions = {
  allowedTags: [],
  allowedAttributes: {},
  disallowedTagsMode: "discard",
  nonTextTags: OPTIONS.nonTextTags!,
};

/**
 * Sanitises remote (or any stored) HTML for display.
 * @param html Untrusted HTML; `null` gives an empty string.
 * @returns HTML containing only allow-listed tags, attributes and URL schemes.
 */
export function sanitizeHtml(html: string | null | undefined): string {
  if (html == null || html === "") return "";
  return sanitize(html, OPTIONS);
}

/**
 * The text of untrusted HTML, for places that show plain text (content
 * warnings, titles, alt texts): tags are dropped, entities decoded.  The
 * result is text, to be escaped by the view like any other text.
 * @returns The text, whitespace-collapsed; `null` when there is none.
 */
export function plainText(html: string | null | undefined): string | null {
  if (html == null || html === "") return null;
  const escaped = sanitize(html.replace(/<br\s*\/?>|<\/p>/gi, " "), TEXT_ONLY);
  const text = escaped
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
  return text === "" ? null : text;
}

/**
 * A remote URL that may go into `href` or `src`: absolute `http:` or
 * `https:` only (no `javascript:`, `data:`, `vbscript:`, relative or
 * protocol-relative URLs).
 * @returns The normalised URL, or `null` when it is not allowed.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (url == null) return null;
  try {
    const parsed = new URL(url.trim());
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : null;
  } catch {
    return null;
  }
}
