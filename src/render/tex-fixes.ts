// Summaries were written for MathJax. These rewrites make KaTeX accept what MathJax did;
// they run on each expression's TeX before KaTeX sees it. Commands that KaTeX merely lacks
// are macros (katex-macros.ts), which leave the TeX shown in the MathML annotation as written.
//
// Author slips MathJax rendered, and where each is handled:
// - `_` and `^` inside `\text{…}`, `\mbox{…}` and the other text commands: escaped here
//   (escapeTextScripts), so they show as characters;
// - a bare `#`: escaped here (escapeStrayHashes);
// - display-only environments and `\tag` inside single `$`: promoted to display here;
// - `\bf`, `\rm`, `\it` (and `\sf`, `\tt`, `\cal`) as switches to the end of the group,
//   `\R`, `\N`, `\Z`, `\lt`, `\gt`: KaTeX 0.19 has them (math-lenient.test.ts keeps it so);
//   `\C`, `\Q`, `\mbox` and others it lacks are macros.
// A slip that still fails shows its source and KaTeX's message in place (math-render.ts).

export interface PreparedTex {
  tex: string;
  display: boolean;
}

// Environments (and \tag) that KaTeX accepts only in display mode; MathJax accepted them
// inside single `$`. multline, eqnarray and flalign are not in KaTeX at all (renamed below).
const DISPLAY_ONLY =
  /\\begin\s*\{(?:align|alignat|equation|gather|multline|eqnarray|flalign|CD)\*?\}|\\tag(?![A-Za-z@])/;

// Nearest KaTeX equivalents of environments it does not know.
const RENAMED_ENVIRONMENTS = /\\(begin|end)\s*\{(multline|eqnarray|flalign)(\*?)\}/g;

function renameEnvironment(_m: string, side: string, name: string, star: string): string {
  if (name === "multline") return `\\${side}{gather${star}}`;
  if (name === "flalign") return `\\${side}{align${star}}`;
  // eqnarray is three columns, right/centre/left aligned.
  return side === "begin" ? "\\begin{darray}{rcl}" : "\\end{darray}";
}

/**
 * A `#` that is neither escaped nor a macro parameter (`#1`…`#9`, `##`) is a literal
 * character: `\texttt{# recover}` fails in both KaTeX and MathJax otherwise.
 */
export function escapeStrayHashes(tex: string): string {
  if (!tex.includes("#")) return tex;
  let out = "";
  let copiedTo = 0;
  let backslashes = 0;
  for (let i = 0; i < tex.length; i++) {
    const code = tex.charCodeAt(i);
    if (code === 0x23 && backslashes % 2 === 0) {
      const next = tex.charCodeAt(i + 1);
      const isParameter = (next >= 0x31 && next <= 0x39) || next === 0x23;
      const afterHash = i > 0 && tex.charCodeAt(i - 1) === 0x23;
      if (!isParameter && !afterHash) {
        out += `${tex.slice(copiedTo, i)}\\#`;
        copiedTo = i + 1;
      }
    }
    backslashes = code === 0x5c ? backslashes + 1 : 0;
  }
  return out + tex.slice(copiedTo);
}

// Text-mode commands whose argument MathJax showed as written: `\text{one_hot}` is
// "one_hot" there, and a KaTeX parse error here.
const TEXT_COMMANDS = new Set([
  "text",
  "mbox",
  "hbox",
  "textrm",
  "textsf",
  "texttt",
  "textnormal",
  "textbf",
  "textmd",
  "textit",
  "textup",
  "textsl",
  "textsc",
]);

const TEXT_UNDERSCORE = "\\_";
const TEXT_CARET = "\\textasciicircum{}";

/**
 * `_` and `^` in the braced argument of a text command are literal characters, as MathJax
 * showed them. Math nested in the text (`\text{if $x_i$}`, `\(x_i\)`) keeps its
 * scripts. One pass: each argument is walked once, nested text commands with it.
 */
export function escapeTextScripts(tex: string): string {
  if (!tex.includes("\\t") && !tex.includes("\\mbox") && !tex.includes("\\hbox")) return tex;
  if (!tex.includes("_") && !tex.includes("^")) return tex;
  let out = "";
  let copiedTo = 0;
  let i = 0;
  while (i < tex.length) {
    if (tex.charCodeAt(i) !== 0x5c) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < tex.length && isLetter(tex.charCodeAt(end))) end++;
    if (end === i + 1) {
      i += 2; // an escaped character or control symbol
      continue;
    }
    const name = tex.slice(i + 1, end);
    i = end;
    if (!TEXT_COMMANDS.has(name)) continue;
    while (i < tex.length && /\s/.test(tex.charAt(i))) i++;
    if (tex.charCodeAt(i) !== 0x7b) continue;
    // Walk the braced argument: depth counts unescaped braces; `$` toggles nested math.
    let depth = 0;
    let inMath = false;
    for (; i < tex.length; i++) {
      const code = tex.charCodeAt(i);
      if (code === 0x5c) {
        // `\(…\)` is math in text too; any other escaped character is no script or brace.
        const next = tex.charCodeAt(i + 1);
        if (next === 0x28) inMath = true;
        else if (next === 0x29) inMath = false;
        i++;
      } else if (code === 0x7b) depth++;
      else if (code === 0x7d) {
        depth--;
        if (depth === 0) break;
      } else if (code === 0x24) inMath = !inMath;
      else if ((code === 0x5f || code === 0x5e) && !inMath) {
        out += tex.slice(copiedTo, i) + (code === 0x5f ? TEXT_UNDERSCORE : TEXT_CARET);
        copiedTo = i + 1;
      }
    }
  }
  return out + tex.slice(copiedTo);
}

export function prepareTex(source: string, display: boolean): PreparedTex {
  let tex = source.trim();
  const promote = !display && DISPLAY_ONLY.test(tex);
  if (tex.includes("\\begin") || tex.includes("\\end")) {
    tex = tex.replace(RENAMED_ENVIRONMENTS, renameEnvironment);
  }
  tex = escapeStrayHashes(tex);
  tex = escapeTextScripts(tex);
  return { tex, display: display || promote };
}

/**
 * Deepest nesting of groups, `\left…\right` and environments. KaTeX recurses on each level,
 * so a bound here keeps a hostile expression from exhausting the stack (which would make
 * the outcome depend on the thread's stack size).
 */
export function nestingDepth(tex: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < tex.length; i++) {
    const code = tex.charCodeAt(i);
    if (code === 0x5c) {
      let end = i + 1;
      while (end < tex.length && isLetter(tex.charCodeAt(end))) end++;
      const name = tex.slice(i + 1, end);
      if (name === "left" || name === "begin") depth++;
      else if (name === "right" || name === "end") depth--;
      // Skip the name, or the escaped character (an escaped brace is not a group).
      i = end > i + 1 ? end - 1 : i + 1;
    } else if (code === 0x7b) depth++;
    else if (code === 0x7d) depth--;
    if (depth > max) max = depth;
  }
  return max;
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
