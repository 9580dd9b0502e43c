// A paper as outside data describes it (a metadata service's answer, an arXiv snapshot line,
// a DBLP record), ready for the paper store. Pure: no I/O.

import {
  PAPER_ABSTRACT_MAX_CHARS,
  PAPER_AUTHOR_MAX_CHARS,
  PAPER_AUTHORS_MAX,
  PAPER_TITLE_MAX_CHARS,
} from "../core/limits";
import type { PaperMetadata } from "./resolvers/types";
import type { Section } from "./sections";
import { normalizeVenue, venueFromDblpKey } from "./venue-names";

/**
 * What is known of a paper's details, whatever says it: a record from outside, or a stored
 * paper the store merges records into.
 */
export interface PaperFields {
  title: string;
  authors: string[];
  year: number | null;
  venue: { key: string; name: string } | null;
  abstract: string;
  /** arXiv categories, primary first. */
  categories: string[];
  arxivVersion: number | null;
  /** The section the source implies (its venue's); arXiv categories take precedence. */
  section: string | null;
}

export interface PaperRecord extends Omit<PaperFields, "section"> {
  /** Normalized as parsePaperId gives them: the store matches papers on these. */
  identifiers: { scheme: string; value: string }[];
  /** Optional: most sources imply none, and the store then asks the venue. */
  section?: Section | null;
}

/** A record from a metadata service's answer; the venue from its name, journal-ref or DBLP key. */
export function recordFromMetadata(m: PaperMetadata): PaperRecord {
  const dblp = m.identifiers.find((i) => i.scheme === "dblp");
  const venue =
    (dblp ? venueFromDblpKey(dblp.value, m.venue) : null) ??
    normalizeVenue(m.venue) ??
    normalizeVenue(m.journalRef);
  return {
    title: m.title,
    authors: m.authors,
    year: m.year,
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: m.abstract,
    categories: m.categories,
    arxivVersion: m.arxivVersion,
    identifiers: m.identifiers.map((i) => ({ scheme: i.scheme, value: i.value })),
    section: venue?.section ?? null,
  };
}

const cut = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/**
 * Within the stored limits, identifiers de-duplicated; null when the record has no title
 * (nothing to show a reader).
 */
export function boundedRecord(r: PaperRecord): PaperRecord | null {
  const title = cut(r.title.trim(), PAPER_TITLE_MAX_CHARS);
  if (!title) return null;
  const seen = new Set<string>();
  const identifiers = r.identifiers.filter((i) => {
    const k = `${i.scheme}\u0000${i.value}`;
    if (!i.value || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const withinLimits =
    title === r.title &&
    identifiers.length === r.identifiers.length &&
    r.authors.length <= PAPER_AUTHORS_MAX &&
    r.authors.every((a) => a.length <= PAPER_AUTHOR_MAX_CHARS) &&
    r.abstract.length <= PAPER_ABSTRACT_MAX_CHARS;
  // Bulk imports pass a million records here: most need no copy.
  if (withinLimits) return r;
  return {
    ...r,
    title,
    authors: r.authors.slice(0, PAPER_AUTHORS_MAX).map((a) => cut(a, PAPER_AUTHOR_MAX_CHARS)),
    abstract: cut(r.abstract, PAPER_ABSTRACT_MAX_CHARS),
    identifiers,
  };
}
