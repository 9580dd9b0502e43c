// DBLP → PaperMetadata. Pure. A record's XML (dblp.org/rec/KEY.xml; titles may hold <i>,
// <sub>, entities).

import type { IdScheme } from "../ids";
import { idsFromLinks, statedIds } from "./identifiers";
import { cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, attrOf, child, isRecord, parseXml, textOf } from "./xml";

/** dblp.dtd's record elements that are publications (a bulk import reads only these). */
export const DBLP_PAPER_TYPES = [
  "article",
  "inproceedings",
  "proceedings",
  "book",
  "incollection",
  "phdthesis",
  "mastersthesis",
] as const;
/** Every record element a dblp.org/rec answer may hold: person pages and data sets too. */
const RECORD_TYPES = [...DBLP_PAPER_TYPES, "www", "data"];
const VENUE_FIELDS = ["journal", "booktitle", "school", "publisher", "series"];

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
