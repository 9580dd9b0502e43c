import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { DomainError, notFound } from "../core/errors";
import { SUMMARY_MAX_BYTES, SUMMARY_MAX_HTML_BYTES, SUMMARY_MIN_CHARS } from "../core/limits";
import { assertCanPublish } from "../core/publish-policy";
import {
  type MathIssue,
  type RenderFn,
  type RenderResult,
  renderOrRefuse,
} from "../core/render-contract";
import { nowIso } from "../core/time";
import { randomToken } from "../core/tokens";
import { writeVisible } from "../db/content-version";
import { lockKeyUntilCommit } from "../db/dialect";
import type { Database } from "../db/schema";
import { rerenderStaleRows, type StaleRowsReport } from "../db/stale-rows";
import { findPaperBrief } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { RENDERER_VERSION } from "../render";
import { findOwnSummary } from "./summaries.repo";
import { summaryCacheTagSources } from "./summary-cache-tags.repo";
import { summaryChangeTags } from "./summary-cache-tags.service";
import { summaryLength } from "./summary-length";
import {
  deleteDeletedSummary,
  insertSummary,
  listStaleSummaries,
  lockSummaryState,
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
  return (await renderChecked(render, source)).rendered;
}

async function renderChecked(
  render: RenderFn,
  source: string,
): Promise<{ rendered: RenderedSummary; issues: MathIssue[] }> {
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
    rendered: {
      html: rendered.html,
      rendererVersion: RENDERER_VERSION,
      mathCount: rendered.mathCount,
      mathErrors: rendered.mathErrors.length,
    },
    issues: rendered.mathErrors,
  };
}

/** What an author writes, checked and rendered once, before any transaction starts. */
export async function renderNewSource(render: RenderFn, source: string): Promise<RenderedSummary> {
  assertSummarySource(source);
  return renderSummary(render, source);
}

/** The editor publishes nothing shorter: a two-word "summary" tells a reader nothing. */
function assertLongEnough(source: string): void {
  const n = summaryLength(source);
  if (n < SUMMARY_MIN_CHARS) {
    throw new DomainError(
      "invalid",
      `A summary needs at least ${SUMMARY_MIN_CHARS} characters; yours has ${n}. Say what the paper does, how, and what it found. Your text is kept below.`,
    );
  }
}

/**
 * Names one set of math errors, so that "publish anyway" applies to the errors the author was
 * shown, and not to others a later edit brought in.
 */
export function mathErrorsToken(issues: readonly MathIssue[]): string {
  const hash = createHash("sha256");
  for (const i of issues) hash.update(`${i.display ? "D" : "I"}${i.source}\u0000`);
  return hash.digest("base64url").slice(0, 22);
}

/** Publishing with math errors needs a second, explicit click; this carries what to list. */
export class MathErrorsUnconfirmed extends DomainError {
  constructor(
    readonly issues: readonly MathIssue[],
    readonly token: string,
    /** The rendered summary, for the preview beside the list. */
    readonly html: string,
  ) {
    super(
      "invalid",
      issues.length === 1
        ? "One formula has an error. Fix it, or tick “Publish anyway” and publish again."
        : `${issues.length} formulas have errors. Fix them, or tick “Publish anyway” and publish again.`,
    );
  }
}

/**
 * The server's preview (the editor's Preview button without JavaScript): checked and
 * rate-limited like a save, rendered by the same worker pool, stored nowhere.
 */
export async function previewSummary(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  source: string,
): Promise<RenderResult> {
  const author = assertCanPublish(user);
  assertSummarySource(source);
  await consumeRateLimit(db, "summaryPreviewPerUser", String(author.id));
  return renderOrRefuse(render, source);
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
  return insertRendered(db, input, await renderNewSource(render, input.source));
}

async function insertRendered(
  db: Kysely<Database>,
  input: NewSummaryInput,
  rendered: RenderedSummary,
): Promise<number> {
  const made = await writeVisible(
    db,
    async (trx) => {
      // Two first saves at once (a double click): the second waits for the first to commit and
      // then finds it, instead of hitting the unique key (a 500 on PostgreSQL).
      await lockKeyUntilCommit(trx, `summary:${input.paperId}:${input.userId}`);
      const existing = await findOwnSummary(trx, input.paperId, input.userId);
      // One summary per author and paper (a unique key): writing anew over one the author
      // deleted removes the deleted one for good (the editor says so and offers Restore).
      // A Restore that commits between the read and the delete leaves nothing to delete: the
      // summary is back, so this is an edit of it, not a new one.
      if (existing?.deleted_at && !(await deleteDeletedSummary(trx, existing.id))) {
        throw new DomainError(
          "conflict",
          "Your deleted summary of this paper was just restored; edit it instead.",
        );
      } else if (existing && !existing.deleted_at) {
        throw new DomainError(
          "conflict",
          "You already have a summary of this paper; edit it instead.",
        );
      }
      const id = await insertSummary(trx, {
        ...input,
        rendered,
        shareToken: randomToken(16),
        at: input.at ?? nowIso(),
      });
      // Replacing a deleted summary for good takes its comments with it: every page may change.
      return { id, tags: existing ? [] : await summaryChangeTags(trx, [id], []) };
    },
    { tags: (r) => r.tags },
  );
  return made.id;
}

export const SUMMARY_DELETED_WHILE_SAVING =
  "Your summary was deleted while you were saving it. Your text is below: save again to " +
  "publish it as a new summary, or restore the deleted one.";

/** Writes the user's one summary of a paper from the web: a new one, or a new revision of theirs. */
export async function saveSummary(
  db: Kysely<Database>,
  render: RenderFn,
  user: CurrentUser | null,
  input: {
    paperId: number;
    source: string;
    isPrivate: boolean;
    isAnonymous: boolean;
    /** The mathErrorsToken of the errors the author chose to publish with ("" for none). */
    publishWithErrors?: string;
    /** Only a new summary (the API's create): the author's existing one is a conflict. */
    onlyNew?: boolean;
  },
): Promise<number> {
  const author = assertCanPublish(user);
  assertSummarySource(input.source);
  assertLongEnough(input.source);
  await consumeRateLimit(db, "summarySavePerUser", String(author.id));
  const paper = await findPaperBrief(db, input.paperId);
  if (!paper) throw notFound("The paper");
  const { rendered, issues } = await renderChecked(render, input.source);
  if (issues.length > 0) {
    const token = mathErrorsToken(issues);
    if (input.publishWithErrors !== token) {
      throw new MathErrorsUnconfirmed(issues, token, rendered.html);
    }
  }
  const content: SummaryContent = {
    source: input.source,
    isPrivate: input.isPrivate,
    isAnonymous: input.isAnonymous,
    paperVersion: paper.arxivVersion,
  };
  const existing = await findOwnSummary(db, input.paperId, author.id);
  if (input.onlyNew && existing && existing.deleted_at === null) {
    throw new DomainError("conflict", "You already have a summary of this paper; edit it instead.");
  }
  if (!existing || existing.deleted_at !== null) {
    return insertRendered(db, { ...content, paperId: paper.id, userId: author.id }, rendered);
  }
  // A new revision of the author's summary (none when the text is the same).
  await writeVisible(
    db,
    async (trx) => {
      // Deleted since it was read (another tab): not into the deleted row, where nobody would
      // see the text, and not anew over it either (that drops its history and comments for
      // good, which the editor asks about first): the author decides, with the text kept.
      const current = await lockSummaryState(trx, existing.id);
      if (!current || current.deleted_at !== null) {
        throw new DomainError("conflict", SUMMARY_DELETED_WHILE_SAVING);
      }
      // Privacy and anonymity may change with the text: the tags come from both states.
      const before = await summaryCacheTagSources(trx, [existing.id]);
      await updateSummaryContent(trx, existing.id, { ...content, rendered, at: nowIso() });
      return summaryChangeTags(trx, [existing.id], before);
    },
    { tags: (tags) => tags },
  );
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
// vote's transaction, under the lock order votes.service.ts sets out. A moderator hides or
// unhides a summary: moderation/ decides when, logs it and runs it inside writeVisible.
export {
  addToScores as moveScores,
  lockSummaryRow as lockSummaryForVote,
  setSummaryHidden,
  type VotableSummary,
} from "./summary-writes.repo";
