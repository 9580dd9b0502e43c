import type { UserRow } from "../db/schema";

// A users row becomes a User here and nowhere else: the 0/1 flag, the null-or-date columns
// and the free-text role are decoded once, so nothing above the repo reads a column.

export const ROLES = ["user", "moderator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** An account as services and views know it. */
export interface User {
  id: number;
  username: string;
  displayName: string;
  /** The bio as typed (Markdown and math); `bioHtml` is its rendering. */
  bio: string;
  bioHtml: string;
  orcid: string | null;
  /** The account's address: confirmed when `emailVerified`. */
  email: string | null;
  emailVerified: boolean;
  /** A new address waiting for its verification link; `email` changes only then. */
  pendingEmail: string | null;
  /** argon2id PHC string; null for an account that signs in only through ORCID. */
  passwordHash: string | null;
  role: Role;
  banned: boolean;
  deleted: boolean;
  /** Whether the person wants a mail when someone comments on their summaries. */
  commentMail: boolean;
  createdAt: string;
}

/** Who a session or an API token acts for: what a request needs of its user's row. */
export interface AccountState {
  username: string;
  displayName: string;
  role: Role;
  emailVerified: boolean;
  /** A banned or deleted user's sessions and tokens stop working at their next request. */
  banned: boolean;
  deleted: boolean;
}

/** The users columns AccountState reads, for a query joining users as `u`. */
export const ACCOUNT_STATE_COLUMNS = [
  "u.username",
  "u.display_name",
  "u.role",
  "u.email_verified_at",
  "u.banned_at",
  "u.deleted_at",
] as const;

export function toAccountState(row: {
  username: string;
  display_name: string;
  role: string;
  email_verified_at: string | null;
  banned_at: string | null;
  deleted_at: string | null;
}): AccountState {
  return {
    username: row.username,
    displayName: row.display_name,
    role: toRole(row.role),
    emailVerified: row.email_verified_at !== null,
    banned: row.banned_at !== null,
    deleted: row.deleted_at !== null,
  };
}

/** A stored role this version does not know gives no privilege. */
export function toRole(stored: string): Role {
  return stored === "admin" || stored === "moderator" ? stored : "user";
}

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    bio: row.bio,
    bioHtml: row.bio_html,
    orcid: row.orcid,
    email: row.email,
    emailVerified: row.email_verified_at !== null,
    pendingEmail: row.pending_email,
    passwordHash: row.password_hash,
    role: toRole(row.role),
    banned: row.banned_at !== null,
    deleted: row.deleted_at !== null,
    commentMail: row.notify_comments === 1,
    createdAt: row.created_at,
  };
}
