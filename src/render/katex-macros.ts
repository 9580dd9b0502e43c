import katex from "katex";

// Commands that summaries written for MathJax use and KaTeX 0.19 lacks, as KaTeX macros.
// Every expression gets a fresh copy of this table (katex-render.ts): a definition made in
// one expression never reaches another expression or another summary.

/** The part of KaTeX's macro context (MacroExpander) these macros use. */
interface MacroToken {
  text: string;
}
interface MacroContext {
  consumeArg(): { tokens: MacroToken[] };
  consumeArgs(count: number): MacroToken[][];
  expandNextToken(): MacroToken;
  macros: { set(name: string, value: { tokens: MacroToken[]; numArgs: number }): void };
}
type KatexMacro = string | ((expander: object) => string);

const STRING_MACROS: Record<string, string> = {
  "\\mbox": "\\text{#1}",
  "\\textsc": "\\text{#1}",
  "\\mathbbm": "\\mathbb{#1}",
  "\\mathds": "\\mathbb{#1}",
  "\\hfill": "\\quad",
  // \intertext sits after a row's \\ and before the next row: it becomes a row of its own.
  "\\intertext": "\\text{#1}\\\\",
  // Numbering and cross-references are not resolved: a label renders nothing.
  "\\label": "\\@secondoftwo{#1}{}",
  "\\require": "\\@secondoftwo{#1}{}",
  "\\vspace": "\\@secondoftwo{#1}{}",
  "\\hdots": "\\ldots",
  "\\C": "\\mathbb{C}",
  "\\Q": "\\mathbb{Q}",
  // \DeclareMathOperator[*]{\name}{text}: `\@ifnextchar*` sees the star, `\@secondoftwo`
  // discards it. The summary-wide declarations are added per summary (math-render.ts).
  "\\DeclareMathOperator": "\\@ifnextchar*{\\@ssDeclareStarred}{\\@ssDeclare}",
  "\\@ssDeclareStarred": "\\@secondoftwo{#1}{\\@ssDeclareLimits}",
  "\\@ssDeclareLimits": "\\def#1{\\operatorname*{#2}}",
  "\\@ssDeclare": "\\def#1{\\operatorname{#2}}",
};

function tokensText(tokens: MacroToken[]): string {
  // KaTeX keeps argument tokens in reverse order.
  return tokens
    .slice()
    .reverse()
    .map((t) => t.text)
    .join("");
}

/** A label key shown as text: `_` escaped, characters that text mode rejects dropped. */
function referenceText(ctx: MacroContext): string {
  const key = tokensText(ctx.consumeArgs(1)[0] ?? []);
  return key.replace(/[^A-Za-z0-9:.,/+\- _]/g, "").replace(/_/g, "\\_");
}

/**
 * \newcommand and \renewcommand as MathJax has them: define or redefine, whichever applies
 * (KaTeX refuses \newcommand of an existing name). Same parsing as KaTeX's own.
 */
function defineCommand(ctx: MacroContext): string {
  let arg = ctx.consumeArg().tokens;
  const name = arg.length === 1 ? arg[0]?.text : undefined;
  if (name === undefined) {
    throw new katex.ParseError("\\newcommand's first argument must be a macro name");
  }
  let numArgs = 0;
  arg = ctx.consumeArg().tokens;
  if (arg.length === 1 && arg[0]?.text === "[") {
    let count = "";
    let token = ctx.expandNextToken();
    while (token.text !== "]" && token.text !== "EOF") {
      count += token.text;
      token = ctx.expandNextToken();
    }
    if (!/^\s*[0-9]+\s*$/.test(count)) {
      throw new katex.ParseError(`Invalid number of arguments: ${count}`);
    }
    numArgs = Number.parseInt(count, 10);
    arg = ctx.consumeArg().tokens;
  }
  ctx.macros.set(name, { tokens: arg, numArgs });
  return "";
}

const fn =
  (body: (ctx: MacroContext) => string) =>
  (expander: object): string =>
    body(expander as MacroContext);

const FUNCTION_MACROS: Record<string, KatexMacro> = {
  "\\eqref": fn((ctx) => `\\text{(${referenceText(ctx)})}`),
  "\\ref": fn((ctx) => `\\text{${referenceText(ctx)}}`),
  "\\newcommand": fn(defineCommand),
  "\\renewcommand": fn(defineCommand),
};

export const BASE_MACROS: Readonly<Record<string, KatexMacro>> = Object.freeze({
  ...STRING_MACROS,
  ...FUNCTION_MACROS,
});

export type { KatexMacro };
