// How what we know of a paper and a new record about it combine. Pure: the paper store
// applies it to stored papers and to several records of one batch that name the same paper.

import type { PaperFields, PaperRecord } from "./paper-record";
import { sectionOfCategories } from "./sections";
import { sectionOfVenue } from "./venue-names";

// arXiv's own listing (CoRR) is where a paper waits for its real venue: any other replaces it.
const PREPRINT_VENUE = "corr";

export function fieldsOfRecord(r: PaperRecord): PaperFields {
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

/**
 * The newest record's title and authors win (a re-import corrects them); the longer abstract,
 * the higher arXiv version and the arXiv categories are kept; year, venue and section only
 * fill what is missing, so a paper never moves between venues or years by re-import.
 */
export function mergeRecord(d: PaperFields, r: PaperRecord): void {
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

/** Before a write: arXiv categories decide the section when there are some. */
export function settleSection(d: PaperFields): void {
  d.section = sectionOfCategories(d.categories) ?? d.section;
}
