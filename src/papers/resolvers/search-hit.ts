// What a title search of a metadata service gives: one candidate paper per hit, with the
// identifier the add-paper flow takes. Pure; shared by the three search parsers.

import * as limits from "../../core/limits";
import { formatPaperId, type PaperId, parsePaperId } from "../ids";
import { cleanName, cleanText, cleanTitle, yearOf } from "./text";

export interface SearchHit {
  title: string;
  authors: string[];
  year: number | null;
  venue: string | null;
  /** arXiv id (no version), DOI, or — for DBLP records with neither — the DBLP key. */
  id: PaperId;
}

/** Authors a hit keeps: the list shows the first few, "et al." stands for the rest. */
export const SEARCH_HIT_MAX_AUTHORS = 20;

/** A hit from raw fields, cleaned and bounded; null without a title or an identifier. */
export function searchHit(raw: {
  title: string;
  authors: string[];
  year: unknown;
  venue: string;
  id: PaperId | null;
}): SearchHit | null {
  const title = cleanTitle(raw.title).slice(0, limits.PAPER_TITLE_MAX_CHARS);
  if (!title || !raw.id) return null;
  // Versions name one revision; a paper page (and the add flow) is for the paper.
  const id: PaperId = { scheme: raw.id.scheme, value: raw.id.value };
  return {
    title,
    authors: raw.authors
      .slice(0, SEARCH_HIT_MAX_AUTHORS)
      .map(cleanName)
      .filter((a) => a.length > 0),
    year: yearOf(raw.year),
    venue: cleanText(raw.venue).slice(0, limits.PAPER_TITLE_MAX_CHARS) || null,
    id,
  };
}

/** `scheme` + raw value through the one identifier parser (a DOI of arXiv's becomes arXiv). */
export function hitId(scheme: "arxiv" | "doi" | "dblp", raw: string): PaperId | null {
  const text = raw.trim();
  if (!text) return null;
  const prefix = scheme === "arxiv" ? "arXiv:" : `${scheme}:`;
  return parsePaperId(`${prefix}${text}`);
}

/** A cached list read back: null when it does not have the shape this version writes. */
export function readHits(json: string): SearchHit[] | null {
  try {
    const list: unknown = JSON.parse(json);
    if (!Array.isArray(list)) return null;
    const hits = list.filter(
      (h): h is SearchHit =>
        typeof h === "object" &&
        h !== null &&
        typeof h.title === "string" &&
        Array.isArray(h.authors) &&
        h.authors.every((a: unknown) => typeof a === "string") &&
        (h.year === null || typeof h.year === "number") &&
        (h.venue === null || typeof h.venue === "string") &&
        validId(h.id),
    );
    return hits.length === list.length ? hits : null;
  } catch {
    return null;
  }
}

function validId(id: unknown): id is PaperId {
  if (typeof id !== "object" || id === null) return false;
  const { scheme, value } = id as Record<string, unknown>;
  if (typeof scheme !== "string" || typeof value !== "string") return false;
  const again = parsePaperId(formatPaperId({ scheme, value } as PaperId));
  return again?.scheme === scheme && again.value === value;
}
