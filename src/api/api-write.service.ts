// The JSON API's writes, through the features' own services: the same checks, limits and
// render pool as the site's forms (assertCanPublish, the 200-character minimum, the math
// errors rule, soft deletes). The caller is a token's owner; api-auth.ts has checked the
// token's scope.

import type { Kysely } from "kysely";
import { type CommentListener, postComment } from "../comments/comments.service";
import type { CurrentUser } from "../core/current-user";
import { DomainError } from "../core/errors";
import { assertCanPublish } from "../core/publish-policy";
import { type RenderFn, renderOrRefuse } from "../core/render-contract";
import type { Database } from "../db/schema";
import { deleteSummary } from "../summaries/summary-lifecycle.service";
import {
  MathErrorsUnconfirmed,
  mathErrorsToken,
  saveSummary,
} from "../summaries/summary-write.service";
import { castUserVote, type VoteChoice, type VoteListener } from "../votes/votes.service";
import { findOwnSummaryId } from "./api.repo";
import { getApiComment, getApiSummary, readableSummaryRow } from "./api.service";

/** What notifications hear of the API's comments and votes (app.ts wires them). */
export interface ApiListeners {
  commentAdded: CommentListener;
  voteCast: VoteListener;
}

export interface SummaryFields {
  markdown: string;
  private: boolean;
  anonymous: boolean;
  publishWithMathErrors: boolean;
}

/**
 * The site asks a second click to publish with math errors, naming the errors shown; the API
 * says so with one flag. The token names this text's errors, so it is rendered first to get it
 * (the flag can't approve errors of another text).
 */
async function mathErrorsApproval(
  render: RenderFn,
  markdown: string,
  approve: boolean,
): Promise<string | undefined> {
  if (!approve) return undefined;
  const { mathErrors } = await renderOrRefuse(render, markdown);
  return mathErrors.length > 0 ? mathErrorsToken(mathErrors) : undefined;
}

async function save(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser,
  paperId: number,
  f: SummaryFields,
  onlyNew: boolean,
): Promise<number> {
  try {
    return await saveSummary(db, render, user, {
      onlyNew,
      paperId,
      source: f.markdown,
      isPrivate: f.private,
      isAnonymous: f.anonymous,
      publishWithErrors: await mathErrorsApproval(render, f.markdown, f.publishWithMathErrors),
    });
  } catch (e) {
    if (e instanceof MathErrorsUnconfirmed) {
      const list = e.issues.map((i) => i.source).join("; ");
      throw new DomainError(
        "invalid",
        `markdown: ${e.issues.length} formula(s) fail to typeset: ${list.slice(0, 500)}. Fix them, or send publishWithMathErrors: true.`,
      );
    }
    throw e;
  }
}

/** A new summary of a paper; one per author and paper (an existing one is a 409: PATCH it). */
export async function createApiSummary(
  db: Kysely<Database>,
  render: RenderFn,
  base: string,
  user: CurrentUser,
  paperId: number,
  f: SummaryFields,
) {
  assertCanPublish(user);
  const existing = await findOwnSummaryId(db, paperId, user.id);
  if (existing !== null) {
    throw new DomainError(
      "conflict",
      `You already have a summary of this paper (id ${existing}); change it with PATCH /api/v1/summaries/${existing}.`,
    );
  }
  // onlyNew: of parallel creates, one wins; the others are 409s under the service's lock.
  const id = await save(db, render, user, paperId, f, true);
  return getApiSummary(db, base, id, user.id);
}

/** A new revision of the caller's own summary; fields left out keep their values. */
export async function updateApiSummary(
  db: Kysely<Database>,
  render: RenderFn,
  base: string,
  user: CurrentUser,
  id: number,
  change: Partial<SummaryFields>,
) {
  assertCanPublish(user);
  const row = await readableSummaryRow(db, id, user.id);
  if (row.user_id !== user.id) {
    throw new DomainError("forbidden", "Only its author can change a summary.");
  }
  await save(
    db,
    render,
    user,
    row.paper_id,
    {
      markdown: change.markdown ?? row.source,
      private: change.private ?? row.is_private === 1,
      anonymous: change.anonymous ?? row.is_anonymous === 1,
      publishWithMathErrors: change.publishWithMathErrors ?? false,
    },
    false,
  );
  return getApiSummary(db, base, id, user.id);
}

/** The site's soft delete: restorable on the site for SUMMARY_RESTORE_DAYS. */
export async function deleteApiSummary(db: Kysely<Database>, user: CurrentUser, id: number) {
  assertCanPublish(user);
  const row = await readableSummaryRow(db, id, user.id);
  const deleted = await deleteSummary(db, user, row.id);
  return { id: deleted.id, deletedAt: deleted.deletedAt, restorableUntil: deleted.restorableUntil };
}

export async function voteApi(
  db: Kysely<Database>,
  user: CurrentUser,
  summaryId: number,
  value: VoteChoice,
  onVote: VoteListener,
) {
  return castUserVote(db, user, { summaryId, value }, onVote);
}

export async function commentApi(
  db: Kysely<Database>,
  render: RenderFn,
  base: string,
  user: CurrentUser,
  c: { summaryId: number; markdown: string; parentId: number | null },
  onAdded: CommentListener,
) {
  // Comments go on summaries the caller can read; postComment checks the rest.
  await readableSummaryRow(db, c.summaryId, user.id);
  const id = await postComment(
    db,
    render,
    user,
    { summaryId: c.summaryId, source: c.markdown, parentId: c.parentId },
    onAdded,
  );
  return getApiComment(db, base, id);
}
