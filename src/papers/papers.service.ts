import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { Database } from "../db/schema";
import { type IdScheme, parsePaperId } from "./ids";
import { canonicalPaperPath } from "./paper-paths";
import { type Paper, paperFromRow } from "./papers.mapper";
import {
  countPapers,
  findPaperById,
  findPaperWithVenue,
  listIdentifiersOfOwner,
  listPaperIdentifiers,
} from "./papers.repo";

export type { Paper, PaperLink } from "./papers.mapper";

type IdentifierRow = Awaited<ReturnType<typeof listPaperIdentifiers>>[number];

/** A paper found from an address, with its identifiers (getPaper takes them: read once). */
export interface ResolvedPaper {
  paperId: number;
  canonicalPath: string;
  identifiers: IdentifierRow[];
}

/** Finds a paper by a path's (scheme, value), or by numeric id for scheme "id". */
export async function resolvePaperPath(
  db: Kysely<Database>,
  scheme: string,
  value: string,
): Promise<ResolvedPaper | null> {
  if (scheme === "id") {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0 || !(await findPaperById(db, n))) return null;
    const identifiers = await listPaperIdentifiers(db, [n]);
    return { paperId: n, canonicalPath: canonicalPaperPath(n, identifiers), identifiers };
  }
  const id = parsePaperId(value) ?? { scheme: scheme as IdScheme, value };
  const identifiers = await listIdentifiersOfOwner(db, id);
  const paperId = identifiers[0]?.paper_id;
  if (paperId === undefined) return null;
  return { paperId, canonicalPath: canonicalPaperPath(paperId, identifiers), identifiers };
}

/** Any identifier or URL a researcher pastes → the known paper's canonical path, or null. */
export async function lookupPaperPath(db: Kysely<Database>, input: string): Promise<string | null> {
  const parsed = parsePaperId(input);
  if (!parsed) return null;
  return (await resolvePaperPath(db, parsed.scheme, parsed.value))?.canonicalPath ?? null;
}

/** A paper with its venue; `identifiers` when the caller has just read them (resolvePaperPath). */
export async function getPaper(
  db: Kysely<Database>,
  paperId: number,
  identifiers?: readonly IdentifierRow[],
): Promise<Paper> {
  const row = await findPaperWithVenue(db, paperId);
  if (!row) throw notFound("The paper");
  const { venue_key, venue_name, ...paper } = row;
  const venue =
    venue_key !== null && venue_name !== null ? { key: venue_key, name: venue_name } : null;
  return paperFromRow(paper, venue, identifiers ?? (await listPaperIdentifiers(db, [paperId])));
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
