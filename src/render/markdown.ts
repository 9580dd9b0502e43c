import MarkdownIt, { type MarkdownIt as Md } from "markdown-it";
import { citePlugin } from "./cite";
import { linkPolicyPlugin } from "./links";
import { type MathEnv, renderMath } from "./math-render";
import { mathPlugin } from "./math-rules";

export interface RenderEnv {
  math: MathEnv;
}

/**
 * markdown-it with raw HTML escaped (html: false), GFM tables and strikethrough, linkify,
 * our math rules and link policy. markdown-it is linear on hostile input; see math.md.
 */
export function createMarkdown(): Md {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.use(mathPlugin).use(citePlugin).use(linkPolicyPlugin);
  const env = (e: unknown) => (e as RenderEnv).math;
  md.renderer.rules.math_inline = (t, i, _o, e) => renderMath(t[i]?.content ?? "", false, env(e));
  // Wide display math scrolls sideways; a scrolling region must be reachable by keyboard.
  md.renderer.rules.math_display = (t, i, _o, e) =>
    `<span class="math-scroll" tabindex="0">${renderMath(t[i]?.content ?? "", true, env(e))}</span>`;
  md.renderer.rules.math_block = (t, i, _o, e) =>
    `<div class="math-scroll" tabindex="0">${renderMath(t[i]?.content ?? "", true, env(e))}</div>\n`;
  return md;
}
