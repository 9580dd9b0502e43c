// OpenReview API (api2.openreview.net/notes?id=…) JSON → PaperMetadata. Pure. Notes made
// with API 2 wrap every content field as {"value": …}; older notes hold the bare value.

import { statedIds } from "./identifiers";
import { cleanAbstract, cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, child, isRecord, textOf } from "./xml";

export function parseOpenReviewNotes(json: string, id: string): PaperMetadata | null {
  let body: unknown;
  try {
    body = JSON.parse(json);
  } catch {
    return null;
  }
  const note = asArray(child(body, "notes")).find(
    (n) => textOf(child(n, "id")) === id || textOf(child(n, "forum")) === id,
  );
  if (!isRecord(note)) return null;
  const field = (name: string) => {
    const v = child(note.content, name);
    return isRecord(v) && "value" in v ? v.value : v;
  };
  const title = cleanTitle(textOf(field("title")));
  if (!title) return null;
  const venue = cleanText(textOf(field("venue")));
  // The venue names the year ("ICLR 2018 Conference Poster"); else the publication date.
  const published = [note.pdate, note.odate, note.cdate, note.tcdate].find(
    (t) => typeof t === "number",
  );
  return {
    title,
    authors: asArray(field("authors"))
      .map((a) => cleanName(textOf(a)))
      .filter(Boolean),
    year:
      yearOf(venue) ??
      (typeof published === "number" ? yearOf(new Date(published).getUTCFullYear()) : null),
    venue: venue || null,
    abstract: cleanAbstract(textOf(field("abstract"))),
    identifiers: statedIds([["openreview", textOf(note.forum) || id]]),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "openreview",
  };
}
