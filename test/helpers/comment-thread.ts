import { type DefaultTreeAdapterMap, parse } from "parse5";

type Node = DefaultTreeAdapterMap["node"];
type Element = DefaultTreeAdapterMap["element"];

const isElement = (n: Node): n is Element => "tagName" in n;
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value;
const children = (e: Element): Element[] => e.childNodes.filter(isElement);

function find(node: Node, test: (e: Element) => boolean): Element | null {
  if (isElement(node) && test(node)) return node;
  const kids = "childNodes" in node ? (node.childNodes as Node[]) : [];
  for (const kid of kids) {
    const hit = find(kid, test);
    if (hit) return hit;
  }
  return null;
}

function text(node: Node): string {
  if (node.nodeName === "#text") return (node as { value: string }).value;
  const kids = "childNodes" in node ? (node.childNodes as Node[]) : [];
  return kids.map(text).join("");
}

/** One comment as a thread shows it: its id, whether it is a placeholder, its text, replies. */
export interface ShownComment {
  id: number;
  placeholder: boolean;
  text: string;
  replies: ShownComment[];
}

function shown(li: Element): ShownComment {
  const body = children(li).find((e) => (attr(e, "class") ?? "").includes("comment-body"));
  const list = children(li).find((e) => e.tagName === "ol");
  return {
    id: Number((attr(li, "id") ?? "").replace("comment-", "")),
    placeholder: (attr(li, "class") ?? "").includes("comment-removed"),
    text: body ? text(body).trim() : text(li).trim(),
    replies: list ? children(list).map(shown) : [],
  };
}

/**
 * The thread under one summary on a page, as nested lists show it (top-level comments with
 * their replies), and the thread's title ("2 comments").
 */
export function threadOf(
  html: string,
  summaryId: number,
): { title: string; comments: ShownComment[] } {
  const doc = parse(html);
  const section = find(doc, (e) => attr(e, "id") === `comments-${summaryId}`);
  if (!section) throw new Error(`no thread for summary ${summaryId}`);
  const title = find(section, (e) => e.tagName === "h2" || e.tagName === "h3");
  const list = children(section).find((e) => e.tagName === "ol");
  return {
    title: title ? text(title).trim() : "",
    comments: list ? children(list).map(shown) : [],
  };
}
