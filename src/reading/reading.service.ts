import type { Kysely } from "kysely";
import { countListedComments, listCommentsBySummary } from "../comments/comments.service";
import type { CurrentUser } from "../core/current-user";
import type { HtmlSlots } from "../core/html-slots";
import type { Database } from "../db/schema";
import { getPaper, type Paper, type ResolvedPaper } from "../papers/papers.service";
import { getPublicSummaryBytes, listPaperSummaryViews } from "../summaries/summaries.service";
import type { SummaryView } from "../summaries/summary-view";
import { type ViewerVote, viewerVotes } from "../votes/votes.service";

/** A paper with its public summaries, best first, each with its comments. */
export interface PaperPage extends Paper {
  summaries: SummaryView[];
  /**
   * The reader's votes on these summaries and which are theirs, by summary id (one query for
   * the page; empty for a logged-out reader, whose page is the same for all and cacheable).
   */
  viewerVotes: Map<number, ViewerVote>;
}

/** The summaries' HTML stays bytes in `slots` (core/html-slots.ts); sendPage puts it back. */
export async function getPaperPage(
  db: Kysely<Database>,
  found: ResolvedPaper,
  viewer: CurrentUser | null,
  slots: HtmlSlots,
): Promise<PaperPage> {
  const { paperId } = found;
  const paper = await getPaper(db, paperId, found.identifiers);
  const summaries = await listPaperSummaryViews(db, paperId, paper.path, slots);
  const ids = summaries.map((s) => s.id);
  const comments = await listCommentsBySummary(db, ids);
  return {
    ...paper,
    summaries: summaries.map((s) => {
      const own = comments.get(s.id) ?? [];
      return { ...s, comments: own, commentCount: countListedComments(own) };
    }),
    viewerVotes: await viewerVotes(db, viewer, ids),
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
