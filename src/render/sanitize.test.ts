// The allowlist and the placeholders around it (sanitize.ts, fragments.ts, html-math.ts).
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./index";
import { HTML_MAX_DEPTH, nestsTooDeep, sanitizeRendered } from "./sanitize";
import { all, dom, katexIn, tagsShownAsText, textOf } from "./test-rendered-dom";

const html = (source: string) => renderMarkdown(source).html;

describe("attributes", () => {
  it("keeps only checked values: align as a class, sizes in pixels or percent", () => {
    expect(sanitizeRendered('<img src="a.png" width="350px" height="50%" align="right">')).toBe(
      '<img class="align-right" src="a.png" width="350" height="50%" loading="lazy">',
    );
    expect(sanitizeRendered('<img src="a.png" width="calc(1px)" align="middle">')).toBe(
      '<img src="a.png" loading="lazy">',
    );
    expect(sanitizeRendered('<td colspan="0" rowspan="x">c</td>')).toBe("<td>c</td>");
  });

  it("computes rel, loading and the cite class itself: the author's are never kept", () => {
    expect(sanitizeRendered('<a href="https://e.org/" rel="opener" class="cite">x</a>')).toBe(
      '<a href="https://e.org/" rel="nofollow ugc noopener">x</a>',
    );
    expect(sanitizeRendered('<a href="/lookup?q=he2016" class="other">he2016</a>')).toBe(
      '<a class="cite" href="/lookup?q=he2016">he2016</a>',
    );
    expect(sanitizeRendered('<img src="https://e.org/a.png" loading="eager">')).toBe(
      '<img src="https://e.org/a.png" loading="lazy">',
    );
  });

  it("keeps markdown-it's own attributes: list start and table alignment", () => {
    expect(html("3. three\n4. four")).toContain('<ol start="3">');
    expect(html("| a |\n|:-:|\n| b |")).toContain('<td class="align-center">b</td>');
  });

  it("writes text as markdown-it does (&quot;) and void elements without a slash", () => {
    expect(html('say "hi"<br>now')).toBe("<p>say &quot;hi&quot;<br>now</p>\n");
  });

  it("removes elements outside the allowlist but keeps their text", () => {
    expect(html("<font color=red>warm</font> <abbr title=t>AB</abbr>")).toBe("<p>warm AB</p>\n");
  });
});

describe("math and the sanitizer", () => {
  it("puts KaTeX's output back unsanitized, and counts what reaches the page", () => {
    const r = renderMarkdown("<b>$x^2$</b>");
    expect(r.mathCount).toBe(1);
    expect(r.html).toContain('<span class="katex"><span class="katex-mathml"><math');
  });

  it("does not count, or show, math inside a removed element", () => {
    const inline = renderMarkdown("a <script>$x$</script> b <textarea>$y$</textarea>");
    expect(inline.mathCount).toBe(0);
    expect(textOf(dom(inline.html))).toBe("a  b \n");
    const block = renderMarkdown("<form>\n$x$ <svg><text>$y$</text></svg>\n</form>");
    expect(block).toEqual({ html: "", mathCount: 0, mathErrors: [] });
  });

  it("leaves $…$ inside inline <code> and <kbd> as text", () => {
    const r = renderMarkdown("set <code>$x$</code> and <kbd>$k$</kbd>, but $y$");
    expect(r.mathCount).toBe(1);
    expect(r.html).toContain('<code>$x$</code> and <kbd>$k$</kbd>, but <span class="katex">');
  });

  it("counts a failed expression inside HTML as an error, shown in place", () => {
    const r = renderMarkdown("<div>$\\frac{1$</div>");
    expect(r.mathErrors.map((e) => e.source)).toEqual(["\\frac{1"]);
    expect(r.html).toContain('<div><span class="math-error"');
  });

  it("lets a \\DeclareMathOperator inside HTML declare the operator for the summary", () => {
    const r = renderMarkdown("<div>$\\DeclareMathOperator{\\Tr}{Tr}$</div>\n\n$\\Tr A$");
    expect(r.mathErrors).toEqual([]);
  });

  it("cannot be fooled by a forged placeholder, literal or entity-encoded", () => {
    for (const forged of ["\uE0000\uE001", "&#xE000;0&#xE001;", "&#57344;0&#57345;"]) {
      const r = renderMarkdown(`${forged} <b title="${forged}">$x$</b> <div>${forged}</div>`);
      expect(r.mathCount).toBe(1);
      expect(katexIn(dom(r.html))).toHaveLength(1);
      expect(r.html).not.toMatch(/[\uE000\uE001]/);
      expect(all(dom(r.html), "b")[0]?.attribs.title ?? "").not.toContain("katex");
    }
  });
});

describe("nesting", () => {
  it("leaves a document's HTML alone up to the depth limit", () => {
    const deep = `${"<div>".repeat(HTML_MAX_DEPTH - 8)}x${"</div>".repeat(HTML_MAX_DEPTH - 8)}`;
    expect(nestsTooDeep(deep)).toBe(false);
    expect(all(dom(html(deep)), "div").length).toBe(HTML_MAX_DEPTH - 8);
  });

  it("drops the author's tags, keeping the text, of a document nested deeper than the limit", () => {
    const source = `${"<b>".repeat(HTML_MAX_DEPTH + 1)}deep $x$`;
    const r = renderMarkdown(source);
    expect(all(dom(r.html), "b")).toEqual([]);
    expect(tagsShownAsText(r.html)).toEqual([]);
    expect(r.html).toContain("deep");
    expect(r.mathCount).toBe(1);
  });

  it("counts depth by what the parser keeps open, not by how many tags there are", () => {
    const wide = "<p>x</p>".repeat(10 * HTML_MAX_DEPTH);
    expect(nestsTooDeep(wide)).toBe(false);
    const implied = "<li>x".repeat(10 * HTML_MAX_DEPTH);
    expect(nestsTooDeep(`<ul>${implied}</ul>`)).toBe(false);
    const closingNothing = `${"<b></i>".repeat(HTML_MAX_DEPTH + 1)}x`;
    expect(nestsTooDeep(closingNothing)).toBe(true);
  });
});
