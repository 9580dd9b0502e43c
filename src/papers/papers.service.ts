import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { Database } from "../db/schema";
import { type IdScheme, parsePaperId } from "./ids";
import { canonicalPaperPath } from "./paper-paths";
import { type Paper, paperFromRow } from "./papers.mapper";
import {
  countPapers,
  findPaperById,
  findPaperIdByIdentifier,
  listPaperIdentifiers,
} from "./papers.repo";
import { findVenueById } from "./venues.repo";

export type { Paper, PaperLink } from "./papers.mapper";

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
  const venue = paper.venue_id === null ? null : await findVenueById(db, paper.venue_id);
  return paperFromRow(paper, venue, identifiers);
}

/** True once any paper is stored (the demo fills only an empty database). */
export async function hasPapers(db: Kysely<Database>): Promise<boolean> {
  return (await countPapers(db)) > 0;
}

/** Each paper's canonical path, by paper id (identifiers grouped in one pass: venues list thousands). */
export async function paperPathsById(
  db: Kysely<Database>,
  paperIds: readonly number[],
): Promise<Map<number, string>> {
  const unique = [...new Set(paperIds)];
  const byPaper = new Map<number, Awaited<ReturnType<typeof listPaperIdentifiers>>>();
  for (const row of await listPaperIdentifiers(db, unique)) {
    const list = byPaper.get(row.paper_id);
    if (list) list.push(row);
    else byPaper.set(row.paper_id, [row]);
  }
  return new Map(unique.map((id) => [id, canonicalPaperPath(id, byPaper.get(id) ?? [])]));
}

/** What a summary needs to know of its paper: that it exists, and its latest arXiv version. */
export async function findPaperBrief(
  db: Kysely<Database>,
  paperId: number,
): Promise<{ id: number; arxivVersion: number | null } | null> {
  const paper = await findPaperById(db, paperId);
  return paper ? { id: paper.id, arxivVersion: paper.arxiv_version } : null;
}
