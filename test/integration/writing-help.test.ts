import { HtmlValidate } from "html-validate";
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/render";
import { HELP_ALLOWED_ATTRIBUTES, HELP_ALLOWED_ELEMENTS } from "../../src/site/writing-help.pages";
import { makePaper, makeSummary, makeUser } from "../helpers/factories";
import { logInNewAccount } from "../helpers/logged-in";
import { createTestApp, type TestApp } from "../helpers/test-app";

// Issue 9, point 7: the editor help says which HTML is kept, which delimiters work and how
// \cite links a paper; the summary editor and the comment form link to it; and what it
// says is what the renderer does.

const HELP = "/help/writing";
// The issue's lists, written out here again so that the page cannot drift from them.
const ISSUE_ELEMENTS = (
  "b i em strong u s del ins sub sup br hr p div span h1 h2 h3 h4 h5 h6 blockquote ul ol li dl " +
  "dt dd table thead tbody tfoot tr th td caption img a code pre kbd details summary figure " +
  "figcaption center"
).split(" ");
const ISSUE_ATTRIBUTES = ["alt", "title", "width", "height", "colspan", "rowspan", "align"];

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const loggedIn = async () => (await logInNewAccount(t)).client;

/** The text of each `<code>` in the page's lists, in order. */
function listedCodes(html: string): string[][] {
  const lists = html.match(/<p class="help-list">[\s\S]*?<\/p>/g) ?? [];
  return lists.map((list) =>
    [...list.matchAll(/<code>([^<]*)<\/code>/g)].map((m) =>
      (m[1] ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">"),
    ),
  );
}

describe("the writing help page", () => {
  it("lists every allowed element and attribute, the delimiters and \\cite", async () => {
    const html = await t.html(HELP);
    const [elements, attributes] = listedCodes(html);
    expect(elements).toEqual(ISSUE_ELEMENTS.map((e) => `<${e}>`));
    expect(attributes).toEqual(ISSUE_ATTRIBUTES);
    for (const text of [
      "$x^2$",
      "\\(x^2\\)",
      "$$\\sum_i x_i$$",
      "\\[\\sum_i x_i\\]",
      "$\\beta(s) &gt; 0 \\;\\forall\\; s $",
      "$5 an hour and $40",
      "<code>\\$</code>",
      "\\text{one_hot}",
      "<code>\\bf</code>",
      "<code>\\R</code>",
      "<code>\\lt</code>",
      "\\cite{1707.04585}",
      "Everything else is removed",
      "&lt;center&gt;",
    ]) {
      expect(html, text).toContain(text);
    }
  });

  it("is valid HTML5, as is the editor with its link", async () => {
    // The rules of html-valid.test.ts: KaTeX's inline styles and MathML aside.
    const validator = new HtmlValidate({
      extends: ["html-validate:standard"],
      rules: { "no-inline-style": "off", "unrecognized-char-ref": "off" },
    });
    const client = await loggedIn();
    const paper = await makePaper(t.db);
    // A summary, so the page shows a comment form too.
    await makeSummary(t.db, paper.id, (await makeUser(t.db)).id);
    for (const html of [
      await t.html(HELP),
      await (await client.get(`/paper/arxiv/${paper.arxiv}`)).text(),
    ]) {
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => m.message))).toEqual([]);
    }
  });

  it("is a cached page for anonymous readers, like /about", async () => {
    const first = await t.get(HELP);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    const again = await t.get(HELP, { "If-None-Match": etag ?? "" });
    expect(again.status).toBe(304);
  });

  it("is linked from the summary editor, next to the text box, and from the comment form", async () => {
    const client = await loggedIn();
    const paper = await makePaper(t.db);
    const page = await (await client.get(`/paper/arxiv/${paper.arxiv}/write`)).text();
    const editor = page.slice(page.indexOf('id="summary-source"'));
    expect(editor.slice(0, editor.indexOf("</form>"))).toContain(`href="${HELP}"`);
    const author = await makeUser(t.db);
    await makeSummary(t.db, paper.id, author.id);
    // The paper page shows each summary with its comment form.
    const withComments = await (await client.get(`/paper/arxiv/${paper.arxiv}`)).text();
    const form = withComments.slice(withComments.indexOf('class="comment-form"'));
    expect(form.slice(0, form.indexOf("</form>"))).toContain(`href="${HELP}"`);
  });
});

describe("what the help says is what the renderer does", () => {
  it("the page's lists are the issue's", () => {
    expect(HELP_ALLOWED_ELEMENTS).toEqual(ISSUE_ELEMENTS);
    expect(HELP_ALLOWED_ATTRIBUTES).toEqual(ISSUE_ATTRIBUTES);
  });

  it("every listed element is kept, with every listed attribute it takes", () => {
    const table = `<table><caption>c</caption><thead><tr><th align="left" colspan="2">h</th></tr></thead><tbody><tr><td rowspan="2" width="50">d</td></tr></tbody><tfoot><tr><td>f</td></tr></tfoot></table>`;
    const source = [
      ...ISSUE_ELEMENTS.filter(
        (e) => !/^(t[a-z]*|caption|img|br|hr|li|dt|dd|summary|figcaption)$/.test(e),
      ).map((e) => `<${e} title="t">x</${e}>`),
      table,
      `<ul><li>l</li></ul><dl><dt>t</dt><dd>d</dd></dl><details><summary>s</summary>x</details>`,
      `<figure><img src="https://example.org/a.png" alt="a" width="10" height="20"><figcaption>f</figcaption></figure>`,
      `a<br>b<hr>`,
    ].join("\n");
    const { html } = renderMarkdown(source);
    const seen = new Map<string, Set<string>>();
    const visit = (node: DefaultTreeAdapterMap["childNode"]) => {
      if (!("tagName" in node)) return;
      const attrs = seen.get(node.tagName) ?? new Set();
      for (const a of node.attrs) attrs.add(a.name);
      seen.set(node.tagName, attrs);
      for (const child of node.childNodes) visit(child);
    };
    for (const node of parseFragment(html).childNodes) visit(node);
    // <center> and align are obsolete in HTML5: they come out as our classes (sanitize.ts).
    const shown = (element: string) =>
      seen.has(element) || (element === "center" && html.includes('<div class="center"'));
    for (const element of ISSUE_ELEMENTS) expect(shown(element), element).toBe(true);
    const attributes = new Set([...seen.values()].flatMap((s) => [...s]));
    if (html.includes('class="align-left"')) attributes.add("align");
    for (const attribute of ISSUE_ATTRIBUTES) {
      expect(attributes.has(attribute), attribute).toBe(true);
    }
  });

  it.each([
    ["$x^2$", 1],
    ["\\(x^2\\)", 1],
    ["$$\\sum_i x_i$$", 1],
    ["\\[\\sum_i x_i\\]", 1],
    ["$ x$", 1],
    ["$\\beta(s) > 0 \\;\\forall\\; s $", 1],
    ["$5 an hour and $40", 0],
    ["a \\$ b", 0],
    ["$\\text{one_hot}$", 1],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: TeX, not a template.
    ["${\\bf x} = A{\\rm v}$", 1],
    ["$\\R \\N \\Z$", 1],
    ["$a \\lt b \\gt c$", 1],
  ])("its math example %s typesets %i expression(s), without error", (source, count) => {
    const { mathCount, mathErrors } = renderMarkdown(source);
    expect(mathCount).toBe(count);
    expect(mathErrors).toEqual([]);
  });

  it("its \\cite example gives one link per key to the paper lookup", () => {
    const { html } = renderMarkdown("\\cite{1707.04585, 10.1145/3065386}");
    expect(html.match(/<a class="cite" href="\/lookup\?q=/g)).toHaveLength(2);
  });

  it("what it says is removed is removed", () => {
    const { html } = renderMarkdown(
      `<script>x</script><style>y</style><svg><text>z</text></svg><form><input></form><span style="color:red" class="c" id="i" name="n" onclick="w()">kept</span>`,
    );
    expect(html).not.toMatch(/<(script|style|svg|form|input)\b|style=|class=|id=|name=|onclick/);
    expect(html).toContain("kept");
  });
});
