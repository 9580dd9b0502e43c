import { describe, expect, it } from "vitest";
import { MARK_CLOSE as C, markedHtml, MARK_OPEN as O } from "./search-marks";
import { snippetText } from "./snippet-text";

// Snippets are cut out of Markdown source: what the reader sees is its words, not its syntax.

describe("snippetText", () => {
  it("drops heading marks and keeps the heading's words", () => {
    expect(snippetText("## Main idea\nThe model learns.")).toBe("Main idea The model learns.");
    expect(snippetText(`# ${O}Results${C} #\ntext`)).toBe(`${O}Results${C} text`);
  });

  it("drops emphasis around words, marked or not, and keeps a_b inside words", () => {
    expect(snippetText(`The **${O}platypus${C}** lemma, _really_ ~~not~~ *so*.`)).toBe(
      `The ${O}platypus${C} lemma, really not so.`,
    );
    expect(snippetText("snake_case and 2*3 stay")).toBe("snake_case and 2*3 stay");
    expect(snippetText("__bold__ and ***both***")).toBe("bold and both");
  });

  it("keeps link and image texts and drops their URLs, even cut at either end", () => {
    expect(
      snippetText('See [the paper](https://example.org/x "title") and ![a figure](f.png).'),
    ).toBe("See the paper and a figure.");
    expect(snippetText("a [ref link][1] here")).toBe("a ref link here");
    expect(snippetText("paper](https://example.org/x) and more")).toBe("paper and more");
    expect(snippetText("and then [the pap")).toBe("and then the pap");
    expect(snippetText("and then [the paper](https://exa")).toBe("and then the paper");
    expect(snippetText("<https://example.org> autolink")).toBe("https://example.org autolink");
  });

  it("keeps a match marker that sits inside a link's text", () => {
    const text = snippetText(`Read [the ${O}platypus${C} proof](https://example.org/p) now`);
    expect(text).toBe(`Read the ${O}platypus${C} proof now`);
    expect(markedHtml(text)).toBe("Read the <mark>platypus</mark> proof now");
  });

  it("drops code fences and backticks, keeping the code's words", () => {
    expect(snippetText("Run\n```python\nprint(x)\n```\nthen `y = 2`.")).toBe(
      "Run print(x) then y = 2.",
    );
  });

  it("drops HTML tags, whole or cut, and decodes entities into text that is escaped later", () => {
    expect(snippetText('An <span class="x">inline</span> tag<br/> and &amp; &lt;b&gt;')).toBe(
      "An inline tag and & <b>",
    );
    expect(snippetText('x">cut start and cut end <a href="htt')).toBe("cut start and cut end");
    // What the entities decode to is text: search-marks.ts escapes it.
    expect(markedHtml(snippetText("&lt;script&gt;alert(1)&lt;/script&gt;"))).toBe(
      "&lt;script&gt;alert(1)&lt;/script&gt;",
    );
    expect(markedHtml(snippetText("<script>alert(1)</script> ok"))).toBe("alert(1) ok");
  });

  it("reads tables as cells, without their rule rows", () => {
    expect(snippetText("| Model | Score |\n|---|:---:|\n| ours | **91** |")).toBe(
      "Model · Score ours · 91",
    );
  });

  it("drops quote, list and rule marks", () => {
    expect(snippetText("> quoted\n- one\n2. two\n- [x] done\n***\nend")).toBe(
      "quoted one two done end",
    );
  });

  it("keeps TeX's letters: Greek and symbols as characters, no $ or braces", () => {
    expect(snippetText("with $\\alpha + \\beta \\leq \\mathbb{R}^d$ and $$x_1$$")).toBe(
      "with α + β ≤ R^d and x_1",
    );
    expect(snippetText("$\\frac{a}{b}$ and $O(n \\log n)$")).toBe("a/b and O(n log n)");
    expect(snippetText(`the $\\${O}alpha${C}$-divergence`)).toBe(`the ${O}α${C}-divergence`);
  });

  it("collapses whitespace and leaves plain text alone", () => {
    expect(snippetText("  plain   words\n\nhere  ")).toBe("plain words here");
    expect(snippetText(`${O}plain${C} text…`)).toBe(`${O}plain${C} text…`);
  });
});
