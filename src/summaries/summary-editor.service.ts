import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { assertCanPublish } from "../core/publish-policy";
import type { RenderFn } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { findPaperById } from "../papers/papers.repo";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { RENDERER_VERSION } from "../render";
import { assertSummarySource, createSummary, renderSummaryOrRefuse } from "./summaries.service";
import { findOwnSummary, updateSummaryContent } from "./summary-writes.repo";

export const getOwnSummary = findOwnSummary;

/** Writes the user's one summary of a paper: a new one, or a new revision of theirs. */
export async function saveSummary(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  input: { paperId: number; source: string; isPrivate: boolean; isAnonymous: boolean },
): Promise<number> {
  const author = assertCanPublish(user);
  await consumeRateLimit(db, "summarySavePerUser", String(author.id));
  const paper = await findPaperById(db, input.paperId);
  if (!paper) throw notFound("The paper");
  const existing = await findOwnSummary(db, input.paperId, author.id);
  if (!existing) {
    return createSummary(db, render, {
      paperId: input.paperId,
      userId: author.id,
      source: input.source,
      isPrivate: input.isPrivate,
      isAnonymous: input.isAnonymous,
      paperVersion: paper.arxiv_version,
    });
  }
  assertSummarySource(input.source);
  const rendered = await renderSummaryOrRefuse(render, input.source);
  await writeVisible(db, async (trx) => {
    await updateSummaryContent(trx, existing.id, {
      source: input.source,
      html: rendered.html,
      rendererVersion: RENDERER_VERSION,
      mathCount: rendered.mathCount,
      mathErrors: rendered.mathErrors.length,
      isPrivate: input.isPrivate,
      isAnonymous: input.isAnonymous,
      paperVersion: paper.arxiv_version,
      at: nowIso(),
    });
  });
  return existing.id;
}
