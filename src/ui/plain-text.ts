// The plain text of our own rendered HTML (summaries, comments), for places that take no
// markup: link-preview descriptions, meta tags. Pure. It reads only what the renderer writes
// (sanitized, well-formed), so a small tag scanner is enough: formulas keep their TeX (KaTeX's
// MathML annotation) and lose the visual copy that is hidden from assistive technology.

import { decodeHtmlEntities } from "../core/html-entities";

const TOKEN = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][\w-]*)([^>]*)>|[^<]+|</g;
const VOID = new Set(["area", "br", "col", "embed", "hr", "img", "input", "source", "wbr"]);
const BLOCK =
  /^(?:p|div|li|ul|ol|h[1-6]|br|tr|td|th|blockquote|pre|table|section|details|summary|hr|dd|dt|figure|figcaption)$/;
type Mode = "show" | "hide" | "tex";

/** The text a reader sees in rendered HTML, formulas as `$TeX$`, whitespace collapsed. */
export function plainTextOfHtml(html: string): string {
  const out: string[] = [];
  const stack: { name: string; mode: Mode }[] = [];
  const mode = (): Mode => stack.at(-1)?.mode ?? "show";
  for (const m of html.matchAll(TOKEN)) {
    const [token, closing, rawName, attrs = ""] = m;
    if (token.startsWith("<!--")) continue;
    if (rawName === undefined) {
      const current = mode();
      if (current === "show") out.push(decodeHtmlEntities(token));
      else if (current === "tex") out.push(`$${decodeHtmlEntities(token).trim()}$`);
      continue;
    }
    const name = rawName.toLowerCase();
    if (BLOCK.test(name)) out.push(" ");
    if (closing) {
      // Pop to the matching element: well-formed input pops exactly one.
      const at = stack.findLastIndex((e) => e.name === name);
      if (at >= 0) stack.length = at;
      continue;
    }
    if (VOID.has(name) || attrs.trimEnd().endsWith("/")) continue;
    const hidden = /\baria-hidden\s*=\s*["']?true/i.test(attrs);
    const next: Mode =
      name === "annotation" && /application\/x-tex/.test(attrs)
        ? "tex"
        : mode() !== "show" || hidden || name === "math" || name === "script" || name === "style"
          ? "hide"
          : "show";
    stack.push({ name, mode: next });
  }
  return out.join("").replace(/\s+/g, " ").trim();
}

/** At most `max` characters, cut at a word boundary with "…" when longer. */
export function excerpt(text: string, max: number): string {
  const points = Array.from(text);
  if (points.length <= max) return text;
  const cut = points.slice(0, max - 1).join("");
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, "")}…`;
}
