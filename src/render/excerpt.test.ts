// A card's excerpt (excerpt.ts): whole blocks, math kept whole, bounded in text and bytes.
import fc from "fast-check";
import { DomUtils, parseDocument } from "htmlparser2";
import { describe, expect, it } from "vitest";
import { EXCERPT_MAX_BYTES, EXCERPT_TEXT_CHARS } from "../core/limits";
import { excerptOf, utf8Bytes, visibleChars } from "./excerpt";
import { renderMarkdown } from "./index";
import { textOutsideMath } from "./test-rendered-dom";

const html = (source: string) => renderMarkdown(source).html;
const sentence = (i: number) => `Sentence number ${i} says something about the method.`;
const paragraph = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => sentence(from + i)).join(" ");

/** The TeX of each formula in the HTML, in order. */
function formulas(root: string): string[] {
  return DomUtils.findAll(
    (e) => e.name === "annotation",
    parseDocument(root).children as never,
  ).map((e) => DomUtils.textContent(e));
}

/** Every formula is whole: its MathML (with its TeX) and its HTML rendering both there. */
function mathIsWhole(root: string): boolean {
  return DomUtils.findAll(
    (e) => (e.attribs.class ?? "").split(" ").includes("katex"),
    parseDocument(root).children as never,
  ).every(
    (k) =>
      DomUtils.findOne((e) => e.name === "annotation", k.children) !== null &&
      DomUtils.findOne((e) => e.attribs.class === "katex-html", k.children) !== null,
  );
}

/** Serialising the parsed excerpt gives it back: every tag it opens, it closes. */
function isBalanced(root: string): boolean {
  const stack: string[] = [];
  for (const m of root.matchAll(/<(\/?)([a-z][a-z0-9-]*)[^>]*>/g)) {
    const name = m[2] ?? "";
    if (["br", "hr", "img", "wbr", "col", "area"].includes(name)) continue;
    if (m[1]) {
      if (stack.pop() !== name) return false;
    } else stack.push(name);
  }
  return stack.length === 0;
}

describe("whole blocks", () => {
  it("keeps a short summary whole, not cut", () => {
    const stored = html(`First paragraph with $x^2$.\n\nSecond one.`);
    expect(excerptOf(stored)).toEqual({ html: stored.trimEnd(), cut: false });
  });

  it("takes paragraphs while their text stays within the budget, and says it cut", () => {
    const stored = html([1, 2, 3, 4, 5].map((i) => paragraph(i * 10, 4)).join("\n\n"));
    const e = excerptOf(stored);
    expect(e.cut).toBe(true);
    // Each paragraph is ~210 characters: two fit in 600, the third would not.
    expect(e.html).toBe(`<p>${paragraph(10, 4)}</p>\n<p>${paragraph(20, 4)}</p>`);
    expect(visibleChars(textOutsideMath(e.html))).toBeLessThanOrEqual(EXCERPT_TEXT_CHARS);
  });

  it("ends at a block boundary: lists, quotes, tables and code are never cut once one is taken", () => {
    const stored = html(
      `${paragraph(1, 6)}\n\n- ${sentence(7)}\n- ${sentence(8)}\n- ${paragraph(9, 8)}\n\n> quote`,
    );
    const e = excerptOf(stored);
    expect(e.cut).toBe(true);
    expect(e.html).toBe(`<p>${paragraph(1, 6)}</p>`);
  });

  it("demotes headings to bold paragraphs and drops a trailing one", () => {
    const stored = html(
      `## The problem\n\n${paragraph(1, 8)}\n\n## Next part\n\n${paragraph(10, 9)}`,
    );
    const e = excerptOf(stored);
    expect(e.html).toBe(`<p class="excerpt-heading">The problem</p>\n<p>${paragraph(1, 8)}</p>`);
    expect(e.html).not.toMatch(/<h[1-6]/);
  });

  it("shows an image as its alt text", () => {
    const e = excerptOf(
      html(
        `See ![a "plot" <here>](https://e.org/a.png) and [![](https://e.org/b.png)](https://e.org/).`,
      ),
    );
    expect(e.html).toBe(
      '<p>See a &quot;plot&quot; &lt;here&gt; and <a href="https://e.org/" rel="nofollow ugc noopener">(image)</a>.</p>',
    );
  });
});

describe("a long first block", () => {
  it("is cut at a sentence end inside, its elements closed, with an ellipsis", () => {
    const stored = html(`**${paragraph(1, 8)}** ${paragraph(20, 8)}\n\nmore`);
    const e = excerptOf(stored);
    expect(e.cut).toBe(true);
    expect(isBalanced(e.html)).toBe(true);
    expect(e.html).toMatch(/^<p><strong>Sentence number 1 .*\.<\/strong> .*method\.…<\/p>$/);
    const chars = visibleChars(textOutsideMath(e.html));
    expect(chars).toBeLessThanOrEqual(EXCERPT_TEXT_CHARS + 1);
    expect(chars).toBeGreaterThan(EXCERPT_TEXT_CHARS / 2);
  });

  it("cuts a long list item-wise and drops the items it could not start", () => {
    const items = Array.from({ length: 30 }, (_, i) => `- ${sentence(i)}`).join("\n");
    const e = excerptOf(html(items));
    expect(e.html.startsWith("<ul>\n<li>Sentence number 0")).toBe(true);
    expect(e.html.endsWith("</ul>")).toBe(true);
    expect(e.html).not.toMatch(/<li>\s*<\/li>/);
    expect(isBalanced(e.html)).toBe(true);
  });

  it("cuts a word-less run of text (no spaces) at a character, never inside an entity", () => {
    const e = excerptOf(html("&amp;".repeat(2000)));
    expect(e.html).toMatch(/^<p>(?:&amp;)+…<\/p>$/);
  });
});

describe("math", () => {
  it("keeps a formula that opens the summary, whole", () => {
    const stored = html(`$$\n\\sum_{i=1}^n x_i^2\n$$\n\n${paragraph(1, 20)}`);
    const e = excerptOf(stored);
    expect(formulas(e.html)).toEqual(["\\sum_{i=1}^n x_i^2"]);
    expect(mathIsWhole(e.html)).toBe(true);
  });

  it("counts a formula as its TeX, not its glyph boxes", () => {
    const stored = html(`Let $\\alpha$ be small.`);
    expect(visibleChars(textOutsideMath(stored))).toBeGreaterThan(10);
    // "Let " + "\alpha" + " be small." = 4 + 6 + 10
    expect(excerptOf(stored, { chars: 20, bytes: 100_000 }).cut).toBe(false);
    expect(excerptOf(stored, { chars: 19, bytes: 100_000 }).cut).toBe(true);
  });

  it("stops before a formula that does not fit, never inside it", () => {
    const stored = html(`${paragraph(1, 2)} $a+b$ ${paragraph(3, 20)}`);
    for (const chars of [90, 100, 104, 105, 106, 110]) {
      const e = excerptOf(stored, { chars, bytes: 100_000 });
      expect(mathIsWhole(e.html)).toBe(true);
      expect(isBalanced(e.html)).toBe(true);
    }
  });

  it("shows a formula too big for any card as its TeX source", () => {
    const tex = Array.from({ length: 30 }, (_, i) => `\\frac{a_{${i}}}{b}`).join("+");
    const e = excerptOf(html(`Huge: $${tex}$ end.`));
    expect(utf8Bytes(html(`$${tex}$`))).toBeGreaterThan(EXCERPT_MAX_BYTES);
    expect(e.html).toContain(`<code class="tex">${tex}</code>`);
    expect(e.html).not.toContain('class="katex"');
  });

  it("stays within the byte budget with math-dense text", () => {
    const dense = Array.from({ length: 80 }, (_, i) => `$x_{${i}}^2$`).join(" and ");
    const e = excerptOf(html(`${dense}\n\n${dense}`));
    expect(utf8Bytes(e.html)).toBeLessThanOrEqual(EXCERPT_MAX_BYTES + 100);
    expect(formulas(e.html).length).toBeGreaterThan(1);
    expect(mathIsWhole(e.html)).toBe(true);
  });
});

describe("any summary", () => {
  const piece = fc.constantFrom(
    "## A heading",
    "Plain text with *emphasis* and **bold** words.",
    "Inline $x_i + y^2$ math and \\(\\alpha\\).",
    "$$\n\\int_0^1 f(x)\\,dx\n$$",
    "- one\n- two $z$\n- three",
    "1. first\n2. second",
    "> a quote with $q$",
    "| a | b |\n|---|---|\n| $1$ | 2 |",
    "~~~\ncode <x> & y\n~~~",
    '<div align="center">centred $c$</div>',
    "Bad $\\frac{a$ math.",
    "![alt](https://e.org/i.png)",
    "A long sentence that goes on and on with words. ".repeat(12),
  );

  it("is balanced HTML with whole formulas, within the budgets, a prefix of the summary's math", () => {
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 14 }), (pieces) => {
        const stored = html(pieces.join("\n\n"));
        const e = excerptOf(stored);
        expect(isBalanced(e.html)).toBe(true);
        expect(mathIsWhole(e.html)).toBe(true);
        expect(utf8Bytes(e.html)).toBeLessThanOrEqual(EXCERPT_MAX_BYTES + 200);
        expect(visibleChars(textOutsideMath(e.html))).toBeLessThanOrEqual(EXCERPT_TEXT_CHARS + 40);
        const all = formulas(stored);
        expect(all.slice(0, formulas(e.html).length)).toEqual(formulas(e.html));
        expect(e.html).not.toMatch(/<h[1-6]|<img/);
      }),
      { numRuns: 150 },
    );
  });
});
