// Identifiers a record states, normalized with the same parser as user input so that
// "10.1063/1.4944470", "PMC123" and "journals/corr/abs-1707-04585" match what people paste.

import { type IdScheme, parsePaperId } from "../ids";

export interface StatedId {
  scheme: string;
  value: string;
}

// The prefix that makes a bare value unambiguous to parsePaperId.
const PREFIX: Record<IdScheme, string> = {
  arxiv: "arXiv:",
  doi: "doi:",
  pmid: "pmid:",
  pmcid: "pmcid:",
  openreview: "openreview:",
  acl: "acl:",
  dblp: "dblp:",
  s2: "",
  s2corpus: "CorpusId:",
};

/** Normalized, de-duplicated identifiers; values that do not parse are dropped. */
export function statedIds(pairs: [IdScheme, unknown][]): StatedId[] {
  const out: StatedId[] = [];
  for (const [scheme, raw] of pairs) {
    const text = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
    const id = text ? parsePaperId(`${PREFIX[scheme]}${text}`) : null;
    if (id && !out.some((o) => o.scheme === id.scheme && o.value === id.value)) {
      out.push({ scheme: id.scheme, value: id.value });
    }
  }
  return out;
}

/** Identifiers found in links a record gives (DBLP's ee, arXiv's related links). */
export function idsFromLinks(links: string[]): [IdScheme, string][] {
  const pairs: [IdScheme, string][] = [];
  for (const link of links) {
    const id = parsePaperId(link);
    if (id && (id.scheme === "doi" || id.scheme === "arxiv")) pairs.push([id.scheme, id.value]);
  }
  return pairs;
}
