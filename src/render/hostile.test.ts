// Hostile inputs of the largest allowed size: each must complete within a generous bound
// (speed is measured in bench/render.bench.ts) and give sane output.
import { describe, expect, it } from "vitest";
import { findActiveContent } from "../../test/helpers/html-inert";
import { textOf } from "../../test/helpers/katex-html";
import { auditRendered, visibleText } from "../../test/helpers/rendered-audit";
import {
  MARKDOWN_MAX_NESTING,
  MATH_MAX_HTML_CHARS_PER_SUMMARY,
  SUMMARY_MAX_BYTES,
} from "../core/limits";
import type { RenderResult } from "../core/render-contract";
import { renderMarkdown } from "./index";
import { clearKatexCache } from "./katex-render";

function fill(unit: string, bytes = SUMMARY_MAX_BYTES): string {
  return unit.repeat(Math.floor(bytes / unit.length));
}

/**
 * Generous, far above the production deadline (RENDER_DEADLINE_MS): it catches a render gone
 * quadratic on hostile input, not a slow machine. Speed itself is measured in bench/.
 */
const RENDER_BOUND_MS = 5_000;

function render(source: string): RenderResult {
  const started = performance.now();
  const result = renderMarkdown(source);
  expect(performance.now() - started).toBeLessThan(RENDER_BOUND_MS);
  expect(findActiveContent(result.html)).toEqual([]);
  return result;
}

const count = (html: string, tag: string) => html.split(`<${tag}>`).length - 1;

describe("hostile Markdown of 100 KB", () => {
  it.each(["*a_ ", "a_ ", "a]", "[", "[a](", "![", "~~a ", "\\", "&#", "<"])(
    "keeps the text of unmatched %j delimiters",
    (unit) => {
      const source = fill(unit);
      const { html, mathCount } = render(source);
      expect(mathCount).toBe(0);
      expect(textOf(html).trim()).toBe(source.trim().replace(/\\\\/g, "\\"));
      expect(html).not.toMatch(/<(em|strong|a|img|s)\b/);
    },
  );

  it("renders **_ runs as balanced emphasis and text", () => {
    const { html } = render(fill("**_"));
    expect(html.startsWith("<p>")).toBe(true);
    expect(count(html, "em")).toBe(html.split("</em>").length - 1);
    expect(count(html, "strong")).toBe(html.split("</strong>").length - 1);
    expect(textOf(html).trim()).toMatch(/^[*_]+$/);
  });

  it("bounds blockquote nesting", () => {
    const { html } = render(`${fill(">", 50_000)} deep`);
    expect(count(html, "blockquote")).toBeGreaterThan(10);
    expect(count(html, "blockquote")).toBeLessThanOrEqual(MARKDOWN_MAX_NESTING);
  });

  it("bounds list nesting", () => {
    const source = Array.from({ length: 2_000 }, (_, i) => `${" ".repeat(2 * i)}- item ${i}\n`)
      .join("")
      .slice(0, SUMMARY_MAX_BYTES);
    const { html } = render(source);
    // Nested lists are rendered up to the bound (a list level counts two), and no deeper.
    expect(count(html, "ul")).toBeGreaterThan(MARKDOWN_MAX_NESTING / 4);
    expect(count(html, "ul")).toBeLessThanOrEqual(MARKDOWN_MAX_NESTING);
    expect(html).toContain("item 0");
  });

  it("renders a single 100 KB line of words and one of a single word", () => {
    expect(textOf(render(fill("lorem ipsum ")).html).length).toBeGreaterThan(90_000);
    expect(textOf(render(fill("x")).html).length).toBe(SUMMARY_MAX_BYTES + 1);
  });

  it("renders many and long URLs", () => {
    const many = render(fill("https://example.org/a "));
    expect(count(many.html, "a href")).toBe(0);
    expect(many.html.split("<a href=").length - 1).toBe(Math.floor(SUMMARY_MAX_BYTES / 22));
    const long = render(`https://example.org/${fill("a", SUMMARY_MAX_BYTES - 20)}`);
    expect(long.html).toContain('<a href="https://example.org/aaaa');
  });

  it("renders \\cite{ without closing braces", () => {
    const { html } = render(fill("\\cite{a "));
    expect(html).not.toContain('class="cite"');
  });
});

describe("hostile math of 100 KB", () => {
  it.each(["$", "$ ", "$$", "$$ ", "\\$", "$5 ", "$a ", "\\(", "\\[", "$$$x"])(
    "leaves thousands of unmatched %j as text",
    (unit) => {
      const source = fill(unit);
      const { html, mathCount } = render(source);
      expect(mathCount).toBe(0);
      expect(textOf(html).trim()).toBe(source.trim().replace(/\\([$([])/g, "$1"));
    },
  );

  it("leaves lines opening display math that never closes as text", () => {
    const { html, mathCount } = render(fill("$$x\n\n"));
    expect(mathCount).toBe(0);
    expect(count(html, "p")).toBe(Math.floor(SUMMARY_MAX_BYTES / 5));
  });

  it("typesets thousands of repeated expressions once", () => {
    const { mathCount, mathErrors } = render(fill("$x$ ", 20_000));
    expect(mathCount).toBe(5_000);
    expect(mathErrors).toEqual([]);
  });

  it("bounds the size of the typeset math", () => {
    const { html, mathCount, mathErrors } = render(fill("$a$ "));
    expect(mathCount).toBe(Math.floor(SUMMARY_MAX_BYTES / 4));
    expect(mathErrors.length).toBeGreaterThan(0);
    expect(html.length).toBeLessThan(MATH_MAX_HTML_CHARS_PER_SUMMARY + 100 * SUMMARY_MAX_BYTES);
  });

  it("typesets distinct expressions until the summary's budget is spent", () => {
    const source = Array.from({ length: 12_000 }, (_, i) => `$a_{${i}}$`)
      .join(" ")
      .slice(0, SUMMARY_MAX_BYTES);
    const { mathCount, mathErrors, html } = render(source);
    expect(mathErrors.length).toBeGreaterThan(0);
    expect(mathErrors.length).toBeLessThan(mathCount);
    expect(html).toContain('<span class="math-error"');
  });

  it.each([
    ["((((", `$${fill("(", SUMMARY_MAX_BYTES - 2)}$`],
    ["a shorter ((((", `$${fill("(", 9_000)}$`],
    ["{{{{", `$${"{".repeat(4_000)}x${"}".repeat(4_000)}$`],
    ["\\left(", `$${fill("\\left(", 9_000)}$`],
    ["\\frac{", `$${"\\frac{".repeat(1_000)}x${"}{y}".repeat(1_000)}$`],
  ])("refuses one huge expression of %s with an error in place", (_name, source) => {
    const { mathCount, mathErrors, html } = render(source);
    expect(mathCount).toBe(1);
    expect(mathErrors).toHaveLength(1);
    expect(html).toContain('<span class="math-error"');
  });

  it.each([
    ["a recursive \\def", "\\def\\a{\\a\\a}\\a"],
    [
      "a \\def chain",
      "\\def\\a{xxxx}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c}\\d\\d\\d\\d",
    ],
    ["a long \\def used often", `\\def\\a{${"x".repeat(500)}}${"\\a".repeat(200)}`],
    ["a huge \\rule", "\\rule{99999em}{99999em}"],
  ])("renders a summary full of %s", (_name, tex) => {
    const one = `$${tex}$ `;
    const { html, mathCount } = render(fill(one));
    expect(mathCount).toBe(Math.floor(SUMMARY_MAX_BYTES / one.length));
    expect(html.startsWith("<p>")).toBe(true);
  });

  it("renders distinct macro bombs within the budget", () => {
    const source = Array.from(
      { length: 2_000 },
      (_, i) => `$\\def\\a{${i}${i}${i}}\\def\\b{\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b}\\c\\c\\c\\c$`,
    )
      .join(" ")
      .slice(0, SUMMARY_MAX_BYTES);
    const { mathErrors, html } = render(source);
    expect(mathErrors.length).toBeGreaterThan(0);
    expect(html.length).toBeLessThan(50_000_000);
  });
});

/**
 * A hostile input rendered cold (KaTeX memo cleared) and checked for active content. How long
 * it takes is the bench's business (`npm run bench`, "hostile HTML"), never a unit test's: a
 * time bound here fails on a busy machine and proves nothing on a quiet one.
 */
function renderTimed(source: string): RenderResult {
  clearKatexCache();
  const result = renderMarkdown(source);
  expect(findActiveContent(result.html)).toEqual([]);
  expect(auditRendered(result.html)).toEqual([]);
  return result;
}

const attributes = (n: number, make: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => make(i)).join(" ");

/** Nests `depth` deep of `open`…`close`, repeated to fill `bytes`. */
function nests(open: string, close: string, depth: number, bytes = SUMMARY_MAX_BYTES): string {
  return fill(`${open.repeat(depth)}x${close.repeat(depth)}\n`, bytes);
}

const hasTagText = (html: string) => /<\/?[a-z]/i.test(visibleText(html));

describe("hostile HTML of 100 KB", () => {
  it.each([
    ["nested <div>, 100 deep", nests("<div>", "</div>", 100)],
    ["nested <b>, 100 deep", nests("<b>", "</b>", 100)],
    ["nested inline and block, 99 deep", nests("<div><span><b>", "</b></span></div>", 33)],
    ["nested <details>, 40 deep", nests("<details><summary>s</summary>", "</details>", 40)],
    ["unclosed inline tags in each paragraph", fill("*a* <b>unclosed <i>tags\n\n")],
    ["unclosed <p> with text", fill("<p>x")],
    ["unclosed cells", `<table>${fill("<tr><td>")}`],
    ["unclosed <li>", `<ul>${fill("<li>x")}`],
    ["closing tags alone", fill("</div>")],
  ])("%s: linear, inert, used as HTML, no tag as text", (_name, source) => {
    const { html } = renderTimed(source);
    expect(hasTagText(html)).toBe(false);
    expect(html.length).toBeLessThan(4 * source.length);
  });

  // Hundreds of levels are an attack on the parser, not a summary: past the renderer's depth
  // limit (sanitize.ts) the document keeps its text without the author's tags. Still linear,
  // inert, no tag shown as text, and the author's text is all there.
  it.each([
    ["nested <div>, 25,000 deep", fill("<div>", 50_000) + fill("</div>", 50_000)],
    ["nested <b>, 33,000 deep", fill("<b>", 50_000) + fill("</b>", 50_000)],
    ["unclosed <b>", fill("<b>")],
    ["unclosed <sub> in a paragraph", `x ${fill("<sub>")}`],
    ["unclosed <div>", fill("<div>")],
    ["closing tags that close nothing", fill("<b>", 50_000) + fill("</i>", 50_000)],
    ["removed elements, unclosed", fill("<svg><math><style>")],
  ])("%s: linear, inert, tags dropped, text kept", (_name, source) => {
    const { html } = renderTimed(source);
    expect(hasTagText(html)).toBe(false);
    const text = source.replace(/<[^>]*>/g, "").replace(/\s/g, "");
    expect(visibleText(html).replace(/\s/g, "")).toBe(text);
    expect(html.length).toBeLessThan(6 * source.length);
  });

  it("10,000 attributes on one tag keep only the allowed one", () => {
    const span = `<span ${attributes(10_000, (i) => `data-a${i}="x"`)}>kept</span>`;
    expect(renderTimed(span).html).toBe("<p><span>kept</span></p>\n");
    const img = `<img ${attributes(10_000, (i) => `title="${i}" onerror${i}="alert(1)"`)} alt="a">`;
    const { html } = renderTimed(img);
    expect(html.match(/title=/g)).toHaveLength(1);
    expect(html).not.toContain("onerror");
  });

  it("tags inside math stay TeX: typeset, never HTML", () => {
    const inline = renderTimed(fill("$<b>x</b>$ "));
    expect(inline.mathCount).toBe(Math.floor(SUMMARY_MAX_BYTES / 11));
    expect(inline.html).not.toMatch(/<b>/);
    const display = renderTimed(fill("$$<script>a</script>$$\n\n"));
    expect(display.mathCount).toBeGreaterThan(3_000);
    expect(display.html).not.toMatch(/<script/);
  });

  it("an unclosed attribute quote is no tag: it stays text", () => {
    const source = fill('<a title="');
    const { html } = renderTimed(source.replace(/</g, "&lt;"));
    expect(renderMarkdown(source).html).toBe(html);
    expect(html).not.toContain("<a");
  });

  it("math inside 1,000 table cells: every cell typeset", () => {
    // A table repeats its symbols: 100 distinct expressions of each kind, over 1,000 cells.
    const rows = Array.from(
      { length: 500 },
      (_, i) => `<tr><td>$$x_{${i % 100}}$$</td><td>$y^{${i % 100}}$</td></tr>`,
    );
    const { html, mathCount, mathErrors } = renderTimed(`<table>\n${rows.join("\n")}\n</table>`);
    expect(mathCount).toBe(1_000);
    expect(mathErrors).toEqual([]);
    expect(html.split("<td>").length - 1).toBe(1_000);
    expect(html.split('<span class="katex-display">').length - 1).toBe(500);
  });
});
