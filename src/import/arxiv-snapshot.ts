// The arXiv metadata snapshot (one JSON object a line, as arXiv publishes it on Kaggle) →
// PaperRecord. Titles, abstracts and names carry TeX accents and hard line wraps; the
// cleaners shared with the arXiv resolver make them the same text the live lookup gives.

import {
  IMPORT_CATEGORIES_MAX,
  IMPORT_MAX_LINE_BYTES,
  IMPORT_RECORD_LINKS_MAX,
  PAPER_ABSTRACT_MAX_CHARS,
  PAPER_AUTHOR_MAX_CHARS,
  PAPER_AUTHORS_MAX,
  PAPER_TITLE_MAX_CHARS,
} from "../core/limits";
import type { PaperRecord } from "../papers/paper-record";
import { statedIds } from "../papers/resolvers/identifiers";
import { yearOf } from "../papers/resolvers/text";
import { normalizeVenue } from "../papers/venue-names";
import type { ImportItem } from "./import-item";
import { readLines } from "./lines";
import { plainAbstract, plainName, plainTitle } from "./plain-text";

type Json = Record<string, unknown>;

/** 0704.0001 to 2412.12345, without a version: what parsePaperId would give back unchanged. */
const NEW_STYLE_ID = /^\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}$/;

const str = (v: unknown): string => (typeof v === "string" ? v : "");

/**
 * A field's text, cut before it is cleaned or split: a line may hold 4 MB, and the cleaners
 * and lists would build from all of it what the store then cuts. Twice the stored length
 * leaves room for the TeX and markup that cleaning removes.
 */
const raw = (v: unknown, storedMax: number): string => {
  const text = str(v);
  return text.length > 2 * storedMax ? text.slice(0, 2 * storedMax) : text;
};

/** One snapshot object → a record, or why it cannot be one. */
export function recordFromSnapshot(o: Json): PaperRecord | string {
  const rawId = typeof o.id === "number" ? String(o.id) : str(o.id).trim();
  const doi = raw(o.doi, 1_000);
  // Most lines hold a new-style id and no DOI: that is already the normalized form.
  const identifiers =
    doi === "" && NEW_STYLE_ID.test(rawId)
      ? [{ scheme: "arxiv", value: rawId }]
      : statedIds([
          ["arxiv", rawId],
          ...doi
            .split(/[\s,;]+/, IMPORT_RECORD_LINKS_MAX)
            .map((d) => ["doi", d] as ["doi", string]),
        ]);
  if (identifiers[0]?.scheme !== "arxiv")
    return `"id" is not an arXiv identifier: ${rawId.slice(0, 40)}`;
  const title = plainTitle(raw(o.title, PAPER_TITLE_MAX_CHARS));
  if (!title) return `${rawId}: no title`;
  const venue = normalizeVenue(raw(o["journal-ref"], 1_000));
  const versions = Array.isArray(o.versions) ? o.versions : [];
  return {
    title,
    authors: authorsOf(o),
    year: firstYear(versions) ?? yearOf(str(o.update_date)) ?? yearOfId(identifiers[0].value),
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: plainAbstract(raw(o.abstract, PAPER_ABSTRACT_MAX_CHARS)),
    categories: raw(o.categories, 1_000)
      .split(/\s+/)
      .filter((c) => c.length > 0)
      .slice(0, IMPORT_CATEGORIES_MAX),
    arxivVersion: latestVersion(versions),
    identifiers,
    section: venue?.section ?? null,
  };
}

/** authors_parsed ([last, first, suffix]) is cleaner than the free-text "authors". */
function authorsOf(o: Json): string[] {
  if (Array.isArray(o.authors_parsed) && o.authors_parsed.length > 0) {
    const names: string[] = [];
    for (const parts of o.authors_parsed) {
      if (names.length === PAPER_AUTHORS_MAX) break;
      if (!Array.isArray(parts)) continue;
      const last = raw(parts[0], PAPER_AUTHOR_MAX_CHARS);
      const first = raw(parts[1], PAPER_AUTHOR_MAX_CHARS);
      const suffix = raw(parts[2], PAPER_AUTHOR_MAX_CHARS);
      const full = first && last ? `${first} ${last}` : first || last;
      const name = plainName(suffix ? `${full} ${suffix}` : full);
      if (name) names.push(name);
    }
    if (names.length > 0) return names;
  }
  return raw(o.authors, PAPER_AUTHORS_MAX * PAPER_AUTHOR_MAX_CHARS)
    .replace(/\([^()]*\)/g, " ")
    .split(/,|\s+and\s+/)
    .slice(0, 2 * PAPER_AUTHORS_MAX)
    .map((a) => plainName(a))
    .filter((a) => a.length > 0)
    .slice(0, PAPER_AUTHORS_MAX);
}

function firstYear(versions: unknown[]): number | null {
  const first = versions[0];
  return typeof first === "object" && first !== null ? yearOf(str((first as Json).created)) : null;
}

function latestVersion(versions: unknown[]): number | null {
  let latest: number | null = null;
  for (const v of versions) {
    const n = Number(/^v(\d+)$/.exec(str((v as Json | null)?.version))?.[1]);
    if (Number.isInteger(n) && n > 0 && (latest === null || n > latest)) latest = n;
  }
  return latest;
}

/** 0704.0001 → 2007; hep-th/9901001 → 1999 (old-style ids run from 1991 to 2007). */
function yearOfId(id: string): number | null {
  const yy = /(?:^|\/)(\d{2})\d{2}/.exec(id)?.[1];
  if (!yy) return null;
  const n = Number(yy);
  return n >= 91 ? 1900 + n : 2000 + n;
}

/** Records of a snapshot file; a line that is not one is reported with its number. */
export async function* readArxivSnapshot(
  input: AsyncIterable<Buffer>,
): AsyncGenerator<ImportItem[]> {
  for await (const lines of readLines(input, IMPORT_MAX_LINE_BYTES)) {
    const items: ImportItem[] = [];
    for (const { number, text } of lines) {
      if (text === null) {
        items.push({ bad: { line: number, message: "line too long" } });
        continue;
      }
      if (text.trim() === "") continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (error) {
        items.push({ bad: { line: number, message: `not JSON (${(error as Error).message})` } });
        continue;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        items.push({ bad: { line: number, message: "not a JSON object" } });
        continue;
      }
      const record = recordFromSnapshot(parsed as Json);
      items.push(
        typeof record === "string"
          ? { bad: { line: number, message: record } }
          : { record, line: number },
      );
    }
    if (items.length > 0) yield items;
  }
}
