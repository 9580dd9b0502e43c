// The original site's papers as paper records. Its bibtexKey is an arXiv id in DBLP's form
// (`journals/corr/1609.05473`), a DBLP key (`conf/nips/Key17`), a DOI without its resolver, or
// a plain BibTeX key; parsePaperId reads the first three as /paper?bibtexKey= does, so a paper
// keyed either way lands on the paper of its arXiv id or DOI. Its urls add the arXiv id or DOI
// a DBLP-keyed paper also has (a url without a host is a DOI). Pure: no I/O.

import { parsePaperId } from "../papers/ids";
import type { PaperRecord } from "../papers/paper-store.service";
import { normalizeVenue, venueFromDblpKey } from "../papers/venue-names";
import type { LegacyPaper } from "./legacy-rows";

/** Only identifiers that name a paper for sure: a url of any other page adds nothing. */
const FROM_URLS = new Set(["arxiv", "doi"]);

export function recordOfLegacyPaper(p: LegacyPaper): PaperRecord {
  const identifiers: { scheme: string; value: string }[] = [];
  let arxivVersion: number | null = null;
  const key = parsePaperId(p.key);
  if (key) identifiers.push({ scheme: key.scheme, value: key.value });
  if (key?.scheme === "arxiv") arxivVersion = key.version ?? null;
  for (const url of p.urls.slice(0, 20)) {
    const id = parsePaperId(url);
    if (id && FROM_URLS.has(id.scheme)) identifiers.push({ scheme: id.scheme, value: id.value });
  }
  const venue =
    key?.scheme === "dblp" ? venueFromDblpKey(key.value, p.venue) : normalizeVenue(p.venue);
  return {
    title: p.title,
    authors: p.authors,
    year: p.year,
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: p.abstract,
    categories: [],
    arxivVersion,
    identifiers,
  };
}
