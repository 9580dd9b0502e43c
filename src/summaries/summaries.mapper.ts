import type { ExportSummaryRow, OwnSummaryRow, SummaryListRow } from "./summaries.repo";
import type { CommentView, ExportSummary, OwnSummary, SummaryView } from "./summary-view";

// Rows become domain objects here and nowhere else: 0/1 flags turn into booleans, an
// anonymous author disappears.

export function toSummaryView(
  row: SummaryListRow,
  paperPath: string,
  comments: CommentView[] = [],
): SummaryView {
  return {
    id: row.id,
    paperId: row.paper_id,
    paperTitle: row.paper_title,
    paperPath,
    html: row.html,
    score: row.score,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    editedAt: row.edited_at,
    author:
      row.is_anonymous === 1
        ? null
        : { username: row.author_username, displayName: row.author_display_name },
    paperVersion: row.paper_version,
    paperLatestVersion: row.paper_arxiv_version,
    comments,
    commentCount: row.comment_count ?? 0,
  };
}

export function toOwnSummary(row: OwnSummaryRow): OwnSummary {
  return {
    id: row.id,
    source: row.source,
    isPrivate: row.is_private === 1,
    isAnonymous: row.is_anonymous === 1,
    shareToken: row.share_token,
    deletedAt: row.deleted_at,
  };
}

/** One of the owner's summaries as "Export my summaries" writes it. */
export function toExportSummary(row: ExportSummaryRow, paperPath: string): ExportSummary {
  return {
    id: row.id,
    paperTitle: row.paper_title,
    paperIdentifier: row.arxiv_id
      ? `arXiv:${row.arxiv_id}`
      : row.doi
        ? `doi:${row.doi}`
        : `shortscience:${row.paper_id}`,
    paperPath,
    source: row.source,
    isPrivate: row.is_private === 1,
    isAnonymous: row.is_anonymous === 1,
    shareToken: row.share_token,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
