import type { MarkdownIt, Token } from "markdown-it";
import type { RenderResult } from "../core/render-contract";
import { TrustedFragments, withoutPlaceholderChars } from "./fragments";
import { htmlMathOf } from "./html-math";
import { createMarkdown, type RenderEnv } from "./markdown";
import { OperatorDeclarations, SummaryMath } from "./math-render";
import { nestsTooDeep, sanitizeRendered } from "./sanitize";

/** Bump whenever the HTML for the same source changes: `shortscience rerender` then redoes old rows. */
export const RENDERER_VERSION = 4;

let md: MarkdownIt | undefined;
let mdStrippingHtml: MarkdownIt | undefined;

function declarationsIn(tokens: Token[]): OperatorDeclarations {
  const declarations = new OperatorDeclarations();
  for (const token of tokens) {
    if (token.type === "math_block") declarations.addFrom(token.content);
    if (token.type === "html_block") {
      for (const m of htmlMathOf(token)) declarations.addFrom(m.tex);
    }
    for (const child of token.children ?? []) {
      if (child.type === "math_inline") declarations.addFrom(child.content);
    }
  }
  return declarations;
}

/**
 * Markdown + LaTeX + allowlisted HTML → safe HTML with KaTeX HTML+MathML. Pure (no I/O; runs
 * in Node or a browser) and deterministic: the same source always gives the same result.
 * Summaries, comments and bios all come through here.
 *
 * 1. markdown-it parses with raw HTML allowed (markdown.ts). Math is tokenised before any
 *    Markdown rule, in paragraphs and also in the text of HTML blocks (html-math.ts).
 * 2. Each formula is typeset by KaTeX and stands in the document as a placeholder
 *    (fragments.ts); the author's source loses any placeholder character first.
 * 3. The whole document — the author's HTML and markdown-it's own — goes through one
 *    sanitize-html allowlist (sanitize.ts: which elements and attributes, and why that
 *    sanitizer).
 * 4. The placeholders become KaTeX's HTML, which is ours and never sanitized. The counts
 *    cover the expressions that reach the page: one inside a removed element is not counted.
 */
export function renderMarkdown(source: string): RenderResult {
  md ??= createMarkdown();
  const clean = withoutPlaceholderChars(source);
  const rendered = renderWith(md, clean);
  if (!nestsTooDeep(rendered.html)) return finish(rendered);
  // Hundreds of nested elements are an attack on the parser, not a summary: the document
  // keeps its text without the author's tags (markdown-it's own output nests 32 levels at most).
  mdStrippingHtml ??= createMarkdown({ stripHtml: true });
  return finish(renderWith(mdStrippingHtml, clean));
}

function renderWith(parser: MarkdownIt, source: string) {
  const env: RenderEnv = {};
  const tokens = parser.parse(source, env);
  env.math = new SummaryMath(declarationsIn(tokens));
  const fragments = new TrustedFragments();
  env.fragments = fragments;
  return { html: parser.renderer.render(tokens, parser.options, env), fragments };
}

function finish({ html, fragments }: { html: string; fragments: TrustedFragments }) {
  return fragments.restore(sanitizeRendered(html));
}
