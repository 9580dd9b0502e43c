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
function runLength(src: string, i: number): number {
  let n = 0;
  while (src[i + n] === "$") n++;
  return n;
}
function naiveMatch(src: string, pos: number): string | null {
  if (src[pos] === "\\") {
    const close = src[pos + 1] === "(" ? ")" : src[pos + 1] === "[" ? "]" : null;
    if (!close) return null;
    for (let q = pos + 2; q < src.length; q++) {
      if (src[q] === "\\" && src[q + 1] === close && !escaped(src, q)) {
        const tex = src.slice(pos + 2, q);
        return tex.trim() === "" ? null : tex;
      }
    }
    return null;
  }
  if (src[pos] !== "$" || escaped(src, pos)) return null;
  if (pos > 0 && src[pos - 1] === "$" && !escaped(src, pos - 1)) return null;
  const length = runLength(src, pos);
  if (length === 2) {
    for (let q = pos + 2; q < src.length; q++) {
      if (src[q] !== "$" || escaped(src, q)) continue;
      const n = runLength(src, q);
      if (n === 2) return src.slice(pos + 2, q).trim() === "" ? null : src.slice(pos + 2, q);
      q += n - 1;
    }
    return null;
  }
  if (length !== 1) return null;
  let q = pos + 1;
  while (q < src.length && (src[q] !== "$" || escaped(src, q))) q++;
  if (q >= src.length || runLength(src, q) !== 1) return null;
  const tex = src.slice(pos + 1, q);
  const spaced = space(src[pos + 1]);
  if (tex.trim() === "" || (spaced && digit(tex.trim()[0]))) return null;
  if (digit(src[q + 1])) return null;
  if (space(src[q - 1])) {
    const t = tex.trim();
    const texLike = /[\\^_{}=]/.test(t) || t.length === 1;
    if (!spaced || !texLike) return null;
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
    expect(allMath("the $ \\theta$ and $ \\phi $ and $x $")).toEqual(["$ \\theta$", "$ \\phi $"]);
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

  it("agrees with a naive implementation of the same rules", () => {
    const alphabet = fc.constantFrom("$", "$", "\\", " ", "x", "5", "(", ")", "[", "]", "\n", "{");
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
      { numRuns: 2000 },
    );
  });
});
