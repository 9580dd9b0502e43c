// The JSON API's reads: papers, summaries, comments and profiles as the API shows them, a
// keyset page at a time. Writes are in api-write.service.ts. Plain functions over the
// features' services and api.repo.ts's reads; no HTTP here.

import type { Kysely } from "kysely";
import { notFound } from "../core/errors";
import { API_LOOKUP_SUMMARIES } from "../core/limits";
import type { Database } from "../db/schema";
import { parsePaperId } from "../papers/ids";
import { getPaper, type Paper, resolvePaperPath } from "../papers/papers.service";
import { searchLocal } from "../search/search.service";
import { readSearchParams } from "../search/search-params";
import { usernameKey } from "../users/user-keys";
import { getProfileHeader } from "../users/users.service";
import {
  type ApiCommentRow,
  type ApiSummaryRow,
  findCommentRow,
  findPresentSummary,
  findPublicUserId,
  listCommentsPage,
  listPaperIdsPage,
  listPaperSummariesPage,
  listUserSummariesPage,
} from "./api.repo";
import { decodeCursor, encodeCursor } from "./api-cursor";

export interface ApiPaper {
  id: number;
  url: string;
  title: string;
  authors: string[];
  year: number | null;
  venue: { key: string; name: string } | null;
  abstract: string;
  arxivId: string | null;
  doi: string | null;
}

export interface ApiAuthor {
  username: string;
  displayName: string;
  url: string;
}

export interface ApiSummary {
  id: number;
  paperId: number;
  url: string;
  markdown: string;
  html: string;
  score: number;
  createdAt: string;
  updatedAt: string;
  editedAt: string | null;
  author: ApiAuthor | null;
  private: boolean;
}

export interface ApiComment {
  id: number;
  summaryId: number;
  parentId: number | null;
  markdown: string;
  html: string;
  createdAt: string;
  editedAt: string | null;
  author: ApiAuthor | null;
}

export interface Page<T> {
  items: T[];
  next: string | null;
}

/** Who asks: their own private summaries are theirs to read through their token. */
export type Viewer = number | null;

const abs = (base: string, path: string) => `${base.replace(/\/$/, "")}${path}`;

function toApiPaper(base: string, p: Paper): ApiPaper {
  return {
    id: p.id,
    url: abs(base, p.path),
    title: p.title,
    authors: p.authors,
    year: p.year,
    venue: p.venue,
    abstract: p.abstract,
    arxivId: p.arxivId,
    doi: p.doi,
  };
}

function author(
  base: string,
  r: { author_username: string; author_display_name: string; author_deleted_at: string | null },
): ApiAuthor | null {
  if (r.author_deleted_at !== null) return null;
  return {
    username: r.author_username,
    displayName: r.author_display_name,
    url: abs(base, `/user/${encodeURIComponent(r.author_username)}`),
  };
}

export function toApiSummary(base: string, r: ApiSummaryRow): ApiSummary {
  return {
    id: r.id,
    paperId: r.paper_id,
    url: abs(base, `/summary/${r.id}`),
    markdown: r.source,
    html: r.html,
    score: r.score,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    editedAt: r.edited_at,
    // An anonymous summary's author never leaves this function.
    author: r.is_anonymous ? null : author(base, r),
    private: r.is_private === 1,
  };
}

export function toApiComment(base: string, r: ApiCommentRow): ApiComment {
  return {
    id: r.id,
    summaryId: r.summary_id,
    parentId: r.parent_id,
    markdown: r.source,
    html: r.html,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    author: author(base, r),
  };
}

/**
 * How many rows to read for a page of `limit`: more than asked, so a page has a `next` only
 * when something follows it, rounded up to one of a few sizes. On SQLite the LIMIT is part of
 * the statement's text (db/sqlite-query-compiler.ts): a client stepping through every `limit`
 * would otherwise make a hundred texts per query and push the pages' own statements out of
 * the statement cache.
 */
export function rowsToRead(limit: number): number {
  return READ_SIZES.find((n) => n > limit) ?? limit + 1;
}

const READ_SIZES = [11, 26, 51, 101] as const;

function paged<T>(rows: T[], limit: number, key: (last: T) => number[]): Page<T> {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, next: rows.length > limit && last ? encodeCursor(key(last)) : null };
}

export async function getApiPaper(db: Kysely<Database>, base: string, id: number) {
  return toApiPaper(base, await getPaper(db, id));
}

/** Any identifier or URL (arXiv, DOI, …) of a paper on the site. */
export async function findApiPaperByIdentifier(
  db: Kysely<Database>,
  base: string,
  input: string,
): Promise<ApiPaper> {
  const parsed = parsePaperId(input.trim());
  if (!parsed) {
    throw notFound("No paper identifier was recognised in that text, so the paper");
  }
  const found = await resolvePaperPath(db, parsed.scheme, parsed.value);
  if (!found) throw notFound("That paper is not on ShortScience yet; it");
  return getApiPaper(db, base, found.paperId);
}

export async function listApiPapers(
  db: Kysely<Database>,
  base: string,
  q: { limit: number; cursor?: string },
): Promise<Page<ApiPaper>> {
  const before = decodeCursor(q.cursor, 1)?.[0] ?? null;
  const ids = await listPaperIdsPage(db, before, rowsToRead(q.limit));
  const page = paged(ids, q.limit, (id) => [id]);
  const items = await Promise.all(page.items.map((id) => getApiPaper(db, base, id)));
  return { items, next: page.next };
}

/** Full-text search (search.service), 20 a page; the cursor carries the next page's number. */
export async function searchApiPapers(
  db: Kysely<Database>,
  base: string,
  q: { q: string; cursor?: string },
  client: string,
  signal?: AbortSignal,
): Promise<Page<ApiPaper>> {
  const page = decodeCursor(q.cursor, 1)?.[0] ?? 1;
  if (page < 1) throw notFound("That page of results");
  const params = readSearchParams((name) =>
    name === "q" ? q.q : name === "page" ? String(page) : undefined,
  );
  const results = await searchLocal(db, params, { client, signal });
  const items = await Promise.all(results.paperHits.map((h) => getApiPaper(db, base, h.id)));
  return { items, next: page < results.pageCount ? encodeCursor([page + 1]) : null };
}

export async function listApiPaperSummaries(
  db: Kysely<Database>,
  base: string,
  paperId: number,
  q: { limit: number; cursor?: string },
): Promise<Page<ApiSummary>> {
  await getPaper(db, paperId); // a 404 for a paper that isn't there, not an empty list
  const key = decodeCursor(q.cursor, 2);
  const after = key ? { score: key[0] ?? 0, id: key[1] ?? 0 } : null;
  const rows = await listPaperSummariesPage(db, paperId, after, rowsToRead(q.limit));
  const page = paged(rows, q.limit, (r) => [r.score, r.id]);
  return { items: page.items.map((r) => toApiSummary(base, r)), next: page.next };
}

/** A summary the viewer may read: listed, or their own (private included) through their token. */
export async function readableSummaryRow(
  db: Kysely<Database>,
  id: number,
  viewer: Viewer,
): Promise<ApiSummaryRow> {
  const row = await findPresentSummary(db, id);
  if (!row || (row.is_private && row.user_id !== viewer)) throw notFound("The summary");
  return row;
}

export async function getApiSummary(
  db: Kysely<Database>,
  base: string,
  id: number,
  viewer: Viewer,
): Promise<ApiSummary> {
  return toApiSummary(base, await readableSummaryRow(db, id, viewer));
}

export async function listApiComments(
  db: Kysely<Database>,
  base: string,
  summaryId: number,
  viewer: Viewer,
  q: { limit: number; cursor?: string },
): Promise<Page<ApiComment>> {
  await readableSummaryRow(db, summaryId, viewer);
  const after = decodeCursor(q.cursor, 1)?.[0] ?? null;
  const rows = await listCommentsPage(db, summaryId, after, rowsToRead(q.limit));
  const page = paged(rows, q.limit, (r) => [r.id]);
  return { items: page.items.map((r) => toApiComment(base, r)), next: page.next };
}

export async function getApiComment(db: Kysely<Database>, base: string, id: number) {
  const row = await findCommentRow(db, id);
  if (!row) throw notFound("The comment");
  return toApiComment(base, row);
}

export async function getApiUser(db: Kysely<Database>, base: string, username: string) {
  // A deleted account has no public profile here (its page says "Deleted user").
  if ((await findPublicUserId(db, usernameKey(username))) === null) throw notFound("That user");
  const p = await getProfileHeader(db, username);
  return {
    username: p.username,
    displayName: p.displayName,
    url: abs(base, `/user/${encodeURIComponent(p.username)}`),
    bioHtml: p.bioHtml,
    orcid: p.orcid,
    memberSince: p.memberSince,
    reputation: p.reputation,
  };
}

export async function listApiUserSummaries(
  db: Kysely<Database>,
  base: string,
  username: string,
  q: { limit: number; cursor?: string },
): Promise<Page<ApiSummary>> {
  const userId = await findPublicUserId(db, usernameKey(username));
  if (userId === null) throw notFound("That user");
  const before = decodeCursor(q.cursor, 1)?.[0] ?? null;
  const rows = await listUserSummariesPage(db, userId, before, rowsToRead(q.limit));
  const page = paged(rows, q.limit, (r) => [r.id]);
  return { items: page.items.map((r) => toApiSummary(base, r)), next: page.next };
}

/** For browser extensions: an arXiv or DOI page's URL → the paper and its best summaries. */
export async function lookupApi(db: Kysely<Database>, base: string, url: string) {
  const paper = await findApiPaperByIdentifier(db, base, url);
  const rows = await listPaperSummariesPage(db, paper.id, null, API_LOOKUP_SUMMARIES);
  return { paper, summaries: rows.map((r) => toApiSummary(base, r)) };
}
