import { describe, expect, it } from "vitest";
import { escapeStrayHashes, nestingDepth, prepareTex } from "./tex-fixes";

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
