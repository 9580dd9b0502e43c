// The details of a paper a person types (hand entry, a moderator's correction): checked and
// cut to the stored limits. Pure: no I/O.

import { invalid } from "../core/errors";
import {
  PAPER_ABSTRACT_MAX_CHARS,
  PAPER_AUTHOR_MAX_CHARS,
  PAPER_AUTHORS_MAX,
  PAPER_TYPED_TITLE_MAX_CHARS,
} from "../core/limits";
import { normalizeVenue } from "./venue-names";

export interface PaperDetailsInput {
  title: string;
  authors: string;
  year: string;
  venue: string;
  abstract: string;
}

export interface PaperDetails {
  title: string;
  authors: string[];
  year: number | null;
  venue: { key: string; name: string } | null;
  abstract: string;
}

export function parsePaperDetails(input: PaperDetailsInput, now = new Date()): PaperDetails {
  const title = input.title.trim().replace(/\s+/g, " ");
  if (title.length < 3 || title.length > PAPER_TYPED_TITLE_MAX_CHARS) {
    throw invalid(`Give the paper's title (3 to ${PAPER_TYPED_TITLE_MAX_CHARS} characters).`);
  }
  const authors = input.authors
    .split(/\n|;/)
    .map((a) => a.trim().replace(/\s+/g, " "))
    .filter((a) => a !== "");
  if (authors.length === 0) throw invalid("Give at least one author, one per line.");
  if (authors.length > PAPER_AUTHORS_MAX) {
    throw invalid(`A paper may list at most ${PAPER_AUTHORS_MAX} authors here.`);
  }
  if (authors.some((a) => a.length > PAPER_AUTHOR_MAX_CHARS)) {
    throw invalid(`An author's name may be at most ${PAPER_AUTHOR_MAX_CHARS} characters.`);
  }
  const yearText = input.year.trim();
  const year = yearText === "" ? null : Number(yearText);
  if (
    year !== null &&
    (!/^\d{4}$/.test(yearText) || year < 1600 || year > now.getUTCFullYear() + 1)
  ) {
    throw invalid("The year must be a year, like 2017.");
  }
  const abstract = input.abstract.trim();
  if (abstract.length > PAPER_ABSTRACT_MAX_CHARS) {
    throw invalid(`The abstract may be at most ${PAPER_ABSTRACT_MAX_CHARS} characters.`);
  }
  const venue = normalizeVenue(input.venue.trim());
  return {
    title,
    authors,
    year,
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract,
  };
}
