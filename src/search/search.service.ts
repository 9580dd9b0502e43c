// Local search: papers (title, authors, abstract) and listed summaries (their text, their
// author's name unless anonymous), ranked, filtered, paged, with highlighted snippets. One
// interface, one implementation per database (search-filters.ts's SearchRepo).

import type { Kysely } from "kysely";
import { DomainError } from "../core/errors";
import {
  SEARCH_CONCURRENCY,
  SEARCH_PAGE_SIZE,
  SEARCH_PER_CLIENT,
  SEARCH_QUEUE,
  SEARCH_RANK_WINDOW,
  SEARCH_STATEMENT_TIMEOUT_MS,
} from "../core/limits";
import { isQueryCanceled } from "../db/db-errors";
import { dialectOf } from "../db/dialect";
import type { Database } from "../db/schema";
import { formatPaperId, parsePaperId } from "../papers/ids";
import { decodeAuthors } from "../papers/papers.mapper";
import { lookupPaperPath, paperPathsById } from "../papers/papers.service";
import { consumeRateLimit } from "../ratelimit/rate-limit.service";
import type { SearchQuery, SearchRepo } from "./search-filters";
import { markedHtml } from "./search-marks";
import type { SearchKind, SearchParams } from "./search-params";
import { searchPostgresRepo } from "./search-postgres.repo";
import { parseSearchQuery } from "./search-query";
import { createSearchSlots } from "./search-slots";
import { sqliteSearchRepo } from "./search-sqlite.repo";
import { snippetText } from "./snippet-text";

export interface PaperHit {
  id: number;
  path: string;
  /** Safe HTML: escaped text, matches in <mark>. */
  titleHtml: string;
  abstractHtml: string;
  authors: string[];
  year: number | null;
  venueName: string | null;
  summaries: number;
}

export interface SummaryHit {
  id: number;
  path: string;
  paperPath: string;
  paperTitle: string;
  year: number | null;
  venueName: string | null;
  snippetHtml: string;
  score: number;
  /** Null for an anonymous summary: its author is never read out of the database. */
  author: { username: string; displayName: string } | null;
}

export interface MatchCount {
  count: number;
  /**
   * More than `count` match; the count stops there, and only the newest `count` matches are
   * ranked (the page says so: add words or filters to rank them all).
   */
  more: boolean;
}

export interface SearchResults {
  params: SearchParams;
  /** False when the query holds no word to search for. */
  searched: boolean;
  papers: MatchCount;
  summaries: MatchCount;
  pageCount: number;
  paperHits: PaperHit[];
  summaryHits: SummaryHit[];
}

const fulfilled = <T>(value: T): PromiseSettledResult<T> => ({ status: "fulfilled", value });
const rejected = (reason: unknown): PromiseRejectedResult => ({ status: "rejected", reason });

/** The values of two settled promises, or the first one's error. */
function settled<A, B>([a, b]: [PromiseSettledResult<A>, PromiseSettledResult<B>]): [A, B] {
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  return [a.value, b.value];
}

function repoFor(db: Kysely<Database>): SearchRepo {
  return dialectOf(db) === "postgres" ? searchPostgresRepo : sqliteSearchRepo;
}

/**
 * Where an identifier or a paper's URL leads, as /lookup does: the paper's page, or the page
 * that adds it. Null when the text is not an identifier (it is searched for).
 */
export async function identifierTarget(db: Kysely<Database>, q: string): Promise<string | null> {
  const id = parsePaperId(q);
  if (!id) return null;
  const path = await lookupPaperPath(db, formatPaperId(id));
  return path ?? `/papers/new?id=${encodeURIComponent(formatPaperId(id))}`;
}

export interface SearchOptions {
  /** SEARCH_RANK_WINDOW; tests pass a small one rather than insert thousands of rows. */
  rankWindow?: number;
  /** SEARCH_STATEMENT_TIMEOUT_MS; tests pass a longer one to hold searches in their slots. */
  timeoutMs?: number;
  /**
   * Who asks (an address): counted against searchPerIp, and given SEARCH_PER_CLIENT places
   * in the line (search-slots.ts). Pages, feeds and the API say; tests and the bench needn't.
   */
  client?: string;
  /** The request's: a search still waiting for a slot when it aborts is not run. */
  signal?: AbortSignal;
}

/** Per process: searches beyond SEARCH_CONCURRENCY wait, beyond SEARCH_QUEUE more get a 503. */
const slots = createSearchSlots(SEARCH_CONCURRENCY, SEARCH_QUEUE, SEARCH_PER_CLIENT);

/** How many searches this process runs now, and how many wait in line for a slot. */
export function searchLine(): { running: number; waiting: number } {
  return { running: slots.running, waiting: slots.waiting };
}

/** What the reader sees when the database stopped the search (SEARCH_STATEMENT_TIMEOUT_MS). */
export const SEARCH_TOO_SLOW =
  "This search took too long. Try fewer words, fewer prefixes (word*), or a filter, " +
  "or try again in a moment.";

/**
 * A statement canceled this close to the deadline was stopped by its statement_timeout: the
 * reader's 422 to narrow the search. One canceled earlier (an operator's pg_cancel_backend)
 * is not the search's fault and goes on as it is: http/errors.ts answers it with a 503 to
 * retry. Decided by time, not by the message, which the server words in its own language.
 */
const DEADLINE_SLACK_MS = 50;

/** The search of `params`; a search stopped for its time is a DomainError. */
export async function searchLocal(
  db: Kysely<Database>,
  params: SearchParams,
  options: SearchOptions = {},
): Promise<SearchResults> {
  if (options.client !== undefined) await consumeRateLimit(db, "searchPerIp", options.client);
  const free = await slots.acquire(options.client, options.signal);
  // From the slot on: time spent waiting for it is not the search's.
  const deadline = Date.now() + (options.timeoutMs ?? SEARCH_STATEMENT_TIMEOUT_MS);
  try {
    return await runSearch(db, params, options, deadline);
  } catch (error) {
    if (isQueryCanceled(error) && Date.now() >= deadline - DEADLINE_SLACK_MS)
      throw new DomainError("search_timeout", SEARCH_TOO_SLOW);
    throw error;
  } finally {
    free();
  }
}

async function runSearch(
  db: Kysely<Database>,
  params: SearchParams,
  options: SearchOptions,
  deadline: number,
): Promise<SearchResults> {
  const window = options.rankWindow ?? SEARCH_RANK_WINDOW;
  if (!Number.isSafeInteger(window) || window < 1)
    throw new Error("rankWindow: a positive integer");
  const counted = (n: number): MatchCount =>
    n > window ? { count: window, more: true } : { count: n, more: false };
  const terms = parseSearchQuery(params.q);
  const none = { count: 0, more: false };
  const empty = {
    params,
    papers: none,
    summaries: none,
    pageCount: 0,
    paperHits: [],
    summaryHits: [],
  };
  if (terms.length === 0) return { ...empty, searched: false };
  const repo = repoFor(db);
  const query: SearchQuery = {
    terms,
    filters: params.filters,
    deadline,
  };
  const countPapers = () =>
    repo.bounded(db, query, (c) => repo.countPapers(c, query, window)).then(counted);
  const countSummaries = () =>
    repo.bounded(db, query, (c) => repo.countSummaries(c, query, window)).then(counted);
  // Both settled before any error goes on: the slot is freed only once neither holds a
  // connection. In a caller's transaction, one after the other: both would use its one
  // connection, and each changes a planner setting for a statement and puts it back.
  const [papers, summaries] = settled(
    db.isTransaction
      ? [
          await countPapers().then(fulfilled, rejected),
          await countSummaries().then(fulfilled, rejected),
        ]
      : await Promise.allSettled([countPapers(), countSummaries()]),
  );
  const shown: Record<SearchKind, MatchCount> = { papers, summaries };
  const pageCount = Math.ceil(shown[params.kind].count / SEARCH_PAGE_SIZE);
  const offset = (params.page - 1) * SEARCH_PAGE_SIZE;
  const results = { ...empty, searched: true, papers, summaries, pageCount };
  // A page past the last has no rows (the page says so), rather than a 404.
  if (offset >= shown[params.kind].count) return results;
  // More matches than the window: rank the newest `window` of them (filters applied first).
  const rankWindow = shown[params.kind].more ? window : null;
  if (params.kind === "papers") {
    // Ranking and snippets in one bounded run: one deadline, one connection.
    const rows = await repo.bounded(db, query, async (c) =>
      repo.paperHits(
        c,
        query,
        await repo.rankPapers(c, query, SEARCH_PAGE_SIZE, offset, rankWindow),
      ),
    );
    const ids = rows.map((r) => r.id);
    const paths = await paperPathsById(db, ids);
    const paperHits = rows.map((r) => ({
      id: r.id,
      path: paths.get(r.id) ?? `/paper/id/${r.id}`,
      titleHtml: markedHtml(r.title),
      abstractHtml: markedHtml(r.abstract),
      authors: decodeAuthors(r.authors),
      year: r.year,
      venueName: r.venue_name,
      summaries: Number(r.summaries),
    }));
    return { ...results, paperHits };
  }
  const rows = await repo.bounded(db, query, async (c) =>
    repo.summaryHits(
      c,
      query,
      await repo.rankSummaries(c, query, SEARCH_PAGE_SIZE, offset, rankWindow),
    ),
  );
  const paths = await paperPathsById(
    db,
    rows.map((r) => r.paper_id),
  );
  const summaryHits = rows.map((r) => ({
    id: r.id,
    path: `/summary/${r.id}`,
    paperPath: paths.get(r.paper_id) ?? `/paper/id/${r.paper_id}`,
    paperTitle: r.paper_title,
    year: r.year,
    venueName: r.venue_name,
    // Cut out of Markdown source: its words, not its syntax.
    snippetHtml: markedHtml(snippetText(r.snippet)),
    score: Number(r.score),
    author:
      r.author_username === null
        ? null
        : { username: r.author_username, displayName: r.author_display_name ?? r.author_username },
  }));
  return { ...results, summaryHits };
}
