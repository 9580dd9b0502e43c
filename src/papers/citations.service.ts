import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { type CitablePaper, citablePaper } from "./citation-formats/citable";
import { findPaperCategories } from "./citations.repo";
import { getPaper, type Paper } from "./papers.service";

/** The paper's primary arXiv category (cs.CV), or null when it has none. */
export async function getPrimaryCategory(
  db: Kysely<Database>,
  paperId: number,
): Promise<string | null> {
  // A category list holds arXiv categories only (cs.CV, hep-th, math.AG); anything else is
  // left out rather than printed into a primaryClass field.
  const first = (await findPaperCategories(db, paperId))?.[0] ?? null;
  return first !== null && /^[a-z][a-z-]*(?:\.[A-Za-z-]+)?$/.test(first) ? first : null;
}

/** The citation record of a paper page already loaded (what the paper page itself needs). */
export async function citableFromPage(
  db: Kysely<Database>,
  page: Paper,
  baseUrl: string,
): Promise<CitablePaper> {
  return citablePaper(page, baseUrl, await getPrimaryCategory(db, page.id));
}

/** The citation record of a paper by id; throws not_found like getPaper. */
export async function getCitablePaper(
  db: Kysely<Database>,
  paperId: number,
  baseUrl: string,
): Promise<CitablePaper> {
  return citableFromPage(db, await getPaper(db, paperId), baseUrl);
}
