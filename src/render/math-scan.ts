// Finds inline math in one block of inline text. Every closing delimiter is located by a
// lookup in an index built in a single pass, never by scanning forward from each opening
// delimiter: text with thousands of unmatched `$` stays linear.
//
// Which `$` delimit math (the money heuristic):
// - A run of `$` counts by its length: one `$` is inline math, `$$` is display math, three
//   or more are literal. A `$` after an odd number of backslashes is a literal dollar.
// - Single `$` pairs only with the very next run, which must also be a single `$`; so in
//   "$5 and $x$" the first `$` fails (its partner closes nothing) and `$x$` is still math.
// - Pandoc's rules: the closing `$` is not followed by a digit ("$5 and $10" is money), and
//   is not preceded by white space ...
// - ... unless the opening `$` was followed by white space too and the span looks like TeX
//   (a backslash, ^, _, braces or =, or a single character). Summaries written for MathJax use
//   `$ x$` and `$ \begin{array}…\end{array} $`; money is written `$5`, not `$ 5`, so an
//   opening `$` followed by white space and then a digit is not math either.
// - `$$` pairs with the next `$$` run: display math, also mid-paragraph.

export interface DelimiterIndex {
  /** Start of each unescaped run of `$`, ascending, and the run's length. */
  runStarts: number[];
  runLengths: number[];
  /** For each run, the index of the next run of exactly two `$`, or -1. */
  nextDoubleRun: Int32Array;
  /** Run index by start position. */
  runAt: Map<number, number>;
  /** Positions of unescaped `\)` and `\]`, ascending. */
  parenClosers: number[];
  bracketClosers: number[];
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

export function isTexSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function buildDelimiterIndex(src: string): DelimiterIndex {
  const runStarts: number[] = [];
  const runLengths: number[] = [];
  const parenClosers: number[] = [];
  const bracketClosers: number[] = [];
  // Backslashes seen immediately before the current position: odd means it is escaped.
  let backslashes = 0;
  for (let i = 0; i < src.length; i++) {
    const code = src.charCodeAt(i);
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
  return { runStarts, runLengths, nextDoubleRun, runAt, parenClosers, bracketClosers };
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

// Between a `$ ` and a ` $` prose is likelier than between `$x` and `x$` ("the $ sign and
// the $ key"): such a span is math only when it holds TeX syntax or is a single character.
function looksLikeTex(src: string, from: number, to: number): boolean {
  const text = src.slice(from, to).trim();
  return /[\\^_{}=]/.test(text) || text.length === 1;
}

function matchSingleDollar(src: string, pos: number, run: number, index: DelimiterIndex) {
  const after = src.charCodeAt(pos + 1);
  if (Number.isNaN(after)) return null;
  const spaced = isTexSpace(after);
  const close = run + 1;
  if (close >= index.runStarts.length || index.runLengths[close] !== 1) return null;
  const q = index.runStarts[close] as number;
  if (spaced) {
    // The white space after the opening `$` belongs to this `$` alone: linear overall.
    let k = pos + 1;
    while (k < q && isTexSpace(src.charCodeAt(k))) k++;
    if (k === q || isDigit(src.charCodeAt(k))) return null;
  }
  if (isDigit(src.charCodeAt(q + 1))) return null;
  if (isTexSpace(src.charCodeAt(q - 1))) {
    if (!spaced || !looksLikeTex(src, pos + 1, q)) return null;
  }
  return { end: q + 1, tex: src.slice(pos + 1, q), display: false, open: "$", close: "$" };
}

function matchDoubleDollar(src: string, pos: number, run: number, index: DelimiterIndex) {
  const close = index.nextDoubleRun[run] as number;
  if (close < 0) return null;
  const q = index.runStarts[close] as number;
  if (isBlank(src, pos + 2, q)) return null;
  return { end: q + 2, tex: src.slice(pos + 2, q), display: true, open: "$$", close: "$$" };
}

function matchBackslash(src: string, pos: number, index: DelimiterIndex): MathMatch | null {
  const kind = src.charCodeAt(pos + 1);
  if (kind !== 0x28 && kind !== 0x5b) return null;
  const display = kind === 0x5b;
  const q = firstAtOrAfter(display ? index.bracketClosers : index.parenClosers, pos + 2);
  if (q < 0 || isBlank(src, pos + 2, q)) return null;
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
