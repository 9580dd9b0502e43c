import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";
import { buildDelimiterIndex, type DelimiterIndex, isTexSpace, matchMathAt } from "./math-scan";

// Math is tokenised before any Markdown inline rule, so `_`, `*`, `\\`, `\{` and `<` inside
// it are never Markdown. In particular it runs before markdown-it's escape rule: `\(` and
// `\[` open math rather than being escapes, and `\;`, `\,` or `\{` inside math keep their
// backslash (a `$…$` that the scanner refused is plain text, where `\;` reads as `;`).
// Which delimiters pair is decided in math-scan.ts (rules in its head comment).
// Tokens: `math_inline` (meta.display for `$$…$$` mid-paragraph and `\[…\]`) and
// `math_block` (`$$…$$` or `\[…\]` on lines of their own, no blank line inside).

export interface MathTokenMeta {
  display: boolean;
  open: string;
  close: string;
}

// The delimiter index of the text an inline state is parsing (link labels re-enter the same
// state, so one index serves every rule call on that text).
const inlineIndexes = new WeakMap<StateInline, { src: string; index: DelimiterIndex }>();

function indexFor(state: StateInline): DelimiterIndex {
  const known = inlineIndexes.get(state);
  if (known && known.src === state.src) return known.index;
  const index = buildDelimiterIndex(state.src);
  inlineIndexes.set(state, { src: state.src, index });
  return index;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const code = state.src.charCodeAt(state.pos);
  if (code !== 0x24 && code !== 0x5c) return false;
  const match = matchMathAt(state.src, state.pos, indexFor(state));
  if (!match || match.end > state.posMax) return false;
  if (!silent) {
    const token = state.push("math_inline", "", 0);
    token.content = match.tex;
    token.markup = match.open;
    const meta: MathTokenMeta = { display: match.display, open: match.open, close: match.close };
    token.meta = { ...meta };
  }
  state.pos = match.end;
  return true;
}

// Display math on lines of its own: the lines that may close a block are found once per
// document, so an unclosed `$$` on each of many lines costs a lookup, not a scan.
interface LineIndex {
  dollarCloserLines: number[];
  bracketCloserLines: number[];
  blankLines: number[];
}

const blockIndexes = new WeakMap<StateBlock, { src: string; index: LineIndex }>();

/** Position of the closer when the line (from `from`) contains `close` only at its end. */
function closerAtLineEnd(src: string, from: number, end: number, close: string): number {
  let last = end;
  while (last > from && isTexSpace(src.charCodeAt(last - 1))) last--;
  const at = last - close.length;
  if (at < from || !src.startsWith(close, at) || src.indexOf(close, from) !== at) return -1;
  let backslashes = 0;
  while (at - backslashes - 1 >= from && src.charCodeAt(at - backslashes - 1) === 0x5c) {
    backslashes++;
  }
  const escapedDollar = close === "$$" && backslashes % 2 === 1;
  const escapedBracket = close === "\\]" && backslashes % 2 === 1;
  return escapedDollar || escapedBracket ? -1 : at;
}

function lineIndexFor(state: StateBlock): LineIndex {
  const known = blockIndexes.get(state);
  if (known && known.src === state.src) return known.index;
  const index: LineIndex = { dollarCloserLines: [], bracketCloserLines: [], blankLines: [] };
  for (let line = 0; line < state.lineMax; line++) {
    const from = state.bMarks[line] as number;
    const end = state.eMarks[line] as number;
    let first = from;
    while (first < end && isTexSpace(state.src.charCodeAt(first))) first++;
    if (first === end) index.blankLines.push(line);
    if (closerAtLineEnd(state.src, from, end, "$$") >= 0) index.dollarCloserLines.push(line);
    if (closerAtLineEnd(state.src, from, end, "\\]") >= 0) index.bracketCloserLines.push(line);
  }
  blockIndexes.set(state, { src: state.src, index });
  return index;
}

function firstAfter(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? (list[lo] as number) : -1;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean) {
  if ((state.sCount[startLine] as number) - state.blkIndent >= 4) return false;
  const src = state.src;
  const start = (state.bMarks[startLine] as number) + (state.tShift[startLine] as number);
  const end = state.eMarks[startLine] as number;
  let open: string;
  let close: string;
  if (src.startsWith("$$", start) && src.charCodeAt(start + 2) !== 0x24)
    [open, close] = ["$$", "$$"];
  else if (src.startsWith("\\[", start)) [open, close] = ["\\[", "\\]"];
  else return false;
  const bodyStart = start + open.length;
  let content: string;
  let lastLine = startLine;
  const sameLine = closerAtLineEnd(src, bodyStart, end, close);
  if (sameLine >= 0) {
    content = src.slice(bodyStart, sameLine);
  } else {
    // A closer elsewhere on the first line means inline math followed by text.
    // (Searched within the line only: a search to the end of the text from every opening
    // line would be quadratic.)
    if (src.slice(bodyStart, end).includes(close)) return false;
    const index = lineIndexFor(state);
    lastLine = firstAfter(
      close === "$$" ? index.dollarCloserLines : index.bracketCloserLines,
      startLine,
    );
    if (lastLine < 0 || lastLine >= endLine) return false;
    const blank = firstAfter(index.blankLines, startLine);
    if (blank >= 0 && blank < lastLine) return false;
    // Blank text beside the delimiters is layout, not part of the formula.
    const firstLine = src.slice(bodyStart, end);
    const parts = firstLine.trim() === "" ? [] : [firstLine];
    for (let line = startLine + 1; line < lastLine; line++) {
      const from = (state.bMarks[line] as number) + (state.tShift[line] as number);
      parts.push(src.slice(from, state.eMarks[line]));
    }
    const from = (state.bMarks[lastLine] as number) + (state.tShift[lastLine] as number);
    const closeAt = closerAtLineEnd(src, from, state.eMarks[lastLine] as number, close);
    // The index was built from whole lines; inside a container the line may read otherwise.
    if (closeAt < 0) return false;
    const lastPart = src.slice(from, closeAt);
    if (lastPart.trim() !== "") parts.push(lastPart);
    content = parts.join("\n");
  }
  if (content.trim() === "") return false;
  if (silent) return true;
  const token = state.push("math_block", "", 0);
  token.block = true;
  token.content = content;
  token.markup = open;
  token.map = [startLine, lastLine + 1];
  const meta: MathTokenMeta = { display: true, open, close };
  token.meta = { ...meta };
  state.line = lastLine + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
}
