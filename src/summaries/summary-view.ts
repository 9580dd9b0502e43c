/** The home page's orders: by recent interest, by last change, by score. */
export type HomeTab = "popular" | "recent" | "best";

export interface AuthorView {
  username: string;
  displayName: string;
}

/**
 * A comment as a thread shows it. A top-level comment that was deleted (or hidden) but has
 * replies stays as a placeholder: `removed` set, no author, no HTML. Replies nest one level.
 */
export interface CommentView {
  id: number;
  html: string;
  createdAt: string;
  author: AuthorView | null;
  /** The author's last edit, shown as "edited DATE". */
  editedAt: string | null;
  removed: "deleted" | "hidden" | null;
  /** Oldest first; always empty for a reply. */
  replies: CommentView[];
}

/** What pages may know of a summary. An anonymous summary's author is absent, not hidden. */
export interface SummaryView {
  id: number;
  paperId: number;
  paperTitle: string;
  paperPath: string;
  /** The stored HTML, or (reading pages) the marker of its bytes in an HtmlSlots. */
  html: string;
  /**
   * HTML whose text starts like the summary's, for link previews: the stored card excerpt
   * (short), so a page need not read the whole summary as text. Set by the reading pages.
   */
  previewHtml?: string;
  score: number;
  createdAt: string;
  updatedAt: string;
  /** The last edit after publishing ("edited DATE"), or null. */
  editedAt: string | null;
  author: AuthorView | null;
  /** The arXiv version the summary describes, and the latest one known, when both are known. */
  paperVersion: number | null;
  paperLatestVersion: number | null;
  comments: CommentView[];
  commentCount: number;
}

/** What the editor box of a paper page shows: the reader's own summary, or a failed save's form. */
export interface OwnSummary {
  /** The stored summary's id; 0 when the form comes back from a failed save. */
  id: number;
  source: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  /** The secret link's token; empty when the form comes back from a failed save. */
  shareToken: string;
  /** When its author deleted it (it can be restored for a while), or null. */
  deletedAt: string | null;
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

/** One saved revision of a summary, as its history lists it. */
export interface RevisionView {
  id: number;
  createdAt: string;
  /** Characters of its Markdown source. */
  length: number;
  paperVersion: number | null;
}

/** A piece of a word diff: kept, inserted or deleted text. */
export interface DiffPart {
  kind: "same" | "ins" | "del";
  text: string;
}

/** A deleted summary its author (or an admin) can still restore. */
export interface DeletedSummary {
  id: number;
  paperId: number;
  paperTitle: string;
  paperPath: string;
  deletedAt: string;
  /** The last moment it can be restored. */
  restorableUntil: string;
}
