// Reads rendered summary HTML as a browser would (parse5 is the HTML standard's parser, so
// foreign content, raw-text elements and mis-nesting come out as Chromium builds them) and
// lists everything in the tree that an author must not be able to put there: elements
// outside the allowlist, any handler, id or name, author classes and styles, and URLs with
// a scheme other than http(s)/mailto. An empty list means the HTML is inert and clean.
import { type DefaultTreeAdapterMap, parseFragment } from "parse5";
import { browserScheme } from "./html-inert";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

/** Issue 9's allowlist; Markdown itself produces nothing outside it. */
export const AUTHOR_ELEMENTS = new Set(
  (
    "b i em strong u s del ins sub sup br hr p div span h1 h2 h3 h4 h5 h6 blockquote ul ol li " +
    "dl dt dd table thead tbody tfoot tr th td caption img a code pre kbd details summary " +
    "figure figcaption center"
  ).split(" "),
);

/** Attributes an author may write (issue 9), and where URLs may appear. */
const AUTHOR_ATTRIBUTES = new Set([
  "alt",
  "title",
  "width",
  "height",
  "colspan",
  "rowspan",
  "align",
]);
const URL_ATTRIBUTES: Record<string, string> = { href: "a", src: "img" };

/** Attributes the renderer itself writes, by element. */
const RENDERER_ATTRIBUTES: Record<string, Set<string>> = {
  a: new Set(["rel"]),
  img: new Set(["loading"]),
  ol: new Set(["start"]),
  span: new Set(["tabindex"]),
  div: new Set(["tabindex"]),
};

/** Classes the renderer writes (citations, alignment, math, a card excerpt's headings); never an author's. */
const RENDERER_CLASS =
  /^(cite|center|align-(left|center|right)|math-error|math-scroll|excerpt-heading|katex[\w-]*)$/;

/** What KaTeX emits: HTML spans, SVG paths (radicals, arrows) and MathML. */
const KATEX_ELEMENTS = new Set(
  (
    "span svg path line math semantics annotation mrow mi mn mo ms mtext mspace msup msub " +
    "msubsup mfrac msqrt mroot mstyle mtable mtr mtd mover munder munderover mpadded mphantom " +
    "menclose mlabeledtr"
  ).split(" "),
);
const KATEX_URL_ATTRIBUTES = new Set(["href", "src", "xlink:href", "action", "formaction"]);

function isElement(node: Node): node is Element {
  return "tagName" in node;
}

function classesOf(el: Element): string[] {
  const value = el.attrs.find((a) => a.name === "class")?.value ?? "";
  return value.split(/\s+/).filter((c) => c !== "");
}

function auditKatexElement(el: Element, problems: string[]): void {
  if (!KATEX_ELEMENTS.has(el.tagName)) problems.push(`<${el.tagName}> inside KaTeX output`);
  for (const { name, prefix } of el.attrs) {
    const full = prefix ? `${prefix}:${name}` : name;
    if (/^on/i.test(name) || name === "id" || name === "name" || KATEX_URL_ATTRIBUTES.has(full)) {
      problems.push(`${full} on <${el.tagName}> inside KaTeX output`);
    }
  }
}

interface Walked {
  node: Node;
  /** Inside KaTeX's output. */
  inKatex: boolean;
  /** Inside KaTeX's output or an expression shown as source after an error: TeX, not HTML. */
  inMath: boolean;
}

/**
 * Every node in document order. A loop, not recursion: hostile input nests tens of
 * thousands of elements deep.
 */
function* nodesOf(html: string): Generator<Walked> {
  const pending: Walked[] = parseFragment(html)
    .childNodes.map((node) => ({ node, inKatex: false, inMath: false }))
    .reverse();
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    yield item;
    const { node } = item;
    if (!isElement(node)) continue;
    const classes = classesOf(node);
    const inKatex = item.inKatex || classes.includes("katex");
    const inMath = item.inMath || inKatex || classes.includes("math-error");
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      pending.push({ node: node.childNodes[i] as Node, inKatex, inMath });
    }
  }
}

function auditElement(el: Element, problems: string[]): void {
  const tag = el.tagName;
  if (el.namespaceURI !== "http://www.w3.org/1999/xhtml" || !AUTHOR_ELEMENTS.has(tag)) {
    problems.push(`<${tag}> element (${el.namespaceURI})`);
  }
  for (const { name, value } of el.attrs) {
    if (AUTHOR_ATTRIBUTES.has(name) || RENDERER_ATTRIBUTES[tag]?.has(name)) continue;
    if (URL_ATTRIBUTES[name] === tag) {
      const scheme = browserScheme(value);
      if (!["", "http", "https", "mailto"].includes(scheme)) problems.push(`${name}="${value}"`);
      if (tag === "img" && scheme !== "https" && scheme !== "") problems.push(`img src="${value}"`);
      continue;
    }
    if (name === "class") {
      const bad = classesOf(el).filter((c) => !RENDERER_CLASS.test(c));
      if (bad.length > 0) problems.push(`class="${bad.join(" ")}" on <${tag}>`);
      continue;
    }
    problems.push(`${name}="${value}" on <${tag}>`);
  }
}

/** Everything in `html` an author must not control; [] when clean. */
export function auditRendered(html: string): string[] {
  const problems: string[] = [];
  for (const { node, inKatex } of nodesOf(html)) {
    if (node.nodeName === "#comment") problems.push("a comment");
    if (!isElement(node)) continue;
    if (inKatex || classesOf(node).includes("katex")) auditKatexElement(node, problems);
    else auditElement(node, problems);
  }
  return problems;
}

/**
 * The text a reader sees outside math: KaTeX output (whose annotation holds the TeX) and an
 * expression shown as source after an error are TeX, not the author's HTML.
 */
export function visibleText(html: string): string {
  let text = "";
  for (const { node, inMath } of nodesOf(html)) {
    if (!inMath && node.nodeName === "#text") {
      text += (node as DefaultTreeAdapterMap["textNode"]).value;
    }
  }
  return text;
}
