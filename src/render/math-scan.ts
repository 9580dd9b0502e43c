// Finds inline math in one block of inline text (a paragraph, a table cell, a heading, or the
// text of an HTML element). Every closing delimiter is located by a lookup in an index built
// in a single pass, never by scanning forward from each opening delimiter: text with
// thousands of unmatched `$`, `\(` or blank lines stays linear.
//
// The rules: MathJax's delimiters, with MathJax's leniency where it is unambiguous, and
// Pandoc's money heuristic where it is not.
// - Delimiters: `$…$` and `\(…\)` are inline math; `$$…$$` and `\[…\]` are display math,
//   also mid-sentence (lines of their own are math_block, math-rules.ts). In Markdown `\(`
//   and `\$` are escape sequences: the math rule runs before markdown-it's escape rule, so
//   `\(` opens math, and `\$` (or `\)`, `\]`, `\\(`) stays a literal character.
// - No pair spans a blank line (a paragraph break), whatever its delimiters.
// - Nothing between the delimiters but white space is not math.
// - A run of `$` counts by its length: one `$` is inline math, `$$` display math, three or
//   more are literal. A `$` after an odd number of backslashes is a literal dollar.
// - A single `$` pairs only with the very next run, which must also be a single `$`; so in
//   "$5 and $x$" the first `$` fails (its partner closes nothing) and `$x$` is still math.
// - A closing `$` is never followed by a digit ("$5 and $10" is money).
// - `$x$`, tight on both sides, is math.
// - MathJax leniency, as authors writing for MathJax used it:
//   - white space after the opening `$`: `$ x$`, `$ \theta$`;
//   - white space before the closing `$`: `$\beta(s) > 0 \;\forall\; s $`;
//   - both: `$ \begin{array}…\end{array} $`, but then only when the span looks like TeX (a
//     backslash, ^, _, braces or =, or a single character): "the $ sign and the $ key" is
//     prose.
//   A closing `$` after white space must not be followed by a letter, a digit or a
//   backslash: such a `$` reads as an opening one ("$5 and $x$", "$a $b").
// - Money: amounts are written `$5`, `$ 5`, `$5.` or `$5/$6`. A spaced span (either side)
//   whose text starts with a digit is math only when it holds TeX syntax (a backslash, ^, _,
//   braces or =): "between $ 5 and $ 10", "$5 an hour and $ 40" stay text, while
//   `$ 0 < \pi(a|s) < 1 $` is math.
// - `$$` pairs with the next `$$` run; `\(` with the next unescaped `\)`, `\[` with the next
//   unescaped `\]`.
// Code spans and code blocks never reach this scanner: markdown-it's backtick rule consumes
// a code span before the math rule could start inside it.

import { findCodeSpans, inCodeSpan } from "./code-spans";

export interface DelimiterIndex {
  /** Start of each unescaped run of `$` outside code spans, ascending, and its length. */
  runStarts: number[];
  runLengths: number[];
  /** For each run, the index of the next run of exactly two `$`, or -1. */
  nextDoubleRun: Int32Array;
  /** Run index by start position. */
  runAt: Map<number, number>;
  /** Positions of unescaped `\)` and `\]` outside code spans, ascending. */
  parenClosers: number[];
  bracketClosers: number[];
  /** Positions of the newline that ends each blank line (a paragraph break), ascending. */
  paragraphBreaks: number[];
  /** Code spans, flattened [start, end, …] (code-spans.ts). */
  codeSpans: number[];
}

export interface MathMatch {
  /** Position just after the closing delimiter. */
  end: number;
  tex: string;
  display: boolean;
  open: string;
  close: string;
}

const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const NEWLINE = 0x0a;

export function isTexSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function buildDelimiterIndex(src: string): DelimiterIndex {
  const runStarts: number[] = [];
  const runLengths: number[] = [];
  const parenClosers: number[] = [];
  const bracketClosers: number[] = [];
  const paragraphBreaks: number[] = [];
  const codeSpans = findCodeSpans(src);
  let nextSpan = 0;
  // Backslashes seen immediately before the current position: odd means it is escaped.
  let backslashes = 0;
  // Whether a newline was seen, and only white space since the last one.
  let sawNewline = false;
  let lineBlank = false;
  // Where the code span we are in ends (nothing inside a code span delimits math).
  let codeEnd = -1;
  for (let i = 0; i < src.length; i++) {
    if (i === codeSpans[nextSpan]) {
      codeEnd = codeSpans[nextSpan + 1] as number;
      nextSpan += 2;
    }
    const code = src.charCodeAt(i);
    if (code === NEWLINE) {
      if (sawNewline && lineBlank) paragraphBreaks.push(i);
      sawNewline = true;
      lineBlank = true;
    } else if (!isTexSpace(code)) lineBlank = false;
    if (i < codeEnd) {
      backslashes = 0;
      continue;
    }
    if (code === DOLLAR && backslashes % 2 === 0) {
      const last = runStarts.length - 1;
      const lastEnd = last >= 0 ? (runStarts[last] as number) + (runLengths[last] as number) : -1;
      if (lastEnd === i) runLengths[last] = (runLengths[last] as number) + 1;
      else {
        runStarts.push(i);
        runLengths.push(1);
      }
    } else if (code === BACKSLASH && backslashes % 2 === 0) {
      const next = src.charCodeAt(i + 1);
      if (next === 0x29) parenClosers.push(i);
      else if (next === 0x5d) bracketClosers.push(i);
    }
    backslashes = code === BACKSLASH ? backslashes + 1 : 0;
  }
  const nextDoubleRun = new Int32Array(runStarts.length);
  let next = -1;
  for (let r = runStarts.length - 1; r >= 0; r--) {
    nextDoubleRun[r] = next;
    if (runLengths[r] === 2) next = r;
  }
  const runAt = new Map<number, number>();
  for (let r = 0; r < runStarts.length; r++) runAt.set(runStarts[r] as number, r);
  return {
    runStarts,
    runLengths,
    nextDoubleRun,
    runAt,
    parenClosers,
    bracketClosers,
    paragraphBreaks,
    codeSpans,
  };
}

/** The first element ≥ from in an ascending list, or -1. */
function firstAtOrAfter(list: readonly number[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? (list[lo] as number) : -1;
}

function isBlank(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isTexSpace(src.charCodeAt(i))) return false;
  return true;
}

/** Whether a blank line lies between two positions: no pair of delimiters spans one. */
function spansParagraphs(index: DelimiterIndex, from: number, to: number): boolean {
  const brk = firstAtOrAfter(index.paragraphBreaks, from);
  return brk >= 0 && brk < to;
}

/** A backslash, ^, _, braces or =: what tells TeX from prose or an amount. */
function hasTexSyntax(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c || c === 0x5e || c === 0x5f || c === 0x7b || c === 0x7d || c === 0x3d) {
      return true;
    }
  }
  return false;
}

// Between a `$ ` and a ` $` prose is likelier than between `$x` and `x$` ("the $ sign and
// the $ key"): such a span is math only when it holds TeX syntax or is a single character.
function looksLikeTex(src: string, from: number, to: number): boolean {
  if (hasTexSyntax(src, from, to)) return true;
  let first = from;
  while (first < to && isTexSpace(src.charCodeAt(first))) first++;
  let last = to;
  while (last > first && isTexSpace(src.charCodeAt(last - 1))) last--;
  return last - first === 1;
}

function matchSingleDollar(src: string, pos: number, run: number, index: DelimiterIndex) {
  const close = run + 1;
  if (close >= index.runStarts.length || index.runLengths[close] !== 1) return null;
  const q = index.runStarts[close] as number;
  const after = src.charCodeAt(q + 1);
  if (isDigit(after)) return null;
  // The text between is this pair's alone (the next run closes it): linear overall.
  let first = pos + 1;
  while (first < q && isTexSpace(src.charCodeAt(first))) first++;
  if (first === q) return null;
  const spacedOpen = first > pos + 1;
  const spacedClose = isTexSpace(src.charCodeAt(q - 1));
  if (spacedOpen || spacedClose) {
    if (spacedClose && (isDigit(after) || isAsciiLetter(after) || after === BACKSLASH)) {
      return null;
    }
    const texLike = isDigit(src.charCodeAt(first))
      ? hasTexSyntax(src, first, q)
      : !(spacedOpen && spacedClose) || looksLikeTex(src, first, q);
    if (!texLike) return null;
  }
  if (spansParagraphs(index, pos, q)) return null;
  return { end: q + 1, tex: src.slice(pos + 1, q), display: false, open: "$", close: "$" };
}

function matchDoubleDollar(src: string, pos: number, run: number, index: DelimiterIndex) {
  const close = index.nextDoubleRun[run] as number;
  if (close < 0) return null;
  const q = index.runStarts[close] as number;
  if (isBlank(src, pos + 2, q) || spansParagraphs(index, pos, q)) return null;
  return { end: q + 2, tex: src.slice(pos + 2, q), display: true, open: "$$", close: "$$" };
}

function matchBackslash(src: string, pos: number, index: DelimiterIndex): MathMatch | null {
  const kind = src.charCodeAt(pos + 1);
  if (kind !== 0x28 && kind !== 0x5b) return null;
  if (inCodeSpan(index.codeSpans, pos)) return null;
  const display = kind === 0x5b;
  const q = firstAtOrAfter(display ? index.bracketClosers : index.parenClosers, pos + 2);
  if (q < 0 || isBlank(src, pos + 2, q) || spansParagraphs(index, pos, q)) return null;
  const [open, close] = display ? ["\\[", "\\]"] : ["\\(", "\\)"];
  return { end: q + 2, tex: src.slice(pos + 2, q), display, open, close };
}

/**
 * Math starting exactly at `pos`, or null. `pos` must be where a Markdown scanner stands on
 * an unescaped character (markdown-it consumes `\\` and `\$` pairs before we get there).
 */
export function matchMathAt(src: string, pos: number, index: DelimiterIndex): MathMatch | null {
  const code = src.charCodeAt(pos);
  if (code === BACKSLASH) return matchBackslash(src, pos, index);
  if (code !== DOLLAR) return null;
  const run = index.runAt.get(pos);
  if (run === undefined) return null;
  const length = index.runLengths[run];
  if (length === 1) return matchSingleDollar(src, pos, run, index);
  if (length === 2) return matchDoubleDollar(src, pos, run, index);
  return null;
}
