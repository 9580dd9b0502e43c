// Crossref REST API search (/works?query.bibliographic=…) JSON → SearchHit[]. Pure. Null when
// the answer is not Crossref's work list (the service counts as unreachable).

import { hitId, type SearchHit, searchHit } from "./search-hit";
import { asArray, child, isRecord, textOf } from "./xml";

const DATE_FIELDS = ["issued", "published-print", "published-online", "published", "created"];

export function parseCrossrefSearch(json: string, max: number): SearchHit[] | null {
  const body = parseJson(json);
  if (!isRecord(body) || body["message-type"] !== "work-list") return null;
  const items = child(child(body, "message"), "items");
  if (!Array.isArray(items)) return null;
  const hits: SearchHit[] = [];
  for (const item of items) {
    if (hits.length >= max) break;
    if (!isRecord(item)) continue;
    const hit = searchHit({
      // Titles are arrays (usually of one); subtitles are left out of a list of matches.
      title: first(item.title),
      authors: asArray(item.author).map(authorName),
      year: DATE_FIELDS.map((f) => first(firstOf(child(item[f], "date-parts")))).find(
        (y) => y !== "",
      ),
      venue: first(item["container-title"]) || first(item["short-container-title"]),
      id: hitId("doi", textOf(item.DOI)),
    });
    if (hit) hits.push(hit);
  }
  return hits;
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function first(value: unknown): string {
  return textOf(firstOf(value));
}

function authorName(author: unknown): string {
  if (!isRecord(author)) return "";
  const person = [author.given, author.family].map(textOf).filter((p) => p.trim() !== "");
  return person.join(" ") || textOf(author.name);
}
