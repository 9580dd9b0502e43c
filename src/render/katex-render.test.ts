import { describe, expect, it } from "vitest";
import { findActiveContent } from "../../test/helpers/html-inert";
import { typesetTex } from "../../test/helpers/katex-html";
import {
  KATEX_MAX_WORK_PER_EXPRESSION,
  KATEX_MAX_WORK_PER_SUMMARY,
  KATEX_WORK_PER_EXPRESSION_BASE,
} from "../core/limits";
import { renderMarkdown } from "./index";
import { clearKatexCache, renderTex } from "./katex-render";

describe("renderTex", () => {
  it("returns HTML and MathML with the TeX as annotation", () => {
    const outcome = renderTex("x_i^2", false, {}, "", 1000);
    expect(outcome.error).toBeNull();
    expect(outcome.html).toContain('<span class="katex-mathml"><math');
    expect(outcome.html).toContain('<span class="katex-html" aria-hidden="true">');
    expect(typesetTex(outcome.html ?? "")).toEqual(["x_i^2"]);
    expect(outcome.work).toBeGreaterThan(0);
  });

  it("reports KaTeX's message without echoing the source", () => {
    const outcome = renderTex("\\frac{1", false, {}, "", 1000);
    expect(outcome.html).toBeNull();
    expect(outcome.error).toMatch(/^Unexpected end of input/);
    expect(outcome.error).not.toContain("\u0332");
  });

  it("gives the same outcome with and without the cache, whatever the limit", () => {
    const tex = "\\sum_{i=1}^{n} \\frac{a_i}{b_i} + \\sqrt{x}";
    clearKatexCache();
    const full = renderTex(tex, false, {}, "", 1000);
    for (const limit of [1, full.work - 1, full.work, full.work + 1]) {
      const cached = renderTex(tex, false, {}, "", limit);
      clearKatexCache();
      const fresh = renderTex(tex, false, {}, "", limit);
      expect(cached, `limit ${limit}`).toEqual(fresh);
      expect(fresh.exhausted).toBe(limit < full.work);
    }
  });
});

describe("KaTeX links and trust", () => {
  it.each([
    "\\href{javascript:alert(1)}{x}",
    "\\href{JavaScript:alert(1)}{x}",
    "\\href{ javascript:alert(1)}{x}",
    "\\href{&#106;avascript:alert(1)}{x}",
    "\\url{vbscript:msgbox(1)}",
    "\\href{data:text/html,<script>alert(1)</script>}{x}",
    "\\href{/relative}{x}",
    "\\htmlClass{x}{y} \\htmlId{x}{y} \\htmlStyle{color:red}{y} \\htmlData{x=1}{y}",
    "\\includegraphics{https://example.org/a.png}",
  ])("makes %s inert", (tex) => {
    const { html, mathErrors } = renderMarkdown(`$${tex}$`);
    expect(findActiveContent(html)).toEqual([]);
    expect(html).not.toMatch(/<a |<img |id="x"|style="color:red/);
    expect(mathErrors).toEqual([]);
  });

  it("keeps web links from \\href and \\url, marked as user content", () => {
    const { html } = renderMarkdown(
      "$\\href{https://example.org/a}{x} \\url{http://example.org/b}$",
    );
    expect(html).toContain('<a rel="nofollow ugc noopener" href="https://example.org/a">');
    expect(html).toContain('<a rel="nofollow ugc noopener" href="http://example.org/b">');
  });
});

describe("work limits", () => {
  it("stops macro bombs", () => {
    for (const tex of [
      "\\def\\a{\\a\\a}\\a",
      "\\def\\a{xxxxxxxxxx}\\def\\b{\\a\\a\\a\\a\\a\\a\\a\\a\\a\\a}\\def\\c{\\b\\b\\b\\b\\b\\b\\b\\b\\b\\b}\\def\\d{\\c\\c\\c\\c\\c\\c\\c\\c\\c\\c}\\d",
      "\\newcommand{\\x}[1]{#1#1#1#1}\\x{\\x{\\x{\\x{\\x{\\x{\\x{y}}}}}}}",
    ]) {
      const started = performance.now();
      const { mathErrors } = renderMarkdown(`$${tex}$`);
      // Generous: a bomb must be stopped early, not merely eventually.
      expect(performance.now() - started, tex).toBeLessThan(5_000);
      expect(mathErrors, tex).toHaveLength(1);
    }
  });

  it("caps sizes", () => {
    const { html, mathErrors } = renderMarkdown("$\\rule{100000em}{100000em} \\kern{99999em}$");
    expect(mathErrors).toEqual([]);
    expect(html).toContain("border-top-width:50em");
    expect(html).not.toMatch(/style="[^"]*[0-9]{3,}(\.[0-9]+)?em/);
  });

  it("shares a budget across a summary's distinct expressions", () => {
    const expressions = 2 * Math.ceil(KATEX_MAX_WORK_PER_SUMMARY / KATEX_WORK_PER_EXPRESSION_BASE);
    const source = Array.from({ length: expressions }, (_, i) => `$x_{${i}}$`).join(" ");
    const { mathCount, mathErrors } = renderMarkdown(source);
    expect(mathCount).toBe(expressions);
    expect(mathErrors.length).toBeGreaterThan(expressions / 2);
    expect(mathErrors.at(-1)?.message).toMatch(/more math than can be typeset/);
    // Repeating one expression costs once.
    expect(renderMarkdown("$y$ ".repeat(expressions)).mathErrors).toEqual([]);
  });

  it("refuses an expression needing more work than one may have", () => {
    const tex = "x+".repeat(KATEX_MAX_WORK_PER_EXPRESSION);
    const { mathErrors } = renderMarkdown(`$${tex}$`);
    expect(mathErrors[0]?.message).toMatch(/too much work/);
  });

  it("refuses deep nesting without exhausting the stack", () => {
    const { mathErrors } = renderMarkdown(`$${"{".repeat(3000)}x${"}".repeat(3000)}$`);
    expect(mathErrors[0]?.message).toBe("The expression is nested too deeply.");
  });
});
