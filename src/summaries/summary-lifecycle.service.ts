import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { SUMMARY_RESTORE_DAYS } from "../core/limits";
import { daysAgoIso } from "../core/time";
import { randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { paperPathsById } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import {
  findSummaryState,
  listOwnDeletedSummaries,
  type SummaryStateRow,
} from "./own-summaries.repo";
import type { DeletedSummary } from "./summary-view";
import {
  deleteSummariesDeletedBefore,
  markSummaryDeleted,
  replaceShareToken,
  unmarkSummaryDeleted,
} from "./summary-writes.repo";

// Deleting is soft: a summary its author deletes leaves every page and list at once, can be
// restored by them or an admin for SUMMARY_RESTORE_DAYS, and is then purged by the hourly
// cleanup. The secret link of a private summary can be replaced (the old one then 404s).

const DAY_MS = 86_400_000;

/** The last moment a summary deleted at `deletedAt` can be restored. */
export function restorableUntil(deletedAt: string): string {
  return new Date(Date.parse(deletedAt) + SUMMARY_RESTORE_DAYS * DAY_MS).toISOString();
}

const isAuthor = (user: CurrentUser, row: SummaryStateRow) => row.user_id === user.id;

/**
 * Who may restore a deleted summary: its author, or an admin. Deleting is the author's alone:
 * a moderator or admin who wants a summary gone hides it, which the audit log records and
 * its author cannot undo.
 */
export function canManageSummary(user: CurrentUser | null, row: SummaryStateRow): boolean {
  return user !== null && (isAuthor(user, row) || user.role === "admin");
}

/**
 * The summary, if this user may delete or restore it. Someone else is told "forbidden" about a
 * summary the public can see anyway, and "not found" about any other (its existence is private).
 */
async function manageable(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
  action: "delete" | "restore",
): Promise<SummaryStateRow> {
  const row = await findSummaryState(db, id);
  if (!row) throw notFound("The summary");
  if (action === "delete" ? isAuthor(user, row) : canManageSummary(user, row)) return row;
  const listed = row.is_private === 0 && row.deleted_at === null && row.hidden_at === null;
  if (listed)
    throw new DomainError(
      "forbidden",
      action === "delete"
        ? "Only its author can delete a summary (moderators hide it instead)."
        : "Only its author can restore a summary.",
    );
  throw notFound("The summary");
}

/** Where a summary's paper is read (its canonical path). */
export async function paperPathOf(db: Kysely<Database>, paperId: number): Promise<string> {
  const paths = await paperPathsById(db, [paperId]);
  return paths.get(paperId) ?? canonicalPaperPath(paperId, []);
}

/** A deleted summary, as the pages that offer its Restore button show it. */
async function deletedView(
  db: Kysely<Database>,
  row: SummaryStateRow,
  deletedAt: string,
): Promise<DeletedSummary> {
  return {
    id: row.id,
    paperId: row.paper_id,
    paperTitle: row.paper_title,
    paperPath: await paperPathOf(db, row.paper_id),
    deletedAt,
    restorableUntil: restorableUntil(deletedAt),
  };
}

/** What the delete confirmation shows, for its author (others: 403 or 404). */
export async function getSummaryToDelete(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
): Promise<{
  id: number;
  paperTitle: string;
  paperPath: string;
  byAdmin: boolean;
  deletedAt: string | null;
}> {
  const row = await manageable(db, user, id, "delete");
  return {
    id: row.id,
    paperTitle: row.paper_title,
    paperPath: await paperPathOf(db, row.paper_id),
    byAdmin: !isAuthor(user, row),
    deletedAt: row.deleted_at,
  };
}

/** Soft-deletes a summary (its author's alone); deleting it twice is the same as once. */
export async function deleteSummary(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
  now = Date.now(),
): Promise<DeletedSummary & { byAdmin: boolean }> {
  const row = await manageable(db, user, id, "delete");
  await consumeRateLimit(db, "summarySavePerUser", String(user.id));
  const at = new Date(now).toISOString();
  const byAdmin = !isAuthor(user, row);
  // Deleted already: the same answer as the first delete. A restore landing between our
  // UPDATE and the re-read makes it "not deleted" again: delete once more (a few rounds at most).
  for (let attempt = 0; attempt < 3; attempt++) {
    const marked = await writeVisible(db, (trx) => markSummaryDeleted(trx, id, at));
    if (marked) return { ...(await deletedView(db, row, at)), byAdmin };
    const again = await findSummaryState(db, id);
    if (!again) throw notFound("The summary");
    if (again.deleted_at) return { ...(await deletedView(db, again, again.deleted_at)), byAdmin };
  }
  throw new DomainError("conflict", "This summary is being restored right now; try again.");
}

/**
 * Brings back a deleted summary within SUMMARY_RESTORE_DAYS (its author or an admin);
 * restoring one that is not deleted does nothing. Returns its paper's id.
 */
export async function restoreSummary(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
  now = Date.now(),
): Promise<SummaryStateRow> {
  const row = await manageable(db, user, id, "restore");
  await consumeRateLimit(db, "summarySavePerUser", String(user.id));
  const since = daysAgoIso(SUMMARY_RESTORE_DAYS, now);
  const restored = await writeVisible(db, (trx) => unmarkSummaryDeleted(trx, id, since));
  if (restored) return { ...row, deleted_at: null };
  const again = await findSummaryState(db, id);
  if (!again) throw notFound("The summary");
  // Not deleted when we tried (a delete may have landed since: it came after this restore).
  if (again.deleted_at === null || again.deleted_at >= since) return again;
  throw new DomainError(
    "conflict",
    `This summary was deleted more than ${SUMMARY_RESTORE_DAYS} days ago and can no longer be restored.`,
  );
}

/**
 * A deleted summary for the one who may restore it (its author or an admin), or null: to
 * anyone else a deleted summary is simply not there.
 */
export async function findDeletedSummaryFor(
  db: Kysely<Database>,
  user: CurrentUser | null,
  id: number,
  now = Date.now(),
): Promise<(DeletedSummary & { restorable: boolean }) | null> {
  const row = await findSummaryState(db, id);
  if (!row?.deleted_at || !canManageSummary(user, row)) return null;
  const view = await deletedView(db, row, row.deleted_at);
  return { ...view, restorable: Date.parse(view.restorableUntil) >= now };
}

/** The author's deleted summaries still restorable, newest first (their private tab). */
export async function listRestorableSummaries(
  db: Kysely<Database>,
  userId: number,
  now = Date.now(),
): Promise<DeletedSummary[]> {
  const rows = await listOwnDeletedSummaries(db, userId, daysAgoIso(SUMMARY_RESTORE_DAYS, now));
  const paths = await paperPathsById(
    db,
    rows.map((r) => r.paper_id),
  );
  return rows.map((r) => ({
    id: r.id,
    paperId: r.paper_id,
    paperTitle: r.paper_title,
    paperPath: paths.get(r.paper_id) ?? canonicalPaperPath(r.paper_id, []),
    deletedAt: r.deleted_at,
    restorableUntil: restorableUntil(r.deleted_at),
  }));
}

/** Replaces a summary's secret link (its author only): the old link stops working at once. */
export async function regenerateShareLink(
  db: Kysely<Database>,
  user: CurrentUser,
  id: number,
): Promise<SummaryStateRow> {
  const row = await findSummaryState(db, id);
  if (!row || !isAuthor(user, row) || row.deleted_at !== null) throw notFound("The summary");
  await consumeRateLimit(db, "summarySavePerUser", String(user.id));
  const token = randomToken(16);
  if (!(await replaceShareToken(db, id, token))) throw notFound("The summary");
  return { ...row, share_token: token };
}

/**
 * Deletes for good every summary deleted more than SUMMARY_RESTORE_DAYS before `now` (the
 * hourly cleanup calls it). Nothing public changes: they left every page when deleted.
 */
export function purgeDeletedSummaries(db: Kysely<Database>, now = Date.now()): Promise<number> {
  return deleteSummariesDeletedBefore(db, daysAgoIso(SUMMARY_RESTORE_DAYS, now));
}
