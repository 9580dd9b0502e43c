// Semantic Scholar Academic Graph API (/graph/v1/paper/{id}) JSON → PaperMetadata. Pure.

import type { IdScheme } from "../ids";
import { statedIds } from "./identifiers";
import { cleanAbstract, cleanName, cleanText, cleanTitle, yearOf } from "./text";
import type { PaperMetadata } from "./types";
import { asArray, child, isRecord, textOf } from "./xml";

/** The fields we ask for; each costs nothing extra in the API's rate limit. */
export const S2_FIELDS = "title,authors,year,venue,journal,publicationVenue,abstract,externalIds";

const EXTERNAL_ID: Record<string, IdScheme> = {
  DOI: "doi",
  ArXiv: "arxiv",
  DBLP: "dblp",
  PubMed: "pmid",
  PubMedCentral: "pmcid",
  ACL: "acl",
  CorpusId: "s2corpus",
};

/** A paper object, as /paper/{id} answers it. */
export function parseS2Paper(json: string): PaperMetadata | null {
  return paper(parseJson(json));
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return null;
  }
}

function paper(p: unknown): PaperMetadata | null {
  if (!isRecord(p)) return null;
  const title = cleanTitle(textOf(p.title));
  if (!title) return null;
  const pairs: [IdScheme, unknown][] = [["s2", p.paperId]];
  const external = isRecord(p.externalIds) ? p.externalIds : {};
  for (const [name, scheme] of Object.entries(EXTERNAL_ID)) pairs.push([scheme, external[name]]);
  return {
    title,
    authors: asArray(p.authors)
      .map((a) => cleanName(textOf(child(a, "name"))))
      .filter(Boolean),
    year: yearOf(p.year),
    venue:
      cleanText(
        textOf(p.venue) ||
          textOf(child(p.publicationVenue, "name")) ||
          textOf(child(p.journal, "name")),
      ) || null,
    abstract: cleanAbstract(textOf(p.abstract)),
    identifiers: statedIds(pairs),
    arxivVersion: null,
    categories: [],
    journalRef: null,
    source: "semantic-scholar",
  };
}
