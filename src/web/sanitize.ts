/**
 * Cleaning HTML that came from other servers before it is shown, with the
 * well-kept `sanitize-html` and an allow-list close to Mastodon's
 * (app/lib/sanitize_config.rb): text formatting, links, mention and hashtag
 * classes; no scripts, styles, event handlers, iframes or forms.
 */
import sanitize from "sanitize-html";

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
  allowedSchemes: ["http", "https", "mailto", "xmpp", "gemini", "matrix"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["style", "script", "textarea", "option", "noscript", "template", "title", "head"],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...attribs, rel: "nofollow noopener ugc", target: "_blank" },
    }),
  },
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
