// DBLP's XML dump (dblp.xml, several GB) → PaperRecord, streamed through a SAX parser: only
// the record being read is in memory. Person pages (www) and data sets are not papers.

import { SaxesParser } from "saxes";
import {
  IMPORT_FIELD_MAX_CHARS,
  IMPORT_RECORD_LINKS_MAX,
  IMPORT_RECORD_MAX_CHARS,
  IMPORT_XML_MAX_DEPTH,
  IMPORT_XML_TAG_MAX_CHARS,
  IMPORT_XML_TEXT_MAX_CHARS,
  PAPER_AUTHORS_MAX,
} from "../core/limits";
import type { PaperRecord } from "../papers/paper-record";
import { DBLP_PAPER_TYPES } from "../papers/resolvers/dblp.parse";
import { idsFromLinks, statedIds } from "../papers/resolvers/identifiers";
import { yearOf } from "../papers/resolvers/text";
import { venueFromDblpKey } from "../papers/venue-names";
import { BoundedXmlFilter } from "./bounded-xml";
import { DBLP_ENTITIES } from "./dblp-entities";
import type { ImportItem } from "./import-item";
import { collapse } from "./plain-text";

const PAPERS = new Set<string>(DBLP_PAPER_TYPES);
type FieldName = Exclude<keyof DblpFields, "key">;
/** Values kept per field: a record is read whole, so every list in it is capped. */
const FIELD_VALUES_MAX: Record<FieldName, number> = {
  author: PAPER_AUTHORS_MAX,
  editor: PAPER_AUTHORS_MAX,
  ee: IMPORT_RECORD_LINKS_MAX,
  // recordFromDblp reads only the first of these.
  title: 1,
  year: 1,
  journal: 1,
  booktitle: 1,
};
const FIELDS = new Set(Object.keys(FIELD_VALUES_MAX));

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
function recordFromDblp(f: DblpFields): PaperRecord | string {
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
  let recordStart = 0;
  let broken: string | null = null;
  let field: FieldName | null = null;
  let text = "";

  const fail = (message: string) => {
    if (record) broken ??= message;
    else items.push({ bad: { line: parser.line, message } });
  };
  /** A record past its size bound is read to its end without keeping anything of it. */
  const tooLong = () => {
    if (!record || broken) return broken !== null;
    if (parser.position - recordStart <= IMPORT_RECORD_MAX_CHARS) return false;
    broken = `record longer than ${IMPORT_RECORD_MAX_CHARS} characters`;
    return true;
  };

  parser.on("error", (error) => {
    // An entity not in our table stays as written ("&name;"): it must not cost the record.
    if (/undefined entity/.test(error.message)) return;
    // After a broken tag the parser may think the root has closed and says so at every later
    // record; the records themselves are fine and the cause was reported where it happened.
    if (/only one root/.test(error.message)) return;
    fail(error.message);
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
      recordStart = parser.position;
      broken = null;
    } else if (record && !field && FIELDS.has(tag.name) && !tooLong()) {
      field = tag.name as FieldName;
      text = "";
    }
  });
  const onText = (t: string) => {
    if (field && text.length < IMPORT_FIELD_MAX_CHARS) {
      text += t.slice(0, IMPORT_FIELD_MAX_CHARS - text.length);
    }
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", (tag) => {
    if (record && field && tag.name === field) {
      const values = record[field];
      if (values.length < FIELD_VALUES_MAX[field] && !tooLong()) values.push(text);
      field = null;
      text = "";
    } else if (record && tag.name === recordType) {
      items.push(itemOf(record, recordLine, broken));
      record = null;
      field = null;
      text = "";
    }
  });

  const bounded = new BoundedXmlFilter(
    {
      maxTextChars: IMPORT_XML_TEXT_MAX_CHARS,
      maxTagChars: IMPORT_XML_TAG_MAX_CHARS,
      maxDepth: IMPORT_XML_MAX_DEPTH,
    },
    {
      write: (xml) => parser.write(xml),
      // Text between records (whitespace, as a gzip of spaces would give) is cut silently:
      // nothing of it is read. Inside a record, the record is reported and skipped.
      overflow: (message) => {
        if (record || !message.startsWith("text ")) fail(message);
      },
    },
  );
  let decoder: TextDecoder | null = null;
  for await (const chunk of input) {
    decoder ??= new TextDecoder(declaredEncoding(chunk));
    bounded.push(decoder.decode(chunk, { stream: true }));
    if (items.length > 0) {
      yield items;
      items = [];
    }
  }
  bounded.push(decoder?.decode() ?? "");
  bounded.end();
  parser.close();
  if (items.length > 0) yield items;
}

/** A hostile key can be as long as a tag may be: reports quote its start. */
const KEY_SHOWN_MAX = 200;

function itemOf(record: DblpFields, line: number, broken: string | null): ImportItem {
  const key =
    record.key.length > KEY_SHOWN_MAX ? `${record.key.slice(0, KEY_SHOWN_MAX)}…` : record.key;
  if (broken) return { bad: { line, message: `${key}: ${broken}` } };
  if (!record.key) return { bad: { line, message: "record without a key" } };
  const r = recordFromDblp(record);
  return typeof r === "string" ? { bad: { line, message: r } } : { record: r, line };
}
