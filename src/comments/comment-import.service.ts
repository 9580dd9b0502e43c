import type { Kysely } from "kysely";
import { DomainError } from "../core/errors";
import { COMMENT_MAX_BYTES } from "../core/limits";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import type { Database } from "../db/schema";
import { RENDERER_VERSION } from "../render";
import { findComment, insertComment, markCommentDeleted } from "./comments.repo";

// Comments from another site's dump (import/legacy-import.service.ts): rendered like any
// comment, dated as the dump says, soft-deleted ones kept deleted. No notification is sent:
// they are history, not news.

export interface ImportedComment {
  summaryId: number;
  userId: number;
  source: string;
  createdAt: string;
  /** Deleted there (the original's visible = 'false'): the date to mark it with, else null. */
  deletedAt: string | null;
}

/** Renders an imported comment once, before its transaction opens. */
export async function renderImportedComment(render: RenderFn, source: string): Promise<string> {
  if (Buffer.byteLength(source, "utf8") > COMMENT_MAX_BYTES) {
    throw new DomainError("too_large", `longer than ${COMMENT_MAX_BYTES} bytes`);
  }
  return (await renderOrRefuse(render, source)).html;
}

/**
 * Stores an imported comment inside the caller's (visible-write) transaction: a new one, or,
 * for one imported before (`existingId`), only a deletion made there since (the original had
 * no comment edits). Returns its id, or null when `existingId` no longer exists here.
 */
export async function storeImportedComment(
  trx: Kysely<Database>,
  c: ImportedComment,
  html: string,
  existingId: number | null,
): Promise<number | null> {
  if (existingId !== null) {
    if (!(await findComment(trx, existingId))) return null;
    if (c.deletedAt !== null) await markCommentDeleted(trx, existingId, c.deletedAt);
    return existingId;
  }
  const id = await insertComment(trx, {
    summaryId: c.summaryId,
    userId: c.userId,
    parentId: null,
    source: c.source,
    html,
    rendererVersion: RENDERER_VERSION,
    at: c.createdAt,
  });
  if (c.deletedAt !== null) await markCommentDeleted(trx, id, c.deletedAt);
  return id;
}
