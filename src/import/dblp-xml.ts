// DBLP's XML dump (dblp.xml, several GB) → PaperRecord, streamed through a SAX parser: only
// the record being read is in memory. Person pages (www) and data sets are not papers.

import { SaxesParser } from "saxes";
import type { PaperRecord } from "../papers/paper-record";
import { idsFromLinks, statedIds } from "../papers/resolvers/identifiers";
import { yearOf } from "../papers/resolvers/text";
import { venueFromDblpKey } from "../papers/venue-names";
import { DBLP_ENTITIES } from "./dblp-entities";
import type { ImportItem } from "./import-item";
import { collapse } from "./plain-text";

const PAPERS = new Set([
  "article",
  "inproceedings",
  "proceedings",
  "book",
  "incollection",
  "phdthesis",
  "mastersthesis",
]);
const FIELDS = new Set(["author", "editor", "title", "year", "journal", "booktitle", "ee"]);
/** A field longer than this is cut: the dump is trusted, but memory stays bounded anyway. */
const FIELD_MAX_CHARS = 20_000;

export interface DblpFields {
  key: string;
  author: string[];
  editor: string[];
  title: string[];
  year: string[];
  journal: string[];
  booktitle: string[];
  ee: string[];
}

/** One DBLP record's fields → a record, or why it cannot be one. */
export function recordFromDblp(f: DblpFields): PaperRecord | string {
  // The parser has decoded the entities and dropped the tags (<i>, <sub>): what is left is
  // text. DBLP ends titles with a period that is not part of them ("…Architecture.").
  const title = collapse(f.title[0] ?? "").replace(/(?<!\.)\.$/, "");
  if (!title) return `${f.key}: no title`;
  const venue = venueFromDblpKey(f.key, f.journal[0] ?? f.booktitle[0]);
  const people = f.author.length > 0 ? f.author : f.editor;
  return {
    title,
    // DBLP's homonym numbers ("Jian Sun 0001") are not part of a name.
    authors: people.map((a) => collapse(a).replace(/\s+\d{4}$/, "")).filter((a) => a.length > 0),
    year: yearOf(f.year[0]),
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: "",
    categories: [],
    arxivVersion: null,
    identifiers: identifiersOf(f),
    // DBLP is a computer-science bibliography: a record without a venue is still cs.
    section: venue ? venue.section : "cs",
  };
}

/**
 * The record's key and its DOI and arXiv links. A key our parser does not read as an id (thesis
 * keys such as phd/Roe19) is kept as written: it is what makes a re-run find the paper again.
 */
function identifiersOf(f: DblpFields): { scheme: string; value: string }[] {
  const ids = statedIds([["dblp", f.key], ...idsFromLinks(f.ee)]);
  const keyParsed = statedIds([["dblp", f.key]]).length > 0;
  return keyParsed ? ids : [{ scheme: "dblp", value: f.key }, ...ids];
}

/** The encoding the XML declaration names; dblp.xml says ISO-8859-1. */
function declaredEncoding(head: Buffer): string {
  const m = /^<\?xml[^>]*encoding\s*=\s*["']([\w.-]+)["']/.exec(head.toString("latin1", 0, 200));
  return m?.[1] ?? "utf-8";
}

/** Records of a dblp.xml stream; a record the parser found broken is reported with its line. */
export async function* readDblpXml(input: AsyncIterable<Buffer>): AsyncGenerator<ImportItem[]> {
  const parser = new SaxesParser({ position: true });
  Object.assign(parser.ENTITIES, DBLP_ENTITIES);
  let items: ImportItem[] = [];
  // Records and fields are found by name, not depth: after a broken tag the parser's nesting
  // is off, but the next record's own tags still start and end it.
  let record: DblpFields | null = null;
  let recordType = "";
  let recordLine = 0;
  let broken: string | null = null;
  let field: keyof DblpFields | null = null;
  let text = "";

  parser.on("error", (error) => {
    // An entity not in our table stays as written ("&name;"): it must not cost the record.
    if (/undefined entity/.test(error.message)) return;
    // After a broken tag the parser may think the root has closed and says so at every later
    // record; the records themselves are fine and the cause was reported where it happened.
    if (/only one root/.test(error.message)) return;
    if (record) broken ??= error.message;
    else items.push({ bad: { line: parser.line, message: error.message } });
  });
  parser.on("opentag", (tag) => {
    if (!record && PAPERS.has(tag.name)) {
      const key = typeof tag.attributes.key === "string" ? tag.attributes.key : "";
      record = {
        key,
        author: [],
        editor: [],
        title: [],
        year: [],
        journal: [],
        booktitle: [],
        ee: [],
      };
      recordType = tag.name;
      recordLine = parser.line;
      broken = null;
    } else if (record && !field && FIELDS.has(tag.name)) {
      field = tag.name as keyof DblpFields;
      text = "";
    }
  });
  const onText = (t: string) => {
    if (field && text.length < FIELD_MAX_CHARS) text += t;
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    if (record && field && tag.name === field) {
      (record[field] as string[]).push(text);
      field = null;
    } else if (record && tag.name === recordType) {
      items.push(itemOf(record, recordLine, broken));
      record = null;
      field = null;
    }
  });

  let decoder: TextDecoder | null = null;
  for await (const chunk of input) {
    decoder ??= new TextDecoder(declaredEncoding(chunk));
    parser.write(decoder.decode(chunk, { stream: true }));
    if (items.length > 0) {
      yield items;
      items = [];
    }
  }
  parser.write(decoder?.decode() ?? "").close();
  if (items.length > 0) yield items;
}

function itemOf(record: DblpFields, line: number, broken: string | null): ImportItem {
  if (broken) return { bad: { line, message: `${record.key}: ${broken}` } };
  if (!record.key) return { bad: { line, message: "record without a key" } };
  const r = recordFromDblp(record);
  return typeof r === "string" ? { bad: { line, message: r } } : { record: r, line };
}
