// arXiv API (export.arxiv.org/api/query) Atom feed → PaperMetadata. Pure.

import { parsePaperId } from "../ids";
import { statedIds } from "./identifiers";
import { cleanAbstract, cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, attrOf, child, parseXml, textOf } from "./xml";

// arXiv categories look like cs.CL or hep-th; ACM classes (I.2.7) and MSC codes (68T50) also
// arrive as <category> and are not arXiv categories.
const CATEGORY = /^[a-z-]+(?:\.[A-Za-z-]+)?$/;
// Old-style ids may carry a subject class (math.GT/0309136); arXiv's answer names the
// archive only (math/0309136). Both are the same paper.
const SUBJECT_CLASS = /^([a-z-]+)\.[A-Z]{2}\//;
const sameId = (a: string, b: string) =>
  a.replace(SUBJECT_CLASS, "$1/") === b.replace(SUBJECT_CLASS, "$1/");

/** The first real entry of the feed, or null (no entry, or arXiv's "Error" entry). */
export function parseArxivAtom(xml: string, wanted?: string): PaperMetadata | null {
  const feed = child(parseXml(xml, ["title", "summary"]), "feed");
  for (const entry of asArray(child(feed, "entry"))) {
    const id = parsePaperId(textOf(child(entry, "id")));
    if (id?.scheme !== "arxiv" || (wanted !== undefined && !sameId(id.value, wanted))) continue;
    const title = cleanTitle(textOf(child(entry, "title")));
    if (!title) continue;
    const categories = [
      attrOf(child(entry, "primary_category"), "term"),
      ...asArray(child(entry, "category")).map((c) => attrOf(c, "term")),
    ].filter((c): c is string => c !== undefined && CATEGORY.test(c));
    const dois = textOf(child(entry, "doi")).split(/\s+/);
    return {
      title,
      authors: asArray(child(entry, "author"))
        .map((a) => cleanName(textOf(child(a, "name"))))
        .filter((a) => a.length > 0),
      year: yearOf(textOf(child(entry, "published"))),
      venue: null,
      abstract: cleanAbstract(textOf(child(entry, "summary")), true),
      identifiers: statedIds([
        ["arxiv", id.value],
        ...dois.map((d) => ["doi", d] as ["doi", string]),
      ]),
      arxivVersion: id.version ?? null,
      categories: [...new Set(categories)],
      journalRef: cleanText(textOf(child(entry, "journal_ref"))) || null,
      source: "arxiv",
    };
  }
  return null;
}
