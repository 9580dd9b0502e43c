// The original site's rows (../shared/docs/original-schema.md) as typed values: text decoded
// and repaired (legacy-text.ts), dates as ISO, keys normalised the way its `_ci` collation
// compared them. Pure: no I/O. A row that cannot be read throws LegacyRowError.

import { decodeLegacyText } from "./legacy-text";
import type { SqlValue } from "./mysql-dump";

export class LegacyRowError extends Error {}

export type Fields = Map<string, SqlValue>;

export function fieldsOf(
  columns: readonly string[] | null,
  values: SqlValue[],
  table: string,
): Fields {
  if (!columns)
    throw new LegacyRowError(
      `no column names for table ${table} (no CREATE TABLE, no column list)`,
    );
  if (columns.length !== values.length) {
    throw new LegacyRowError(`${values.length} values for ${columns.length} columns`);
  }
  return new Map(columns.map((c, i) => [c, values[i] ?? null]));
}

function text(f: Fields, name: string): string | null {
  const v = f.get(name);
  if (v === undefined || v === null) return null;
  const s = typeof v === "number" ? String(v) : decodeLegacyText(v);
  // PostgreSQL text cannot hold NUL; no legitimate field of the original has one.
  if (s.includes("\u0000")) throw new LegacyRowError(`${name} contains a NUL character`);
  return s;
}

function required(f: Fields, name: string): string {
  const s = text(f, name)?.trim();
  if (!s) throw new LegacyRowError(`no ${name}`);
  return s;
}

function int(f: Fields, name: string): number | null {
  const v = f.get(name);
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : null;
  if (v instanceof Buffer) {
    const n = Number(v.toString("latin1").trim());
    return Number.isSafeInteger(n) ? n : null;
  }
  return null;
}

const flag = (f: Fields, name: string) => (int(f, name) ?? 0) !== 0;

/** `YYYY-MM-DD HH:MM:SS` (the server's NOW(), taken as UTC) → ISO; null for zero or bad dates. */
export function legacyDate(f: Fields, name: string): string | null {
  const s = text(f, name);
  const m = s && /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as number[];
  const ms = Date.UTC(y as number, (mo as number) - 1, d, h, mi, se);
  if (Number.isNaN(ms) || (y as number) < 1990) return null;
  const iso = new Date(ms).toISOString();
  return iso.startsWith(`${m[1]}-${m[2]}-${m[3]}`) ? iso : null;
}

/** A bibtexKey as the original compared it (case-insensitive, trimmed). */
export const paperKey = (key: string) => key.trim().toLowerCase();
/** A vignette's key: there is no summary id, only (paper, author). */
export const summaryKey = (paper: string, userId: number) => `${userId}:${paperKey(paper)}`;

export interface LegacyUser {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  emailVerified: boolean;
  bio: string;
  orcid: string | null;
  createdAt: string | null;
  /** Set by hand there to block login (original-schema.md); such accounts arrive banned. */
  banned: boolean;
}

export function legacyUser(f: Fields): LegacyUser {
  const id = int(f, "userid");
  if (id === null || id < 0) throw new LegacyRowError("no userid");
  return {
    id,
    username: required(f, "username"),
    displayName: text(f, "displayname")?.trim() ?? "",
    email: text(f, "email")?.trim() || null,
    emailVerified: flag(f, "verifiedemail"),
    bio: text(f, "description") ?? "",
    orcid: text(f, "orcid")?.trim() || null,
    createdAt: legacyDate(f, "added") ?? legacyDate(f, "user_edited"),
    banned: flag(f, "banned"),
  };
}

export interface LegacyPaper {
  key: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: string;
  abstract: string;
  urls: string[];
}

export function legacyPaper(f: Fields): LegacyPaper {
  const year = int(f, "year");
  return {
    key: required(f, "bibtexkey"),
    title: required(f, "title").replace(/\s+/g, " "),
    authors: (text(f, "authors") ?? "")
      .split(/\s+and\s+/)
      .map((a) => a.trim())
      .filter((a) => a.length > 0),
    year: year && year > 0 ? year : null,
    venue: text(f, "venue")?.trim() ?? "",
    abstract: text(f, "abstract")?.trim() ?? "",
    urls: (text(f, "urls") ?? "")
      .split(",")
      .map((u) => u.trim())
      .filter((u) => u.length > 0),
  };
}

export interface LegacyVignette {
  paper: string;
  userId: number;
  text: string;
  isPrivate: boolean;
  isAnonymous: boolean;
  added: string | null;
  edited: string | null;
}

export function legacyVignette(f: Fields): LegacyVignette {
  const userId = int(f, "userid");
  if (userId === null || userId < 0) throw new LegacyRowError("no author (userid)");
  return {
    paper: required(f, "paperid"),
    userId,
    text: text(f, "text") ?? "",
    isPrivate: flag(f, "priv"),
    isAnonymous: flag(f, "anon"),
    added: legacyDate(f, "added"),
    edited: legacyDate(f, "edited"),
  };
}

export interface LegacyVote {
  paper: string;
  authorId: number;
  voterId: number;
  value: -1 | 0 | 1;
  at: string | null;
}

export function legacyVote(f: Fields): LegacyVote {
  const authorId = int(f, "userid");
  const voterId = int(f, "voteruserid");
  const vote = int(f, "vote");
  if (authorId === null || voterId === null || vote === null)
    throw new LegacyRowError("incomplete vote");
  return {
    paper: required(f, "paperid"),
    authorId,
    voterId,
    value: vote > 0 ? 1 : vote < 0 ? -1 : 0,
    at: legacyDate(f, "edited") ?? legacyDate(f, "added"),
  };
}

export interface LegacyComment {
  id: number;
  paper: string;
  summaryUserId: number;
  userId: number;
  text: string;
  added: string | null;
  deleted: boolean;
}

export function legacyComment(f: Fields): LegacyComment {
  const id = int(f, "id");
  const summaryUserId = int(f, "summaryuserid");
  const userId = int(f, "userid");
  if (id === null || summaryUserId === null || userId === null)
    throw new LegacyRowError("incomplete comment");
  return {
    id,
    paper: required(f, "paperid"),
    summaryUserId,
    userId,
    text: required(f, "text"),
    added: legacyDate(f, "added"),
    deleted: text(f, "visible") === "false",
  };
}
