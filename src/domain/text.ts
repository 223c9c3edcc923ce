/**
 * Turning what a member typed into the HTML of a post.
 */

/** Escapes the five HTML-significant characters. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/**
 * Plain text → HTML: paragraphs on blank lines, `<br>` on single newlines,
 * http(s) URLs as links.  Everything else is escaped, so the result is safe.
 *
 * @param text What the member typed.
 * @returns HTML such as `<p>Hallo<br>buurt</p>`.
 */
export function plainTextToHtml(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, "\n").trim().split(/\n{2,}/);
  return paragraphs.map((p) => {
    let html = "";
    let last = 0;
    for (const match of p.matchAll(URL_PATTERN)) {
      const url = match[0];
      html += escapeHtml(p.slice(last, match.index));
      html += `<a href="${escapeHtml(url)}" rel="nofollow noopener ugc" target="_blank">${escapeHtml(url)}</a>`;
      last = (match.index ?? 0) + url.length;
    }
    html += escapeHtml(p.slice(last));
    return `<p>${html.replace(/\n/g, "<br>")}</p>`;
  }).join("");
}
