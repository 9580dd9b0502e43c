import { type Kysely, type RawBuilder, type SqlBool, sql } from "kysely";
import { presentSummary } from "../db/listed";
import type { Database } from "../db/schema";
import { type SummaryListRow, summariesWithAuthors } from "./summaries.repo";

// Reads for a summary's author and admins: a summary in any state, its revisions, and the
// author's own summaries the public lists leave out (private, anonymous, deleted).

/** What deciding who may change, restore or read the history of a summary needs. */
export interface SummaryStateRow {
  id: number;
  paper_id: number;
  user_id: number;
  source: string;
  is_private: number;
  is_anonymous: number;
  share_token: string;
  deleted_at: string | null;
  hidden_at: string | null;
  paper_title: string;
}

/** Any summary by id, deleted, hidden and private ones included: callers decide who sees it. */
export async function findSummaryState(
  db: Kysely<Database>,
  id: number,
): Promise<SummaryStateRow | null> {
  return (
    (await db
      .selectFrom("summaries as s")
      .innerJoin("papers as p", "p.id", "s.paper_id")
      .select([
        "s.id",
        "s.paper_id",
        "s.user_id",
        "s.source",
        "s.is_private",
        "s.is_anonymous",
        "s.share_token",
        "s.deleted_at",
        "s.hidden_at",
        "p.title as paper_title",
      ])
      .where("s.id", "=", id)
      .executeTakeFirst()) ?? null
  );
}

export interface RevisionRow {
  id: number;
  created_at: string;
  paper_version: number | null;
  /** Characters of the source (the database's own count). */
  length: number;
}

/** A summary's revisions, newest first (ids grow with time). */
/** The newest `limit` revisions of a summary, newest first. */
export async function listRevisionRows(
  db: Kysely<Database>,
  summaryId: number,
  limit: number,
): Promise<RevisionRow[]> {
  const rows = await db
    .selectFrom("summary_revisions")
    .select(["id", "created_at", "paper_version"])
    .select(sql<number>`length(source)`.as("length"))
    .where("summary_id", "=", summaryId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, length: Number(r.length) }));
}

/** The sources of some revisions of one summary (a revision of another summary is not found). */
export async function findRevisionSources(
  db: Kysely<Database>,
  summaryId: number,
  ids: readonly number[],
): Promise<Map<number, { source: string; paperVersion: number | null }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("summary_revisions")
    .select(["id", "source", "paper_version"])
    .where("summary_id", "=", summaryId)
    .where("id", "in", ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { source: r.source, paperVersion: r.paper_version }]));
}

/** The owner's summaries the public lists leave out: private or anonymous, not deleted or hidden. */
function ownUnlisted(userId: number): RawBuilder<SqlBool> {
  return sql<SqlBool>`s.user_id = ${userId} and ${presentSummary("s")}
    and (s.is_private = 1 or s.is_anonymous = 1)`;
}

/** A page of them (ownUnlisted), newest change first. */
export async function listOwnUnlistedSummaries(
  db: Kysely<Database>,
  userId: number,
  window: { offset: number; limit: number },
): Promise<(SummaryListRow & { is_private: number; share_token: string })[]> {
  return summariesWithAuthors(db)
    .select(["s.is_private", "s.share_token"])
    .where(ownUnlisted(userId))
    .orderBy("s.updated_at", "desc")
    .orderBy("s.id", "desc")
    .limit(window.limit)
    .offset(window.offset)
    .execute();
}

/** How many summaries listOwnUnlistedSummaries pages. */
export async function countOwnUnlistedSummaries(
  db: Kysely<Database>,
  userId: number,
): Promise<number> {
  const row = await db
    .selectFrom("summaries as s")
    .where(ownUnlisted(userId))
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface DeletedSummaryRow {
  id: number;
  paper_id: number;
  paper_title: string;
  deleted_at: string;
}

/** The owner's summaries deleted at or after `since` (still restorable), newest first. */
export async function listOwnDeletedSummaries(
  db: Kysely<Database>,
  userId: number,
  since: string,
): Promise<DeletedSummaryRow[]> {
  const rows = await db
    .selectFrom("summaries as s")
    .innerJoin("papers as p", "p.id", "s.paper_id")
    .select(["s.id", "s.paper_id", "p.title as paper_title", "s.deleted_at"])
    .where("s.user_id", "=", userId)
    .where("s.deleted_at", ">=", since)
    .orderBy("s.deleted_at", "desc")
    .execute();
  return rows.map((r) => ({ ...r, deleted_at: r.deleted_at ?? since }));
}
