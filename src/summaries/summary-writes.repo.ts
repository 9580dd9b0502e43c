import { type Kysely, sql } from "kysely";
import type { Database } from "../db/schema";
import type { StaleRow } from "../db/stale-rows";
import { excerptOf } from "../render/excerpt";

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

/**
 * The columns made from a render. The card excerpt is derived here, where every write of
 * `html` passes (save, revision restore, rerender, import), so no writer can store HTML with
 * another text's excerpt; it reads only the first blocks, not the whole HTML.
 */
function renderedColumns(r: RenderedSummary) {
  const excerpt = excerptOf(r.html);
  return {
    html: r.html,
    renderer_version: r.rendererVersion,
    math_count: r.mathCount,
    math_errors: r.mathErrors,
    excerpt_html: excerpt.html,
    excerpt_cut: excerpt.cut ? 1 : 0,
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
    /** Creation, and its first revision's date. */
    at: string;
    /** An import's dates from its dump; a new summary's are `at` and none. */
    updatedAt?: string;
    editedAt?: string | null;
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
      updated_at: s.updatedAt ?? s.at,
      edited_at: s.editedAt ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await insertRevision(db, row.id, s, s.at);
  return row.id;
}

/**
 * Stores a new revision of a summary (its content, its HTML, a revision row, the "edited" mark)
 * when the source differs from the stored one; a save of the same text only updates the
 * private and anonymous choices. The comparison is the UPDATE's own WHERE, so two edits at once
 * each compare against what the other committed (PostgreSQL re-checks it after the row lock).
 * True when a revision was added.
 */
export async function updateSummaryContent(
  db: Kysely<Database>,
  id: number,
  s: SummaryContent & { rendered: RenderedSummary; at: string },
): Promise<boolean> {
  const changed = await db
    .updateTable("summaries")
    .set({
      ...contentColumns(s),
      ...renderedColumns(s.rendered),
      updated_at: s.at,
      edited_at: s.at,
    })
    .where("id", "=", id)
    .where("source", "<>", s.source)
    .executeTakeFirst();
  if (changed.numUpdatedRows === 0n) {
    await db
      .updateTable("summaries")
      .set({ is_private: s.isPrivate ? 1 : 0, is_anonymous: s.isAnonymous ? 1 : 0 })
      .where("id", "=", id)
      .execute();
    return false;
  }
  await insertRevision(db, id, s, s.at);
  return true;
}

/**
 * Marks a summary deleted by its author (`at`), unless it already is. False when there is no
 * such summary or it was deleted already.
 */
export async function markSummaryDeleted(
  db: Kysely<Database>,
  id: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set({ deleted_at: at })
    .where("id", "=", id)
    .where("deleted_at", "is", null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Brings back a summary deleted at or after `since`. False when it is not deleted, or too long ago. */
export async function unmarkSummaryDeleted(
  db: Kysely<Database>,
  id: number,
  since: string,
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set({ deleted_at: null })
    .where("id", "=", id)
    .where("deleted_at", ">=", since)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Deletes for good the summaries deleted before `before` (revisions, votes, comments go with them). */
export async function deleteSummariesDeletedBefore(
  db: Kysely<Database>,
  before: string,
): Promise<number> {
  const result = await db
    .deleteFrom("summaries")
    .where("deleted_at", "is not", null)
    .where("deleted_at", "<", before)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes one summary for good if it is (still) marked deleted: its author writes anew. */
export async function deleteDeletedSummary(db: Kysely<Database>, id: number): Promise<boolean> {
  const result = await db
    .deleteFrom("summaries")
    .where("id", "=", id)
    .where("deleted_at", "is not", null)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** A new secret link for a summary: the old token stops working with this statement. */
export async function replaceShareToken(
  db: Kysely<Database>,
  id: number,
  token: string,
): Promise<boolean> {
  const result = await db
    .updateTable("summaries")
    .set({ share_token: token })
    .where("id", "=", id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
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

/**
 * Summaries whose stored HTML came from an older renderer, or that have no excerpt yet (stored
 * before migration 2026-11-28T1600-summary-excerpts), a page at a time.
 */
export function listStaleSummaries(
  db: Kysely<Database>,
  rendererVersion: number,
  afterId: number,
  limit: number,
): Promise<StaleRow[]> {
  return db
    .selectFrom("summaries")
    .select(["id", "source"])
    .where((eb) =>
      eb.or([eb("renderer_version", "!=", rendererVersion), eb("excerpt_html", "is", null)]),
    )
    .where("id", ">", afterId)
    .orderBy("id")
    .limit(limit)
    .execute();
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

/** A summary's row as its lock found it: who wrote it, and its visibility then. */
export interface LockedSummary {
  user_id: number;
  is_private: number;
  is_anonymous: number;
  deleted_at: string | null;
  hidden_at: string | null;
}

/**
 * Locks the summary's row for the rest of the caller's transaction and returns it as it is
 * now (null when there is none). The no-op UPDATE (rather than SELECT … FOR UPDATE) is what
 * takes a row lock on PostgreSQL and the write lock on SQLite alike.
 */
export async function lockSummaryState(
  db: Kysely<Database>,
  summaryId: number,
): Promise<LockedSummary | null> {
  const locked = await db
    .updateTable("summaries")
    .set({ score: sql`score` })
    .where("id", "=", summaryId)
    .returning(["user_id", "is_private", "is_anonymous", "deleted_at", "hidden_at"])
    .executeTakeFirst();
  return locked ?? null;
}

/**
 * Locks the summary's row (lockSummaryState) and returns what a vote needs of it: null when
 * there is none, or it is deleted or hidden.
 */
export async function lockSummaryRow(
  db: Kysely<Database>,
  summaryId: number,
): Promise<VotableSummary | null> {
  const locked = await lockSummaryState(db, summaryId);
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

// --- Imports of the original site's dump (import/legacy-import.service.ts) -------------------

/** The summary a user has on a paper, in any state: an import updates it, never adds a second. */
export async function findSummaryOfUserOnPaper(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<{
  id: number;
  source: string;
  updated_at: string;
  is_private: number;
  is_anonymous: number;
} | null> {
  return (
    (await db
      .selectFrom("summaries")
      .select(["id", "source", "updated_at", "is_private", "is_anonymous"])
      .where("paper_id", "=", paperId)
      .where("user_id", "=", userId)
      .executeTakeFirst()) ?? null
  );
}

/** An imported summary, dated as its dump says, with its first revision dated when it was written. */
export async function insertImportedSummary(
  db: Kysely<Database>,
  s: SummaryContent & {
    paperId: number;
    userId: number;
    rendered: RenderedSummary;
    shareToken: string;
    createdAt: string;
    updatedAt: string;
    editedAt: string | null;
  },
): Promise<number> {
  return insertSummary(db, { ...s, at: s.createdAt });
}

/** Sets imported summaries' scores to the sum of their votes (the original never stored one). */
export async function recountScores(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<void> {
  if (summaryIds.length === 0) return;
  await db
    .updateTable("summaries")
    .set({
      score: sql`coalesce((select sum(v.value) from votes v where v.summary_id = summaries.id), 0)`,
    })
    .where("id", "in", summaryIds)
    .execute();
}
