import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { SUMMARY_MAX_BYTES, SUMMARY_MAX_HTML_BYTES } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { rerenderStaleRows, type StaleRowsReport } from "../db/stale-rows";
import { findPaperBrief } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { RENDERER_VERSION } from "../render";
import { findOwnSummary } from "./summaries.repo";
import {
  insertSummary,
  listStaleSummaries,
  type RenderedSummary,
  type SummaryContent,
  updateSummaryContent,
  updateSummaryHtml,
} from "./summary-writes.repo";

// Every write of a summary's text goes through here: a new summary, a new revision, and the
// rerender of summaries stored by an older renderer. The source check and the size-bounded
// render are written once, below.

/** Whether the source is within the size a summary may have (a form may show it back). */
export function summarySourceFits(source: string): boolean {
  return Buffer.byteLength(source, "utf8") <= SUMMARY_MAX_BYTES;
}

function assertSummarySource(source: string): void {
  if (!summarySourceFits(source)) {
    throw new DomainError("too_large", `A summary may be at most ${SUMMARY_MAX_BYTES / 1000} KB.`);
  }
  if (source.trim() === "") throw new DomainError("invalid", "The summary is empty.");
}

/**
 * A summary's HTML is stored and sent whole on every page that shows it: refuse one that
 * typesets past SUMMARY_MAX_HTML_BYTES rather than store it (on save and on rerender alike).
 */
async function renderSummary(render: RenderFn, source: string): Promise<RenderedSummary> {
  const rendered = await renderOrRefuse(render, source);
  const bytes = Buffer.byteLength(rendered.html, "utf8");
  if (bytes > SUMMARY_MAX_HTML_BYTES) {
    const mb = (n: number) => (n / 1_000_000).toFixed(1);
    throw new DomainError(
      "too_large",
      `This summary typesets to ${mb(bytes)} MB, more than the ${mb(SUMMARY_MAX_HTML_BYTES)} MB a summary may take. Use fewer or smaller formulas (most of the size is math), then save again.`,
    );
  }
  return {
    html: rendered.html,
    rendererVersion: RENDERER_VERSION,
    mathCount: rendered.mathCount,
    mathErrors: rendered.mathErrors.length,
  };
}

/** What an author writes, checked and rendered once, before any transaction starts. */
async function renderNewSource(render: RenderFn, source: string): Promise<RenderedSummary> {
  assertSummarySource(source);
  return renderSummary(render, source);
}

export interface NewSummaryInput extends SummaryContent {
  paperId: number;
  userId: number;
  at?: string;
}

/** Renders once, stores the HTML with the renderer version and a first revision. */
export async function createSummary(
  db: Kysely<Database>,
  render: RenderFn,
  input: NewSummaryInput,
): Promise<number> {
  const rendered = await renderNewSource(render, input.source);
  return writeVisible(db, async (trx) => {
    if (await findOwnSummary(trx, input.paperId, input.userId)) {
      throw new DomainError(
        "conflict",
        "You already have a summary of this paper; edit it instead.",
      );
    }
    return insertSummary(trx, {
      ...input,
      rendered,
      shareToken: randomBytes(16).toString("base64url"),
      at: input.at ?? nowIso(),
    });
  });
}

/** Stores a new revision of an existing summary. */
async function reviseSummary(
  db: Kysely<Database>,
  render: RenderFn,
  id: number,
  content: SummaryContent,
): Promise<void> {
  const rendered = await renderNewSource(render, content.source);
  await writeVisible(db, (trx) =>
    updateSummaryContent(trx, id, { ...content, rendered, at: nowIso() }),
  );
}

/** Writes the user's one summary of a paper from the web: a new one, or a new revision of theirs. */
export async function saveSummary(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  input: { paperId: number; source: string; isPrivate: boolean; isAnonymous: boolean },
): Promise<number> {
  const author = assertCanPublish(user);
  await consumeRateLimit(db, "summarySavePerUser", String(author.id));
  const paper = await findPaperBrief(db, input.paperId);
  if (!paper) throw notFound("The paper");
  const content: SummaryContent = {
    source: input.source,
    isPrivate: input.isPrivate,
    isAnonymous: input.isAnonymous,
    paperVersion: paper.arxivVersion,
  };
  const existing = await findOwnSummary(db, input.paperId, author.id);
  if (!existing)
    return createSummary(db, render, { ...content, paperId: paper.id, userId: author.id });
  await reviseSummary(db, render, existing.id, content);
  return existing.id;
}

/** Renders again every summary stored by an older renderer (see db/stale-rows.ts). */
export function rerenderStaleSummaries(
  db: Kysely<Database>,
  render: RenderFn,
): Promise<StaleRowsReport> {
  return rerenderStaleRows(db, {
    list: (db, afterId, limit) => listStaleSummaries(db, RENDERER_VERSION, afterId, limit),
    render: (source) => renderSummary(render, source),
    store: (trx, row, rendered) => updateSummaryHtml(trx, row.id, row.source, rendered),
  });
}

// Votes move a summary's score; the summaries feature writes the column. Both run inside the
// vote's transaction, under the lock order votes.service.ts sets out.
export {
  addToScores as moveScores,
  lockSummaryRow as lockSummaryForVote,
  type VotableSummary,
} from "./summary-writes.repo";
