import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";
import { type StaleRow, selectStaleRows } from "../db/stale-rows";

/** A summary's HTML and what the renderer that made it reported. */
export interface RenderedSummary {
  html: string;
  rendererVersion: number;
  mathCount: number;
  mathErrors: number;
}

/** What an author chooses each time they save. */
export interface SummaryContent {
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  paperVersion: number | null;
}

function renderedColumns(r: RenderedSummary) {
  return {
    html: r.html,
    renderer_version: r.rendererVersion,
    math_count: r.mathCount,
    math_errors: r.mathErrors,
  };
}

function contentColumns(c: SummaryContent) {
  return {
    source: c.source,
    is_private: c.isPrivate ? 1 : 0,
    is_anonymous: c.isAnonymous ? 1 : 0,
    paper_version: c.paperVersion,
  };
}

/** Inserts a summary and its first revision. */
export async function insertSummary(
  db: Kysely<Database>,
  s: SummaryContent & {
    paperId: number;
    userId: number;
    rendered: RenderedSummary;
    shareToken: string;
    at: string;
  },
): Promise<number> {
  const row = await db
    .insertInto("summaries")
    .values({
      paper_id: s.paperId,
      user_id: s.userId,
      ...contentColumns(s),
      ...renderedColumns(s.rendered),
      share_token: s.shareToken,
      score: 0,
      created_at: s.at,
      updated_at: s.at,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertRevision(db, row.id, s, s.at);
  return row.id;
}

/** Stores a new revision of a summary: its content, its HTML, and a revision row. */
export async function updateSummaryContent(
  db: Kysely<Database>,
  id: number,
  s: SummaryContent & { rendered: RenderedSummary; at: string },
): Promise<void> {
  await db
    .updateTable("summaries")
    .set({ ...contentColumns(s), ...renderedColumns(s.rendered), updated_at: s.at })
    .where("id", "=", id)
    .execute();
  await insertRevision(db, id, s, s.at);
}

async function insertRevision(
  db: Kysely<Database>,
  summaryId: number,
  s: { source: string; paperVersion: number | null },
  at: string,
): Promise<void> {
  await db
    .insertInto("summary_revisions")
    .values({
      summary_id: summaryId,
      source: s.source,
      paper_version: s.paperVersion,
      created_at: at,
    })
    .execute();
}

/** Summaries whose stored HTML came from an older renderer, a page at a time. */
export function listStaleSummaries(
  db: Kysely<Database>,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<StaleRow[]> {
  return selectStaleRows(db, "summaries", rendererVersion, afterId, limit);
}

/**
 * Replaces a summary's HTML if its source is still `source` (the one the HTML was made from):
 * a summary edited since keeps the editor's HTML. False when it did.
 */
export async function updateSummaryHtml(
  db: Kysely<Database>,
  id: number,
  source: string,
  rendered: RenderedSummary,
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set(renderedColumns(rendered))
    .where("id", "=", id)
    .where("source", "=", source)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** What a vote needs to know of its summary. */
export interface VotableSummary {
  authorId: number;
  isPrivate: boolean;
}

/**
 * Locks the summary's row for the rest of the caller's transaction and returns what a vote
 * needs of it (null when there is none, or it is deleted or hidden). The no-op UPDATE (rather than SELECT … FOR UPDATE) is
 * what takes a row lock on PostgreSQL and the write lock on SQLite alike.
 */
export async function lockSummaryRow(
  db: Kysely<Database>,
  summaryId: number,
): Promise<VotableSummary | null> {
  const locked = await db
    .updateTable("summaries")
    .set({ score: sql`score` })
    .where("id", "=", summaryId)
    .returning(["user_id", "is_private", "deleted_at", "hidden_at"])
    .executeTakeFirst();
  // A deleted or hidden summary takes no votes: to a voter it is not there.
  if (!locked || locked.deleted_at !== null || locked.hidden_at !== null) return null;
  return { authorId: locked.user_id, isPrivate: locked.is_private === 1 };
}

/** Scores move by a delta in one statement, never by a recount from rows a statement sees. */
export async function addToScores(
  db: Kysely<Database>,
  summaryIds: readonly number[],
  delta: number,
): Promise<void> {
  if (summaryIds.length === 0 || delta === 0) return;
  await db
    .updateTable("summaries")
    .set({ score: sql`score + ${delta}` })
    .where("id", "in", summaryIds)
    .execute();
}

/** A moderator hides (`at`) or unhides (null) a summary. False when there is no such summary. */
export async function setSummaryHidden(
  db: Kysely<Database>,
  id: number,
  at: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set({ hidden_at: at })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
