import type { Kysely } from "kysely";
import type { Database, PaperRow } from "../db/schema";
import type { PaperId } from "./ids";
import type { PaperRow as StoredPaperDetails } from "./paper-store.repo";

export interface NewPaper {
  title: string;
  authors: string[];
  year: number | null;
  venueId: number | null;
  abstract: string;
  categories: string[];
  section: string | null;
  arxivVersion: number | null;
  createdAt: string;
}

export async function insertPaper(db: Kysely<Database>, paper: NewPaper): Promise<number> {
  const row = await db
    .insertInto("papers")
    .values({
      title: paper.title,
      authors: JSON.stringify(paper.authors),
      year: paper.year,
      venue_id: paper.venueId,
      abstract: paper.abstract,
      categories: paper.categories.join(" "),
      section: paper.section,
      arxiv_version: paper.arxivVersion,
      created_at: paper.createdAt,
      updated_at: paper.createdAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addPaperIdentifier(
  db: Kysely<Database>,
  paperId: number,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<void> {
  await db
    .insertInto("paper_identifiers")
    .values({ paper_id: paperId, scheme: id.scheme, value: id.value })
    .execute();
}

export async function findPaperIdByIdentifier(
  db: Kysely<Database>,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<number | null> {
  const row = await db
    .selectFrom("paper_identifiers")
    .select("paper_id")
    .where("scheme", "=", id.scheme)
    .where("value", "=", id.value)
    .executeTakeFirst();
  return row?.paper_id ?? null;
}

export async function findPaperById(db: Kysely<Database>, id: number): Promise<PaperRow | null> {
  return (
    (await db.selectFrom("papers").selectAll().where("id", "=", id).executeTakeFirst()) ?? null
  );
}

export async function listPaperIdentifiers(
  db: Kysely<Database>,
  paperIds: readonly number[],
): Promise<{ paper_id: number; scheme: string; value: string }[]> {
  if (paperIds.length === 0) return [];
  return db
    .selectFrom("paper_identifiers")
    .select(["paper_id", "scheme", "value"])
    .where("paper_id", "in", paperIds)
    .orderBy("id")
    .execute();
}

export async function countPapers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("papers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// Provenance of a paper's details: see the paper-provenance migration.

export type MetadataSource = "service" | "hand" | "moderator";

/** Details a person gave: shown as unconfirmed, re-checked, replaced by a service's record. */
export const UNCONFIRMED: readonly MetadataSource[] = ["hand", "moderator"];

/** The stored row of a paper's details: the paper store's row, written by hand instead. */
export type PaperDetailsRow = StoredPaperDetails;

export async function insertHandEnteredPaper(
  db: Kysely<Database>,
  row: PaperDetailsRow,
  now: string,
): Promise<number> {
  const inserted = await db
    .insertInto("papers")
    .values({ ...row, metadata_source: "hand", created_at: now, updated_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Adds an identifier unless a paper has it already (a concurrent writer); true when added. */
export async function addPaperIdentifierIfFree(
  db: Kysely<Database>,
  paperId: number,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<boolean> {
  const result = await db
    .insertInto("paper_identifiers")
    .values({ paper_id: paperId, scheme: id.scheme, value: id.value })
    .onConflict((oc) => oc.columns(["scheme", "value"]).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Papers no service has confirmed ("hand", "moderator") not asked about since
 * `checkedBefore`, least recently asked first.
 */
export async function listHandEnteredPapersToCheck(
  db: Kysely<Database>,
  checkedBefore: string,
  limit: number,
): Promise<{ id: number }[]> {
  return db
    .selectFrom("papers")
    .select("id")
    .where("metadata_source", "in", UNCONFIRMED)
    .where((eb) =>
      eb.or([eb("metadata_checked_at", "is", null), eb("metadata_checked_at", "<", checkedBefore)]),
    )
    .orderBy((eb) => eb.fn.coalesce("metadata_checked_at", eb.val("")))
    .orderBy("id")
    .limit(limit)
    .execute();
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
  const result = await db
    .updateTable("papers")
    .set({
      title,
      authors: "[]",
      year: null,
      venue_id: null,
      abstract: "",
      categories: "",
      section: null,
      arxiv_version: null,
      metadata_source: "service",
      metadata_checked_at: at,
      updated_at: at,
    })
    .where("id", "=", paperId)
    .where("metadata_source", "in", UNCONFIRMED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A moderator's correction of a paper that no service has confirmed; false if one has. */
export async function updateTypedPaperDetails(
  db: Kysely<Database>,
  paperId: number,
  details: Pick<
    PaperDetailsRow,
    "title" | "authors" | "year" | "venue_id" | "abstract" | "section"
  >,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("papers")
    .set({ ...details, metadata_source: "moderator", updated_at: at })
    .where("id", "=", paperId)
    .where("metadata_source", "in", UNCONFIRMED)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
