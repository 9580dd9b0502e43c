import { escapeHtml } from "./escape";
import { BASE_MACROS, fixTex, katexToString } from "./tex";

export interface MathIssue {
  source: string;
  display: boolean;
  message: string;
}

/** Per-document math state: macros defined with \gdef persist across a document's expressions. */
export interface MathEnv {
  macros: Record<string, string>;
  count: number;
  errors: MathIssue[];
}

export function newMathEnv(): MathEnv {
  return { macros: { ...BASE_MACROS }, count: 0, errors: [] };
}

const BASE_MACRO_COUNT = Object.keys(BASE_MACROS).length;
const DEFINES = /\\(?:gdef|global|xdef|def|edef|let|newcommand|renewcommand|DeclareMathOperator)/;
const CACHE_MAX = 4_000;
/** KaTeX output by (display, TeX). Only for expressions whose output cannot depend on macros a document defined. */
const cache = new Map<string, string>();

export function renderMath(source: string, display: boolean, env: MathEnv): string {
  env.count++;
  const fixed = fixTex(source, display);
  const cacheable = Object.keys(env.macros).length === BASE_MACRO_COUNT && !DEFINES.test(fixed.tex);
  const key = `${fixed.display ? "D" : "I"}${fixed.tex}`;
  if (cacheable) {
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
  }
  let html: string;
  try {
    html = katexToString(fixed.tex, fixed.display, env.macros);
  } catch (error) {
    const message = cleanMessage(error);
    env.errors.push({ source, display, message });
    return errorHtml(source, display, message);
  }
  if (cacheable) {
    if (cache.size >= CACHE_MAX) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    cache.set(key, html);
  }
  return html;
}

function cleanMessage(error: unknown): string {
  if (error instanceof RangeError) return "The expression is nested too deeply.";
  const raw = error instanceof Error ? error.message : String(error);
  // KaTeX appends the source with combining underlines: keep the message only.
  return raw
    .replace(/^KaTeX parse error: /, "")
    .replace(/ at position \d+:[\s\S]*$/, "")
    .slice(0, 300);
}

/** A failed expression shows its source and the reason, in place; the page stays whole. */
function errorHtml(source: string, display: boolean, message: string): string {
  const delim = display ? "$$" : "$";
  const tag = display ? "div" : "span";
  return `<${tag} class="math-error"><code>${escapeHtml(delim + source + delim)}</code> <span class="math-error-message">(math error: ${escapeHtml(message)})</span></${tag}>`;
}
