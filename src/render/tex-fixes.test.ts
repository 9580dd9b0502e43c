import { describe, expect, it } from "vitest";
import { escapeStrayHashes, escapeTextScripts, nestingDepth, prepareTex } from "./tex-fixes";

describe("prepareTex", () => {
  it("promotes display-only environments and \\tag written inline", () => {
    expect(prepareTex(" \\begin{align} a \\end{align} ", false)).toEqual({
      tex: "\\begin{align} a \\end{align}",
      display: true,
    });
    expect(prepareTex("\\begin{gather*} a \\end{gather*}", false).display).toBe(true);
    expect(prepareTex("x \\tag{1}", false).display).toBe(true);
    expect(prepareTex("\\begin{aligned} a \\end{aligned}", false).display).toBe(false);
    expect(prepareTex("\\tagged", false).display).toBe(false);
  });

  it("renames environments KaTeX lacks", () => {
    expect(prepareTex("\\begin{multline*} a \\end{multline*}", true).tex).toBe(
      "\\begin{gather*} a \\end{gather*}",
    );
    expect(prepareTex("\\begin{eqnarray} a &=& b \\end{eqnarray}", false)).toEqual({
      tex: "\\begin{darray}{rcl} a &=& b \\end{darray}",
      display: true,
    });
    expect(prepareTex("\\begin{flalign} a \\end{flalign}", true).tex).toBe(
      "\\begin{align} a \\end{align}",
    );
  });
});

describe("escapeStrayHashes", () => {
  it("escapes a # that is no parameter", () => {
    expect(escapeStrayHashes("\\texttt{# a} # b")).toBe("\\texttt{\\# a} \\# b");
  });

  it("keeps parameters, ## and escaped #", () => {
    const tex = "\\def\\f#1#2{#1##2} \\# \\\\\\#";
    expect(escapeStrayHashes(tex)).toBe(tex);
  });

  it("escapes a # after an escaped backslash", () => {
    expect(escapeStrayHashes("a\\\\# b")).toBe("a\\\\\\# b");
  });
});

describe("escapeTextScripts", () => {
  it("makes _ and ^ in text arguments literal characters", () => {
    expect(escapeTextScripts("\\text{word_vec} + \\mbox{a^b}")).toBe(
      "\\text{word\\_vec} + \\mbox{a\\textasciicircum{}b}",
    );
    expect(escapeTextScripts("\\texttt {x_y} \\textbf{p_q} \\hbox{r_s}")).toBe(
      "\\texttt {x\\_y} \\textbf{p\\_q} \\hbox{r\\_s}",
    );
  });

  it("walks nested groups and nested text commands", () => {
    expect(escapeTextScripts("\\text{a {b_c} \\textit{d_e} f_g}")).toBe(
      "\\text{a {b\\_c} \\textit{d\\_e} f\\_g}",
    );
  });

  it("leaves scripts outside text, math nested in text and escaped characters alone", () => {
    const untouched = [
      "x_i^2 + \\text{loss}_t^{2}",
      "\\text{for $x_i$ and \\(y^2\\)}",
      "\\text{a\\_b \\{c\\} \\$}",
      "\\textcolor{red}{x_i}",
      "\\mathrm{arg_max}",
      "\\text x_i",
    ];
    for (const tex of untouched) expect(escapeTextScripts(tex), tex).toBe(tex);
  });

  it("stops at the end of the argument, even when a brace is escaped inside it", () => {
    expect(escapeTextScripts("\\text{a\\}b_c}_d")).toBe("\\text{a\\}b\\_c}_d");
    expect(escapeTextScripts("\\text{unclosed_x")).toBe("\\text{unclosed\\_x");
  });
});

describe("nestingDepth", () => {
  it("counts groups, \\left and environments", () => {
    expect(nestingDepth("a")).toBe(0);
    expect(nestingDepth("{{a}}")).toBe(2);
    expect(nestingDepth("\\left( \\left[ x \\right] \\right)")).toBe(2);
    expect(nestingDepth("\\begin{array}{c} {x} \\end{array}")).toBe(2);
  });

  it("ignores escaped braces and longer command names", () => {
    expect(nestingDepth("\\{ \\{ \\rightarrow \\leftarrow \\endgraf")).toBe(0);
  });
});
