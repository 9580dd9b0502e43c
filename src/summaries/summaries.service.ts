import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { countCommentsForSummaries } from "../comments/comments.repo";
import { DomainError, notFound } from "../core/errors";
import { HOME_PAGE_SIZE, SUMMARY_MAX_BYTES, SUMMARY_MAX_HTML_BYTES } from "../core/limits";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { daysAgoIso, nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { listPaperIdentifiers } from "../papers/papers.repo";
import { RENDERER_VERSION } from "../render";
import {
  countHomeSummaries,
  findPublicSummary,
  findSummaryByShareToken,
  type HomeTab,
  listHomeSummaries,
  listPaperSummaries,
  listUserSummaries,
  type SummaryListRow,
} from "./summaries.repo";
import { type SummaryView, toSummaryView } from "./summary-view";
import { findSummaryByPaperAndUser, insertSummary } from "./summary-writes.repo";

/** Votes and views of the last 30 days make a summary "popular". */
const POPULAR_WINDOW_DAYS = 30;

export interface HomePage {
  tab: HomeTab;
  section: string | null;
  page: number;
  pageCount: number;
  summaries: SummaryView[];
}

export async function getHomePage(
  db: Kysely<Database>,
  q: { tab: HomeTab; section: string | null; page: number },
): Promise<HomePage> {
  const total = await countHomeSummaries(db, q.section);
  const pageCount = Math.max(1, Math.ceil(total / HOME_PAGE_SIZE));
  if (q.page > pageCount) throw notFound("That page");
  const rows = await listHomeSummaries(db, {
    tab: q.tab,
    section: q.section,
    offset: (q.page - 1) * HOME_PAGE_SIZE,
    limit: HOME_PAGE_SIZE,
    popularSince: daysAgoIso(POPULAR_WINDOW_DAYS),
  });
  return { ...q, pageCount, summaries: await withPaths(db, rows) };
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
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) throw notFound("The summary");
  const row = await findSummaryByShareToken(db, token);
  if (!row) throw notFound("The summary");
  const [view] = await withPaths(db, [row]);
  if (!view) throw notFound("The summary");
  return view;
}

/** Attaches each summary's paper path and comment count. */
export async function withPaths(
  db: Kysely<Database>,
  rows: readonly SummaryListRow[],
): Promise<SummaryView[]> {
  const paperIds = [...new Set(rows.map((r) => r.paper_id))];
  const identifiers = await listPaperIdentifiers(db, paperIds);
  const counts = await countCommentsForSummaries(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => {
    const path = canonicalPaperPath(
      r.paper_id,
      identifiers.filter((i) => i.paper_id === r.paper_id),
    );
    return toSummaryView(r, path, [], counts.get(r.id) ?? 0);
  });
}

export interface NewSummaryInput {
  paperId: number;
  userId: number;
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  paperVersion: number | null;
  at?: string;
}

/** Whether the source is within the size a summary may have (a form may show it back). */
export function summarySourceFits(source: string): boolean {
  return Buffer.byteLength(source, "utf8") <= SUMMARY_MAX_BYTES;
}

export function assertSummarySource(source: string): void {
  if (!summarySourceFits(source)) {
    throw new DomainError("too_large", `A summary may be at most ${SUMMARY_MAX_BYTES / 1000} KB.`);
  }
  if (source.trim() === "") throw new DomainError("invalid", "The summary is empty.");
}

/** Renders once, stores the HTML with the renderer version and a first revision. */
export async function createSummary(
  db: Kysely<Database>,
  render: RenderFn,
  input: NewSummaryInput,
): Promise<number> {
  assertSummarySource(input.source);
  const rendered = await renderSummaryOrRefuse(render, input.source);
  return writeVisible(db, async (trx) => {
    if (await findSummaryByPaperAndUser(trx, input.paperId, input.userId)) {
      throw new DomainError(
        "conflict",
        "You already have a summary of this paper; edit it instead.",
      );
    }
    const id = await insertSummary(trx, {
      paperId: input.paperId,
      userId: input.userId,
      source: input.source,
      html: rendered.html,
      rendererVersion: RENDERER_VERSION,
      mathCount: rendered.mathCount,
      mathErrors: rendered.mathErrors.length,
      isPrivate: input.isPrivate,
      isAnonymous: input.isAnonymous,
      shareToken: randomBytes(16).toString("base64url"),
      paperVersion: input.paperVersion,
      at: input.at ?? nowIso(),
    });
    return id;
  });
}

/**
 * A summary's HTML is stored and sent whole on every page that shows it: refuse one that
 * typesets past SUMMARY_MAX_HTML_BYTES rather than store it.
 */
export async function renderSummaryOrRefuse(render: RenderFn, source: string) {
  const rendered = await renderOrRefuse(render, source);
  const bytes = Buffer.byteLength(rendered.html, "utf8");
  if (bytes > SUMMARY_MAX_HTML_BYTES) {
    const mb = (n: number) => (n / 1_000_000).toFixed(1);
    throw new DomainError(
      "too_large",
      `This summary typesets to ${mb(bytes)} MB, more than the ${mb(SUMMARY_MAX_HTML_BYTES)} MB a summary may take. Use fewer or smaller formulas (most of the size is math), then save again.`,
    );
  }
  return rendered;
}

/** A paper's public summaries, best first, without their comments (the reading pages add those). */
export async function listPaperSummaryViews(
  db: Kysely<Database>,
  paperId: number,
  paperPath: string,
): Promise<SummaryView[]> {
  const rows = await listPaperSummaries(db, paperId);
  return rows.map((r) => toSummaryView(r, paperPath));
}

/** A user's public summaries that carry their name (anonymous ones never do), for the profile. */
export async function listUserSummaryViews(
  db: Kysely<Database>,
  userId: number,
): Promise<SummaryView[]> {
  return withPaths(db, await listUserSummaries(db, userId));
}
