// Issue 9, points 1 and 4: our own fixture per pattern (test/fixtures/html-patterns/), each
// rendered and read back as a parsed tree: the structure the author meant is there, every
// formula is typeset, and no tag the author wrote shows as text.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { typesetTex } from "../../test/helpers/katex-html";
import { renderMarkdown } from "./index";
import {
  all,
  classesOf,
  dom,
  katexIn,
  outsideMath,
  tagsShownAsText,
  textOf,
} from "./test-rendered-dom";

const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/html-patterns");
const render = (name: string) => renderMarkdown(readFileSync(path.join(FIXTURES, name), "utf8"));

const EXPECTED_MATH: Record<string, number> = {
  "01-sub-sup-br.md": 1,
  "02-figure.md": 3,
  "03-html-table-math.md": 5,
  "04-wrappers-details.md": 5,
  "05-hostile.md": 1,
};

describe.each(Object.entries(EXPECTED_MATH))("%s", (file, expressions) => {
  it("typesets every expression, with no error and no tag shown as text", () => {
    const r = render(file);
    expect(r.mathErrors).toEqual([]);
    expect(r.mathCount).toBe(expressions);
    expect(katexIn(dom(r.html))).toHaveLength(expressions);
    expect(tagsShownAsText(r.html)).toEqual([]);
  });
});

describe("sub, sup and br", () => {
  const doc = dom(render("01-sub-sup-br.md").html);

  it("keeps sub and sup, also inside emphasis", () => {
    expect(all(doc, "sub").map(textOf)).toEqual(["φ", "φ'", "t+1"]);
    expect(all(doc, "sup").map(textOf)).toEqual(["-4", "16", "2"]);
    expect(all(doc, "em").flatMap((em) => all(em, "sub"))).toHaveLength(2);
    expect(all(doc, "em").flatMap((em) => all(em, "sup"))).toHaveLength(1);
    expect(all(doc, "strong").flatMap((b) => all(b, "sub"))).toHaveLength(1);
  });

  it("keeps every spelling of a line break: <br>, <br/>, <br /> and a stray </br>", () => {
    expect(all(doc, "br")).toHaveLength(4);
  });
});

describe("figures", () => {
  const r = render("02-figure.md");
  const doc = dom(r.html);
  const [centred, relative] = all(doc, "img");

  it("keeps the image's size and alt, loads it lazily, and centres the paragraph by class", () => {
    expect(centred?.attribs).toEqual({
      src: "https://images.example.com/plots/loss-curve.png",
      width: "480",
      height: "320",
      alt: "Training loss",
      loading: "lazy",
    });
    expect(classesOf(all(doc, "p")[0] as never)).toEqual(["align-center"]);
    expect(katexIn(all(doc, "em")[0] as never)).toHaveLength(1);
  });

  it("keeps a relative image with a width in percent, and math in the caption", () => {
    expect(relative?.attribs.src).toBe("figures/architecture.png");
    expect(relative?.attribs.width).toBe("60%");
    expect(katexIn(all(doc, "figcaption")[0] as never)).toHaveLength(2);
  });

  it("writes <center> as a centred div (both are obsolete in HTML5; site.css centres it)", () => {
    const centre = all(doc, "div").find((d) => classesOf(d).includes("center"));
    expect(centre && textOf(centre)).toBe("Centred on purpose.");
    expect(all(doc, "center")).toEqual([]);
  });

  it("turns an http image into a link to it (our CSP would block it)", () => {
    expect(all(doc, "img")).toHaveLength(2);
    const link = all(doc, "a").at(-1);
    expect(link?.attribs).toEqual({
      href: "http://old.example.com/scan.jpg",
      rel: "nofollow ugc noopener",
    });
    expect(link && textOf(link)).toBe("scanned page");
  });
});

describe("an HTML table with math in its cells", () => {
  const r = render("03-html-table-math.md");
  const doc = dom(r.html);
  const cells = all(doc, "td");

  it("typesets $$…$$ (also across lines) and $…$ in the cells, as display and inline", () => {
    expect(cells.map((td) => katexIn(td).length)).toEqual([0, 1, 0, 1, 0, 2, 1]);
    expect(all(doc, "span").filter((s) => classesOf(s).includes("katex-display"))).toHaveLength(2);
  });

  it("decodes entities in the TeX, and leaves $ inside <code> alone", () => {
    expect(typesetTex(r.html)).toContain("a < b");
    expect(typesetTex(r.html)).toContain("b > 0");
    expect(textOf(all(doc, "code")[0] as never)).toBe("$not math$");
  });

  it("keeps colspan, rowspan and the cell alignment", () => {
    expect(cells.at(-1)?.attribs).toEqual({ colspan: "2", rowspan: "1" });
    expect(classesOf(all(doc, "th")[1] as never)).toEqual(["align-right"]);
  });
});

describe("wrappers and details", () => {
  const doc = dom(render("04-wrappers-details.md").html);

  it("renders Markdown inside block HTML after a blank line, as CommonMark says", () => {
    const [callout, literal] = all(doc, "div").filter((d) => !classesOf(d).includes("math-scroll"));
    expect(all(callout as never, "strong").map(textOf)).toEqual(["Key idea."]);
    expect(katexIn(callout as never)).toHaveLength(1);
    // Without the blank line the block is HTML: the stars stay, the math is still typeset.
    expect(textOf(literal as never)).toContain("**these stars stay**");
    expect(katexIn(literal as never)).toHaveLength(1);
  });

  it("renders Markdown inside an inline span", () => {
    const span = outsideMath(doc).find((el) => el.name === "span");
    expect(span && all(span, "em").map(textOf)).toEqual(["emphasis inside a span"]);
  });

  it("keeps details and summary, with Markdown and math inside", () => {
    const [details] = all(doc, "details");
    expect(textOf(all(details as never, "summary")[0] as never)).toBe("Proof sketch");
    expect(all(details as never, "strong").map(textOf)).toEqual(["By Jensen"]);
    expect(katexIn(details as never)).toHaveLength(2);
  });

  it("removes the author's class and id everywhere", () => {
    for (const el of outsideMath(doc)) {
      expect(el.attribs.id, el.name).toBeUndefined();
      expect(el.attribs.class, el.name).toBeUndefined();
    }
    expect(all(doc, "h2")[0]?.attribs).toEqual({});
    expect(textOf(all(doc, "h2")[0] as never)).toBe("Method");
  });
});

describe("hostile HTML", () => {
  const r = render("05-hostile.md");
  const doc = dom(r.html);

  it("keeps only harmless elements: links, one picture, a div, a paragraph, details, the table", () => {
    const names = new Set(outsideMath(doc).map((el) => el.name));
    expect([...names].sort()).toEqual([
      "a",
      "details",
      "div",
      "h1",
      "i",
      "img",
      "p",
      "summary",
      "table",
      "td",
      "tr",
    ]);
  });

  it("keeps the link texts; only the https link keeps its href", () => {
    expect(all(doc, "a").map((a) => [textOf(a), a.attribs.href])).toEqual([
      ["first link text", undefined],
      ["second link text", undefined],
      ["third link text", "https://safe.example.org/"],
    ]);
  });

  it("drops every handler, style, id, name, class, srcset, target and open", () => {
    for (const el of outsideMath(doc)) {
      const names = Object.keys(el.attribs);
      expect(names.filter((n) => !["href", "rel", "src", "loading"].includes(n))).toEqual([]);
    }
  });

  it("removes script, style, frames, forms, svg, math, noscript and template with their content", () => {
    const text = textOf(doc);
    for (const gone of ["owned", "display: none", "steal", "Log in", "svg text", "math text"]) {
      expect(text).not.toContain(gone);
    }
    expect(text).toContain("cover text");
    expect(text).toContain("kept paragraph");
    expect(text).toContain("toggle text");
  });

  it("typesets the one formula, in its cell", () => {
    expect(katexIn(all(doc, "td")[0] as never)).toHaveLength(1);
  });
});
