// DBLP → PaperMetadata. Pure. Two formats: the publication search API's JSON (every value a
// string; a single author, hit, venue or ee comes as an object or string instead of an
// array) and a record's XML (dblp.org/rec/KEY.xml; titles may hold <i>, <sub>, entities).

import type { IdScheme } from "../ids";
import { idsFromLinks, statedIds } from "./identifiers";
import { cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, attrOf, child, isRecord, parseXml, textOf } from "./xml";

const RECORD_TYPES = [
  "article",
  "inproceedings",
  "proceedings",
  "book",
  "incollection",
  "phdthesis",
  "mastersthesis",
  "www",
  "data",
];
const VENUE_FIELDS = ["journal", "booktitle", "school", "publisher", "series"];

/** Every hit of a search answer, in order; an answer that is not one gives []. */
export function parseDblpSearch(json: string): PaperMetadata[] {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return [];
  }
  const hits = asArray(child(child(child(body, "result"), "hits"), "hit"));
  return hits.map((hit) => searchHit(child(hit, "info"))).filter((m) => m !== null);
}

function searchHit(info: unknown): PaperMetadata | null {
  if (!isRecord(info)) return null;
  const key = textOf(info.key);
  return metadata({
    title: textOf(info.title),
    authors: asArray(child(info.authors, "author")).map(textOf),
    year: info.year,
    venue: asArray(info.venue).map(textOf).join(", "),
    ids: [["dblp", key], ["doi", textOf(info.doi)], ...idsFromLinks(asArray(info.ee).map(textOf))],
  });
}

/** The record of a dblp.org/rec/KEY.xml answer, or null. */
export function parseDblpRecord(xml: string): PaperMetadata | null {
  const root = child(parseXml(xml, ["title"]), "dblp");
  const type = RECORD_TYPES.find((t) => child(root, t) !== undefined);
  const record = type ? asArray(child(root, type))[0] : undefined;
  if (!isRecord(record)) return null;
  return metadata({
    title: textOf(record.title),
    authors: asArray(record.author).map(textOf),
    year: textOf(record.year),
    venue: textOf(VENUE_FIELDS.map((f) => asArray(record[f])[0]).find((v) => v !== undefined)),
    ids: [["dblp", attrOf(record, "key") ?? ""], ...idsFromLinks(asArray(record.ee).map(textOf))],
  });
}

interface Fields {
  title: string;
  authors: string[];
  year: unknown;
  venue: string;
  ids: [IdScheme, string][];
}

function metadata(f: Fields): PaperMetadata | null {
  // DBLP ends every title with a period that is not part of it ("…Architecture.").
  const title = cleanTitle(f.title).replace(/(?<!\.)\.$/, "");
  if (!title) return null;
  return {
    title,
    authors: f.authors.map(cleanName).filter((a) => a.length > 0),
    year: yearOf(f.year),
    venue: cleanText(f.venue) || null,
    abstract: "",
    identifiers: statedIds(f.ids),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "dblp",
  };
}
