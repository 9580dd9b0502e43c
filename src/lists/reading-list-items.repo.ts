// The one writer of reading_list_items, and its reads: always inside a transaction that
// locked the list first (reading-lists.repo.ts lockList), so positions stay 0…n−1.

import { type Kysely, sql } from "kysely";
import { listedSummary } from "../db/listed";
import type { Database, PaperRow } from "../db/schema";

export interface ItemRow {
  paper_id: number;
  note: string;
  position: number;
  added_at: string;
}

export async function listItemRows(db: Kysely<Database>, listId: number): Promise<ItemRow[]> {
  return db
    .selectFrom("reading_list_items")
    .select(["paper_id", "note", "position", "added_at"])
    .where("list_id", "=", listId)
    .orderBy("position")
    .orderBy("paper_id")
    .execute();
}

export async function insertItem(
  db: Kysely<Database>,
  item: { listId: number; paperId: number; note: string; position: number; at: string },
): Promise<void> {
  await db
    .insertInto("reading_list_items")
    .values({
      list_id: item.listId,
      paper_id: item.paperId,
      note: item.note,
      position: item.position,
      added_at: item.at,
    })
    .execute();
}

export async function setItemNote(
  db: Kysely<Database>,
  listId: number,
  paperId: number,
  note: string,
): Promise<boolean> {
  const r = await db
    .updateTable("reading_list_items")
    .set({ note })
    .where("list_id", "=", listId)
    .where("paper_id", "=", paperId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function setItemPosition(
  db: Kysely<Database>,
  listId: number,
  paperId: number,
  position: number,
): Promise<void> {
  await db
    .updateTable("reading_list_items")
    .set({ position })
    .where("list_id", "=", listId)
    .where("paper_id", "=", paperId)
    .execute();
}

/** Removes an item and closes the gap it leaves, so positions stay 0…n−1. */
export async function deleteItem(
  db: Kysely<Database>,
  listId: number,
  paperId: number,
): Promise<boolean> {
  const row = await db
    .deleteFrom("reading_list_items")
    .where("list_id", "=", listId)
    .where("paper_id", "=", paperId)
    .returning("position")
    .executeTakeFirst();
  if (!row) return false;
  await db
    .updateTable("reading_list_items")
    .set({ position: sql`position - 1` })
    .where("list_id", "=", listId)
    .where("position", ">", row.position)
    .execute();
  return true;
}

/** The list's papers in order: whole papers rows (papers.mapper decodes them), venue, top summary. */
export async function listItemPapers(db: Kysely<Database>, listId: number) {
  return db
    .selectFrom("reading_list_items as i")
    .innerJoin("papers as p", "p.id", "i.paper_id")
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .selectAll("p")
    .select([
      "i.note",
      "i.position",
      "i.added_at",
      "v.key as venue_key",
      "v.name as venue_name",
      (eb) =>
        eb
          .selectFrom("summaries as s")
          .whereRef("s.paper_id", "=", "p.id")
          .where(listedSummary("s"))
          .select("s.id")
          .orderBy("s.score", "desc")
          .orderBy("s.id")
          .limit(1)
          .as("top_summary_id"),
    ])
    .where("i.list_id", "=", listId)
    .orderBy("i.position")
    .orderBy("i.paper_id")
    .execute() as Promise<
    (PaperRow & {
      note: string;
      position: number;
      added_at: string;
      venue_key: string | null;
      venue_name: string | null;
      top_summary_id: number | null;
    })[]
  >;
}

/** Identifiers of the given papers (for their paths and citation records). */
export async function listIdentifiers(db: Kysely<Database>, paperIds: readonly number[]) {
  if (paperIds.length === 0) return [];
  return (
    db
      .selectFrom("paper_identifiers")
      .select(["paper_id", "scheme", "value"])
      .where("paper_id", "in", [...paperIds])
      // The first arXiv or DOI identifier makes the canonical path, as papers.service reads it.
      .orderBy("id")
      .execute()
  );
}
