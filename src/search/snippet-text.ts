// A summary's search snippet as text a reader reads, not Markdown source. Pure.
//
// The databases cut snippets out of the stored Markdown (FTS5 snippet(), ts_headline), so a
// fragment may hold `## `, `**`, `[text](url)`, HTML tags, table pipes or TeX, and may start
// or end in the middle of any of them. Rendering a fragment is not possible (it is not a
// document), so we strip the syntax and keep the words: link and image texts stay, their URLs
// go; TeX keeps its letters (Greek and common symbols as characters). The private-use match
// markers of search-marks.ts pass through untouched (a marker inside a link's text stays with
// the text), and search-marks.ts escapes the result, so nothing here has to be safe HTML.

import { decodeHtmlEntities } from "../core/html-entities";
import { MARK_CLOSE, MARK_OPEN } from "./search-marks";

// A match marker may sit anywhere a token is; patterns treat it as part of the text.
const M = `${MARK_OPEN}${MARK_CLOSE}`;

const GREEK: Record<string, string> = {
  alpha: "α",
  beta: "β",
  gamma: "γ",
  delta: "δ",
  epsilon: "ε",
  varepsilon: "ε",
  zeta: "ζ",
  eta: "η",
  theta: "θ",
  vartheta: "ϑ",
  iota: "ι",
  kappa: "κ",
  lambda: "λ",
  mu: "μ",
  nu: "ν",
  xi: "ξ",
  pi: "π",
  rho: "ρ",
  sigma: "σ",
  tau: "τ",
  upsilon: "υ",
  phi: "φ",
  varphi: "φ",
  chi: "χ",
  psi: "ψ",
  omega: "ω",
  Gamma: "Γ",
  Delta: "Δ",
  Theta: "Θ",
  Lambda: "Λ",
  Xi: "Ξ",
  Pi: "Π",
  Sigma: "Σ",
  Phi: "Φ",
  Psi: "Ψ",
  Omega: "Ω",
};

const SYMBOLS: Record<string, string> = {
  cdot: "·",
  times: "×",
  le: "≤",
  leq: "≤",
  ge: "≥",
  geq: "≥",
  neq: "≠",
  ne: "≠",
  approx: "≈",
  sim: "∼",
  infty: "∞",
  in: "∈",
  to: "→",
  rightarrow: "→",
  leftarrow: "←",
  pm: "±",
  partial: "∂",
  nabla: "∇",
  sum: "∑",
  prod: "∏",
  int: "∫",
  forall: "∀",
  exists: "∃",
  ldots: "…",
  cdots: "⋯",
};

// Commands that only style or group their argument: dropped, the argument stays.
const DROPPED = new Set(
  "mathbb mathcal mathbf mathrm mathit mathsf mathfrak boldsymbol text textbf textit emph operatorname left right big Big bigg Bigg displaystyle frac dfrac tfrac sqrt hat bar tilde vec overline underline mathop limits".split(
    " ",
  ),
);

/** TeX commands → their letters or characters; braces and `$` delimiters go. */
function texLetters(text: string): string {
  return text
    .replace(/\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "$1/$2")
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, "√$1")
    .replace(new RegExp(`\\\\([${M}]?)([A-Za-z]+)([${M}]?)`, "g"), (_, open, name, close) => {
      if (DROPPED.has(name)) return `${open}${close}`;
      const char = GREEK[name] ?? SYMBOLS[name];
      return `${open}${char ?? name}${close}`;
    })
    .replace(/\\([{}$%&#_^,;:!|\\ ])/g, (_, c: string) => (/[,;:! ]/.test(c) ? " " : c))
    .replace(/[{}]/g, "")
    .replace(/\$+/g, "");
}

/** Markdown and HTML syntax out of one line (or the part of a line the fragment holds). */
function inlineText(line: string): string {
  return (
    decodeHtmlEntities(withoutMarkup(line))
      // Emphasis: runs of * or _ at a word's edge (a_b and 2*3 inside words stay), ~~strike~~.
      .replace(/(^|[^\p{L}\p{N}\\])[*_]+(?=\S)/gu, "$1")
      .replace(/(?<=\S)[*_]+(?=[^\p{L}\p{N}]|$)/gu, "")
      .replace(/~~/g, "")
  );
}

/** Code spans, links, images and tags out of one line, their text kept. */
function withoutMarkup(line: string): string {
  return (
    line
      // Code spans: the code stays, the backticks go.
      .replace(/`+/g, "")
      // Images and links, whole: ![alt](url), [text](url "title"), [text][ref].
      .replace(/!?\[([^\]]*)\]\([^)]*\)?/g, "$1")
      .replace(/!?\[([^\]]*)\]\[[^\]]*\]?/g, "$1")
      // A link cut by the fragment's start ("text](url)") or end ("[text", "[text](ur").
      .replace(/^([^[\]]*)\]\([^)]*\)?/, "$1")
      .replace(/!?\[([^\]]*)$/, "$1")
      // Autolinks <https://…> keep their address; any other tag goes (whole, or cut at an end).
      .replace(/<((?:https?|mailto):[^>\s]*)>/g, "$1")
      .replace(/<\/?[A-Za-z!][^<>]*>/g, " ")
      .replace(/<\/?[A-Za-z!][^<>]*$/, "")
      .replace(/^(?:[^<>]*?=\s*)?[^<>\s]*["']\s*\/?>/, "")
  );
}

/** Line-level syntax: headings, quotes, list markers, fences, rules, table pipes. */
function lineText(line: string): string {
  const trimmed = line.trim();
  if (/^(`{3,}|~{3,})/.test(trimmed)) return ""; // a fence line (its code lines stay)
  if (/^([-*_]\s*){3,}$/.test(trimmed)) return ""; // a rule
  if (/^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(trimmed)) return ""; // a table's rule
  const text = trimmed
    .replace(/^(>\s*)+/, "")
    .replace(/^#{1,6}(\s+|$)/, "")
    .replace(/\s+#+$/, "")
    .replace(/^([-*+]|\d{1,9}[.)])\s+(\[[ xX]\]\s+)?/, "")
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .replace(/\s*\|\s*/g, " · ");
  return inlineText(text);
}

/** A marked snippet of Markdown source → marked plain text, whitespace collapsed. */
export function snippetText(marked: string): string {
  const lines = marked.split(/\r\n|\r|\n/).map(lineText);
  return texLetters(lines.join(" "))
    .replace(/[ \t\u00a0]+/g, " ")
    .trim();
}
