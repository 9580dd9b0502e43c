import type { MarkdownIt, StateCore, Token } from "markdown-it";
import { escapeHtml } from "./escape";

// Which URLs may appear in an href or src: web and mail links, and links within the site
// (relative paths, fragments, `//host`). Everything else — javascript:, vbscript:, data:,
// file: and schemes we have never heard of — is refused, in every spelling: markdown-it
// decodes entities before asking, and we drop white space and control characters (which
// browsers ignore inside a scheme) before reading the scheme.
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);
const IMAGE_SCHEMES = new Set(["http", "https"]);
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point.
const IGNORED_IN_SCHEME = /[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;
const SCHEME_PREFIX = /^[^:/?#]*:/;

/** The URL's scheme in lower case, "" for a relative URL. */
function schemeOf(url: string): string {
  const prefix = SCHEME_PREFIX.exec(url.replace(IGNORED_IN_SCHEME, ""));
  return prefix ? prefix[0].slice(0, -1).toLowerCase() : "";
}

export function isAllowedLinkUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === "" || ALLOWED_SCHEMES.has(scheme);
}

export function isAllowedImageUrl(url: string): boolean {
  const scheme = schemeOf(url);
  return scheme === "" || IMAGE_SCHEMES.has(scheme);
}

/** A link that leaves the site (absolute or protocol-relative): it gets rel="nofollow ugc noopener". */
export function isExternalUrl(url: string): boolean {
  return /^(?:https?:)?\/\//i.test(url.trim());
}

const IMAGE_EXTENSIONS = [".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg"];

/**
 * An https URL whose path names an image file (the query and fragment do not count). Plain
 * http images are blocked by our CSP (img-src https:), so a bare http link stays a link.
 */
export function isImageUrl(url: string): boolean {
  if (!/^https:\/\/[^/?#]+\//i.test(url)) return false;
  const path = (url.split(/[?#]/, 1)[0] ?? "").toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/** The last path segment of a URL, decoded: the text shown for an image that cannot be shown. */
export function fileNameOf(url: string): string {
  const path = url.split(/[?#]/, 1)[0] ?? "";
  const last = path.slice(path.lastIndexOf("/") + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** "Bare links to images become images": a linkified URL or <autolink> to an image file. */
function bareImageLinks(state: StateCore): void {
  for (const block of state.tokens) {
    const children = block.children;
    if (block.type !== "inline" || !children) continue;
    for (let i = 0; i + 2 < children.length; i++) {
      const [open, text, close] = [children[i], children[i + 1], children[i + 2]] as Token[];
      if (open?.type !== "link_open" || open.info !== "auto") continue;
      if (text?.type !== "text" || close?.type !== "link_close") continue;
      const href = String(open.attrGet("href") ?? "");
      if (!isImageUrl(href)) continue;
      const image = new state.Token("image", "img", 0);
      image.attrs = [
        ["src", href],
        ["alt", ""],
      ];
      const alt = new state.Token("text", "", 0);
      alt.content = fileNameOf(href);
      image.children = [alt];
      children.splice(i, 3, image);
    }
  }
}

export function linkPolicyPlugin(md: MarkdownIt): void {
  md.validateLink = isAllowedLinkUrl;
  md.core.ruler.after("linkify", "bare_image_links", bareImageLinks);

  md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
    const token = tokens[idx] as Token;
    const href = String(token.attrGet("href") ?? "");
    // validateLink already refused bad links; this guards rules added later.
    if (!isAllowedLinkUrl(href)) token.attrs = (token.attrs ?? []).filter(([n]) => n !== "href");
    else if (isExternalUrl(href)) token.attrSet("rel", "nofollow ugc noopener");
    return self.renderToken(tokens, idx, options);
  };

  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    const src = String(token.attrGet("src") ?? "");
    const alt = self.renderInlineAsText(token.children ?? [], options, env);
    if (!isAllowedImageUrl(src)) return escapeHtml(alt);
    // Pages allow https images only (CSP); ask for the https copy, as browsers upgrade mixed content.
    const secureSrc = src.replace(/^http:\/\//i, "https://");
    const title = token.attrGet("title");
    const titleAttr = title ? ` title="${escapeHtml(String(title))}"` : "";
    return `<img src="${escapeHtml(secureSrc)}" alt="${escapeHtml(alt)}"${titleAttr} loading="lazy">`;
  };
}
