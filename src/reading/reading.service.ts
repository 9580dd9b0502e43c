import type { Kysely } from "kysely";
import { countListedComments, listCommentsBySummary } from "../comments/comments.service";
import type { CurrentUser } from "../core/current-user";
import type { HtmlSlots } from "../core/html-slots";
import type { Database } from "../db/schema";
import { getPaper, type Paper, type ResolvedPaper } from "../papers/papers.service";
import {
  getOwnSummary,
  getPublicSummaryBytes,
  listPaperSummaryViews,
} from "../summaries/summaries.service";
import type { OwnSummary, SummaryView } from "../summaries/summary-view";
import { type ViewerVote, viewerVotes } from "../votes/votes.service";

/** A paper with its public summaries, best first, each with its comments: the same for all. */
export interface PaperContent extends Paper {
  summaries: SummaryView[];
}

/** What the paper page shows one reader only: their votes, and their own summary there. */
export interface PaperViewerData {
  /** The reader's votes on these summaries and which are theirs, by summary id (one query). */
  votes: Map<number, ViewerVote>;
  own: OwnSummary | null;
}

/** The summaries' HTML stays bytes in `slots` (core/html-slots.ts); sendPage puts it back. */
export async function getPaperContent(
  db: Kysely<Database>,
  found: ResolvedPaper,
  slots: HtmlSlots,
): Promise<PaperContent> {
  const { paperId } = found;
  const paper = await getPaper(db, paperId, found.identifiers);
  const summaries = await listPaperSummaryViews(db, paperId, paper.path, slots);
  const comments = await listCommentsBySummary(
    db,
    summaries.map((s) => s.id),
  );
  return {
    ...paper,
    summaries: summaries.map((s) => {
      const own = comments.get(s.id) ?? [];
      return { ...s, comments: own, commentCount: countListedComments(own) };
    }),
  };
}

/** The reader's part of a paper page (empty for a logged-out reader: the page is the same for all). */
export async function getPaperViewerData(
  db: Kysely<Database>,
  paperId: number,
  summaryIds: readonly number[],
  viewer: CurrentUser | null,
): Promise<PaperViewerData> {
  if (!viewer) return { votes: new Map(), own: null };
  return {
    votes: await viewerVotes(db, viewer, summaryIds),
    own: await getOwnSummary(db, paperId, viewer.id),
  };
}

/** One public summary with its comments and the reader's vote, for its permalink. */
export async function getSummaryPage(
  db: Kysely<Database>,
  summaryId: number,
  viewer: CurrentUser | null,
  slots: HtmlSlots,
): Promise<{ summary: SummaryView; viewerVotes: Map<number, ViewerVote> }> {
  const summary = await getPublicSummaryBytes(db, summaryId, slots);
  const comments = (await listCommentsBySummary(db, [summaryId])).get(summaryId) ?? [];
  return {
    summary: { ...summary, comments, commentCount: countListedComments(comments) },
    viewerVotes: await viewerVotes(db, viewer, [summaryId]),
  };
}
