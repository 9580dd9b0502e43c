import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import type { HtmlSlots } from "../core/html-slots";
import { PROFILE_SUMMARIES_PAGE_SIZE } from "../core/limits";
import { pageWindow } from "../core/paging";
import { isWellFormedToken } from "../core/tokens";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { paperPathsById } from "../papers/papers.service";
import { countOwnUnlistedSummaries, listOwnUnlistedSummaries } from "./own-summaries.repo";
import { countUserSummaries as countUserSummaryRows, userSummaryIds } from "./profile-listing.repo";
import { toExportSummary, toOwnSummary, toSummaryView } from "./summaries.mapper";
import {
  findOwnSummary,
  findPublicSummary,
  findPublicSummaryBytes,
  findSummaryByShareToken,
  isPublicSummary,
  listOwnSummariesBatch,
  listPaperSummaryBytes,
  listSummaryCardRowsByIds,
  listUserSummaries,
  pickRandomPublicSummaryId,
  type SummaryBytesRow,
  type SummaryCardRow,
  type SummaryListRow,
} from "./summaries.repo";
import { type SummaryCard, toSummaryCard } from "./summary-card.mapper";
import type { ExportSummary, OwnSummary, SummaryView } from "./summary-view";

// The read side of summaries; every write is in summary-write.service.ts.

export type { SummaryCard } from "./summary-card.mapper";

/** Cards, each with its paper's canonical path (identifiers read in one query for all). */
export async function asCards(
  db: Kysely<Database>,
  rows: readonly SummaryCardRow[],
): Promise<SummaryCard[]> {
  const paths = await paperPathsById(
    db,
    rows.map((r) => r.paper_id),
  );
  return rows.map((r) =>
    toSummaryCard(r, paths.get(r.paper_id) ?? canonicalPaperPath(r.paper_id, [])),
  );
}

/** How many summaries a profile lists (listUserSummaryCards pages them). */
export async function countUserSummaries(db: Kysely<Database>, userId: number): Promise<number> {
  return countUserSummaryRows(db, userId);
}

/** A page of a profile's summaries as cards: listed and signed, best first, then newest. */
export async function listUserSummaryCards(
  db: Kysely<Database>,
  userId: number,
  window: { offset: number; limit: number },
): Promise<SummaryCard[]> {
  const ids = await userSummaryIds(db, userId, window);
  return asCards(db, await listSummaryCardRowsByIds(db, ids));
}

export async function getPublicSummary(db: Kysely<Database>, id: number): Promise<SummaryView> {
  const row = await findPublicSummary(db, id);
  if (!row) throw notFound("The summary");
  const [view] = await withPaths(db, [row]);
  if (!view) throw notFound("The summary");
  return view;
}

/** A summary reached through its secret link (private ones included). */
export async function getSharedSummary(db: Kysely<Database>, token: string): Promise<SummaryView> {
  if (!isWellFormedToken(token)) throw notFound("The summary");
  const row = await findSummaryByShareToken(db, token);
  if (!row) throw notFound("The summary");
  const [view] = await withPaths(db, [row]);
  if (!view) throw notFound("The summary");
  return view;
}

/** Summaries of papers of all kinds, each with its paper's canonical path. */
async function withPaths(
  db: Kysely<Database>,
  rows: readonly SummaryListRow[],
): Promise<SummaryView[]> {
  const paths = await paperPathsById(
    db,
    rows.map((r) => r.paper_id),
  );
  return rows.map((r) =>
    toSummaryView(r, paths.get(r.paper_id) ?? canonicalPaperPath(r.paper_id, [])),
  );
}

/**
 * A paper's public summaries, best first, without their comments (the reading pages add
 * those). Their HTML stays bytes in `slots`; `html` is its marker (core/html-slots.ts).
 */
export async function listPaperSummaryViews(
  db: Kysely<Database>,
  paperId: number,
  paperPath: string,
  slots: HtmlSlots,
): Promise<SummaryView[]> {
  const rows = await listPaperSummaryBytes(db, paperId);
  return rows.map((r) => slottedView(r, paperPath, slots));
}

/** One public summary for its permalink, its HTML as bytes in `slots`. */
export async function getPublicSummaryBytes(
  db: Kysely<Database>,
  id: number,
  slots: HtmlSlots,
): Promise<SummaryView> {
  const row = await findPublicSummaryBytes(db, id);
  if (!row) throw notFound("The summary");
  const paths = await paperPathsById(db, [row.paper_id]);
  return slottedView(row, paths.get(row.paper_id) ?? canonicalPaperPath(row.paper_id, []), slots);
}

function slottedView(row: SummaryBytesRow, paperPath: string, slots: HtmlSlots): SummaryView {
  const { html_bytes, excerpt_html, ...rest } = row;
  return {
    ...toSummaryView({ ...rest, html: slots.put(html_bytes) }, paperPath),
    // Rows older than the excerpt column have none yet: their whole text, decoded once.
    previewHtml: excerpt_html ?? Buffer.from(html_bytes).toString("utf8"),
  };
}

/** A user's public summaries that carry their name (anonymous ones never do), for the profile. */
export async function listUserSummaryViews(
  db: Kysely<Database>,
  userId: number,
): Promise<SummaryView[]> {
  return withPaths(db, await listUserSummaries(db, userId));
}

/** The reader's own summary of a paper, for the editor box, if they wrote one. */
export async function getOwnSummary(
  db: Kysely<Database>,
  paperId: number,
  userId: number,
): Promise<OwnSummary | null> {
  const row = await findOwnSummary(db, paperId, userId);
  return row ? toOwnSummary(row) : null;
}

/** Whether readers may see, and so comment on, this summary (it exists and is not private). */
export function isCommentableSummary(db: Kysely<Database>, id: number): Promise<boolean> {
  return isPublicSummary(db, id);
}

/** A random public summary's id for /random, or null when there is none. */
export function randomPublicSummaryId(db: Kysely<Database>): Promise<number | null> {
  return pickRandomPublicSummaryId(db);
}

/**
 * A batch of a user's own summaries for their export, private and anonymous ones included,
 * newest first; pass the last one back as `after` for the next batch.
 */
export async function listOwnSummariesForExport(
  db: Kysely<Database>,
  userId: number,
  after: ExportSummary | null,
  limit: number,
): Promise<ExportSummary[]> {
  const rows = await listOwnSummariesBatch(
    db,
    userId,
    after ? { createdAt: after.createdAt, id: after.id } : null,
    limit,
  );
  const paths = await paperPathsById(
    db,
    rows.map((r) => r.paper_id),
  );
  return rows.map((r) =>
    toExportSummary(r, paths.get(r.paper_id) ?? canonicalPaperPath(r.paper_id, [])),
  );
}

/** One of the owner's summaries that public lists leave out, with where it can be read. */
export interface UnlistedSummary extends SummaryView {
  isPrivate: boolean;
  /** The secret link's path for a private one; the permalink for an anonymous one. */
  readPath: string;
}

/**
 * A page of the owner's private and anonymous summaries, newest change first, for their own
 * tab: each is shown whole, so an account with hundreds (an import's) is read a page at a time.
 */
export async function listOwnUnlistedSummaryViews(
  db: Kysely<Database>,
  userId: number,
  page: number,
): Promise<{ page: number; pageCount: number; total: number; summaries: UnlistedSummary[] }> {
  const total = await countOwnUnlistedSummaries(db, userId);
  const { pageCount, offset, limit } = pageWindow(total, PROFILE_SUMMARIES_PAGE_SIZE, page);
  const rows = await listOwnUnlistedSummaries(db, userId, { offset, limit });
  const views = await withPaths(db, rows);
  const summaries = views.map((v, i) => {
    const row = rows[i];
    const isPrivate = row?.is_private === 1;
    return {
      ...v,
      isPrivate,
      readPath: isPrivate ? `/shared/${row?.share_token ?? ""}` : `/summary/${v.id}`,
    };
  });
  return { page, pageCount, total, summaries };
}
