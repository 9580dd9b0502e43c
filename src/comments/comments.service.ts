import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { COMMENT_MAX_BYTES } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { rerenderStaleRows, type StaleRowsReport } from "../db/stale-rows";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { RENDERER_VERSION } from "../render";
import { isCommentableSummary } from "../summaries/summaries.service";
import type { CommentView } from "../summaries/summary-view";
import {
  insertComment,
  listCommentsForSummaries,
  listStaleComments,
  updateCommentHtml,
} from "./comments.repo";

/**
 * Told of each new comment inside the comment's own transaction (app.ts hands in the
 * notifications'): a comment that rolls back tells no one, and one that commits can't lose
 * what it told.
 */
export type CommentListener = (
  trx: Kysely<Database>,
  e: { commentId: number; summaryId: number; userId: number; source: string; at: string },
) => Promise<void>;

export async function addComment(
  db: Kysely<Database>,
  render: RenderFn,
  c: { summaryId: number; userId: number; source: string; at?: string },
  onAdded?: CommentListener,
): Promise<number> {
  if (c.source.trim() === "") throw new DomainError("invalid", "The comment is empty.");
  if (Buffer.byteLength(c.source, "utf8") > COMMENT_MAX_BYTES) {
    throw new DomainError("too_large", `A comment may be at most ${COMMENT_MAX_BYTES / 1000} KB.`);
  }
  const rendered = await renderOrRefuse(render, c.source);
  return writeVisible(db, async (trx) => {
    if (!(await isCommentableSummary(trx, c.summaryId))) throw notFound("The summary");
    const at = c.at ?? nowIso();
    const id = await insertComment(trx, {
      summaryId: c.summaryId,
      userId: c.userId,
      source: c.source,
      html: rendered.html,
      rendererVersion: RENDERER_VERSION,
      at,
    });
    await onAdded?.(trx, { ...c, commentId: id, at });
    return id;
  });
}

/** A comment from the web: a logged-in, confirmed user, within the comment rate limit. */
export async function postComment(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  c: { summaryId: number; source: string },
  onAdded?: CommentListener,
): Promise<number> {
  const author = assertCanPublish(user);
  await consumeRateLimit(db, "commentPerUser", String(author.id));
  return addComment(
    db,
    render,
    { summaryId: c.summaryId, userId: author.id, source: c.source },
    onAdded,
  );
}

/** The comments of these summaries, oldest first, by summary id. */
export async function listCommentsBySummary(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<Map<number, CommentView[]>> {
  const bySummary = new Map<number, CommentView[]>();
  for (const c of await listCommentsForSummaries(db, summaryIds)) {
    const list = bySummary.get(c.summary_id) ?? [];
    list.push({
      id: c.id,
      html: c.html,
      createdAt: c.created_at,
      author: { username: c.author_username, displayName: c.author_display_name },
    });
    bySummary.set(c.summary_id, list);
  }
  return bySummary;
}

/** Renders again every comment stored by an older renderer (see db/stale-rows.ts). */
export function rerenderStaleComments(
  db: Kysely<Database>,
  render: RenderFn,
): Promise<StaleRowsReport> {
  return rerenderStaleRows(db, {
    list: (db, afterId, limit) => listStaleComments(db, RENDERER_VERSION, afterId, limit),
    render: async (source) => (await renderOrRefuse(render, source)).html,
    store: (trx, row, html) =>
      updateCommentHtml(trx, row.id, row.source, { html, rendererVersion: RENDERER_VERSION }),
  });
}
