// What a list shows: its papers in order, decoded by papers' mapper, with their citation
// records (for the BibTeX and CSV exports) and the top public summary of each.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema";
import type { CitablePaper } from "../papers/citation-formats/citable";
import { citableFromPage } from "../papers/citations.service";
import { type Paper, paperFromRow } from "../papers/papers.mapper";
import { listIdentifiers, listItemPapers } from "./reading-list-items.repo";

export interface ListItem {
  paper: Paper;
  citable: CitablePaper;
  note: string;
  position: number;
  addedAt: string;
  /** The paper's best public summary, or null when it has none. */
  topSummaryId: number | null;
}

export async function listItems(
  db: Kysely<Database>,
  listId: number,
  baseUrl: string,
): Promise<ListItem[]> {
  const rows = await listItemPapers(db, listId);
  const identifiers = await listIdentifiers(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const venue = r.venue_key !== null ? { key: r.venue_key, name: r.venue_name ?? "" } : null;
    const paper = paperFromRow(
      r,
      venue,
      identifiers.filter((i) => i.paper_id === r.id),
    );
    return {
      paper,
      citable: citableFromPage(paper, baseUrl),
      note: r.note,
      position: r.position,
      addedAt: r.added_at,
      topSummaryId: r.top_summary_id,
    };
  });
}
