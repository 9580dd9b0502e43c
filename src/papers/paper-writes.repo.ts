// The one writer of the papers and paper_identifiers tables (their reads are in papers.repo.ts).
// Functions take domain values (a paper's fields with its venue's id, identifiers) and encode
// them through papers.mapper.ts. Batched writes are set at a time: multi-row inserts whose
// compiled SQL is kept (db/compiled-queries.ts), so a batch of thousands of records costs a few
// statements.

import type { Kysely } from "kysely";
import { DB_ROWS_PER_INSERT } from "../core/limits";
import { executeCompiledOnce } from "../db/compiled-queries";
import type { Database } from "../db/schema";
import { chunks } from "./chunks";
import type { PaperId } from "./ids";
import type { PaperFields } from "./paper-record";
import {
  DETAIL_COLUMNS,
  encodeAuthors,
  encodePaperDetails,
  type MetadataSource,
  type PaperDetailsToWrite,
  UNCONFIRMED,
} from "./papers.mapper";

/** One paper, as `source` gives it (a service's record unless told otherwise). */
export async function insertPaper(
  db: Kysely<Database>,
  paper: PaperDetailsToWrite,
  options: { at: string; source?: MetadataSource },
): Promise<number> {
  const row = await db
    .insertInto("papers")
    .values({
      ...encodePaperDetails(paper),
      metadata_source: options.source ?? "service",
      created_at: options.at,
      updated_at: options.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Inserts papers (services' records) and gives their ids in the papers' order. Ids come from
 * one multi-row statement per chunk: both databases number the rows of one INSERT … VALUES in
 * increasing order as they insert them in order, so the sorted returned ids line up with the
 * rows even when another session takes ids in between (RETURNING itself promises no order).
 */
export async function insertPapers(
  db: Kysely<Database>,
  papers: readonly PaperDetailsToWrite[],
  now: string,
): Promise<number[]> {
  const ids: number[] = [];
  for (const part of chunks(papers, DB_ROWS_PER_INSERT)) {
    const rows = part.map(encodePaperDetails);
    const params: unknown[] = [];
    for (const r of rows) {
      for (const column of DETAIL_COLUMNS) params.push(r[column]);
      params.push(now, now);
    }
    const returned = await executeCompiledOnce(db, `papers:${rows.length}`, params, () =>
      db
        .insertInto("papers")
        .values(rows.map((r) => ({ ...r, created_at: now, updated_at: now })))
        .returning("id"),
    );
    ids.push(...returned.rows.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

/** `confirmed`: the paper now holds a service's record (it held details a person gave). */
export async function updatePaper(
  db: Kysely<Database>,
  id: number,
  paper: PaperDetailsToWrite,
  now: string,
  confirmed = false,
): Promise<void> {
  const provenance = confirmed ? { metadata_source: "service", metadata_checked_at: now } : {};
  await db
    .updateTable("papers")
    .set({ ...encodePaperDetails(paper), ...provenance, updated_at: now })
    .where("id", "=", id)
    .execute();
}

export async function deletePaper(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom("papers").where("id", "=", id).execute();
}

export async function markPaperChecked(
  db: Kysely<Database>,
  paperId: number,
  at: string,
): Promise<void> {
  await db
    .updateTable("papers")
    .set({ metadata_checked_at: at })
    .where("id", "=", paperId)
    .execute();
}

/**
 * Empties the details of a paper no service has confirmed yet (typed in, or corrected by a
 * moderator) so that a service's record replaces them rather than merging into them. False
 * when a service has confirmed it meanwhile (another run, an import): the caller leaves it.
 */
export async function clearHandEnteredDetails(
  db: Kysely<Database>,
  paperId: number,
  title: string,
  at: string,
): Promise<boolean> {
  const empty: PaperFields = {
    title,
    authors: [],
    year: null,
    venue: null,
    abstract: "",
    categories: [],
    arxivVersion: null,
    section: null,
  };
  const result = await db
    .updateTable("papers")
    .set({
      ...encodePaperDetails({ fields: empty, venueId: null }),
      metadata_source: "service",
      metadata_checked_at: at,
      updated_at: at,
    })
    .where("id", "=", paperId)
    .where("metadata_source", "in", UNCONFIRMED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** What a moderator corrects; categories and the arXiv version stay as they are. */
export type TypedPaperCorrection = Pick<
  PaperFields,
  "title" | "authors" | "year" | "abstract" | "section"
> & { venueId: number | null };

/** A moderator's correction of a paper that no service has confirmed; false if one has. */
export async function updateTypedPaperDetails(
  db: Kysely<Database>,
  paperId: number,
  details: TypedPaperCorrection,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("papers")
    .set({
      title: details.title,
      authors: encodeAuthors(details.authors),
      year: details.year,
      venue_id: details.venueId,
      abstract: details.abstract,
      section: details.section,
      metadata_source: "moderator",
      updated_at: at,
    })
    .where("id", "=", paperId)
    .where("metadata_source", "in", UNCONFIRMED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Adds an identifier unless a paper has it already (a concurrent writer); true when added. */
export async function addPaperIdentifier(
  db: Kysely<Database>,
  paperId: number,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<boolean> {
  return (await addPaperIdentifiers(db, [{ paperId, scheme: id.scheme, value: id.value }])) > 0;
}

/** Adds identifiers; one already taken (by a concurrent writer) is left alone. Gives the count added. */
export async function addPaperIdentifiers(
  db: Kysely<Database>,
  identifiers: readonly { paperId: number; scheme: string; value: string }[],
): Promise<number> {
  let added = 0;
  for (const part of chunks(identifiers, DB_ROWS_PER_INSERT * 3)) {
    const params: unknown[] = [];
    for (const i of part) params.push(i.paperId, i.scheme, i.value);
    const result = await executeCompiledOnce(db, `paper_identifiers:${part.length}`, params, () =>
      db
        .insertInto("paper_identifiers")
        .values(part.map((i) => ({ paper_id: i.paperId, scheme: i.scheme, value: i.value })))
        .onConflict((oc) => oc.columns(["scheme", "value"]).doNothing()),
    );
    added += Number(result.numAffectedRows ?? 0);
  }
  return added;
}
