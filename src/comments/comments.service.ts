import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { COMMENT_MAX_BYTES } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import { type RenderFn, type RenderResult, renderOrRefuse } from "../core/render-contract";
import { nowIso } from "../core/time";
import { writeVisible } from "../db/content-version";
import type { Database } from "../db/schema";
import { rerenderStaleRows, type StaleRowsReport } from "../db/stale-rows";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { RENDERER_VERSION } from "../render";
import { isCommentableSummary } from "../summaries/summaries.service";
import { summaryCommentTags } from "../summaries/summary-cache-tags.service";
import type { CommentView } from "../summaries/summary-view";
import {
  type CommentRow,
  findComment,
  insertComment,
  listCommentsForSummaries,
  listStaleComments,
  lockListedComment,
  markCommentDeleted,
  updateCommentHtml,
  updateCommentSource,
} from "./comments.repo";

/**
 * Told of each new comment inside the comment's own transaction (app.ts hands in the
 * notifications'): a comment that rolls back tells no one, and one that commits can't lose
 * what it told. A reply names the author of the comment it answers (`parentAuthorId`).
 */
export type CommentListener = (
  trx: Kysely<Database>,
  e: {
    commentId: number;
    summaryId: number;
    userId: number;
    source: string;
    at: string;
    parentAuthorId?: number | null;
  },
) => Promise<void>;

/** Empty and over-long texts are refused before anything renders. */
function assertCommentSource(source: string): void {
  if (source.trim() === "") throw new DomainError("invalid", "The comment is empty.");
  if (Buffer.byteLength(source, "utf8") > COMMENT_MAX_BYTES) {
    throw new DomainError("too_large", `A comment may be at most ${COMMENT_MAX_BYTES / 1000} KB.`);
  }
}

const notReplyable = () =>
  new DomainError(
    "invalid",
    "That comment can't be replied to here: it was deleted, or it is on another summary.",
  );

/**
 * Where a reply to `parentId` goes: under its top-level comment (replies nest one level), which
 * must be listed and on this summary, as must the comment answered. Both are locked until the
 * reply commits. Returns the top-level id and whose comment was answered.
 */
async function replyTarget(
  trx: Kysely<Database>,
  summaryId: number,
  parentId: number,
): Promise<{ topId: number; answeredAuthorId: number }> {
  const answered = await lockListedComment(trx, parentId, summaryId);
  if (!answered) throw notReplyable();
  if (answered.parent_id === null)
    return { topId: answered.id, answeredAuthorId: answered.user_id };
  const top = await lockListedComment(trx, answered.parent_id, summaryId);
  if (!top) throw notReplyable();
  return { topId: top.id, answeredAuthorId: answered.user_id };
}

export async function addComment(
  db: Kysely<Database>,
  render: RenderFn,
  c: { summaryId: number; userId: number; source: string; parentId?: number | null; at?: string },
  onAdded?: CommentListener,
): Promise<number> {
  assertCommentSource(c.source);
  const rendered = await renderOrRefuse(render, c.source);
  const added = await writeVisible(
    db,
    async (trx) => {
      if (!(await isCommentableSummary(trx, c.summaryId))) throw notFound("The summary");
      const target = c.parentId ? await replyTarget(trx, c.summaryId, c.parentId) : null;
      const at = c.at ?? nowIso();
      const id = await insertComment(trx, {
        summaryId: c.summaryId,
        userId: c.userId,
        parentId: target?.topId ?? null,
        source: c.source,
        html: rendered.html,
        rendererVersion: RENDERER_VERSION,
        at,
      });
      await onAdded?.(trx, {
        commentId: id,
        summaryId: c.summaryId,
        userId: c.userId,
        source: c.source,
        at,
        parentAuthorId: target?.answeredAuthorId ?? null,
      });
      return { id, tags: await commentCacheTags(trx, c.summaryId, c.userId) };
    },
    { tags: (r) => r.tags },
  );
  return added.id;
}

/**
 * A comment shows under its summary (and everywhere that counts them) and, on a listed
 * summary, on its author's comments tab (summaries/summary-cache-tags.service.ts).
 */
function commentCacheTags(
  trx: Kysely<Database>,
  summaryId: number,
  authorId: number,
): Promise<string[]> {
  return summaryCommentTags(trx, summaryId, authorId);
}

/** A comment from the web: a logged-in, confirmed user, within the comment rate limit. */
export async function postComment(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  c: { summaryId: number; source: string; parentId?: number | null },
  onAdded?: CommentListener,
): Promise<number> {
  const author = assertCanPublish(user);
  assertCommentSource(c.source);
  await consumeRateLimit(db, "commentPerUser", String(author.id));
  return addComment(
    db,
    render,
    { summaryId: c.summaryId, userId: author.id, source: c.source, parentId: c.parentId },
    onAdded,
  );
}

/**
 * The comment form's Preview without JavaScript: rendered as it would be stored, nothing
 * saved. A render per press, so it counts against the same limit as the editor's Preview.
 */
export async function previewComment(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  source: string,
): Promise<RenderResult> {
  const author = assertCanPublish(user);
  assertCommentSource(source);
  await consumeRateLimit(db, "summaryPreviewPerUser", String(author.id));
  return renderOrRefuse(render, source);
}

/** What the edit form starts from: the author's own listed comment, else "not found". */
export async function getOwnComment(
  db: Kysely<Database>,
  user: CurrentUser | null,
  commentId: number,
): Promise<{ id: number; summaryId: number; source: string }> {
  const c = await findComment(db, commentId);
  if (!c || !user || c.user_id !== user.id || c.deleted_at !== null || c.hidden_at !== null) {
    throw notFound("The comment");
  }
  return { id: c.id, summaryId: c.summary_id, source: c.source };
}

/**
 * The author edits their comment: checked, rendered and rate-limited like a new one, stored
 * with "edited" and the time. Another's comment, or a deleted or hidden one, is "not found".
 * Two edits at once: the last to write wins, source and HTML together.
 */
export async function editComment(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  e: { commentId: number; source: string },
): Promise<{ summaryId: number }> {
  const author = assertCanPublish(user);
  const { summaryId } = await getOwnComment(db, author, e.commentId);
  assertCommentSource(e.source);
  await consumeRateLimit(db, "commentPerUser", String(author.id));
  const rendered = await renderOrRefuse(render, e.source);
  const { stored } = await writeVisible(
    db,
    async (trx) => ({
      stored: await updateCommentSource(trx, {
        id: e.commentId,
        userId: author.id,
        source: e.source,
        html: rendered.html,
        rendererVersion: RENDERER_VERSION,
        at: nowIso(),
      }),
      tags: await commentCacheTags(trx, summaryId, author.id),
    }),
    { tags: (r) => r.tags },
  );
  if (!stored) throw notFound("The comment");
  return { summaryId };
}

/**
 * Deletes a comment (soft: a top-level one with replies stays as "comment deleted"). Only its
 * author may: moderators and admins hide instead, which the audit log records and the author
 * cannot undo. Anyone else gets "forbidden". Deleting twice is no error.
 */
export async function deleteComment(
  db: Kysely<Database>,
  user: CurrentUser | null,
  commentId: number,
): Promise<{ summaryId: number }> {
  if (!user) throw new DomainError("forbidden", "Please log in first.");
  const c = await findComment(db, commentId);
  if (!c || c.hidden_at !== null) throw notFound("The comment");
  if (c.user_id !== user.id) {
    throw new DomainError("forbidden", "Only its author can delete a comment.");
  }
  await consumeRateLimit(db, "commentPerUser", String(user.id));
  await writeVisible(
    db,
    async (trx) => {
      await markCommentDeleted(trx, commentId, nowIso());
      return commentCacheTags(trx, c.summary_id, user.id);
    },
    { tags: (tags) => tags },
  );
  return { summaryId: c.summary_id };
}

const toView = (c: CommentRow, removed: CommentView["removed"]): CommentView =>
  removed
    ? {
        id: c.id,
        html: "",
        createdAt: c.created_at,
        author: null,
        editedAt: null,
        removed,
        replies: [],
      }
    : {
        id: c.id,
        html: c.html,
        createdAt: c.created_at,
        author: { username: c.author_username, displayName: c.author_display_name },
        editedAt: c.edited_at,
        removed: null,
        replies: [],
      };

const isListed = (c: CommentRow) => c.deleted_at === null && c.hidden_at === null;

/**
 * The threads of these summaries, by summary id: top-level comments oldest first, each with
 * its listed replies oldest first. A deleted or hidden top-level comment shows as a placeholder
 * while it has listed replies, and not at all without; a deleted or hidden reply never shows.
 */
export async function listCommentsBySummary(
  db: Kysely<Database>,
  summaryIds: readonly number[],
): Promise<Map<number, CommentView[]>> {
  const rows = await listCommentsForSummaries(db, summaryIds);
  const replies = new Map<number, CommentView[]>();
  for (const c of rows) {
    if (c.parent_id === null || !isListed(c)) continue;
    const list = replies.get(c.parent_id) ?? [];
    list.push(toView(c, null));
    replies.set(c.parent_id, list);
  }
  const bySummary = new Map<number, CommentView[]>();
  for (const c of rows) {
    if (c.parent_id !== null) continue;
    const own = replies.get(c.id) ?? [];
    const removed = c.deleted_at !== null ? "deleted" : c.hidden_at !== null ? "hidden" : null;
    if (removed && own.length === 0) continue;
    const list = bySummary.get(c.summary_id) ?? [];
    list.push({ ...toView(c, removed), replies: own });
    bySummary.set(c.summary_id, list);
  }
  return bySummary;
}

/** How many comments a thread shows with their text (placeholders are not counted). */
export function countListedComments(thread: readonly CommentView[]): number {
  return thread.reduce((n, c) => n + (c.removed ? 0 : 1) + c.replies.length, 0);
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

// A moderator hides or unhides a comment; moderation/ decides when, logs it and runs it inside
// writeVisible.
export { setCommentHidden } from "./comments.repo";
