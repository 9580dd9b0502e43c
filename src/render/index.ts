import type { MarkdownIt, Token } from "markdown-it";
import type { RenderResult } from "../core/render-contract";
import { createMarkdown, type RenderEnv } from "./markdown";
import { OperatorDeclarations, SummaryMath } from "./math-render";

/** Bump whenever the HTML for the same source changes: `shortscience rerender` then redoes old rows. */
export const RENDERER_VERSION = 3;

let md: MarkdownIt | undefined;

function declarationsIn(tokens: Token[]): OperatorDeclarations {
  const declarations = new OperatorDeclarations();
  for (const token of tokens) {
    if (token.type === "math_block") declarations.addFrom(token.content);
    for (const child of token.children ?? []) {
      if (child.type === "math_inline") declarations.addFrom(child.content);
    }
  }
  return declarations;
}

/**
 * Markdown + LaTeX → safe HTML with KaTeX HTML+MathML. Pure (no I/O; runs in Node or a
 * browser) and deterministic: the same source always gives the same result.
 */
export function renderMarkdown(source: string): RenderResult {
  md ??= createMarkdown();
  const env: RenderEnv = {};
  const tokens = md.parse(source, env);
  const math = new SummaryMath(declarationsIn(tokens));
  env.math = math;
  const html = md.renderer.render(tokens, md.options, env);
  return { html, mathCount: math.count, mathErrors: math.errors };
}
