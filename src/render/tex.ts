import katex from "katex";
import { KATEX_MAX_EXPAND, KATEX_MAX_SIZE_EM } from "../limits";

// Real summaries were written for MathJax. These fixes make KaTeX accept what MathJax did,
// applied to each expression's TeX before KaTeX sees it.

/** Environments KaTeX accepts only in display mode; MathJax allowed them inside single $. */
const DISPLAY_ONLY_ENV =
  /\\begin\{(?:align|alignat|equation|gather|multline|eqnarray|flalign|CD)\*?\}/;

/** Commands real text uses that KaTeX lacks, as KaTeX macros. */
export const BASE_MACROS: Readonly<Record<string, string>> = {
  "\\mbox": "\\text{#1}",
  "\\mathbbm": "\\mathbb{#1}",
  "\\textsc": "\\text{#1}",
  "\\intertext": "\\text{#1}",
  "\\hfill": "",
  "\\N": "\\mathbb{N}",
  "\\Z": "\\mathbb{Z}",
  "\\Q": "\\mathbb{Q}",
};

export interface TexFixed {
  tex: string;
  display: boolean;
}

export function fixTex(source: string, display: boolean): TexFixed {
  let tex = source
    .replace(/\\label\{[^{}]*\}/g, "")
    .replace(/\\eqref\{([^{}]*)\}/g, "(\\text{$1})")
    .replace(/\\ref\{([^{}]*)\}/g, "\\text{$1}")
    .replace(
      /\\DeclareMathOperator(\*?)\s*\{?(\\[A-Za-z]+)\}?\s*\{([^{}]*)\}/g,
      (_m, star, cmd, text) => `\\gdef${cmd}{\\operatorname${star}{${text}}}`,
    );
  tex = escapeStrayHashes(tex);
  return { tex, display: display || DISPLAY_ONLY_ENV.test(tex) };
}

/** A `#` that is not a macro parameter (`#1`, `##`) and not already escaped is a literal. */
function escapeStrayHashes(tex: string): string {
  let out = "";
  for (let i = 0; i < tex.length; i++) {
    const ch = tex[i];
    if (ch === "\\") {
      out += ch + (tex[i + 1] ?? "");
      i++;
    } else if (ch === "#" && !/[0-9#]/.test(tex[i + 1] ?? "") && tex[i - 1] !== "#") {
      out += "\\#";
    } else {
      out += ch;
    }
  }
  return out;
}

function trust(ctx: { command: string; protocol?: string }): boolean {
  return (
    (ctx.command === "\\href" || ctx.command === "\\url") && /^https?$/.test(ctx.protocol ?? "")
  );
}

/** KaTeX with our options; throws KaTeX's error for the caller to show in place. */
export function katexToString(
  tex: string,
  display: boolean,
  macros: Record<string, string>,
): string {
  const options = {
    displayMode: display,
    output: "htmlAndMathml" as const,
    throwOnError: true,
    strict: "ignore" as const,
    trust,
    maxExpand: KATEX_MAX_EXPAND,
    maxSize: KATEX_MAX_SIZE_EM,
    macros,
  };
  try {
    return katex.renderToString(tex, options);
  } catch (error) {
    // MathJax lets \newcommand redefine a name; KaTeX wants \renewcommand for that.
    if (/\\newcommand/.test(tex) && /redefine/.test(String((error as Error).message))) {
      return katex.renderToString(tex.replace(/\\newcommand/g, "\\renewcommand"), options);
    }
    throw error;
  }
}
