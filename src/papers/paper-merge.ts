// How what we know of a paper and a new record about it combine. Pure: the paper store
// applies it to stored papers and to several records of one batch that name the same paper.

import type { PaperRecord } from "./paper-record";
import type { PaperRow, StoredPaper } from "./paper-store.repo";
import { sectionOfCategories } from "./sections";
import { sectionOfVenue } from "./venue-names";

export interface Draft {
  title: string;
  authors: string[];
  year: number | null;
  venue: { key: string; name: string } | null;
  abstract: string;
  categories: string[];
  arxivVersion: number | null;
  section: string | null;
}

// arXiv's own listing (CoRR) is where a paper waits for its real venue: any other replaces it.
const PREPRINT_VENUE = "corr";

export function draftOfRecord(r: PaperRecord): Draft {
  return {
    title: r.title,
    authors: r.authors,
    year: r.year,
    venue: r.venue,
    abstract: r.abstract,
    categories: r.categories,
    arxivVersion: r.arxivVersion,
    section: r.section ?? (r.venue ? sectionOfVenue(r.venue.key) : null),
  };
}

export function draftOfStored(p: StoredPaper): Draft {
  let authors: string[] = [];
  try {
    const parsed: unknown = JSON.parse(p.authors);
    if (Array.isArray(parsed)) authors = parsed.filter((a) => typeof a === "string");
  } catch {
    // A hand-edited row with bad JSON: the record's authors replace it.
  }
  return {
    title: p.title,
    authors,
    year: p.year,
    venue: p.venue_key ? { key: p.venue_key, name: "" } : null,
    abstract: p.abstract,
    categories: p.categories.split(" ").filter((c) => c.length > 0),
    arxivVersion: p.arxiv_version,
    section: p.section,
  };
}

/**
 * The newest record's title and authors win (a re-import corrects them); the longer abstract,
 * the higher arXiv version and the arXiv categories are kept; year, venue and section only
 * fill what is missing, so a paper never moves between venues or years by re-import.
 */
export function mergeRecord(d: Draft, r: PaperRecord): void {
  if (r.title) d.title = r.title;
  if (r.authors.length > 0) d.authors = r.authors;
  d.year ??= r.year;
  if (r.venue && (d.venue === null || d.venue.key === PREPRINT_VENUE)) d.venue = r.venue;
  if (r.abstract.length > d.abstract.length) d.abstract = r.abstract;
  if (r.categories.length > 0) d.categories = r.categories;
  if (r.arxivVersion !== null && (d.arxivVersion === null || r.arxivVersion > d.arxivVersion)) {
    d.arxivVersion = r.arxivVersion;
  }
  d.section ??= r.section ?? (r.venue ? sectionOfVenue(r.venue.key) : null);
}

/** The row to store; arXiv categories decide the section when there are some. */
export function rowOfDraft(d: Draft, venueId: number | null): PaperRow {
  return {
    title: d.title,
    authors: JSON.stringify(d.authors),
    year: d.year,
    venue_id: venueId,
    abstract: d.abstract,
    categories: d.categories.join(" "),
    section: sectionOfCategories(d.categories) ?? d.section,
    arxiv_version: d.arxivVersion,
  };
}

export function sameRow(a: PaperRow, b: PaperRow): boolean {
  return (
    a.title === b.title &&
    a.authors === b.authors &&
    a.year === b.year &&
    a.venue_id === b.venue_id &&
    a.abstract === b.abstract &&
    a.categories === b.categories &&
    a.section === b.section &&
    a.arxiv_version === b.arxiv_version
  );
}
