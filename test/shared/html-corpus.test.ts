// Issue 9, point 4: the six self-written pattern files in ../shared/corpus/html. Every
// expected expression typeset without an error, no tag the author wrote shown as text
// (counted on the parsed output's text nodes), and the hostile file reduced to its link
// texts, harmless tags and its one formula. 06 needs the lenient delimiters of point 2.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render";
import {
  all,
  dom,
  katexIn,
  outsideMath,
  tagsShownAsText,
  textOf,
} from "../../src/render/test-rendered-dom";
import { findActiveContent } from "../helpers/html-inert";

const sharedDir = process.env.SHARED_DIR ?? path.resolve("../shared");
const htmlDir = path.join(sharedDir, "corpus", "html");

/** From the corpus README's table. */
const EXPECTED_EXPRESSIONS: Record<string, number> = {
  "01-sub-sup-emphasis.md": 1,
  "02-figure-caption.md": 1,
  "03-table-with-math.md": 6,
  "04-wrapped-sections.md": 7,
  "05-hostile-html.md": 1,
  "06-lenient-delimiters.md": 7,
};

const render = (file: string) => renderMarkdown(readFileSync(path.join(htmlDir, file), "utf8"));

describe("corpus/html", () => {
  const files = readdirSync(htmlDir)
    .filter((f) => f.endsWith(".md"))
    .sort();

  it("are the six known files", () => {
    expect(files).toEqual(Object.keys(EXPECTED_EXPRESSIONS));
  });

  it.each(files)("%s: every expression typeset, no error, no tag shown as text", (file) => {
    const r = render(file);
    expect(r.mathErrors).toEqual([]);
    expect(r.mathCount).toBe(EXPECTED_EXPRESSIONS[file]);
    expect(katexIn(dom(r.html))).toHaveLength(r.mathCount);
    expect(r.html).not.toContain("katex-error");
    expect(tagsShownAsText(r.html)).toEqual([]);
    expect(findActiveContent(r.html)).toEqual([]);
  });

  it("no tag shown as text across all six (104 before issue 9 across 01–05)", () => {
    expect(files.flatMap((f) => tagsShownAsText(render(f).html))).toEqual([]);
  });

  it("05 keeps only the link texts, harmless tags and the one formula", () => {
    const r = render("05-hostile-html.md");
    const doc = dom(r.html);
    const elements = outsideMath(doc);
    const allowed = ["h1", "img", "a", "div", "table", "td", "b"];
    expect(elements.map((el) => el.name).filter((n) => !allowed.includes(n))).toEqual([]);
    for (const el of elements) {
      const names = Object.keys(el.attribs).filter(
        (n) => !["href", "rel", "src", "loading"].includes(n),
      );
      expect(names, el.name).toEqual([]);
    }
    expect(all(doc, "a").map(textOf)).toEqual(["click", "fine link, bad handler"]);
    expect(all(doc, "a").map((a) => a.attribs.href)).toEqual([undefined, "https://example.org/"]);
    expect(katexIn(all(doc, "td")[0] as never)).toHaveLength(1);
    const text = textOf(doc);
    for (const gone of ["alert", "display: none", "password"]) expect(text).not.toContain(gone);
  });

  it("04 renders the Markdown inside <details> and keeps the summary", () => {
    const doc = dom(render("04-wrapped-sections.md").html);
    const [details] = all(doc, "details");
    expect(details && textOf(all(details, "summary")[0] as never)).toBe(
      "Derivation (click to open)",
    );
    expect(details && katexIn(details)).toHaveLength(2);
  });

  it("03 typesets the $$…$$ in the HTML table's cells", () => {
    const doc = dom(render("03-table-with-math.md").html);
    const [htmlTable] = all(doc, "table");
    expect(all(htmlTable as never, "td").map((td) => katexIn(td).length)).toEqual([
      0, 1, 1, 0, 1, 1,
    ]);
  });
});
