import type { Generated, Insertable, Selectable } from "kysely";

// Times are UTC ISO-8601 text and booleans are 0/1 integers, so one schema runs
// unchanged on SQLite and PostgreSQL.

export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** Lower-cased username: uniqueness ignores case. */
  username_key: string;
  display_name: string;
  bio: string;
  bio_html: string;
  orcid: string | null;
  email: string | null;
  role: string;
  created_at: string;
}

export interface VenuesTable {
  id: Generated<number>;
  key: string;
  name: string;
  description: string;
}

export interface PapersTable {
  id: Generated<number>;
  title: string;
  /** JSON array of author names, in order. */
  authors: string;
  year: number | null;
  venue_id: number | null;
  abstract: string;
  /** Space-separated arXiv categories, primary first. */
  categories: string;
  /** Coarse field (cs, math, physics, bio, …) for the home page filter. */
  section: string | null;
  /** Latest known arXiv version, when the paper is on arXiv. */
  arxiv_version: number | null;
  created_at: string;
  updated_at: string;
}

export interface PaperIdentifiersTable {
  id: Generated<number>;
  paper_id: number;
  scheme: string;
  value: string;
}

export interface SummariesTable {
  id: Generated<number>;
  paper_id: number;
  user_id: number;
  source: string;
  html: string;
  renderer_version: number;
  math_count: number;
  math_errors: number;
  is_private: number;
  is_anonymous: number;
  /** 128-bit random token of the private share link. */
  share_token: string;
  /** The paper version (arXiv vN) the summary was written for. */
  paper_version: number | null;
  score: number;
  created_at: string;
  updated_at: string;
}

export interface SummaryRevisionsTable {
  id: Generated<number>;
  summary_id: number;
  source: string;
  paper_version: number | null;
  created_at: string;
}

export interface VotesTable {
  summary_id: number;
  user_id: number;
  value: number;
  created_at: string;
}

export interface CommentsTable {
  id: Generated<number>;
  summary_id: number;
  user_id: number;
  source: string;
  html: string;
  renderer_version: number;
  created_at: string;
  updated_at: string;
}

export interface PaperViewsTable {
  paper_id: number;
  /** UTC date, YYYY-MM-DD. */
  day: string;
  views: number;
}

export interface ContentVersionTable {
  id: number;
  version: number;
}

export interface Database {
  users: UsersTable;
  venues: VenuesTable;
  papers: PapersTable;
  paper_identifiers: PaperIdentifiersTable;
  summaries: SummariesTable;
  summary_revisions: SummaryRevisionsTable;
  votes: VotesTable;
  comments: CommentsTable;
  paper_views: PaperViewsTable;
  content_version: ContentVersionTable;
}

export type UserRow = Selectable<UsersTable>;
export type PaperRow = Selectable<PapersTable>;
export type SummaryRow = Selectable<SummariesTable>;
export type NewSummary = Insertable<SummariesTable>;
