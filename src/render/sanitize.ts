import { Parser } from "htmlparser2";
import sanitizeHtml from "sanitize-html";
import { PLACEHOLDER_CHARS } from "./fragments";
import { fileNameOf, isAllowedImageUrl, isAllowedLinkUrl, isExternalUrl } from "./links";

// The one HTML allowlist (issue 9): every piece of a rendered document — the author's HTML
// and markdown-it's own output — passes through it. Our trusted HTML (KaTeX, math wrappers)
// does not: it stands as placeholders while this runs (fragments.ts).
//
// Why sanitize-html: it is an allowlist sanitizer maintained for over a decade (security
// advisories are fixed and published), pure JavaScript on htmlparser2, so the server and the
// browser preview produce identical output; it is fast (a streaming parse, no DOM: well under
// a millisecond for a typical summary). It has no notion of namespaces and does not parse as
// a browser does, so namespace confusion and mutation XSS are closed by what we let through:
// no foreign element (svg, math) and no raw-text, RCDATA or template element is ever emitted,
// and those are removed together with everything inside them. What remains is plain HTML
// elements with escaped text and a few checked attributes, which every parser reads alike.

/** The HTML elements a summary, comment or bio may contain (the writing help lists these). */
export const ALLOWED_TAGS = [
  ...["b", "i", "em", "strong", "u", "s", "del", "ins", "sub", "sup", "br", "hr"],
  ...["p", "div", "span", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote"],
  ...["ul", "ol", "li", "dl", "dt", "dd"],
  ...["table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption"],
  ...["img", "a", "code", "pre", "kbd", "details", "summary", "figure", "figcaption", "center"],
];

/**
 * Removed together with their content. Script and style run or restyle the page; frames,
 * objects and embeds load other documents; forms and their controls collect input (a fake
 * login box is the harm, not code). svg and math switch the parser to foreign content, where
 * `<style>` and CDATA read differently: the classic mutation XSS. noscript, noembed,
 * noframes, xmp, plaintext, textarea and title hold raw text or RCDATA, which browsers and
 * htmlparser2 do not all read alike, and template content is inert in a browser but not
 * here: any difference between two parses is where mutation XSS lives, so none is kept.
 * Elements outside the allowlist and not listed here (font, section, abbr…) lose the tag and
 * keep their text.
 */
export const REMOVED_WITH_CONTENT = [
  ...["script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "portal"],
  ...["form", "input", "button", "select", "option", "optgroup", "datalist", "textarea"],
  ...["svg", "math", "template", "noscript", "noembed", "noframes", "xmp", "plaintext"],
  ...["title", "head", "meta", "link", "base", "param"],
];

const ALIGN_TAGS = ["p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "caption"];
const ROW_TAGS = ["thead", "tbody", "tfoot", "tr"];

/**
 * The attributes an author may write (the writing help lists these). `href` and `src` follow
 * the link policy; `rel` and `loading` are ours, and `start` is markdown-it's.
 */
export const AUTHOR_ATTRIBUTES = ["alt", "title", "width", "height", "colspan", "rowspan", "align"];

/** Attributes each element may keep (title on all); the values are checked below. */
const ATTRIBUTES: Record<string, string[]> = {
  "*": ["title"],
  a: ["href", "rel"],
  img: ["src", "alt", "width", "height", "align", "loading"],
  td: ["colspan", "rowspan", "align", "width", "height"],
  th: ["colspan", "rowspan", "align", "width", "height"],
  table: ["width", "align"],
  hr: ["width", "align"],
  // markdown-it writes <ol start="3"> for a list that starts at 3.
  ol: ["start"],
  ...Object.fromEntries([...ALIGN_TAGS, ...ROW_TAGS].map((tag) => [tag, ["align"]])),
};

const VALID_VALUE: Record<string, RegExp> = {
  align: /^(?:left|right|center)$/,
  width: /^\d{1,4}%?$/,
  height: /^\d{1,4}%?$/,
  colspan: /^[1-9]\d{0,2}$/,
  rowspan: /^[1-9]\d{0,2}$/,
  start: /^-?\d{1,9}$/,
};

const EXTERNAL_REL = "nofollow ugc noopener";
const CITE_HREF = "/lookup?q=";

/**
 * Classes only we write: `cite` on a link to the paper lookup, `center` for <center> and
 * `align-left|center|right` for an align attribute. Both are obsolete in HTML5, so pages
 * stay valid with them written as classes, which site.css shows as the author meant.
 */
export const RENDERER_CLASSES = ["cite", "center", "align-left", "align-center", "align-right"];

function allowedAttribute(tag: string, name: string): boolean {
  return name === "title" || (ATTRIBUTES[tag]?.includes(name) ?? false);
}

/** Normalises a value as browsers read it (`350px` is 350), or null to drop it. */
function checkedValue(name: string, raw: string): string | null {
  const pattern = VALID_VALUE[name];
  if (pattern === undefined) return raw;
  let value = raw.trim().toLowerCase();
  if (name === "width" || name === "height") value = value.replace(/px$/, "");
  return pattern.test(value) ? value : null;
}

/**
 * Every element: its allowed attributes, checked, and no placeholder character in any value.
 * The author's class never survives; ours is computed here (and cite by transformLink).
 */
function filterAttributes(name: string, attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const tagName = name === "center" ? "div" : name;
  const classes = name === "center" ? ["center"] : [];
  if (tagName === "a" && attribs.class === "cite") classes.push("cite");
  const kept: sanitizeHtml.Attributes = {};
  for (const [attribute, raw] of Object.entries(attribs)) {
    if (attribute === "class" || !allowedAttribute(tagName, attribute)) continue;
    const value = checkedValue(attribute, raw.replace(PLACEHOLDER_CHARS, ""));
    if (value === null) continue;
    if (attribute === "align") classes.push(`align-${value}`);
    else kept[attribute] = value;
  }
  if (classes.length > 0) return { tagName, attribs: { class: classes.join(" "), ...kept } };
  return { tagName, attribs: kept };
}

/**
 * A link keeps a policy-approved href (links.ts), gets our rel when it leaves the site and
 * the cite class when it goes to the paper lookup (\cite, cite.ts). The author's own class
 * and rel never survive.
 */
function linkTag(href: string | undefined, title: string | undefined): sanitizeHtml.Attributes {
  const attribs: sanitizeHtml.Attributes = {};
  if (href?.startsWith(CITE_HREF)) attribs.class = "cite";
  if (href !== undefined && isAllowedLinkUrl(href)) {
    attribs.href = href;
    if (isExternalUrl(href)) attribs.rel = EXTERNAL_REL;
  }
  if (title !== undefined) attribs.title = title;
  return attribs;
}

/** The attributes without placeholder characters, before any URL in them is judged. */
function withoutPlaceholders(attribs: sanitizeHtml.Attributes): sanitizeHtml.Attributes {
  const clean: sanitizeHtml.Attributes = {};
  for (const [name, value] of Object.entries(attribs)) {
    clean[name] = value.replace(PLACEHOLDER_CHARS, "");
  }
  return clean;
}

function transformLink(_tag: string, dirty: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const attribs = withoutPlaceholders(dirty);
  return { tagName: "a", attribs: linkTag(attribs.href, attribs.title) };
}

/**
 * Images: https or relative only, lazily loaded. Our CSP (img-src https:) would block an
 * http image, so it becomes a link to it, showing its alt text or file name.
 */
function transformImage(tag: string, dirty: sanitizeHtml.Attributes): sanitizeHtml.Tag {
  const attribs = withoutPlaceholders(dirty);
  const src = attribs.src?.trim();
  if (src === undefined || src === "" || !isAllowedImageUrl(src)) {
    const { src: _dropped, ...rest } = attribs;
    return { tagName: tag, attribs: { ...rest, loading: "lazy" } };
  }
  if (/^http:/i.test(src)) {
    const text = attribs.alt?.trim() || fileNameOf(src) || src;
    return { tagName: "a", attribs: linkTag(src, attribs.title), text };
  }
  const { loading: _theirs, ...rest } = attribs;
  return { tagName: tag, attribs: { ...rest, src, loading: "lazy" } };
}

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: ATTRIBUTES,
  allowedClasses: { "*": RENDERER_CLASSES },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: { img: ["https"] },
  allowProtocolRelative: true,
  disallowedTagsMode: "discard",
  nonTextTags: REMOVED_WITH_CONTENT,
  parseStyleAttributes: false,
  transformTags: { a: transformLink, img: transformImage, "*": filterAttributes },
  // markdown-it writes `"` in text as &quot;; so do we, so Markdown's output stays as it was.
  textFilter: (text) => text.replace(/"/g, "&quot;"),
};

/**
 * The allowlisted HTML of `html`. Void elements are written `<br>`, as markdown-it writes
 * them (sanitize-html writes `<br />`; ` />` occurs nowhere else in its output, since `>` in
 * text and attribute values is escaped).
 */
export function sanitizeRendered(html: string): string {
  return sanitizeHtml(html, OPTIONS).replaceAll(" />", ">");
}

/**
 * Deeper than this, a document's HTML is not used (index.ts shows it as text). htmlparser2
 * keeps open elements in an array it shifts and searches at every tag, so its cost grows
 * with tags × depth: 100 KB of `<b>` would take a second. Real summaries nest a few levels.
 */
export const HTML_MAX_DEPTH = 128;

class TooDeep extends Error {}

// Elements that never stay open, so never count towards the depth.
const VOID = new Set(
  "area base br col embed hr img input link meta param source track wbr".split(" "),
);

/**
 * A linear upper bound of htmlparser2's open-element count: every opening tag of a non-void
 * element pushes; a closing tag pops only when it names the innermost element. The parser
 * pops at least as much (it also closes deeper matches and implied ends, and reads no tags
 * inside comments or raw text), so a document this bound keeps under the limit is safe
 * without parsing it twice.
 */
function depthBound(html: string): number {
  const open: string[] = [];
  let max = 0;
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/g)) {
    const name = (m[2] as string).toLowerCase();
    if (m[1]) {
      if (open[open.length - 1] === name) open.pop();
    } else if (!VOID.has(name)) {
      open.push(name);
      if (open.length > max) max = open.length;
    }
  }
  return max;
}

/**
 * Whether htmlparser2 (and so the sanitizer) would ever hold more than HTML_MAX_DEPTH open
 * elements. It reports every element closed, implied closes included, so open minus closed
 * is its stack's size; the parse stops as soon as that passes the limit, so this check costs
 * at most tags × HTML_MAX_DEPTH, and runs only when the linear bound above says it might.
 */
export function nestsTooDeep(html: string): boolean {
  if (depthBound(html) <= HTML_MAX_DEPTH) return false;
  let depth = 0;
  const parser = new Parser({
    onopentag() {
      depth++;
      if (depth > HTML_MAX_DEPTH) throw new TooDeep();
    },
    onclosetag() {
      depth--;
    },
  });
  try {
    parser.write(html);
    parser.end();
    return false;
  } catch (error) {
    if (error instanceof TooDeep) return true;
    throw error;
  }
}
