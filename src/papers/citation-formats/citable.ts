// What every citation format (BibTeX, RIS, Highwire meta tags, JSON-LD) is made from: one
// plain record per paper, built from the paper page's data. Pure: no I/O.

import { arxivPdfUrl, externalUrl } from "../ids";
import type { Paper } from "../papers.mapper";

/**
 * journal → @article / JOUR; conference → @inproceedings / CPAPER; preprint (arXiv, bioRxiv,
 * …) and unknown venues are cited as what they are sure to be: a @misc with the eprint fields.
 */
export type VenueKind = "journal" | "conference" | "preprint";

export interface CitablePaper {
  title: string;
  /** Display names in order ("Aidan N. Gomez"); names.ts splits them per format. */
  authors: string[];
  year: number | null;
  venue: { name: string; kind: VenueKind } | null;
  /** Normalized (lower-case) DOI. */
  doi: string | null;
  /** arXiv id without version. */
  arxivId: string | null;
  /** Latest known arXiv version; the citation formats cite the unversioned id. */
  arxivVersion: number | null;
  /** arXiv primary category (cs.CV), from papers.categories. */
  primaryCategory: string | null;
  abstract: string;
  /** Absolute URL of the paper's page on this site. */
  url: string;
  pdfUrl: string | null;
  /**
   * Said in the exports (BibTeX note, RIS N1) when no metadata service has confirmed the
   * details: a citation manager keeps the entry long after the page's notice is out of sight.
   */
  unconfirmedNote: string | null;
}

const UNCONFIRMED_NOTES = {
  hand: "Details entered by hand, not yet confirmed by a metadata service",
  moderator:
    "Details entered by hand and corrected by a moderator, not yet confirmed by a metadata service",
} as const;

// Venues carry only a key and a name, so the kind is read from those. DBLP-style keys say it
// outright; otherwise journal names almost always contain one of these words, and every
// named non-journal, non-preprint venue we hold (NeurIPS, AAAI, ICML, ACL…) is a conference.
const PREPRINT = /\b(?:arxiv|corr|biorxiv|medrxiv|chemrxiv|ssrn|preprints?)\b/i;
const JOURNAL = new RegExp(
  [
    "\\b(?:journal|transactions|letters|magazine|annals|bulletin|reviews?|quarterly)\\b",
    "\\b(?:jmlr|tmlr|tpami|tacl|pnas|plos|acta)\\b",
    "\\b(?:j|trans|lett)\\.(?=\\s|$)",
    // Journals named by one word; "Science" alone would also match "Conference on … Science".
    "^(?:nature|science|cell)\\b",
    // Proceedings that are journals, unlike conference proceedings.
    "^proceedings of the (?:national academy|ieee|royal society)",
  ].join("|"),
  "i",
);

export function venueKind(venue: { key: string; name: string }): VenueKind {
  const key = venue.key.toLowerCase();
  if (key === "corr" || key.startsWith("journals/corr") || PREPRINT.test(venue.name)) {
    return "preprint";
  }
  if (key.startsWith("journals/")) return "journal";
  if (key.startsWith("conf/")) return "conference";
  return JOURNAL.test(venue.name) ? "journal" : "conference";
}

/** The paper page's data → the citation record; baseUrl is the site's public origin. */
export function citablePaper(
  page: Pick<
    Paper,
    | "path"
    | "title"
    | "authors"
    | "year"
    | "venue"
    | "abstract"
    | "arxivId"
    | "arxivVersion"
    | "doi"
    | "metadataSource"
  >,
  baseUrl: string,
  primaryCategory: string | null,
): CitablePaper {
  return {
    title: page.title,
    authors: page.authors,
    year: page.year,
    venue: page.venue ? { name: page.venue.name, kind: venueKind(page.venue) } : null,
    doi: page.doi,
    arxivId: page.arxivId,
    arxivVersion: page.arxivVersion,
    primaryCategory,
    abstract: page.abstract,
    url: baseUrl.replace(/\/+$/, "") + page.path,
    pdfUrl: page.arxivId ? arxivPdfUrl(page.arxivId) : null,
    unconfirmedNote:
      page.metadataSource === "service" ? null : UNCONFIRMED_NOTES[page.metadataSource],
  };
}

/** Where the paper itself is read: arXiv, else its DOI, else (nothing better) our page. */
export function paperUrl(p: CitablePaper): string {
  if (p.arxivId) return externalUrl({ scheme: "arxiv", value: p.arxivId });
  if (p.doi) return externalUrl({ scheme: "doi", value: p.doi });
  return p.url;
}

/** Entry kind actually used: a venue's kind, or a preprint when there is no venue. */
export function citedKind(p: CitablePaper): VenueKind {
  return p.venue?.kind ?? "preprint";
}

/** Whitespace (newlines in titles from metadata services) collapsed to single spaces. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
