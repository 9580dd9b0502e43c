// The rendered tags, read back with parse5 (the HTML parser of the spec, as browsers parse).

import { type DefaultTreeAdapterMap, parse } from "parse5";
import { describe, expect, it } from "vitest";
import { citationMetaTags, jsonLd } from "./citation-formats/meta-tags";
import { paper, TRICKY_TITLE, trickyAuthors } from "./citation-formats/test-papers";
import { CitationMeta } from "./citation-meta.view";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

function elements(node: Node, out: Element[] = []): Element[] {
  if ("tagName" in node) out.push(node);
  if ("childNodes" in node) for (const child of node.childNodes) elements(child, out);
  if ("content" in node && node.content) elements(node.content, out);
  return out;
}

const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;

/** Standalone (as a string put into <head>) or inside a JSX <head>, as the Layout does. */
async function renderHead(p: ReturnType<typeof paper>, inJsxHead: boolean) {
  const page = inJsxHead ? (
    <html lang="en">
      <head>
        <title>t</title>
        <CitationMeta paper={p} />
      </head>
      <body>
        <p id="after">after</p>
      </body>
    </html>
  ) : (
    <CitationMeta paper={p} />
  );
  const text = await page.toString();
  const html = inJsxHead
    ? `<!DOCTYPE html>${text}`
    : `<!DOCTYPE html><html><head>${text}</head><body><p id="after">after</p></body></html>`;
  const all = elements(parse(html));
  return { all, head: all.find((e) => e.tagName === "head") };
}

describe.each([false, true])("CitationMeta (in a JSX <head>: %s)", (inJsxHead) => {
  const p = paper({
    title: `${TRICKY_TITLE} "quoted" '</title>`,
    authors: trickyAuthors,
    abstract: "Ends early? </script><script>alert(1)</script><!--",
    doi: "10.1/a<b>&c",
  });

  it("renders every citation meta tag with its exact content, inside <head>", async () => {
    const { all } = await renderHead(p, inJsxHead);
    const metas = all
      .filter((e) => e.tagName === "meta")
      .map((e) => ({ name: attr(e, "name") ?? "", content: attr(e, "content") ?? "" }));
    expect(metas).toEqual(citationMetaTags(p));
    for (const m of all.filter((e) => e.tagName === "meta")) {
      expect(m.parentNode && "tagName" in m.parentNode ? m.parentNode.tagName : "").toBe("head");
    }
  });

  it("renders one JSON-LD block whose text is the paper's JSON-LD, and nothing else runs", async () => {
    const { all, head } = await renderHead(p, inJsxHead);
    const scripts = all.filter((e) => e.tagName === "script");
    expect(scripts).toHaveLength(1);
    const [script] = scripts;
    if (!script) throw new Error("no script");
    expect(attr(script, "type")).toBe("application/ld+json");
    expect(script.parentNode).toBe(head);
    const text = script.childNodes.map((n) => ("value" in n ? n.value : "")).join("");
    expect(JSON.parse(text)).toEqual(jsonLd(p));
    // The body after the head is still there: nothing in the data closed the script early.
    expect(all.find((e) => attr(e, "id") === "after")).toBeTruthy();
  });
});
