import { diffWords } from "diff";
import type { Kysely } from "kysely";
import type { CurrentUser } from "../core/current-user";
import { invalid, notFound } from "../core/errors";
import { REVISION_DIFF_TIMEOUT_MS, REVISION_LIST_MAX } from "../core/limits";
import type { Database } from "../db/schema";
import { canonicalPaperPath } from "../papers/paper-paths";
import { paperPathsById } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import { findRevisionSources, findSummaryState, listRevisionRows } from "./own-summaries.repo";
import type { DiffPart, RevisionView } from "./summary-view";

// A summary's revisions and a word diff between any two. Who may read them: anyone, for a
// public summary that carries its author's name; only the author, for a private, anonymous,
// deleted or hidden one (its past texts would tell what the summary hides).

export interface HistoryPage {
  summaryId: number;
  paperTitle: string;
  paperPath: string;
  /** The reader wrote it: they may restore an older revision. */
  isAuthor: boolean;
  /** Where its text can be read: the permalink, or the secret link of a private one. */
  readPath: string;
  revisions: RevisionView[];
  /** The two revisions compared (older first) and their diff; null when there is one revision. */
  compare: {
    from: number;
    to: number;
    /** Null: the two texts differ too much to diff within the time bound. */
    parts: DiffPart[] | null;
  } | null;
}

/**
 * Pairs of revisions whose diff ran out of time: asking again gets the same answer at once,
 * so a reader reloading cannot hold the event loop again and again. Bounded (oldest out).
 */
const tooDifferent = new Set<string>();
const TOO_DIFFERENT_KEEP = 1_000;

/** A word diff of two texts, or null when it would take longer than the bound. */
export function wordDiff(a: string, b: string): DiffPart[] | null {
  const changes = diffWords(a, b, { timeout: REVISION_DIFF_TIMEOUT_MS });
  if (!changes) return null;
  return changes.map((c) => ({
    kind: c.added ? "ins" : c.removed ? "del" : "same",
    text: c.value,
  }));
}

function revisionParam(value: string | undefined): number | null {
  if (value === undefined || value === "") return null;
  if (!/^\d{1,15}$/.test(value)) throw invalid("A revision number must be a whole number.");
  return Number(value);
}

export async function getHistoryPage(
  db: Kysely<Database>,
  viewer: CurrentUser | null,
  summaryId: number,
  query: { from?: string; to?: string },
  /** The client, whose diffs are rate-limited (revisionDiffPerIp). */
  ip: string,
): Promise<HistoryPage> {
  const row = await findSummaryState(db, summaryId);
  const isAuthor = row !== null && viewer?.id === row.user_id;
  const open =
    row !== null &&
    row.is_private === 0 &&
    row.is_anonymous === 0 &&
    row.deleted_at === null &&
    row.hidden_at === null;
  if (!row || !(open || isAuthor)) throw notFound("The summary");
  const revisions = (await listRevisionRows(db, summaryId, REVISION_LIST_MAX)).map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    length: r.length,
    paperVersion: r.paper_version,
  }));
  const paths = await paperPathsById(db, [row.paper_id]);
  return {
    summaryId,
    paperTitle: row.paper_title,
    paperPath: paths.get(row.paper_id) ?? canonicalPaperPath(row.paper_id, []),
    isAuthor,
    readPath: row.is_private === 1 ? `/shared/${row.share_token}` : `/summary/${summaryId}`,
    revisions,
    compare: await compareRevisions(db, summaryId, revisions, query, ip),
  };
}

async function compareRevisions(
  db: Kysely<Database>,
  summaryId: number,
  revisions: readonly RevisionView[],
  query: { from?: string; to?: string },
  ip: string,
): Promise<HistoryPage["compare"]> {
  let from = revisionParam(query.from);
  let to = revisionParam(query.to);
  if ((from === null) !== (to === null)) {
    throw invalid("Pick two revisions to compare: both “from” and “to”.");
  }
  if (from === null || to === null) {
    // By default: the latest change (newest against the one before it).
    const [newest, previous] = revisions;
    if (!newest || !previous) return null;
    from = previous.id;
    to = newest.id;
  }
  const known = new Set(revisions.map((r) => r.id));
  if (!known.has(from) || !known.has(to)) {
    throw invalid("Those revisions are not revisions of this summary.");
  }
  // Older first, whichever order they were asked in: the diff reads as "what changed since".
  if (from > to) [from, to] = [to, from];
  const key = `${summaryId}:${from}:${to}`;
  if (tooDifferent.has(key)) return { from, to, parts: null };
  await consumeRateLimit(db, "revisionDiffPerIp", ip);
  const sources = await findRevisionSources(db, summaryId, [from, to]);
  const a = sources.get(from)?.source ?? "";
  const b = sources.get(to)?.source ?? "";
  const parts = wordDiff(a, b);
  if (!parts) {
    tooDifferent.add(key);
    if (tooDifferent.size > TOO_DIFFERENT_KEEP) {
      const oldest = tooDifferent.values().next().value;
      if (oldest !== undefined) tooDifferent.delete(oldest);
    }
  }
  return { from, to, parts };
}
