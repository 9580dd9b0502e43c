// Set-at-a-time queries of the paper store: look-ups by many identifiers at once and
// multi-row inserts, so a batch of thousands of records costs a few statements.

import type { Kysely } from "kysely";
import type { Database } from "../db/schema";

/**
 * Rows per statement. SQLite allows 32,766 bound values and PostgreSQL 65,535; a papers row
 * binds 10, so 500 rows stay far below both while keeping statements few.
 */
const ROWS_PER_INSERT = 500;
const VALUES_PER_LOOKUP = 1_000;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Owners of the given values of one scheme, as value → paper id. */
export async function findIdentifierOwners(
  db: Kysely<Database>,
  scheme: string,
  values: readonly string[],
): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  for (const part of chunks(values, VALUES_PER_LOOKUP)) {
    const rows = await db
      .selectFrom("paper_identifiers")
      .select(["value", "paper_id"])
      .where("scheme", "=", scheme)
      .where("value", "in", part)
      .execute();
    for (const r of rows) owners.set(r.value, r.paper_id);
  }
  return owners;
}

export interface StoredPaper {
  id: number;
  title: string;
  authors: string;
  year: number | null;
  venue_id: number | null;
  venue_key: string | null;
  abstract: string;
  categories: string;
  section: string | null;
  arxiv_version: number | null;
}

/** The fields a merge compares, with the venue's key. */
export async function findStoredPapers(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<StoredPaper[]> {
  const out: StoredPaper[] = [];
  for (const part of chunks(ids, VALUES_PER_LOOKUP)) {
    const rows = await db
      .selectFrom("papers as p")
      .leftJoin("venues as v", "v.id", "p.venue_id")
      .select([
        "p.id",
        "p.title",
        "p.authors",
        "p.year",
        "p.venue_id",
        "v.key as venue_key",
        "p.abstract",
        "p.categories",
        "p.section",
        "p.arxiv_version",
      ])
      .where("p.id", "in", part)
      .execute();
    out.push(...rows);
  }
  return out;
}

export interface PaperRow {
  title: string;
  authors: string;
  year: number | null;
  venue_id: number | null;
  abstract: string;
  categories: string;
  section: string | null;
  arxiv_version: number | null;
}

/**
 * Inserts rows and gives their ids in the rows' order. Ids come from one multi-row statement
 * per chunk: both databases number the rows of one INSERT … VALUES in increasing order as
 * they insert them in order, so the sorted returned ids line up with the rows even when
 * another session takes ids in between (RETURNING itself promises no order).
 */
export async function insertPaperRows(
  db: Kysely<Database>,
  rows: readonly PaperRow[],
  now: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunks(rows, ROWS_PER_INSERT)) {
    const returned = await db
      .insertInto("papers")
      .values(part.map((r) => ({ ...r, created_at: now, updated_at: now })))
      .returning("id")
      .execute();
    ids.push(...returned.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

export async function updatePaperRow(
  db: Kysely<Database>,
  id: number,
  row: PaperRow,
  now: string,
): Promise<void> {
  await db
    .updateTable("papers")
    .set({ ...row, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function deletePaperRow(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("papers").where("id", "=", id).execute();
}

/** Adds identifiers; one already taken (by a concurrent writer) is left alone. Gives the count added. */
export async function insertIdentifierRows(
  db: Kysely<Database>,
  rows: readonly { paper_id: number; scheme: string; value: string }[],
): Promise<number> {
  let added = 0;
  for (const part of chunks(rows, ROWS_PER_INSERT * 3)) {
    const result = await db
      .insertInto("paper_identifiers")
      .values(part)
      .onConflict((oc) => oc.columns(["scheme", "value"]).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

/** Venue ids by key; missing venues are created with the given name (existing names stay). */
export async function ensureVenues(
  db: Kysely<Database>,
  venues: readonly { key: string; name: string }[],
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  if (venues.length === 0) return ids;
  for (const part of chunks(venues, ROWS_PER_INSERT)) {
    await db
      .insertInto("venues")
      .values(part.map((v) => ({ key: v.key, name: v.name, description: "" })))
      .onConflict((oc) => oc.column("key").doNothing())
      .execute();
    const rows = await db
      .selectFrom("venues")
      .select(["id", "key"])
      .where(
        "key",
        "in",
        part.map((v) => v.key),
      )
      .execute();
    for (const r of rows) ids.set(r.key, r.id);
  }
  return ids;
}
