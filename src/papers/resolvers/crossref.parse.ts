// Crossref REST API /works/{doi} JSON → PaperMetadata. Pure. Reads both the current schema
// and the 2017 one (prefix/member as URLs, cited-count); the fields we use kept their shape,
// but titles then carried stray spaces and dates could be month-only.

import { type IdScheme, parsePaperId } from "../ids";
import { statedIds } from "./identifiers";
import { cleanAbstract, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, child, isRecord, textOf } from "./xml";

const DATE_FIELDS = ["issued", "published-print", "published-online", "published", "created"];
const RELATIONS = ["has-preprint", "is-preprint-of", "is-version-of", "has-version"];

export function parseCrossrefWork(json: string): PaperMetadata | null {
  const body = parseJson(json);
  const work = child(body, "message");
  if (!isRecord(work) || (isRecord(body) && body["message-type"] !== "work")) return null;
  const title = cleanTitle(first(work.title));
  if (!title) return null;
  const subtitle = cleanTitle(first(work.subtitle));
  return {
    title: subtitle && !title.includes(subtitle) ? `${title}: ${subtitle}` : title,
    authors: asArray(work.author)
      .map(authorName)
      .filter((a) => a.length > 0),
    year:
      DATE_FIELDS.map((f) => yearOf(firstOf(firstOf(child(work[f], "date-parts"))))).find(
        (y) => y !== null,
      ) ?? null,
    venue:
      cleanText(first(work["container-title"]) || first(work["short-container-title"])) ||
      cleanText(textOf(child(firstOf(work.institution), "name"))) ||
      null,
    abstract: cleanAbstract(textOf(work.abstract)),
    identifiers: statedIds([["doi", textOf(work.DOI)], ...relatedIds(work.relation)]),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "crossref",
  };
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

/** Crossref fields are arrays in both schemas; tolerate a bare value. */
function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function first(value: unknown): string {
  return textOf(firstOf(value));
}

function authorName(author: unknown): string {
  if (!isRecord(author)) return "";
  // Organizations come as "name"; people as given + family, and some only have a family name.
  const parts = [author.given, author.family, author.suffix].map((p) => cleanText(textOf(p)));
  return parts.filter((p) => p.length > 0).join(" ") || cleanText(textOf(author.name));
}

/** A preprint relation (has-preprint → the arXiv or bioRxiv version) names the same paper. */
function relatedIds(relation: unknown): [IdScheme, string][] {
  const pairs: [IdScheme, string][] = [];
  for (const kind of RELATIONS) {
    for (const rel of asArray(child(relation, kind))) {
      const type = textOf(child(rel, "id-type")).toLowerCase();
      const id = parsePaperId(`${type === "arxiv" ? "arXiv" : type}:${textOf(child(rel, "id"))}`);
      if (id && (id.scheme === "arxiv" || id.scheme === "doi")) pairs.push([id.scheme, id.value]);
    }
  }
  return pairs;
}
