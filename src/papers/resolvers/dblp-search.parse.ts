// DBLP publication search (dblp.org/search/publ/api?q=…&format=json) → SearchHit[]. Pure.
// Null when the answer is not DBLP's result (the service counts as unreachable). DBLP's JSON
// comes from XML: one author, venue or link is an object or string, several are an array.

import type { PaperId } from "../ids";
import { idsFromLinks } from "./identifiers";
import { hitId, type SearchHit, searchHit } from "./search-hit";
import { asArray, child, isRecord, textOf } from "./xml";

export function parseDblpSearch(json: string, max: number): SearchHit[] | null {
  const hitsNode = child(child(parseJson(json), "result"), "hits");
  if (!isRecord(hitsNode)) return null;
  const hits: SearchHit[] = [];
  // No hit at all: "hits" has no "hit" field.
  for (const h of asArray(hitsNode.hit)) {
    if (hits.length >= max) break;
    const info = child(h, "info");
    if (!isRecord(info)) continue;
    const hit = searchHit({
      // DBLP ends every title with a period that is not part of it ("…Architecture.").
      title: textOf(info.title).replace(/(?<!\.)\.\s*$/, ""),
      authors: asArray(child(info.authors, "author")).map(textOf),
      year: textOf(info.year),
      venue: textOf(asArray(info.venue)[0]),
      id: identifierOf(info),
    });
    if (hit) hits.push(hit);
  }
  return hits;
}

/** A CoRR key is the arXiv paper; else the DOI, a DOI or arXiv link, and last the DBLP key. */
function identifierOf(info: Record<string, unknown>): PaperId | null {
  const key = hitId("dblp", textOf(info.key));
  if (key?.scheme === "arxiv") return key;
  const doi = hitId("doi", textOf(info.doi));
  if (doi) return doi;
  const [linked] = idsFromLinks(asArray(info.ee).map(textOf));
  if (linked) return { scheme: linked[0], value: linked[1] };
  return key;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}
