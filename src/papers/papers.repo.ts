// Reads of the papers and paper_identifiers tables. Every write to them is in
// paper-writes.repo.ts.

import type { Kysely } from "kysely";
import { DB_VALUES_PER_LOOKUP } from "../core/limits";
import { compiledOnce, compiledOnceForList, executeCompiledOnce } from "../db/compiled-queries";
import type { Database, PaperRow } from "../db/schema";
import { chunks } from "./chunks";
import type { PaperId } from "./ids";
import { type StoredPaper, UNCONFIRMED } from "./papers.mapper";

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

/**
 * Every identifier of the paper that owns `id`, in their order (empty when none does): the
 * look-up and the canonical path's identifiers in one query.
 */
export async function listIdentifiersOfOwner(
  db: Kysely<Database>,
  id: Pick<PaperId, "scheme" | "value">,
): Promise<{ paper_id: number; scheme: string; value: string }[]> {
  return compiledOnce(db, "identifiers-of-owner", [id.scheme, id.value], () =>
    db
      .selectFrom("paper_identifiers as owner")
      .innerJoin("paper_identifiers as i", "i.paper_id", "owner.paper_id")
      .select(["i.paper_id", "i.scheme", "i.value"])
      .where("owner.scheme", "=", id.scheme)
      .where("owner.value", "=", id.value)
      .orderBy("i.id"),
  );
}

/** A paper with its venue's key and name (null without one), in one query. */
export async function findPaperWithVenue(
  db: Kysely<Database>,
  id: number,
): Promise<(PaperRow & { venue_key: string | null; venue_name: string | null }) | null> {
  const rows = await compiledOnce(db, "paper-with-venue", [id], () =>
    db
      .selectFrom("papers as p")
      .leftJoin("venues as v", "v.id", "p.venue_id")
      .selectAll("p")
      .select(["v.key as venue_key", "v.name as venue_name"])
      .where("p.id", "=", id),
  );
  return rows[0] ?? null;
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
  return compiledOnceForList(db, "identifiers-of", paperIds, () =>
    db
      .selectFrom("paper_identifiers")
      .select(["paper_id", "scheme", "value"])
      .where("paper_id", "in", paperIds)
      .orderBy("id"),
  );
}

export async function countPapers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("papers")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
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

/**
 * Owners of the given values of one scheme, as value → paper id: set at a time, so a batch
 * of thousands of records costs a few statements.
 */
export async function findIdentifierOwners(
  db: Kysely<Database>,
  scheme: string,
  values: readonly string[],
): Promise<Map<string, number>> {
  const owners = new Map<string, number>();
  for (const part of chunks(values, DB_VALUES_PER_LOOKUP)) {
    const result = await executeCompiledOnce(db, `owners:${part.length}`, [scheme, ...part], () =>
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

/** The fields a merge compares, with the venue's key and where the details come from. */
export async function findStoredPapers(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<StoredPaper[]> {
  const out: StoredPaper[] = [];
  for (const part of chunks(ids, DB_VALUES_PER_LOOKUP)) {
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
