import { createMarkdown, type RenderEnv } from "./markdown";
import { type MathIssue, newMathEnv } from "./math-render";

export type { MathIssue } from "./math-render";

/** Bump whenever the HTML for the same source changes: `shortscience rerender` then redoes old rows. */
export const RENDERER_VERSION = 1;

export interface RenderResult {
  html: string;
  mathCount: number;
  mathErrors: MathIssue[];
}

const md = createMarkdown();

/** Markdown + LaTeX → safe HTML with KaTeX HTML+MathML. Pure; runs in Node or a browser. */
export function renderMarkdown(source: string): RenderResult {
  const env: RenderEnv = { math: newMathEnv() };
  const html = md.render(source, env as unknown as Record<string, unknown>);
  return { html, mathCount: env.math.count, mathErrors: env.math.errors };
}
