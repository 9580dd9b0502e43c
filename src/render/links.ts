import type { MarkdownIt, StateCore, Token } from "markdown-it";

// Only web and mail links, and links within the site. markdown-it has already decoded
// entities and percent-encoded spaces and control characters by the time it asks, so
// "java&#x09;script:" arrives as "java%09script:", which browsers read as a relative path.
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);

export function isSafeUrl(url: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  const scheme = SCHEME.exec(compact)?.[1];
  return scheme === undefined || ALLOWED_SCHEMES.has(scheme.toLowerCase());
}

const IMAGE_URL = /^https?:\/\/[^\s?#]+\.(?:png|jpe?g|gif|webp|svg|avif)(?:[?#][^\s]*)?$/i;

/** A bare link (linkified or <autolink>) to an image file becomes the image. */
function bareImageLinks(state: StateCore): void {
  for (const block of state.tokens) {
    const children = block.children;
    if (block.type !== "inline" || !children) continue;
    for (let i = 0; i + 2 < children.length; i++) {
      const open = children[i] as Token;
      const text = children[i + 1] as Token;
      const close = children[i + 2] as Token;
      if (open.type !== "link_open" || close.type !== "link_close" || text.type !== "text")
        continue;
      if (open.markup !== "linkify" && open.markup !== "autolink") continue;
      const href = String(open.attrGet("href") ?? "");
      if (!IMAGE_URL.test(href)) continue;
      const image = new state.Token("image", "img", 0);
      image.attrs = [
        ["src", href],
        ["alt", ""],
      ];
      image.children = [];
      image.content = "";
      children.splice(i, 3, image);
    }
  }
}

export function linkPolicyPlugin(md: MarkdownIt): void {
  md.validateLink = isSafeUrl;
  md.core.ruler.push("bare_image_links", bareImageLinks);

  const defaultLinkOpen =
    md.renderer.rules.link_open ?? ((t, i, o, _e, s) => s.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx] as Token;
    if (/^https?:/i.test(String(token.attrGet("href") ?? "")))
      token.attrSet("rel", "nofollow ugc noopener");
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  const defaultImage = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    (tokens[idx] as Token).attrSet("loading", "lazy");
    return defaultImage
      ? defaultImage(tokens, idx, options, env, self)
      : self.renderToken(tokens, idx, options);
  };
}
