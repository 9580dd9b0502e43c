import type { Kysely } from "kysely";
import { listCommentsBySummary } from "../comments/comments.service";
import type { Database } from "../db/schema";
import { getPaper, type Paper } from "../papers/papers.service";
import { listPaperSummaryViews } from "../summaries/summaries.service";
import type { SummaryView } from "../summaries/summary-view";

/** A paper with its public summaries, best first, each with its comments. */
export interface PaperPage extends Paper {
  summaries: SummaryView[];
}

export async function getPaperPage(db: Kysely<Database>, paperId: number): Promise<PaperPage> {
  const paper = await getPaper(db, paperId);
  const summaries = await listPaperSummaryViews(db, paperId, paper.path);
  const comments = await listCommentsBySummary(
    db,
    summaries.map((s) => s.id),
  );
  return {
    ...paper,
    summaries: summaries.map((s) => {
      const own = comments.get(s.id) ?? [];
      return { ...s, comments: own, commentCount: own.length };
    }),
  };
}
