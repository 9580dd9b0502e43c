import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./index";

const html = (source: string) => renderMarkdown(source).html;

describe("Markdown features", () => {
  it("renders GFM tables and strikethrough", () => {
    expect(html("| a | b |\n|---|--:|\n| 1 | 2 |")).toContain('<td class="align-right">2</td>');
    expect(html("~~gone~~")).toBe("<p><s>gone</s></p>\n");
  });

  it("leaves quotes and dashes alone (no typographer)", () => {
    expect(html(`"quoted" -- 'single' ...`)).toBe("<p>&quot;quoted&quot; -- 'single' ...</p>\n");
  });

  it("keeps the capture's mid-paragraph ## and * as the Markdown says", () => {
    expect(html("Intro text ## not a heading * not a list")).toBe(
      "<p>Intro text ## not a heading * not a list</p>\n",
    );
  });

  it("keeps all content of lists nested ten deep and quotes nested ten deep", () => {
    const list = Array.from({ length: 10 }, (_, i) => `${"  ".repeat(i)}- level ${i}`).join("\n");
    const listHtml = html(list);
    for (let i = 0; i < 10; i++) expect(listHtml).toContain(`level ${i}`);
    expect(listHtml.split("<ul>").length - 1).toBe(10);
    expect(html(`${">".repeat(10)} deep`)).toContain("deep");
  });

  it("renders the empty summary as nothing", () => {
    expect(renderMarkdown("")).toEqual({ html: "", mathCount: 0, mathErrors: [] });
  });
});
