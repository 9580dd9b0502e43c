// Hostile input for the delimiter rules of issue 9 (closing `$` after a space, `\(`/`\[`,
// blank lines, code spans): the scanner and the renderer stay linear. The bounds are far
// above the measured times (a few ms per 100 KB for a scan); they catch a quadratic scan.
import { describe, expect, it } from "vitest";
import { textOf } from "../../test/helpers/katex-html";
import { SUMMARY_MAX_BYTES } from "../core/limits";
import { renderMarkdown } from "./index";
import { buildDelimiterIndex, type MathMatch, matchMathAt } from "./math-scan";
import { escapeTextScripts } from "./tex-fixes";

function fill(unit: string, bytes = SUMMARY_MAX_BYTES): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

/** 100 ms per 100 KB on one core, times 10 for CI noise. */
const SCAN_BOUND_MS = 1_000;
/** As in hostile.test.ts: whole renders, KaTeX included. */
const RENDER_BOUND_MS = 5_000;

/** Every match, trying each position as the HTML-text caller does (no Markdown in between). */
function scanAll(src: string): MathMatch[] {
  const started = performance.now();
  const index = buildDelimiterIndex(src);
  const found: MathMatch[] = [];
  for (let pos = 0; pos < src.length; ) {
    const m = matchMathAt(src, pos, index);
    if (m) found.push(m);
    pos = m ? m.end : pos + 1;
  }
  expect(performance.now() - started).toBeLessThan(SCAN_BOUND_MS);
  return found;
}

function render(source: string) {
  const started = performance.now();
  const result = renderMarkdown(source);
  expect(performance.now() - started).toBeLessThan(RENDER_BOUND_MS);
  return result;
}

describe("hostile delimiters of 100 KB", () => {
  it.each([
    ["dollars each followed by a blank line", `${fill("$a\n\n")}$`],
    ["\\( each followed by a blank line", `${fill("\\(a\n\n")}\\)`],
    ["\\[ each followed by a blank line", `${fill("\\[a\n\n")}\\]`],
    ["closing $ that read as openings", fill("$a $b ")],
    ["spaced amounts", fill("$5 and $ ")],
    ["unclosed \\(", fill("\\(")],
  ])("scans %s without a match", (_name, source) => {
    expect(scanAll(source)).toEqual([]);
  });

  it("scans code spans of every length, and unmatched backtick runs of every length", () => {
    let spans = "";
    for (let n = 1; spans.length < SUMMARY_MAX_BYTES; n++) {
      const ticks = "`".repeat(n);
      spans += `${ticks}$x$${ticks} `;
    }
    expect(scanAll(spans)).toEqual([]);
    let unmatched = "";
    for (let n = 1; unmatched.length < SUMMARY_MAX_BYTES; n++) unmatched += `${"`".repeat(n)}$5 `;
    expect(scanAll(unmatched)).toEqual([]);
  });

  it("pairs 25,000 `$ a ` and `$x $,` spans in linear time", () => {
    expect(scanAll(fill("$ a "))).toHaveLength(Math.floor(SUMMARY_MAX_BYTES / 8));
    expect(scanAll(fill("$x $, "))).toHaveLength(Math.floor(SUMMARY_MAX_BYTES / 6));
  });

  it("renders 100 KB of `$ a ` pairs as math", () => {
    const { mathCount } = render(fill("$ a "));
    expect(mathCount).toBe(Math.floor(SUMMARY_MAX_BYTES / 8));
  });

  it("renders 100 KB of unclosed \\( as text", () => {
    const source = fill("\\( a ");
    const { html, mathCount } = render(source);
    expect(mathCount).toBe(0);
    expect(textOf(html).trim()).toBe(source.trim().replace(/\\\(/g, "("));
  });

  it("renders 100 KB of money as text", () => {
    const source = fill("$5 an hour and $ 6 more, ");
    const { html, mathCount } = render(source);
    expect(mathCount).toBe(0);
    expect(textOf(html).trim()).toBe(source.trim());
  });

  it.each([
    ["nested unclosed \\text{", fill("\\text{a_^")],
    ["closed \\mbox{…} groups", fill("\\mbox{a_b}^")],
  ])("repairs 100 KB of %s in linear time", (_name, tex) => {
    const started = performance.now();
    const repaired = escapeTextScripts(tex);
    expect(performance.now() - started).toBeLessThan(SCAN_BOUND_MS);
    expect(repaired.length).toBeGreaterThan(tex.length);
  });
});
