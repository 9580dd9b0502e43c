import type { Kysely } from "kysely";
import { DomainError } from "../core/errors";
import { SUMMARY_MAX_BYTES, SUMMARY_MAX_HTML_BYTES } from "../core/limits";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { randomToken } from "../core/tokens";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { RENDERER_VERSION } from "../render";
import {
  findSummaryOfUserOnPaper,
  insertImportedSummary,
  type RenderedSummary,
  recountScores,
  updateSummaryContent,
} from "./summary-writes.repo";

// Summaries from another site's dump (import/legacy-import.service.ts): rendered like any
// summary (raw HTML goes through the same sanitizer), dated as the dump says. The minimum
// length of the editor does not apply: what was published there stays published here.

export interface ImportedSummary {
  paperId: number;
  userId: number;
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  /** When it was first written: its first revision's date. */
  createdAt: string;
  /** Its last save there. */
  updatedAt: string;
}

/** Renders an imported summary once, before its transaction opens; refuses what no page could hold. */
export async function renderImportedSummary(
  render: RenderFn,
  source: string,
): Promise<RenderedSummary> {
  if (Buffer.byteLength(source, "utf8") > SUMMARY_MAX_BYTES) {
    throw new DomainError("too_large", `longer than ${SUMMARY_MAX_BYTES} bytes`);
  }
  const r = await renderOrRefuse(render, source);
  if (Buffer.byteLength(r.html, "utf8") > SUMMARY_MAX_HTML_BYTES) {
    throw new DomainError("too_large", `typesets to more than ${SUMMARY_MAX_HTML_BYTES} bytes`);
  }
  return {
    html: r.html,
    rendererVersion: RENDERER_VERSION,
    mathCount: r.mathCount,
    mathErrors: r.mathErrors.length,
  };
}

/**
 * Stores an imported summary inside the caller's (visible-write) transaction. The author's
 * summary of the paper, if there is one, is updated only when the dump's copy is newer than
 * its last save: a re-run of the same dump changes nothing, a newer dump brings its edits as
 * a new revision, and an edit made here since is never overwritten by an older dump. Private
 * and anonymous only ever tighten on an update: the stricter of the dump and the row wins.
 */
export async function storeImportedSummary(
  trx: Kysely<Database>,
  s: ImportedSummary,
  rendered: RenderedSummary,
): Promise<{ id: number; written: boolean }> {
  await lockKeyUntilCommit(trx, `summary:${s.paperId}:${s.userId}`);
  const content = {
    source: s.source,
    isPrivate: s.isPrivate,
    isAnonymous: s.isAnonymous,
    paperVersion: null,
  };
  const existing = await findSummaryOfUserOnPaper(trx, s.paperId, s.userId);
  if (!existing) {
    const id = await insertImportedSummary(trx, {
      ...content,
      paperId: s.paperId,
      userId: s.userId,
      rendered,
      // A new random secret: the original's links were derived from dates (product.md).
      shareToken: randomToken(16),
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      editedAt: s.updatedAt > s.createdAt ? s.updatedAt : null,
    });
    return { id, written: true };
  }
  if (s.updatedAt <= existing.updated_at) return { id: existing.id, written: false };
  // The dump's text, but never its looser flags: an author who made the summary private or
  // anonymous here since must not find it public or signed again after a newer dump.
  await updateSummaryContent(trx, existing.id, {
    ...content,
    isPrivate: s.isPrivate || existing.is_private === 1,
    isAnonymous: s.isAnonymous || existing.is_anonymous === 1,
    rendered,
    at: s.updatedAt,
  });
  return { id: existing.id, written: true };
}

/** Imported summaries' scores: the sum of their imported votes, set once they are all in. */
export function recountImportedScores(
  trx: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<void> {
  return recountScores(trx, summaryIds);
}
