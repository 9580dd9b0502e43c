import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import { type CitablePaper, citablePaper } from "./citation-formats/citable";
import type { Paper } from "./papers.mapper";
import { getPaper } from "./papers.service";

/** The paper's primary arXiv category (cs.CV), or null when it has none. */
function primaryCategoryOf(categories: readonly string[]): string | null {
  // A category list holds arXiv categories only (cs.CV, hep-th, math.AG); anything else is
  // left out rather than printed into a primaryClass field.
  const first = categories[0] ?? null;
  return first !== null && /^[a-z][a-z-]*(?:\.[A-Za-z-]+)?$/.test(first) ? first : null;
}

/** The citation record of a paper page already loaded (what the paper page itself needs). */
export function citableFromPage(page: Paper, baseUrl: string): CitablePaper {
  return citablePaper(page, baseUrl, primaryCategoryOf(page.categories));
}

/** The citation record of a paper by id; throws not_found like getPaper. */
export async function getCitablePaper(
  db: Kysely<Database>,
  paperId: number,
  baseUrl: string,
): Promise<CitablePaper> {
  return citableFromPage(await getPaper(db, paperId), baseUrl);
}
