// Issue 9: the delimiters MathJax accepted (math-scan.ts states the rules) and the author
// slips it rendered (tex-fixes.ts), through the whole renderer. Fixtures written for this
// project.
import { describe, expect, it } from "vitest";
import { displayCount, textOf, typesetTex, withoutKatex } from "../../test/helpers/katex-html";
import { renderMarkdown } from "./index";

function render(source: string) {
  const result = renderMarkdown(source);
  return { ...result, tex: typesetTex(result.html), bare: withoutKatex(result.html) };
}

describe("MathJax-compatible delimiters", () => {
  it("closes at a $ after a space, keeping \\; (which Markdown would read as an escape)", () => {
    const r = render("Assume $\\rho(x) > 0 \\;\\forall\\; x $ from now on.");
    expect(r.tex).toEqual(["\\rho(x) > 0 \\;\\forall\\; x"]);
    expect(r.bare).toBe("<p>Assume ⟨\\rho(x) > 0 \\;\\forall\\; x⟩ from now on.</p>\n");
    expect(r.mathErrors).toEqual([]);
  });

  it("closes at a $ after a space before punctuation and at the end of a line", () => {
    const r = render("both $u + v $, and\n$w $\nhold");
    expect(r.tex).toEqual(["u + v", "w"]);
  });

  it("does not close at a $ after a space that reads as an opening $", () => {
    const r = render("from $a $b to $\\gamma$");
    expect(r.tex).toEqual(["\\gamma"]);
    expect(textOf(r.bare)).toBe("from $a $b to ⟨\\gamma⟩\n");
  });

  it("typesets $ x$, \\(…\\) inline and \\[…\\] display, with Markdown characters inside", () => {
    const r = render("with $ k_1$ and \\(a_1 * b_1 * c\\) and \\[\\sum_i x_i^*\\] done");
    expect(r.tex).toEqual(["k_1", "a_1 * b_1 * c", "\\sum_i x_i^*"]);
    expect(displayCount(r.html)).toBe(1);
    expect(r.html).not.toContain("<em>");
  });

  it("typesets $$…$$ mid-sentence as display math", () => {
    const r = render("so $$\\lVert w \\rVert_2 \\le 1$$ bounds it");
    expect(r.tex).toEqual(["\\lVert w \\rVert_2 \\le 1"]);
    expect(displayCount(r.html)).toBe(1);
  });

  it("keeps money as text", () => {
    for (const text of [
      "The run cost $7 an hour and $55 in all.",
      "a $ 5 fee and a $ 6 fee",
      "between $3 and $ 4 per GPU",
      "$12.50 or $ 13",
    ]) {
      const r = render(text);
      expect(r.mathCount, text).toBe(0);
      expect(textOf(r.html), text).toBe(`${text}\n`);
    }
  });

  it("does not pair $ across a blank line", () => {
    const r = render("it costs $x\n\nand later y$ too");
    expect(r.mathCount).toBe(0);
    expect(r.html).toBe("<p>it costs $x</p>\n<p>and later y$ too</p>\n");
  });

  it("keeps an escaped \\$ and escaped \\( literal", () => {
    const r = render("pay \\$x + y \\$ now, and \\\\(z\\\\)");
    expect(r.mathCount).toBe(0);
    expect(textOf(r.html)).toBe("pay $x + y $ now, and \\(z\\)\n");
  });

  it("leaves code spans and code blocks untouched", () => {
    const r = render("set `$PATH $` for $5 and `\\(q\\)`, or $9 `$x$`\n\n```\n$y$ \\(z\\)\n```");
    expect(r.mathCount).toBe(0);
    expect(r.html).toBe(
      "<p>set <code>$PATH $</code> for $5 and <code>\\(q\\)</code>, or $9 <code>$x$</code></p>\n" +
        "<pre><code>$y$ \\(z\\)\n</code></pre>\n",
    );
  });
});

describe("author slips that MathJax rendered", () => {
  it("shows _ and ^ inside \\text and \\mbox as characters", () => {
    const r = render("$\\text{soft_max}(z) + \\mbox{x^2 term} + \\textbf{arg_min}$");
    expect(r.mathErrors).toEqual([]);
    const math = textOf(r.html.replace(/<annotation[\s\S]*?<\/annotation>/g, ""));
    expect(math).toContain("soft_max");
    // KaTeX writes the space in text as a no-break space.
    expect(math).toMatch(/x\^2\sterm/);
    expect(math).toContain("arg_min");
  });

  it("keeps scripts of math nested in \\text", () => {
    const r = render("$\\text{for all $x_i$}$");
    expect(r.mathErrors).toEqual([]);
    expect(r.html).toContain("<msub><mi>x</mi><mi>i</mi></msub>");
  });

  it.each([
    ["{\\bf v} w", '<mi mathvariant="bold">v</mi><mi>w</mi>'],
    ["\\bf v + w", '<mi mathvariant="bold">v</mi><mo>+</mo><mi mathvariant="bold">w</mi>'],
    ["a {\\rm d} x", '<mi>a</mi><mi mathvariant="normal">d</mi><mi>x</mi>'],
    ["\\frac{\\it d}{\\rm e} f", '<mi mathvariant="normal">e</mi></mfrac><mi>f</mi>'],
  ])("honours %s as a font switch to the end of its group", (tex, mathml) => {
    const r = render(`$${tex}$`);
    expect(r.mathErrors).toEqual([]);
    expect(r.html).toContain(mathml);
  });

  it("reads \\R, \\N, \\Z as blackboard letters and \\lt, \\gt as < and >", () => {
    const r = render("$\\R \\N \\Z$ and $a \\lt b \\gt c$");
    expect(r.mathErrors).toEqual([]);
    for (const letter of ["R", "N", "Z"]) {
      expect(r.html).toContain(`<mi mathvariant="double-struck">${letter}</mi>`);
    }
    expect(r.html).toContain("<mo>&lt;</mo><mi>b</mi><mo>&gt;</mo>");
  });

  it("shows a slip that still fails as its source with KaTeX's message, in place", () => {
    const r = render("before $\\text{a_b} \\nosuchmacro$ after");
    expect(r.mathErrors).toEqual([
      expect.objectContaining({ source: "\\text{a_b} \\nosuchmacro", display: false }),
    ]);
    expect(r.mathErrors[0]?.message).toContain("\\nosuchmacro");
    expect(r.html).toMatch(
      /^<p>before <span class="math-error" title="[^"]*nosuchmacro[^"]*"><code>\$\\text\{a_b\} \\nosuchmacro\$<\/code><\/span> after<\/p>\n$/,
    );
  });
});
