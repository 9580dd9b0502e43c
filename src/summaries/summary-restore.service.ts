// Its author brings back an older revision's text (the history page's Restore). Renders
// like any save (summary-write.service.ts), then writes under the summary row's lock.

import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { notFound } from "../core/errors";
import { assertCanPublish } from "../core/publish-policy";
import type { RenderFn } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { findRevisionSources, findSummaryState } from "./own-summaries.repo";
import { summaryCacheTagSources } from "./summary-cache-tags.repo";
import { summaryChangeTags } from "./summary-cache-tags.service";
import { renderNewSource } from "./summary-write.service";
import { lockSummaryState, updateSummaryContent } from "./summary-writes.repo";

/**
 * Its author brings back an older revision's text as a new revision, rendered by the current
 * renderer like any save (the text was published once: no length or math-error check again).
 */
export async function restoreRevision(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  summaryId: number,
  revisionId: number,
): Promise<void> {
  const author = assertCanPublish(user);
  const summary = await findSummaryState(db, summaryId);
  if (!summary || summary.user_id !== author.id || summary.deleted_at !== null) {
    throw notFound("The summary");
  }
  const revision = (await findRevisionSources(db, summaryId, [revisionId])).get(revisionId);
  if (!revision) throw notFound("That revision");
  await consumeRateLimit(db, "summarySavePerUser", String(author.id));
  const rendered = await renderNewSource(render, revision.source);
  await writeVisible(
    db,
    async (trx) => {
      // Privacy and anonymity as they are now, under the row's lock: a save made private while
      // this rendered must stay private (the state read above may be old by now).
      const current = await lockSummaryState(trx, summaryId);
      if (!current || current.user_id !== author.id || current.deleted_at !== null) {
        throw notFound("The summary");
      }
      const before = await summaryCacheTagSources(trx, [summaryId]);
      await updateSummaryContent(trx, summaryId, {
        source: revision.source,
        isPrivate: current.is_private === 1,
        isAnonymous: current.is_anonymous === 1,
        paperVersion: revision.paperVersion,
        rendered,
        at: nowIso(),
      });
      return summaryChangeTags(trx, [summaryId], before);
    },
    { tags: (tags) => tags },
  );
}
