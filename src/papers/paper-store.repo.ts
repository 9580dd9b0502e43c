// Set-at-a-time queries of the paper store: look-ups by many identifiers at once and
// multi-row inserts, so a batch of thousands of records costs a few statements.

import { type Compilable, CompiledQuery, type Kysely } from "kysely";
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

// Building a 500-row INSERT (or a 1,000-value IN list) through Kysely's value parser and compiler costs about as much as
// SQLite's work to run it. Its SQL depends only on the dialect and the row count, so the text
// Kysely compiles for the first chunk of a size is kept and later chunks bind their values to
// it (row by row, in the rows' key order: the order Kysely itself binds them in).
const compiledSql = new WeakMap<object, Map<string, string>>();

async function executeCached<R>(
  db: Kysely<Database>,
  key: string,
  params: unknown[],
  build: () => Compilable<R>,
): Promise<{ rows: R[]; numAffectedRows?: bigint }> {
  const adapter = db.getExecutor().adapter;
  const byKey = compiledSql.get(adapter) ?? new Map<string, string>();
  compiledSql.set(adapter, byKey);
  let text = byKey.get(key);
  if (text === undefined) {
    const compiled = build().compile();
    // The cache is only sound if Kysely binds exactly these values in this order.
    const same =
      compiled.parameters.length === params.length &&
      compiled.parameters.every((p, i) => p === params[i]);
    if (!same) throw new Error(`unexpected parameter order compiling ${key}`);
    text = compiled.sql;
    byKey.set(key, text);
  }
  return db.executeQuery<R>(CompiledQuery.raw(text, params));
}

/** Owners of the given values of one scheme, as value → paper id. */
export async function findIdentifierOwners(
  db: Kysely<Database>,
  scheme: string,
  values: readonly string[],
): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  for (const part of chunks(values, VALUES_PER_LOOKUP)) {
    const result = await executeCached(db, `owners:${part.length}`, [scheme, ...part], () =>
      db
        .selectFrom("paper_identifiers")
        .select(["value", "paper_id"])
        .where("scheme", "=", scheme)
        .where("value", "in", part),
    );
    for (const r of result.rows) owners.set(r.value, r.paper_id);
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
  /** "service", or "hand"/"moderator": details a person gave, which a record replaces whole. */
  metadata_source: string;
}

/** The fields a merge compares, with the venue's key and where the details come from. */
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
        "p.metadata_source",
      ])
      .where("p.id", "in", part)
      .execute();
    out.push(...rows);
  }
  return out;
}

/** PaperRow's keys in the order rowOfDraft writes them, which is the order Kysely binds. */
const PAPER_COLUMNS = [
  "title",
  "authors",
  "year",
  "venue_id",
  "abstract",
  "categories",
  "section",
  "arxiv_version",
] as const;

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
    const params: unknown[] = [];
    for (const r of part) {
      for (const column of PAPER_COLUMNS) params.push(r[column]);
      params.push(now, now);
    }
    const returned = await executeCached(db, `papers:${part.length}`, params, () =>
      db
        .insertInto("papers")
        .values(part.map((r) => ({ ...r, created_at: now, updated_at: now })))
        .returning("id"),
    );
    ids.push(...returned.rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

/** `confirmed`: the row now holds a service's record (it held details a person gave). */
export async function updatePaperRow(
  db: Kysely<Database>,
  id: number,
  row: PaperRow,
  now: string,
  confirmed = false,
): Promise<void> {
  const provenance = confirmed ? { metadata_source: "service", metadata_checked_at: now } : {};
  await db
    .updateTable("papers")
    .set({ ...row, ...provenance, updated_at: now })
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
    const params: unknown[] = [];
    for (const r of part) params.push(r.paper_id, r.scheme, r.value);
    const result = await executeCached(db, `paper_identifiers:${part.length}`, params, () =>
      db
        .insertInto("paper_identifiers")
        .values(part)
        .onConflict((oc) => oc.columns(["scheme", "value"]).doNothing()),
    );
    added += Number(result.numAffectedRows ?? 0);
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
