// One test per hazard listed in the math notes (docs/math.md of the shared material), each
// with fixtures written for this project.
import { describe, expect, it } from "vitest";
import { displayCount, textOf, typesetTex, withoutKatex } from "../../test/helpers/katex-html";
import { renderMarkdown } from "./index";

function render(source: string) {
  const result = renderMarkdown(source);
  return { ...result, tex: typesetTex(result.html), bare: withoutKatex(result.html) };
}

describe("delimiters", () => {
  it("typesets $…$ inline", () => {
    const r = render("Let $a^2 + b^2$ be given.");
    expect(r.tex).toEqual(["a^2 + b^2"]);
    expect(displayCount(r.html)).toBe(0);
    expect(r.bare).toBe("<p>Let ⟨a^2 + b^2⟩ be given.</p>\n");
  });

  it("typesets $$…$$ on lines of its own as a display block", () => {
    const r = render("Before\n\n$$\n\\sum_{k=1}^n k\n$$\n\nAfter");
    expect(r.tex).toEqual(["\\sum_{k=1}^n k"]);
    expect(r.bare).toContain('<div class="math-scroll" tabindex="0"><span class="katex-display">⟨');
    expect(r.mathErrors).toEqual([]);
  });

  it("typesets $$…$$ written mid-sentence as display math inside the paragraph", () => {
    const r = render("so that $$q = \\arg\\max_j p_j$$ holds for every step.");
    expect(r.tex).toEqual(["q = \\arg\\max_j p_j"]);
    expect(displayCount(r.html)).toBe(1);
    expect(r.bare).toMatch(
      /^<p>so that <span class="math-scroll" tabindex="0"><span class="katex-display">⟨.*⟩<\/span><\/span> holds/,
    );
  });

  it("typesets $ x$ with white space after the opening $, and $ … $ spaced on both sides", () => {
    const r = render(
      "the loss $ \\ell(\\theta)$ and the table $ \\begin{array}{c|c} u & v \\end{array} $ here",
    );
    expect(r.tex).toEqual(["\\ell(\\theta)", "\\begin{array}{c|c} u & v \\end{array}"]);
    expect(r.mathErrors).toEqual([]);
  });

  it("typesets \\(…\\) inline and \\[…\\] as display", () => {
    const r = render("inline \\(e^{i\\pi}\\) then \\[\\int_0^1 f\\] end");
    expect(r.tex).toEqual(["e^{i\\pi}", "\\int_0^1 f"]);
    expect(displayCount(r.html)).toBe(1);
  });

  it("typesets a \\[ … \\] block spanning lines", () => {
    const r = render("\\[\n  u \\\\ v\n\\]");
    expect(r.tex).toEqual(["u \\\\ v"]);
    expect(r.bare).toContain('<div class="math-scroll" tabindex="0">');
  });

  it("keeps the formula of $$formula on one line and $$ on the next", () => {
    const r = render("$$\\frac{p}{q}\n$$");
    expect(r.tex).toEqual(["\\frac{p}{q}"]);
    const closedOnFirst = render("$$\nr_t = \\gamma r_{t+1}$$");
    expect(closedOnFirst.tex).toEqual(["r_t = \\gamma r_{t+1}"]);
  });

  it("does not read Markdown block syntax inside a display block", () => {
    // `=` and `- ` lines would otherwise make a heading and a list.
    const r = render("intro\n$$\na\n=\n- b\n$$\nrest");
    expect(r.tex).toEqual(["a\n=\n- b"]);
    expect(r.html).not.toMatch(/<h1>|<li>/);
  });

  it("treats an escaped \\$ as a literal dollar and an unclosed $ as text", () => {
    expect(render("it costs \\$3 per $x$").bare).toBe("<p>it costs $3 per ⟨x⟩</p>\n");
    const unclosed = render("a lone $\\alpha and a $5 bill");
    expect(unclosed.tex).toEqual([]);
    expect(textOf(unclosed.html)).toBe("a lone $\\alpha and a $5 bill\n");
  });

  it("opens math after a letter, as in filter$\\times$size", () => {
    expect(render("filter$\\times$size").bare).toBe("<p>filter⟨\\times⟩size</p>\n");
  });
});

describe("Markdown does not touch math", () => {
  it("leaves _ and * inside math alone (no emphasis)", () => {
    const r = render("both $x_i$ and $y_i$, and $\\theta^*$ or $\\phi^*$");
    expect(r.tex).toEqual(["x_i", "y_i", "\\theta^*", "\\phi^*"]);
    expect(r.html).not.toContain("<em>");
  });

  it("keeps \\\\ row breaks", () => {
    const r = render("$\\begin{matrix} a & b \\\\ c & d \\end{matrix}$");
    expect(r.tex).toEqual(["\\begin{matrix} a & b \\\\ c & d \\end{matrix}"]);
  });

  it("keeps \\{ \\} \\| \\! \\% escapes", () => {
    const tex = "\\{ x \\} \\| y \\! z \\% w";
    expect(render(`$${tex}$`).tex).toEqual([tex]);
  });

  it("does not take < inside math for a tag", () => {
    const r = render("$p(z_t \\mid z_{<t})$ and $a<b$");
    expect(r.tex).toEqual(["p(z_t \\mid z_{<t})", "a<b"]);
    expect(r.mathErrors).toEqual([]);
  });

  it("keeps Markdown working around math", () => {
    const r = render("*a $b*c$ d* and `$code$`");
    expect(r.bare).toBe("<p><em>a ⟨b*c⟩ d</em> and <code>$code$</code></p>\n");
  });
});

describe("TeX that MathJax accepted and KaTeX needs help with", () => {
  it.each([
    ["align", "\\begin{align} a &= b \\\\ c &= d \\end{align}"],
    ["align*", "\\begin{align*} a &= b \\end{align*}"],
    ["equation", "\\begin{equation} E = mc^2 \\end{equation}"],
    ["gather", "\\begin{gather} a \\\\ b \\end{gather}"],
    ["alignat", "\\begin{alignat}{2} a &= b & c &= d \\end{alignat}"],
    ["multline", "\\begin{multline} a + b \\\\ + c \\end{multline}"],
    ["CD", "\\begin{CD} A @>f>> B \\end{CD}"],
  ])("typesets %s inside single $ in display mode", (_name, tex) => {
    const r = render(`see $${tex}$ there`);
    expect(r.mathErrors).toEqual([]);
    expect(r.mathCount).toBe(1);
    expect(displayCount(r.html)).toBe(1);
    expect(r.html).toContain('<span class="math-scroll" tabindex="0"><span class="katex-display">');
  });

  it.each([
    ["\\mbox", "x = \\mbox{split}(y)"],
    ["\\DeclareMathOperator", "\\DeclareMathOperator{\\tr}{tr} \\tr A"],
    ["\\DeclareMathOperator*", "\\DeclareMathOperator*{\\amax}{arg\\,max} \\amax_x f"],
    ["\\label and \\eqref", "a = b \\label{eq:one_a} \\quad \\eqref{eq:one_a}"],
    ["\\mathbbm", "\\mathbbm{1}[x > 0]"],
    ["\\textsc", "\\textsc{Adam}(\\theta)"],
    ["\\hfill", "a \\hfill b"],
    ["\\intertext", "\\begin{align} a &= b \\intertext{and} c &= d \\end{align}"],
    ["\\R", "x \\in \\R^n"],
    ["\\newcommand of an existing name", "\\newcommand{\\vec}[1]{\\mathbf{#1}} \\vec{v}"],
    ["a bare # in \\texttt", "\\texttt{# recover} \\quad \\#"],
  ])("accepts %s", (_name, tex) => {
    const r = render(`$${tex}$`);
    expect(r.mathErrors).toEqual([]);
    expect(r.tex).toHaveLength(1);
  });

  it("escapes a bare # but not macro parameters", () => {
    const r = render("$\\texttt{# go} \\def\\twice#1{#1#1} \\twice{z}$");
    expect(r.tex).toEqual(["\\texttt{\\# go} \\def\\twice#1{#1#1} \\twice{z}"]);
  });

  it("shows \\eqref's label as text", () => {
    expect(textOf(render("$\\eqref{eq:loss_2}$").html)).toContain("(eq:loss_2)");
  });

  it("applies an operator declared in one expression to the whole summary", () => {
    const r = render("Let $\\DeclareMathOperator*{\\Top}{top}$ and then $\\Top_k x$.");
    expect(r.mathErrors).toEqual([]);
    expect(r.html).toContain("top");
    // Not to another summary.
    expect(render("$\\Top_k x$").mathErrors).toHaveLength(1);
  });

  it("colours only the argument of \\color{red}{x}, as MathJax 2 did", () => {
    const html = render("$\\color{red}{x} y$").html;
    expect(html).toContain('<mstyle mathcolor="red"><mi>x</mi></mstyle><mi>y</mi>');
  });
});

describe("money", () => {
  it("leaves dollar amounts as text", () => {
    for (const text of [
      "costs $5 and $10",
      "between $ 5 and $ 10 a month",
      "prices: $5/$6",
      "I had $5. You had $6.",
    ]) {
      const r = render(text);
      expect(r.mathCount, text).toBe(0);
      expect(textOf(r.html), text).toBe(`${text}\n`);
    }
  });

  it("takes $ … $ spaced on both sides for math only when it looks like TeX", () => {
    expect(render("use the $ sign and the $ key").mathCount).toBe(0);
    expect(render("so $ x $ and $ \\alpha + 1 $ hold").tex).toEqual(["x", "\\alpha + 1"]);
  });

  it("still finds math after an amount", () => {
    const r = render("It costs $5, and $x^2$ grows.");
    expect(r.tex).toEqual(["x^2"]);
    expect(textOf(r.bare)).toBe("It costs $5, and ⟨x^2⟩ grows.\n");
  });
});

describe("tables and raw HTML", () => {
  it("keeps math in a table cell; a pipe in the cell is written \\| (GFM) or \\vert", () => {
    const r = render("| a | b |\n|---|---|\n| $u \\| v$ | $\\vert w \\vert$ |");
    expect(r.tex).toEqual(["u | v", "\\vert w \\vert"]);
    expect(r.html.match(/<td>/g)).toHaveLength(2);
  });

  it("keeps allowed HTML (issue 9) and decodes entities", () => {
    const r = render("H<sub>2</sub>O &alpha; &amp; $x$");
    expect(r.bare).toBe("<p>H<sub>2</sub>O α &amp; ⟨x⟩</p>\n");
  });
});

describe("errors", () => {
  it("shows a failing expression's source in place and reports it", () => {
    const r = render("good $a$ bad $\\frac{1$ <b> and $\\nosuch{x}$ end");
    expect(r.mathCount).toBe(3);
    expect(r.mathErrors.map((e) => e.source)).toEqual(["\\frac{1", "\\nosuch{x}"]);
    expect(r.mathErrors[1]?.message).toContain("\\nosuch");
    expect(r.html).toContain('<span class="math-error" title="');
    expect(r.html).toContain("<code>$\\frac{1$</code>");
    expect(r.html).toContain("<b> and");
    expect(r.html).not.toContain("katex-error");
  });

  it("reports a display block's error as display", () => {
    const r = render("$$\n\\begin{nosuchenv} x\n$$");
    expect(r.mathErrors).toEqual([
      expect.objectContaining({ source: "\\begin{nosuchenv} x", display: true }),
    ]);
    expect(r.html).toMatch(
      /^<p><span class="math-error" title="[^"]+"><code>\$\$\\begin\{nosuchenv\} x\$\$<\/code><\/span><\/p>\n$/,
    );
  });

  it("renders every expression independently: a \\def does not reach the next one", () => {
    const r = render("$\\def\\foo{1}\\foo$ then $\\foo$");
    expect(r.mathErrors.map((e) => e.source)).toEqual(["\\foo"]);
    renderMarkdown("$\\gdef\\leak{1}\\leak$");
    expect(render("$\\leak$").mathErrors).toHaveLength(1);
  });
});
