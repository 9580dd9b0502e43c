import MarkdownIt, { type Env, type MarkdownIt as Md, type Token } from "markdown-it";
import { MARKDOWN_MAX_NESTING } from "../core/limits";
import { citePlugin } from "./cite";
import { linkPolicyPlugin } from "./links";
import type { SummaryMath } from "./math-render";
import { type MathTokenMeta, mathPlugin } from "./math-rules";

export interface RenderEnv extends Env {
  math?: SummaryMath;
}

function mathOf(env: Env | undefined): SummaryMath {
  const math = (env as RenderEnv | undefined)?.math;
  if (!math) throw new Error("renderMarkdown sets env.math before rendering");
  return math;
}

function renderMathToken(token: Token, env: Env | undefined, block: boolean): string {
  const meta = token.meta as unknown as MathTokenMeta;
  return mathOf(env).render(token.content, meta.display, meta, block);
}

/**
 * markdown-it with raw HTML escaped (html: false), GFM tables and strikethrough, linkify,
 * our math rules, \cite and the link policy. markdown-it stays linear on hostile input
 * (math.md); math renders in document order, which the summary's KaTeX budget relies on.
 */
export function createMarkdown(): Md {
  const md = new MarkdownIt("default", {
    html: false,
    linkify: true,
    typographer: false,
    maxNesting: MARKDOWN_MAX_NESTING,
  });
  md.use(mathPlugin).use(citePlugin).use(linkPolicyPlugin);
  md.renderer.rules.math_inline = (tokens, idx, _options, env) =>
    renderMathToken(tokens[idx] as Token, env, false);
  md.renderer.rules.math_block = (tokens, idx, _options, env) =>
    renderMathToken(tokens[idx] as Token, env, true);
  return md;
}
