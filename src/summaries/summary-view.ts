import type { SummaryListRow } from "./summaries.repo";

export interface AuthorView {
  username: string;
  displayName: string;
}

export interface CommentView {
  id: number;
  html: string;
  createdAt: string;
  author: AuthorView;
}

/** What pages may know of a summary. An anonymous summary's author is absent, not hidden. */
export interface SummaryView {
  id: number;
  paperId: number;
  paperTitle: string;
  paperPath: string;
  html: string;
  score: number;
  createdAt: string;
  updatedAt: string;
  author: AuthorView | null;
  /** The arXiv version the summary describes, and the latest one known, when both are known. */
  paperVersion: number | null;
  paperLatestVersion: number | null;
  comments: CommentView[];
  commentCount: number;
}

export function toSummaryView(
  row: SummaryListRow,
  paperPath: string,
  comments: CommentView[] = [],
  commentCount = comments.length,
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
    author:
      row.is_anonymous === 1
        ? null
        : { username: row.author_username, displayName: row.author_display_name },
    paperVersion: row.paper_version,
    paperLatestVersion: row.paper_arxiv_version,
    comments,
    commentCount,
  };
}
