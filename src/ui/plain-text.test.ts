import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../render";
import { excerpt, plainTextOfHtml } from "./plain-text";

describe("plainTextOfHtml", () => {
  it("keeps what a reader sees: text, formulas as TeX, entities decoded", () => {
    const { html } = renderMarkdown(
      "## Idea\n\n**Bold** & <i>it</i> with $x^2 < y$ and [a link](https://example.org).\n\n$$\\frac{a}{b}$$\n\n- one\n- two\n\n`a<b>`",
    );
    expect(plainTextOfHtml(html)).toBe(
      "Idea Bold & it with $x^2 < y$ and a link. $\\frac{a}{b}$ one two a<b>",
    );
  });

  it("separates blocks, skips comments and hidden copies, and decodes numeric entities", () => {
    expect(
      plainTextOfHtml(
        '<p>a</p><p>b<br>c</p><!-- x --><span aria-hidden="true"><span>gone</span></span>&#x263a;&#65;&nbsp;&bogus;',
      ),
    ).toBe("a b c ☺A &bogus;");
  });
});

describe("excerpt", () => {
  it("cuts at a word boundary with an ellipsis, and leaves short text alone", () => {
    expect(excerpt("short text", 20)).toBe("short text");
    const cut = excerpt("one two three four five six seven", 16);
    expect(cut).toBe("one two three…");
    expect(Array.from(cut).length).toBeLessThanOrEqual(16);
  });
});
