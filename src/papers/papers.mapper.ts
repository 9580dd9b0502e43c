// The one place a papers row's storage encoding is read and written: authors are a JSON array
// and categories a space-separated list in the table (one schema on SQLite and PostgreSQL),
// string[] everywhere else. Pure: no I/O. The reads (papers.repo.ts) give rows; the one writer
// (paper-writes.repo.ts) takes domain values and encodes them here.

import type { PaperRow } from "../db/schema";
import { arxivPdfUrl, externalUrl } from "./ids";
import { canonicalPaperPath, type IdentifierLike } from "./paper-paths";
import type { PaperFields } from "./paper-record";

/** Where a paper's details come from; see the paper-provenance migration. */
export type MetadataSource = "service" | "hand" | "moderator";

/** Details a person gave: shown as unconfirmed, re-checked, replaced by a service's record. */
export const UNCONFIRMED: readonly MetadataSource[] = ["hand", "moderator"];

export interface PaperLink {
  label: string;
  href: string;
}

/**
 * A paper as the rest of the program sees it: its details decoded (the section, a home-page
 * filter, stays in the queries that filter by it), with its path and reading links.
 */
export interface Paper extends Omit<PaperFields, "section"> {
  id: number;
  path: string;
  arxivId: string | null;
  doi: string | null;
  links: PaperLink[];
  /** Where the details come from: "hand" ones are not confirmed by any service yet. */
  metadataSource: MetadataSource;
}

/** A row with bad JSON (edited by hand in the database) reads as no authors, not an error. */
export function decodeAuthors(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === "string") : [];
  } catch {
    return [];
  }
}

export function encodeAuthors(authors: readonly string[]): string {
  return JSON.stringify(authors);
}

export function decodeCategories(text: string): string[] {
  return text.split(" ").filter((c) => c !== "");
}

export function encodeCategories(categories: readonly string[]): string {
  return categories.join(" ");
}

/**
 * The columns that hold a paper's details (what a record sets), in the order
 * encodePaperDetails writes them, which is the order Kysely binds them in.
 */
export const DETAIL_COLUMNS = [
  "title",
  "authors",
  "year",
  "venue_id",
  "abstract",
  "categories",
  "section",
  "arxiv_version",
] as const;

/** A papers row's details, still encoded. */
export type PaperDetailColumns = Pick<PaperRow, (typeof DETAIL_COLUMNS)[number]>;

/**
 * What the paper store reads of a stored paper to merge records into it: its details, the
 * venue's key, and metadata_source ("hand"/"moderator" mark details a person gave, which a
 * record replaces whole).
 */
export type StoredPaper = PaperDetailColumns &
  Pick<PaperRow, "id" | "metadata_source"> & { venue_key: string | null };

/** A paper's details as the writer stores them: the venue already resolved to its row id. */
export interface PaperDetailsToWrite {
  fields: PaperFields;
  venueId: number | null;
}

/** Keys in DETAIL_COLUMNS order: the paper writer's cached INSERT binds values in this order. */
export function encodePaperDetails(paper: PaperDetailsToWrite): PaperDetailColumns {
  const { fields } = paper;
  // `?? null` everywhere: Kysely leaves out a column whose value is undefined, which would
  // change a cached statement's parameters (db/compiled-queries.ts); old cache bodies may lack one.
  return {
    title: fields.title,
    authors: encodeAuthors(fields.authors),
    year: fields.year ?? null,
    venue_id: paper.venueId ?? null,
    abstract: fields.abstract ?? "",
    categories: encodeCategories(fields.categories),
    section: fields.section ?? null,
    arxiv_version: fields.arxivVersion ?? null,
  };
}

/** A stored paper's details, decoded: the draft the store merges records into. */
export function fieldsOfStored(p: StoredPaper): PaperFields {
  return {
    title: p.title,
    // A hand-edited row with bad JSON decodes as no authors: the record's replace them.
    authors: decodeAuthors(p.authors),
    year: p.year,
    venue: p.venue_key ? { key: p.venue_key, name: "" } : null,
    abstract: p.abstract,
    categories: decodeCategories(p.categories),
    arxivVersion: p.arxiv_version,
    section: p.section,
  };
}

/**
 * True when writing `paper` would leave the stored columns as they are. Compared encoded, so
 * that a hand-edited row (bad JSON, odd spacing) that decodes the same is still rewritten.
 */
export function storedDetailsEqual(
  stored: PaperDetailColumns,
  paper: PaperDetailsToWrite,
): boolean {
  const row = encodePaperDetails(paper);
  return DETAIL_COLUMNS.every((column) => row[column] === stored[column]);
}

/** Anything but the two hand-entry values counts as a service's record (the column's default). */
export function metadataSourceOf(value: string): MetadataSource {
  return value === "hand" || value === "moderator" ? value : "service";
}

/** A papers row, with its venue and identifiers, as the domain's Paper. */
export function paperFromRow(
  row: PaperRow,
  venue: { key: string; name: string } | null,
  identifiers: readonly IdentifierLike[],
): Paper {
  const arxivId = identifiers.find((i) => i.scheme === "arxiv")?.value ?? null;
  const doi = identifiers.find((i) => i.scheme === "doi")?.value ?? null;
  return {
    id: row.id,
    path: canonicalPaperPath(row.id, identifiers),
    title: row.title,
    authors: decodeAuthors(row.authors),
    year: row.year,
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: row.abstract,
    categories: decodeCategories(row.categories),
    arxivId,
    arxivVersion: row.arxiv_version,
    doi,
    links: paperLinks(arxivId, doi),
    metadataSource: metadataSourceOf(row.metadata_source),
  };
}

function paperLinks(arxivId: string | null, doi: string | null): PaperLink[] {
  const links: PaperLink[] = [];
  if (arxivId) {
    links.push({ label: "arXiv", href: externalUrl({ scheme: "arxiv", value: arxivId }) });
    links.push({ label: "PDF", href: arxivPdfUrl(arxivId) });
  }
  if (doi) links.push({ label: "DOI", href: externalUrl({ scheme: "doi", value: doi }) });
  return links;
}
