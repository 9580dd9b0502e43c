import { describe, expect, it } from "vitest";
import { decodeEntities } from "./html-entities";
import { cleanAbstract, cleanName, cleanText, cleanTitle, yearOf } from "./text";

describe("decodeEntities", () => {
  it.each([
    ["a &amp; b", "a & b"],
    ["&lt;i&gt;", "<i>"],
    ["Schr&ouml;dinger &eacute;t&eacute;", "Schrödinger été"],
    ["&#246; &#xF6; &#X00F6;", "ö ö ö"],
    ["&Omega; &alpha; &sigmaf;", "Ω α ς"],
    ["&ndash; &hellip; &nbsp;", "– … \u00a0"],
    ["&unknown; &amp", "&unknown; &amp"],
    ["&#0; &#xD800; &#x110000;", "\uFFFD \uFFFD \uFFFD"],
  ])("%s → %s", (input, output) => {
    expect(decodeEntities(input)).toBe(output);
  });
});

describe("cleanTitle", () => {
  it.each([
    ['G{\\"o}del and {\\"O}zt{\\"u}rk', "Gödel and Öztürk"],
    ["\\'{e}l\\`eve \\^{o} \\~n \\=a \\.z", "élève ô ñ ā ż"],
    ['Schr\\"odinger, na\\"{\\i}ve, Garc\\\'{\\i}a', "Schrödinger, naïve, García"],
    ["\\c{c}a \\v{s} \\v s \\H{o} \\k{a} \\r{a} \\u{g}", "ça š š ő ą å ğ"],
    ['{\\ss} \\o{} {\\L}ukasz \\AA{}ngstr\\"om \\ae', "ß ø Łukasz Ångström æ"],
    ["{BERT}: Pre-training of {D}eep Transformers", "BERT: Pre-training of Deep Transformers"],
    [
      "Costs of $\\mathcal{O}(n^{2})$ and \\(\\vec{x}\\)",
      "Costs of $\\mathcal{O}(n^{2})$ and \\(\\vec{x}\\)",
    ],
    ['$\\"a$ stays math but \\"a outside changes', '$\\"a$ stays math but ä outside changes'],
    ["\\emph{Deep} \\textbf{\\textit{nets}} 100\\% \\& more", "Deep nets 100% & more"],
    ["Learning <i>k</i>-Means &amp; <sub>2</sub>", "Learning k-Means & 2"],
    ["Double &lt;i&gt;encoded&lt;/i&gt; tags", "Double encoded tags"],
    ["a &lt; b and c &gt; d", "a < b and c > d"],
    ["  A title\n   over two\tlines  ", "A title over two lines"],
    ["<mml:math><mml:mi>x</mml:mi></mml:math>-rays", "x-rays"],
    ["The \\vec and \\cite{x} commands", "The \\vec and \\citex commands"],
  ])("%j → %j", (input, output) => {
    expect(cleanTitle(input)).toBe(output);
  });

  it("gives '' for nothing", () => {
    expect(cleanTitle(null)).toBe("");
    expect(cleanTitle(undefined)).toBe("");
  });
});

describe("cleanText, cleanAbstract, cleanName, yearOf", () => {
  it("keeps braces outside titles (they may be math or code)", () => {
    expect(cleanText("a {b} c")).toBe("a {b} c");
  });

  it("keeps paragraphs: blank lines, JATS </p>, arXiv's indented lines", () => {
    expect(
      cleanAbstract(
        "<jats:title>Abstract</jats:title><jats:p>One\n two.</jats:p><jats:p>Two.</jats:p>",
      ),
    ).toBe("One two.\n\nTwo.");
    expect(cleanAbstract("  First line\nwraps here.\n  Second paragraph.\n", true)).toBe(
      "First line wraps here.\n\nSecond paragraph.",
    );
    expect(cleanAbstract("a\n\n\n b")).toBe("a\n\nb");
  });

  it("drops DBLP homonym numbers from names", () => {
    expect(cleanName("Wei Wang 0001")).toBe("Wei Wang");
    expect(cleanName('J&uuml;rgen   M\\"uller')).toBe("Jürgen Müller");
  });

  it.each([
    [2019, 2019],
    ["2019 Nov-Dec", 2019],
    ["2015-12-26T21:19:45Z", 2015],
    ["ICLR 2024 poster", 2024],
    ["", null],
    [null, null],
    [99, null],
    ["12345", null],
  ])("yearOf(%j) = %j", (input, year) => {
    expect(yearOf(input)).toBe(year);
  });
});
