// arXiv API search (export.arxiv.org/api/query?search_query=ti:…) Atom feed → SearchHit[].
// Pure. Null when the answer is not an Atom feed at all (the service counts as unreachable);
// an empty list when arXiv found nothing or refused the query with its "Error" entry.

import { XMLValidator } from "fast-xml-parser";
import { hitId, type SearchHit, searchHit } from "./search-hit";
import { asArray, child, parseXml, textOf } from "./xml";

export function parseArxivSearch(xml: string, max: number): SearchHit[] | null {
  // The parser itself is lenient (an HTML error page parses); a real feed is well-formed.
  if (XMLValidator.validate(xml) !== true) return null;
  const feed = child(parseXml(xml, ["title", "summary"]), "feed");
  if (feed === undefined) return null;
  const hits: SearchHit[] = [];
  for (const entry of asArray(child(feed, "entry"))) {
    if (hits.length >= max) break;
    // The id is the abstract page's URL, with a version: http://arxiv.org/abs/hep-th/9901001v2.
    const url = textOf(child(entry, "id"));
    const raw = /arxiv\.org\/abs\/(.+)$/i.exec(url)?.[1] ?? "";
    const id = hitId("arxiv", raw);
    if (id?.scheme !== "arxiv") continue;
    const hit = searchHit({
      title: textOf(child(entry, "title")),
      authors: asArray(child(entry, "author")).map((a) => textOf(child(a, "name"))),
      year: textOf(child(entry, "published")),
      venue: textOf(child(entry, "journal_ref")),
      id,
    });
    if (hit) hits.push(hit);
  }
  return hits;
}
