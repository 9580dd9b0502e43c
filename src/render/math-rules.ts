import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";
import { type Closers, findClosers, nextAtOrAfter } from "./math-delimiters";

// Math is tokenised before any Markdown inline rule, so `_`, `*`, `\\` and `<` inside it
// are never Markdown. Tokens: math_inline, math_display (inline position), math_block.

type StateWithClosers = StateInline & { mathClosers?: { src: string; closers: Closers } };

function closersOf(state: StateWithClosers): Closers {
  if (state.mathClosers?.src !== state.src) {
    state.mathClosers = { src: state.src, closers: findClosers(state.src) };
  }
  return state.mathClosers.closers;
}

interface Match {
  content: string;
  display: boolean;
  end: number;
}

function matchAt(state: StateInline): Match | null {
  const { src, pos } = state;
  const ch = src[pos];
  if (ch === "$") {
    const c = closersOf(state);
    if (src[pos + 1] === "$") {
      const close = nextAtOrAfter(c.double, pos + 2);
      if (close < 0 || src.slice(pos + 2, close).trim() === "") return null;
      return { content: src.slice(pos + 2, close), display: true, end: close + 2 };
    }
    const spaced = src[pos + 1] === " " || src[pos + 1] === "\t" || src[pos + 1] === "\n";
    const close = nextAtOrAfter(spaced ? c.dollarSpaced : c.dollar, pos + 1);
    if (close < 0) return null;
    const content = src.slice(pos + 1, close);
    if (content.trim() === "") return null;
    // "$5 and $x$": an opening `$` before a digit is money when a space follows in the span.
    if (/^[0-9]/.test(content) && /\s/.test(content)) return null;
    return { content, display: false, end: close + 1 };
  }
  if (ch === "\\" && (src[pos + 1] === "(" || src[pos + 1] === "[")) {
    const c = closersOf(state);
    const display = src[pos + 1] === "[";
    const close = nextAtOrAfter(display ? c.bracket : c.paren, pos + 2);
    if (close < 0) return null;
    return { content: src.slice(pos + 2, close), display, end: close + 2 };
  }
  return null;
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const m = matchAt(state);
  if (!m) return false;
  if (!silent) {
    const token = state.push(m.display ? "math_display" : "math_inline", "math", 0);
    token.content = m.content;
  }
  state.pos = m.end;
  return true;
}

const OPENERS: [string, string][] = [
  ["$$", "$$"],
  ["\\[", "\\]"],
];

/** `$$` or `\[` starting a line: display math up to the line that ends with the closer. */
function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  const start = state.bMarks[startLine]! + state.tShift[startLine]!;
  const first = state.src.slice(start, state.eMarks[startLine]).trimEnd();
  const pair = OPENERS.find(([open]) => first.startsWith(open));
  if (!pair) return false;
  const [open, close] = pair;
  const rest = first.slice(open.length);
  const lines: string[] = [];
  let line = startLine;
  const closeAt = rest.indexOf(close);
  if (closeAt >= 0) {
    if (closeAt !== rest.length - close.length) return false;
    lines.push(rest.slice(0, closeAt));
  } else {
    lines.push(rest);
    for (;;) {
      line++;
      if (line >= endLine) return false;
      const text = state.src
        .slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line])
        .trimEnd();
      if (text === "") return false; // a blank line ends display math in TeX too
      const at = text.indexOf(close);
      if (at >= 0) {
        if (at !== text.length - close.length) return false;
        lines.push(text.slice(0, at));
        break;
      }
      lines.push(text);
    }
  }
  const content = lines.join("\n");
  if (content.trim() === "") return false;
  if (silent) return true;
  const token = state.push("math_block", "math", 0);
  token.block = true;
  token.content = content;
  token.map = [startLine, line + 1];
  state.line = line + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
}
