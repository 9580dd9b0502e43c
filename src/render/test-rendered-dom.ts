// For tests: rendered output parsed, to assert its structure, and the HTML tags a reader
// would see as text in it. The output is parsed (htmlparser2, the sanitizer's own parser, entities decoded) and only its text nodes
// are read — never a regex over the HTML — outside math: KaTeX's output carries the TeX in
// its annotation, and an expression that failed shows its source, where `<` is TeX.
import { DomUtils, parseDocument } from "htmlparser2";

type ChildNode = ReturnType<typeof parseDocument>["children"][number];

const TAG_AS_TEXT = /<\/?[A-Za-z][A-Za-z0-9-]*(?=[\s/>]|$)/g;

function isMath(node: ChildNode): boolean {
  if (!("attribs" in node)) return false;
  const classes = (node.attribs.class ?? "").split(/\s+/);
  return classes.includes("katex") || classes.includes("math-error");
}

/** Text of `html` outside math, in document order. */
export function textOutsideMath(html: string): string {
  let text = "";
  const pending: ChildNode[] = [...parseDocument(html).children].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node.type === "text" && "data" in node) text += node.data;
    else if ("children" in node && !isMath(node)) {
      for (let i = node.children.length - 1; i >= 0; i--)
        pending.push(node.children[i] as ChildNode);
    }
  }
  return text;
}

/** Every `<tag` or `</tag` that appears as text outside math; [] when none does. */
export function tagsShownAsText(html: string): string[] {
  return [...textOutsideMath(html).matchAll(TAG_AS_TEXT)].map((m) => m[0]);
}

type Document = ReturnType<typeof parseDocument>;
type Element = ReturnType<typeof DomUtils.getElementsByTagName>[number];

/** The parsed output, for asserting its structure. */
export function dom(html: string): Document {
  return parseDocument(html);
}

/** Elements named `tag` within `root`, in document order. */
export function all(root: Document | Element, tag: string): Element[] {
  return DomUtils.getElementsByTagName(tag, root, true);
}

export function classesOf(el: Element): string[] {
  return (el.attribs.class ?? "").split(/\s+/).filter((c) => c !== "");
}

/** Typeset expressions within `root` (KaTeX's outer span). */
export function katexIn(root: Document | Element): Element[] {
  return all(root, "span").filter((el) => classesOf(el).includes("katex"));
}

export function textOf(root: Document | Element): string {
  return DomUtils.textContent(root);
}

/** Elements outside math (KaTeX's output, our math wrappers and error boxes), in order. */
export function outsideMath(root: Document | Element): Element[] {
  const found: Element[] = [];
  const pending: ChildNode[] = [...root.children].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (!("attribs" in node) || isMath(node) || classesOf(node).includes("math-scroll")) continue;
    found.push(node);
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as ChildNode);
  }
  return found;
}
