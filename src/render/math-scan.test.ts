import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDelimiterIndex, matchMathAt } from "./math-scan";

function matchAt(src: string, pos = 0) {
  return matchMathAt(src, pos, buildDelimiterIndex(src));
}

function allMath(src: string): string[] {
  const index = buildDelimiterIndex(src);
  const found: string[] = [];
  for (let pos = 0; pos < src.length; ) {
    const m = matchMathAt(src, pos, index);
    if (m) {
      found.push(`${m.open}${m.tex}${m.close}`);
      pos = m.end;
    } else {
      // Like markdown-it, step over an escaped character as a whole.
      pos += src[pos] === "\\" ? 2 : 1;
    }
  }
  return found;
}

// An obviously correct and obviously quadratic version of the same rules, to compare with.
function escaped(src: string, i: number): boolean {
  let n = 0;
  while (i - n - 1 >= 0 && src[i - n - 1] === "\\") n++;
  return n % 2 === 1;
}
const space = (c: string | undefined) => c !== undefined && /[ \t\n\r\f]/.test(c);
const digit = (c: string | undefined) => c !== undefined && /[0-9]/.test(c);
function runLength(src: string, i: number, char = "$"): number {
  let n = 0;
  while (src[i + n] === char) n++;
  return n;
}
/** Positions inside code spans (CommonMark, written the slow way). */
function naiveCode(src: string): Set<number> {
  const inside = new Set<number>();
  let i = 0;
  while (i < src.length) {
    if (src[i] !== "`") {
      i++;
      continue;
    }
    const runEnd = i + runLength(src, i, "`");
    const start = escaped(src, i) ? i + 1 : i;
    const length = runEnd - start;
    let closer = -1;
    for (let j = runEnd; length > 0 && j < src.length && closer < 0; ) {
      const n = runLength(src, j, "`");
      if (n === length) closer = j;
      j += Math.max(n, 1);
    }
    if (closer < 0) {
      i = runEnd;
      continue;
    }
    for (let k = start; k < closer + length; k++) inside.add(k);
    i = closer + length;
  }
  return inside;
}
const spansBlankLine = (tex: string) => /\n[ \t\r\f]*\n/.test(tex);
function naiveMatch(src: string, pos: number): string | null {
  const code = naiveCode(src);
  if (code.has(pos)) return null;
  const dollar = (q: number) => src[q] === "$" && !escaped(src, q) && !code.has(q);
  if (src[pos] === "\\") {
    const close = src[pos + 1] === "(" ? ")" : src[pos + 1] === "[" ? "]" : null;
    if (!close) return null;
    for (let q = pos + 2; q < src.length; q++) {
      if (src[q] === "\\" && src[q + 1] === close && !escaped(src, q) && !code.has(q)) {
        const tex = src.slice(pos + 2, q);
        return tex.trim() === "" || spansBlankLine(tex) ? null : tex;
      }
    }
    return null;
  }
  if (!dollar(pos) || (pos > 0 && dollar(pos - 1))) return null;
  const length = runLength(src, pos);
  if (length === 2) {
    for (let q = pos + 2; q < src.length; q++) {
      if (!dollar(q)) continue;
      const n = runLength(src, q);
      if (n !== 2) {
        q += n - 1;
        continue;
      }
      const tex = src.slice(pos + 2, q);
      return tex.trim() === "" || spansBlankLine(tex) ? null : tex;
    }
    return null;
  }
  if (length !== 1) return null;
  let q = pos + 1;
  while (q < src.length && !dollar(q)) q++;
  if (q >= src.length || runLength(src, q) !== 1) return null;
  const tex = src.slice(pos + 1, q);
  const t = tex.trim();
  if (t === "" || digit(src[q + 1]) || spansBlankLine(tex)) return null;
  const spacedOpen = space(src[pos + 1]);
  const spacedClose = space(src[q - 1]);
  if (spacedOpen || spacedClose) {
    if (spacedClose && /[A-Za-z0-9\\]/.test(src[q + 1] ?? "")) return null;
    const syntax = /[\\^_{}=]/.test(t);
    if (digit(t[0])) {
      if (!syntax) return null;
    } else if (spacedOpen && spacedClose && !syntax && t.length !== 1) return null;
  }
  return tex;
}

describe("matchMathAt", () => {
  it("finds each kind of delimiter", () => {
    expect(allMath("a $x$ b $$y$$ c \\(z\\) d \\[w\\]")).toEqual([
      "$x$",
      "$$y$$",
      "\\(z\\)",
      "\\[w\\]",
    ]);
  });

  it("applies the money rules", () => {
    expect(allMath("costs $5 and $10")).toEqual([]);
    expect(allMath("costs $5 and $x$ then")).toEqual(["$x$"]);
    expect(allMath("from $5-$10")).toEqual([]);
    expect(allMath("pay $ 5 or $ 6")).toEqual([]);
    expect(allMath("the $ \\theta$ and $ \\phi $ and $x $")).toEqual([
      "$ \\theta$",
      "$ \\phi $",
      "$x $",
    ]);
  });

  it("honours escapes", () => {
    expect(allMath("\\$x and $y\\$$")).toEqual(["$y\\$$"]);
    expect(allMath("a $ and $ b")).toEqual([]);
    expect(allMath("\\\\$x$")).toEqual(["$x$"]);
    expect(allMath("\\\\(x\\)")).toEqual([]);
    expect(allMath("\\(x\\\\)")).toEqual([]);
    expect(allMath("\\(x\\\\\\)")).toEqual(["\\(x\\\\\\)"]);
  });

  it("leaves runs of three or more $ and empty math alone", () => {
    expect(allMath("$$$x$$$ $$ $$ $ $")).toEqual([]);
  });

  it("pairs a single $ with the very next run only", () => {
    expect(matchAt("$a$$b$")).toBeNull();
    expect(matchAt("$a$ $b$")?.tex).toBe("a");
  });

  it("closes at a $ after white space (MathJax), when the $ is not followed by a letter, digit or \\", () => {
    expect(allMath("if $\\gamma(t) \\ge 0 \\;\\forall\\; t $ then")).toEqual([
      "$\\gamma(t) \\ge 0 \\;\\forall\\; t $",
    ]);
    expect(allMath("sum $u + v $. And $w $, then $y\t$")).toEqual(["$u + v $", "$w $", "$y\t$"]);
    expect(allMath("$a $b and $c $\\delta$")).toEqual(["$\\delta$"]);
    expect(allMath("$a $7")).toEqual([]);
  });

  it("takes a spaced span that starts with a digit for math only when it holds TeX syntax", () => {
    expect(allMath("$5 an hour and $ more")).toEqual([]);
    expect(allMath("$5 an hour and $40")).toEqual([]);
    expect(allMath("a $ 5 $ tip")).toEqual([]);
    expect(allMath("$ 0 \\le p \\le 1 $ and $2^k $ and $ 3_i$")).toEqual([
      "$ 0 \\le p \\le 1 $",
      "$2^k $",
      "$ 3_i$",
    ]);
    // Tight on both sides it is math, as before.
    expect(allMath("$5$")).toEqual(["$5$"]);
  });

  it("never pairs delimiters across a blank line", () => {
    expect(allMath("$a\n\nb$")).toEqual([]);
    expect(allMath("$a \n \t\n b$")).toEqual([]);
    expect(allMath("$a\nb$")).toEqual(["$a\nb$"]);
    expect(allMath("$$a\n\nb$$ \\(c\n\nd\\) \\[e\n\nf\\]")).toEqual([]);
    expect(allMath("$a\n\n$b$")).toEqual(["$b$"]);
  });

  it("finds no delimiter inside a code span", () => {
    expect(allMath("`$x$` and ``\\(y\\)``")).toEqual([]);
    expect(allMath("$5 for `$HOME` today")).toEqual([]);
    expect(allMath("costs $5 in `a $ b` and $x$")).toEqual(["$x$"]);
    expect(allMath("\\(a `\\)` b\\)")).toEqual(["\\(a `\\)` b\\)"]);
    // An escaped or unmatched backtick opens no code span.
    expect(allMath("\\`$x$ and ``$y$`")).toEqual(["$x$", "$y$"]);
  });

  it("agrees with a naive implementation of the same rules", () => {
    const alphabet = fc.constantFrom(..."$$$\\\\  \n\tx5()[]{^`".split(""));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const src = chars.join("");
        const index = buildDelimiterIndex(src);
        for (let pos = 0; pos < src.length; pos++) {
          const fast = matchMathAt(src, pos, index);
          expect(fast?.tex ?? null).toBe(naiveMatch(src, pos));
          if (fast) expect(src.slice(pos, fast.end)).toBe(fast.open + fast.tex + fast.close);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
