import MarkdownIt, {
  type Env,
  type MarkdownIt as Md,
  type StateCore,
  type Token,
} from "markdown-it";
import { MARKDOWN_MAX_NESTING } from "../core/limits";
import type { MathIssue } from "../core/render-contract";
import { citePlugin } from "./cite";
import { escapeHtml } from "./escape";
import type { TrustedFragments } from "./fragments";
import { htmlMathOf, htmlMathPlugin } from "./html-math";
import { linkPolicyPlugin } from "./links";
import type { SummaryMath } from "./math-render";
import { type MathTokenMeta, mathPlugin } from "./math-rules";

export interface RenderEnv extends Env {
  math?: SummaryMath;
  fragments?: TrustedFragments;
}

function envOf(env: Env | undefined): { math: SummaryMath; fragments: TrustedFragments } {
  const { math, fragments } = (env ?? {}) as RenderEnv;
  if (!math || !fragments) throw new Error("renderMarkdown sets env.math and env.fragments");
  return { math, fragments };
}

/**
 * Typesets one expression and returns its placeholder: KaTeX's HTML is ours and never passes
 * through the sanitizer (fragments.ts). Whether it failed is recorded with it, so that the
 * counts cover only the expressions that reach the page.
 */
function typeset(env: Env | undefined, tex: string, meta: MathTokenMeta, block: boolean): string {
  const { math, fragments } = envOf(env);
  const errorsBefore = math.errors.length;
  const html = math.render(tex, meta.display, meta, block);
  const issue: MathIssue | null =
    math.errors.length > errorsBefore ? (math.errors[math.errors.length - 1] ?? null) : null;
  return fragments.add(html, issue);
}

function renderMathToken(token: Token, env: Env | undefined, block: boolean): string {
  return typeset(env, token.content, token.meta as unknown as MathTokenMeta, block);
}

/** An HTML block as written, each formula in its text replaced by its placeholder. */
function renderHtmlBlock(token: Token, env: Env | undefined): string {
  const found = htmlMathOf(token);
  if (found.length === 0) return token.content;
  let html = "";
  let at = 0;
  for (const m of found) {
    html += token.content.slice(at, m.start);
    html += typeset(env, m.tex, { display: m.display, open: m.open, close: m.close }, false);
    at = m.end;
  }
  return html + token.content.slice(at);
}

const CELL_ALIGN = /^text-align:(left|right|center)$/;

/**
 * markdown-it writes a table column's alignment as `style="text-align:…"`, which the
 * sanitizer removes with every style: write it as `align`, which the allowlist keeps.
 */
function tableAlignAsAttribute(state: StateCore): void {
  for (const token of state.tokens) {
    if (token.type !== "th_open" && token.type !== "td_open") continue;
    const align = CELL_ALIGN.exec(String(token.attrGet("style") ?? ""))?.[1];
    if (align === undefined) continue;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== "style");
    token.attrSet("align", align);
  }
}

/** The text of raw HTML without its tags: what a document that nests too deeply keeps. */
function htmlText(content: string): string {
  return escapeHtml(content.replace(/<\/?[a-zA-Z!?][^>]*>?/g, ""));
}

/**
 * markdown-it with raw HTML allowed (the whole output is then sanitized, see index.ts), GFM
 * tables and strikethrough, linkify, our math rules (also inside HTML blocks), \cite and the
 * link policy. markdown-it stays linear on hostile input (math.md); math renders in document
 * order, which the summary's KaTeX budget relies on. `stripHtml` drops the author's tags and
 * keeps their text, for a document that nests too deeply to parse (index.ts).
 */
export function createMarkdown({ stripHtml = false }: { stripHtml?: boolean } = {}): Md {
  const md = new MarkdownIt("default", {
    html: true,
    linkify: true,
    typographer: false,
    maxNesting: MARKDOWN_MAX_NESTING,
  });
  md.use(mathPlugin).use(citePlugin).use(linkPolicyPlugin).use(htmlMathPlugin);
  md.core.ruler.push("table_align_attribute", tableAlignAsAttribute);
  md.renderer.rules.math_inline = (tokens, idx, _options, env) =>
    renderMathToken(tokens[idx] as Token, env, false);
  md.renderer.rules.math_block = (tokens, idx, _options, env) =>
    renderMathToken(tokens[idx] as Token, env, true);
  md.renderer.rules.html_block = (tokens, idx, _options, env) =>
    stripHtml
      ? htmlText((tokens[idx] as Token).content)
      : renderHtmlBlock(tokens[idx] as Token, env);
  if (stripHtml) md.renderer.rules.html_inline = () => "";
  return md;
}
