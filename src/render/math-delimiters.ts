// Where math may close, computed once per block of inline text so that finding the
// closing delimiter of each opening one is a binary search: the tokenizer stays linear
// on text with thousands of unmatched `$`.

export interface Closers {
  /** Positions of `$` that may close inline math opened by `$` + non-space. */
  dollar: number[];
  /** Positions of `$` that may close `$ …` (opened by `$` + space): spacing is symmetric. */
  dollarSpaced: number[];
  /** Positions of every unescaped single `$`. */
  anyDollar: number[];
  /** Positions of `$$`. */
  double: number[];
  /** Positions of `\)` and `\]`. */
  paren: number[];
  bracket: number[];
}

function isEscaped(src: string, pos: number): boolean {
  let n = 0;
  for (let i = pos - 1; i >= 0 && src.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 1;
}

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n";
const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";

export function findClosers(src: string): Closers {
  const c: Closers = {
    dollar: [],
    dollarSpaced: [],
    anyDollar: [],
    double: [],
    paren: [],
    bracket: [],
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === "$") {
      if (isEscaped(src, i)) continue;
      if (src[i + 1] === "$") {
        c.double.push(i);
        i++;
        continue;
      }
      // Pandoc's rule against money: a closing `$` follows a non-space and is not followed
      // by a digit ("costs $5 and $10" stays text).
      c.anyDollar.push(i);
      if (isDigit(src[i + 1])) continue;
      c.dollarSpaced.push(i);
      if (!isSpace(src[i - 1])) c.dollar.push(i);
    } else if (ch === "\\" && (src[i + 1] === ")" || src[i + 1] === "]")) {
      if (!isEscaped(src, i)) (src[i + 1] === ")" ? c.paren : c.bracket).push(i);
      i++;
    }
  }
  return c;
}

/** The first position in the sorted list that is ≥ from, or -1. */
export function nextAtOrAfter(list: readonly number[], from: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < list.length ? (list[lo] as number) : -1;
}
