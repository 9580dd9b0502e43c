import {
  KATEX_MAX_WORK_PER_EXPRESSION,
  KATEX_MAX_WORK_PER_SUMMARY,
  KATEX_WORK_PER_EXPRESSION_BASE,
  MATH_MAX_DECLARED_OPERATORS,
  MATH_MAX_EXPRESSION_CHARS,
  MATH_MAX_HTML_CHARS_PER_SUMMARY,
  MATH_MAX_NESTING,
} from "../core/limits";
import type { MathIssue } from "../core/render-contract";
import { escapeHtml } from "./escape";
import type { KatexMacro } from "./katex-macros";
import { renderTex } from "./katex-render";
import { nestingDepth, prepareTex } from "./tex-fixes";

/** KaTeX's output for an expression (null when it failed), and whether it is display math. */
interface Typeset {
  html: string | null;
  message: string;
  display: boolean;
}

export interface MathDelimiters {
  open: string;
  close: string;
}

// `\DeclareMathOperator{\name}{text}` anywhere in a summary declares the operator for all of
// its expressions, as a LaTeX preamble would. Plain text bodies only: the expansion of each
// use stays small.
const DECLARATION =
  /\\DeclareMathOperator(\*?)\s*(?:\{\s*(\\[A-Za-z]+)\s*\}|(\\[A-Za-z]+))\s*\{([^{}]{1,100})\}/g;

export class OperatorDeclarations {
  private readonly found = new Map<string, string>();

  addFrom(tex: string): void {
    if (!tex.includes("\\DeclareMathOperator")) return;
    for (const m of tex.matchAll(DECLARATION)) {
      if (this.found.size >= MATH_MAX_DECLARED_OPERATORS) return;
      const name = (m[2] ?? m[3]) as string;
      this.found.set(name, `\\operatorname${m[1]}{${m[4]}}`);
    }
  }

  /** Macros for KaTeX, and a key that tells apart summaries declaring different ones. */
  toMacros(): { macros: Record<string, KatexMacro>; key: string } {
    const entries = [...this.found].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { macros: Object.fromEntries(entries), key: entries.map((e) => e.join("=")).join(";") };
  }
}

/** A failed expression shows its escaped source, with the reason on hover; the page stays whole. */
function errorHtml(text: string, message: string): string {
  return `<span class="math-error" title="${escapeHtml(message)}"><code>${escapeHtml(text)}</code></span>`;
}

/**
 * The math of one summary: renders each expression independently (fresh KaTeX macros each
 * time) within the summary's work and size budgets, and records what failed. Identical
 * expressions are rendered and charged work once.
 */
export class SummaryMath {
  count = 0;
  readonly errors: MathIssue[] = [];
  private remaining = KATEX_MAX_WORK_PER_SUMMARY;
  private htmlChars = 0;
  private readonly seen = new Map<string, Typeset>();
  private readonly operators: Record<string, KatexMacro>;
  private readonly operatorsKey: string;

  constructor(declarations: OperatorDeclarations = new OperatorDeclarations()) {
    const { macros, key } = declarations.toMacros();
    this.operators = macros;
    this.operatorsKey = key;
  }

  /**
   * HTML for one expression. Display math is wrapped in a scrolling region (wide formulas
   * scroll sideways; tabindex makes the region reachable by keyboard): a <div> when the
   * expression stands as a block, a <span> inside a paragraph.
   */
  render(source: string, display: boolean, delimiters: MathDelimiters, block = false): string {
    this.count++;
    const seenKey = `${display ? "D" : "I"}${source}`;
    let typeset = this.seen.get(seenKey);
    if (typeset === undefined) {
      typeset = this.renderNew(source, display);
      this.seen.set(seenKey, typeset);
    }
    let { html, message } = typeset;
    // Repeats cost no KaTeX work but do make the page bigger.
    if (html !== null && this.htmlChars + html.length > MATH_MAX_HTML_CHARS_PER_SUMMARY) {
      html = null;
      message = SUMMARY_BUDGET_MESSAGE;
    }
    if (html !== null) {
      this.htmlChars += html.length;
      if (block) return `<div class="math-scroll" tabindex="0">${html}</div>\n`;
      return typeset.display ? `<span class="math-scroll" tabindex="0">${html}</span>` : html;
    }
    this.errors.push({ source, display, message });
    const shown = errorHtml(delimiters.open + source + delimiters.close, message);
    return block ? `<p>${shown}</p>\n` : shown;
  }

  private renderNew(source: string, display: boolean): Typeset {
    const prepared = prepareTex(source, display);
    const fail = (message: string): Typeset => ({ html: null, message, display: prepared.display });
    if (prepared.tex.length > MATH_MAX_EXPRESSION_CHARS) {
      const limit = MATH_MAX_EXPRESSION_CHARS.toLocaleString("en");
      return fail(`The expression is longer than ${limit} characters.`);
    }
    if (nestingDepth(prepared.tex) > MATH_MAX_NESTING) {
      return fail("The expression is nested too deeply.");
    }
    const available = this.remaining - KATEX_WORK_PER_EXPRESSION_BASE;
    if (available <= 0) return fail(SUMMARY_BUDGET_MESSAGE);
    const limit = Math.min(KATEX_MAX_WORK_PER_EXPRESSION, available);
    const outcome = renderTex(
      prepared.tex,
      prepared.display,
      this.operators,
      this.operatorsKey,
      limit,
    );
    this.remaining -= KATEX_WORK_PER_EXPRESSION_BASE + outcome.work;
    if (outcome.exhausted) {
      const perExpression = limit === KATEX_MAX_WORK_PER_EXPRESSION;
      return fail(perExpression ? EXPRESSION_BUDGET_MESSAGE : SUMMARY_BUDGET_MESSAGE);
    }
    if (outcome.html === null) return fail(outcome.error ?? "");
    return { html: outcome.html, message: "", display: prepared.display };
  }
}

const EXPRESSION_BUDGET_MESSAGE =
  "The expression needs too much work to typeset (macros expanding too far?).";
const SUMMARY_BUDGET_MESSAGE =
  "This summary has more math than can be typeset at once; the rest is shown as source.";
