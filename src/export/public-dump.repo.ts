import type { Kysely } from "kysely";
import { listedComment, listedSummary } from "../db/listed";
import type { Database } from "../db/schema";

// Reads for `shortscience export`: keyset pages (id > after, by id), so a dump of any size is
// read in bounded memory and a page never skips or repeats a row. Only what the public sees:
// listed summaries (db/listed.ts), listed comments on them, vote totals, never who voted.

export function papersPage(db: Kysely<Database>, after: number, limit: number) {
  return db
    .selectFrom("papers as p")
    .leftJoin("venues as v", "v.id", "p.venue_id")
    .select([
      "p.id",
      "p.title",
      "p.authors",
      "p.year",
      "p.abstract",
      "p.categories",
      "v.key as venue_key",
      "v.name as venue_name",
    ])
    .where("p.id", ">", after)
    .orderBy("p.id")
    .limit(limit)
    .execute();
}

export function identifiersOf(db: Kysely<Database>, paperIds: readonly number[]) {
  if (paperIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("paper_identifiers")
    .select(["paper_id", "scheme", "value"])
    .where("paper_id", "in", paperIds)
    .orderBy("id")
    .execute();
}

export function listedSummariesPage(db: Kysely<Database>, after: number, limit: number) {
  return db
    .selectFrom("summaries as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .select([
      "s.id",
      "s.paper_id",
      "s.is_anonymous",
      "u.username",
      "s.source",
      "s.score",
      "s.created_at",
      "s.updated_at",
      "s.edited_at",
    ])
    .where(listedSummary("s"))
    .where("s.id", ">", after)
    .orderBy("s.id")
    .limit(limit)
    .execute();
}

export function revisionsOf(db: Kysely<Database>, summaryIds: readonly number[]) {
  if (summaryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom("summary_revisions")
    .select(["summary_id", "source", "created_at"])
    .where("summary_id", "in", summaryIds)
    .orderBy("id")
    .execute();
}

/** Vote totals per listed summary with votes. */
export function voteTotalsPage(db: Kysely<Database>, after: number, limit: number) {
  return db
    .selectFrom("votes as v")
    .innerJoin("summaries as s", "s.id", "v.summary_id")
    .select(({ fn, eb }) => [
      "v.summary_id",
      fn.sum<number>("v.value").as("score"),
      fn.count<number>(eb.case().when("v.value", ">", 0).then(1).end()).as("up"),
      fn.count<number>(eb.case().when("v.value", "<", 0).then(1).end()).as("down"),
    ])
    .where(listedSummary("s"))
    .where("v.summary_id", ">", after)
    .groupBy("v.summary_id")
    .orderBy("v.summary_id")
    .limit(limit)
    .execute();
}

export function listedCommentsPage(db: Kysely<Database>, after: number, limit: number) {
  return db
    .selectFrom("comments as c")
    .innerJoin("summaries as s", "s.id", "c.summary_id")
    .innerJoin("users as u", "u.id", "c.user_id")
    .select([
      "c.id",
      "c.summary_id",
      "c.parent_id",
      "u.username",
      "c.source",
      "c.created_at",
      "c.edited_at",
    ])
    .where(listedSummary("s"))
    .where(listedComment("c"))
    .where("c.id", ">", after)
    .orderBy("c.id")
    .limit(limit)
    .execute();
}
