import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { Database } from "../db/schema";
import { arxivPdfUrl, externalUrl, type IdScheme, parsePaperId } from "./ids";
import { canonicalPaperPath } from "./paper-paths";
import {
  findPaperById,
  findPaperIdByIdentifier,
  listPaperIdentifiers,
  type MetadataSource,
} from "./papers.repo";
import { findVenueById } from "./venues.repo";

export interface PaperLink {
  label: string;
  href: string;
}

/** A paper as pages show it: authors decoded, identifiers turned into a path and links. */
export interface Paper {
  id: number;
  path: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: { key: string; name: string } | null;
  abstract: string;
  arxivId: string | null;
  arxivVersion: number | null;
  doi: string | null;
  links: PaperLink[];
  /** Where the details come from: "hand" ones are not confirmed by any service yet. */
  metadataSource: MetadataSource;
}

/** Finds a paper by a path's (scheme, value), or by numeric id for scheme "id". */
export async function resolvePaperPath(
  db: Kysely<Database>,
  scheme: string,
  value: string,
): Promise<{ paperId: number; canonicalPath: string } | null> {
  let paperId: number | null = null;
  if (scheme === "id") {
    const n = Number(value);
    paperId = Number.isSafeInteger(n) && n > 0 && (await findPaperById(db, n)) ? n : null;
  } else {
    const parsed = parsePaperId(value);
    const id = parsed ?? { scheme: scheme as IdScheme, value };
    paperId = await findPaperIdByIdentifier(db, id);
  }
  if (paperId === null) return null;
  const identifiers = await listPaperIdentifiers(db, [paperId]);
  return { paperId, canonicalPath: canonicalPaperPath(paperId, identifiers) };
}

/** Any identifier or URL a researcher pastes → the known paper's canonical path, or null. */
export async function lookupPaperPath(db: Kysely<Database>, input: string): Promise<string | null> {
  const parsed = parsePaperId(input);
  if (!parsed) return null;
  return (await resolvePaperPath(db, parsed.scheme, parsed.value))?.canonicalPath ?? null;
}

export async function getPaper(db: Kysely<Database>, paperId: number): Promise<Paper> {
  const paper = await findPaperById(db, paperId);
  if (!paper) throw notFound("The paper");
  const identifiers = await listPaperIdentifiers(db, [paperId]);
  const path = canonicalPaperPath(paperId, identifiers);
  const venue = paper.venue_id === null ? null : await findVenueById(db, paper.venue_id);
  const arxivId = identifiers.find((i) => i.scheme === "arxiv")?.value ?? null;
  const doi = identifiers.find((i) => i.scheme === "doi")?.value ?? null;
  return {
    id: paperId,
    path,
    title: paper.title,
    authors: parseAuthors(paper.authors),
    year: paper.year,
    venue: venue ? { key: venue.key, name: venue.name } : null,
    abstract: paper.abstract,
    arxivId,
    arxivVersion: paper.arxiv_version,
    doi,
    links: paperLinks(arxivId, doi),
    metadataSource: metadataSourceOf(paper.metadata_source),
  };
}

function metadataSourceOf(value: string): MetadataSource {
  return value === "hand" || value === "moderator" ? value : "service";
}

function paperLinks(arxivId: string | null, doi: string | null): PaperLink[] {
  const links: PaperLink[] = [];
  if (arxivId) {
    links.push({ label: "arXiv", href: externalUrl({ scheme: "arxiv", value: arxivId }) });
    links.push({ label: "PDF", href: arxivPdfUrl(arxivId) });
  }
  if (doi) links.push({ label: "DOI", href: externalUrl({ scheme: "doi", value: doi }) });
  return links;
}

export function parseAuthors(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((a): a is string => typeof a === "string") : [];
  } catch {
    return [];
  }
}

/** Each paper's canonical path, by paper id. */
export async function paperPathsById(
  db: Kysely<Database>,
  paperIds: readonly number[],
): Promise<Map<number, string>> {
  const unique = [...new Set(paperIds)];
  const identifiers = await listPaperIdentifiers(db, unique);
  return new Map(
    unique.map((id) => [
      id,
      canonicalPaperPath(
        id,
        identifiers.filter((i) => i.paper_id === id),
      ),
    ]),
  );
}

/** What a summary needs to know of its paper: that it exists, and its latest arXiv version. */
export async function findPaperBrief(
  db: Kysely<Database>,
  paperId: number,
): Promise<{ id: number; arxivVersion: number | null } | null> {
  const paper = await findPaperById(db, paperId);
  return paper ? { id: paper.id, arxivVersion: paper.arxiv_version } : null;
}
