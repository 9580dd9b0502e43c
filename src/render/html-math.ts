import { Parser } from "htmlparser2";
import type { MarkdownIt, StateCore, Token } from "markdown-it";
import { buildDelimiterIndex, matchMathAt } from "./math-scan";
import { REMOVED_WITH_CONTENT } from "./sanitize";

// Math inside the author's HTML. markdown-it's inline rules never run inside an HTML block
// (a <table> whose cells hold $$…$$, a <p align> caption), so the text between its tags is
// read here with the same delimiter scanner as inline math (math-scan.ts), and each formula
// found is typeset where it stands. The parse is htmlparser2's, the sanitizer's own parser, so
// what counts as text here is text there. No math is looked for inside code, pre, kbd or samp
// (literal, as a code span is) nor inside an element the sanitizer removes with its content.

/** One formula in an HTML block: [start, end) in the block's source, TeX with entities decoded. */
export interface HtmlMath {
  start: number;
  end: number;
  tex: string;
  display: boolean;
  open: string;
  close: string;
}

const NO_MATH_INSIDE = new Set(["code", "pre", "kbd", "samp", ...REMOVED_WITH_CONTENT]);
const ENTITY = /&(?:#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z][a-z0-9]{1,31});/gi;

/** The ranges of `html` that are text where math may stand, adjacent pieces merged. */
function textRanges(html: string): [number, number][] {
  const ranges: [number, number][] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      // htmlparser2 reports every element closed (implied closes included), so a depth
      // counter follows the nesting.
      onopentag(name) {
        if (skipDepth > 0 || NO_MATH_INSIDE.has(name)) skipDepth++;
      },
      onclosetag() {
        if (skipDepth > 0) skipDepth--;
      },
      ontext() {
        if (skipDepth > 0) return;
        const start = parser.startIndex;
        const end = parser.endIndex + 1;
        const last = ranges[ranges.length - 1];
        if (last !== undefined && last[1] === start) last[1] = end;
        else ranges.push([start, end]);
      },
    },
    { decodeEntities: false },
  );
  parser.write(html);
  parser.end();
  return ranges;
}

/** Every formula in an HTML fragment, in order. `decode` turns one entity into its text. */
export function findHtmlMath(html: string, decode: (entity: string) => string): HtmlMath[] {
  if (!html.includes("$") && !html.includes("\\")) return [];
  const found: HtmlMath[] = [];
  for (const [from, to] of textRanges(html)) {
    const text = html.slice(from, to);
    if (!text.includes("$") && !text.includes("\\")) continue;
    const index = buildDelimiterIndex(text);
    let i = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code !== 0x24 && code !== 0x5c) {
        i++;
        continue;
      }
      const match = matchMathAt(text, i, index);
      if (match === null) {
        // A backslash and the character it escapes are stepped over together.
        i += code === 0x5c ? 2 : 1;
        continue;
      }
      found.push({
        start: from + i,
        end: from + match.end,
        tex: match.tex.replace(ENTITY, decode),
        display: match.display,
        open: match.open,
        close: match.close,
      });
      i = match.end;
    }
  }
  return found;
}

/** The tag an html_inline token opens (+1), closes (-1) or neither (0), if it is in `names`. */
function nestingChange(content: string, names: ReadonlySet<string>): number {
  const m = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)/.exec(content);
  if (!m || !names.has((m[2] as string).toLowerCase()) || content.endsWith("/>")) return 0;
  return m[1] === "/" ? -1 : 1;
}

function htmlMathRule(md: MarkdownIt) {
  const decode = (entity: string) => md.utils.unescapeAll(entity);
  return (state: StateCore): void => {
    for (const token of state.tokens) {
      if (token.type === "html_block") {
        token.meta = { ...(token.meta ?? {}), htmlMath: findHtmlMath(token.content, decode) };
      } else if (token.type === "inline") {
        literalMathInsideCode(token.children ?? []);
      }
    }
  };
}

/** Inline math inside an inline `<code>…</code>` (or kbd, or a removed element) is text. */
function literalMathInsideCode(children: Token[]): void {
  let depth = 0;
  for (const child of children) {
    if (child.type === "html_inline") {
      depth = Math.max(0, depth + nestingChange(child.content, NO_MATH_INSIDE));
    } else if (child.type === "math_inline" && depth > 0) {
      const meta = child.meta as { open: string; close: string };
      child.type = "text";
      child.content = `${meta.open}${child.content}${meta.close}`;
    }
  }
}

/** The formulas findHtmlMath found in an html_block token (set by the core rule). */
export function htmlMathOf(token: Token): HtmlMath[] {
  return (token.meta as { htmlMath?: HtmlMath[] } | null)?.htmlMath ?? [];
}

export function htmlMathPlugin(md: MarkdownIt): void {
  md.core.ruler.push("html_math", htmlMathRule(md));
}
