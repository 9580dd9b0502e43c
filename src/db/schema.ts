import type { Generated, Selectable } from "kysely";

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
  /** argon2id PHC string; null for accounts that only sign in through ORCID. */
  password_hash: string | null;
  /** Lower-cased e-mail: uniqueness ignores case. */
  email_key: string | null;
  email_verified_at: string | null;
  /** A new address waiting for its verification link; `email` changes only then. */
  pending_email: string | null;
  banned_at: string | null;
  deleted_at: string | null;
  notify_comments: Generated<number>;
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
  /** JSON array of author names, in order; read and written only by papers/papers.mapper.ts. */
  authors: string;
  year: number | null;
  venue_id: number | null;
  abstract: string;
  /** Space-separated arXiv categories, primary first (papers/papers.mapper.ts). */
  categories: string;
  /** Coarse field (cs, math, physics, bio, …) for the home page filter. */
  section: string | null;
  /** Latest known arXiv version, when the paper is on arXiv. */
  arxiv_version: number | null;
  created_at: string;
  updated_at: string;
  /** "service" | "hand" (typed in by a user, not yet confirmed) | "moderator" (corrected). */
  metadata_source: Generated<string>;
  /** When the background check last asked the services about a hand-entered paper. */
  metadata_checked_at: string | null;
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
  /** Deleted by its author; restorable for SUMMARY_RESTORE_DAYS (db/listed.ts hides it). */
  deleted_at: string | null;
  /** Hidden by a moderator (db/listed.ts). */
  hidden_at: string | null;
  /** The last edit after publishing ("edited DATE"); null when never edited. */
  edited_at: string | null;
  /** A card's excerpt of `html` (render/excerpt.ts), written with it; null on rows older than it. */
  excerpt_html: string | null;
  /** 1 when the excerpt leaves part of the summary out. */
  excerpt_cut: Generated<number>;
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
  /** The comment this one replies to (one level: always a top-level comment), or null. */
  parent_id: number | null;
  /** Deleted by its author: shown as "comment deleted" while it has replies. */
  deleted_at: string | null;
  /** Hidden by a moderator. */
  hidden_at: string | null;
  edited_at: string | null;
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

/** The content version at which each cache tag last changed (db/content-version.ts). */
export interface CacheTagsTable {
  tag: string;
  version: number;
}

export interface SessionsTable {
  id: Generated<number>;
  /** SHA-256 of the cookie's token: the token itself is never stored. */
  token_hash: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute expiry; idle expiry is computed from last_seen_at. */
  expires_at: string;
  user_agent: string;
}

export interface AuthTokensTable {
  id: Generated<number>;
  token_hash: string;
  user_id: number;
  /** "verify_email" | "reset_password" */
  purpose: string;
  /** The address a verification link confirms. */
  email: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  /** SHA-256 of the sign-up browser's key: only that browser is logged in by the link. */
  browser_hash: string | null;
}

/** A sign-up waiting for its mailed link: no account exists until the link is opened. */
export interface PendingSignupsTable {
  id: Generated<number>;
  username: string;
  /** Lower-cased username: reserves the name, with users.username_key, until expires_at. */
  username_key: string;
  email: string;
  /** argon2id PHC string, hashed at sign-up. */
  password_hash: string;
  /** SHA-256 of the link's token. */
  token_hash: string;
  created_at: string;
  expires_at: string;
}

export interface RateLimitsTable {
  bucket: string;
  window_start: number;
  hits: number;
}

export interface UserIdentitiesTable {
  id: Generated<number>;
  provider: string;
  subject: string;
  user_id: number;
  created_at: string;
}

export interface OidcStatesTable {
  state_hash: string;
  nonce: string;
  code_verifier: string;
  link_user_id: number | null;
  return_to: string;
  expires_at: string;
}

/** Answers of the metadata services by "scheme:value"; see papers/resolvers/. */
export interface MetadataCacheTable {
  key: string;
  /** "found" | "not_found" */
  status: string;
  /** PaperMetadata as JSON when found, else "". */
  body: string;
  fetched_at: string;
  expires_at: string;
}

/** What the site tells a person (notifications/): see the 2026-11-28 migration. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  /** "comment" (on your summary) | "reply" (after your comment) | "votes" (aggregated) */
  kind: string;
  summary_id: number;
  comment_id: number | null;
  actor_id: number | null;
  /** Votes rows: how many new votes; 1 otherwise. */
  count: Generated<number>;
  created_at: string;
  updated_at: string;
  read_at: string | null;
}

/** Mail waiting to be sent, being sent, sent or given up on (notifications/mail-queue.*). */
export interface MailQueueTable {
  id: Generated<number>;
  user_id: number | null;
  to_address: string;
  subject: string;
  body: string;
  /** JSON object of extra headers. */
  headers: Generated<string>;
  /** "queued" | "sent" | "failed" | "dropped" (the recipient no longer wants it) */
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: string;
  /** Set by the worker that holds the mail; its claim lapses after MAIL_CLAIM_LEASE_MS. */
  claimed_at: string | null;
  claim_token: string | null;
  /** The comment the mail is about: dropped unsent if it is hidden or deleted by then. */
  comment_id: number | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Keys the server made for itself on first use (never in the repository or environment). */
export interface ServerSecretsTable {
  name: string;
  value: string;
  created_at: string;
}

/** Something a reader flagged for the moderators (moderation/). */
export interface ReportsTable {
  id: Generated<number>;
  reporter_id: number;
  /** "summary" | "comment" | "user" */
  target_kind: string;
  target_id: number;
  reason: string;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
  resolution: string | null;
}

/** Every moderator action, for admins to read (moderation/). */
export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number;
  action: string;
  target_kind: string;
  target_id: number;
  note: Generated<string>;
  created_at: string;
}

/** A person's named reading list (lists/reading-lists.repo.ts). */
export interface ReadingListsTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  /** The list's address under /user/NAME/lists/, unique per owner. */
  slug: string;
  description: Generated<string>;
  /** 0 or 1 */
  is_public: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A paper on a reading list, with its note and place (lists/reading-list-items.repo.ts). */
export interface ReadingListItemsTable {
  list_id: number;
  paper_id: number;
  note: Generated<string>;
  position: number;
  added_at: string;
}

/** An imported row's key in the dump it came from (import/legacy-keys.repo.ts). */
export interface LegacyKeysTable {
  id: Generated<number>;
  source: string;
  kind: string;
  legacy_key: string;
  new_id: number;
}

/** Personal API tokens (auth/api-tokens.repo.ts): only their SHA-256 is stored. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** "read" | "write" */
  scope: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
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
  cache_tags: CacheTagsTable;
  metadata_cache: MetadataCacheTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  pending_signups: PendingSignupsTable;
  rate_limits: RateLimitsTable;
  user_identities: UserIdentitiesTable;
  oidc_states: OidcStatesTable;
  notifications: NotificationsTable;
  mail_queue: MailQueueTable;
  server_secrets: ServerSecretsTable;
  reports: ReportsTable;
  moderation_log: ModerationLogTable;
  legacy_keys: LegacyKeysTable;
  api_tokens: ApiTokensTable;
  reading_lists: ReadingListsTable;
  reading_list_items: ReadingListItemsTable;
}

export type UserRow = Selectable<UsersTable>;
export type PaperRow = Selectable<PapersTable>;
