/** The home page's orders: by recent interest, by last change, by score. */
export type HomeTab = "popular" | "recent" | "best";

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

/** What the editor box of a paper page shows: the reader's own summary, or a failed save's form. */
export interface OwnSummary {
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  /** The secret link's token; empty when the form comes back from a failed save. */
  shareToken: string;
}

/** One of the owner's own summaries, private and anonymous ones included, for their export. */
export interface ExportSummary {
  id: number;
  paperTitle: string;
  /** "arXiv:ID", else "doi:DOI", else "shortscience:N" (the paper's id here). */
  paperIdentifier: string;
  paperPath: string;
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  /** The private share link's token (only the owner's export carries it). */
  shareToken: string;
  createdAt: string;
  updatedAt: string;
}
