// Searches arXiv, Crossref and DBLP by title for papers the site does not have yet: the three
// at once, through the metadata HTTP client (politeness per host, bounded answers, offline
// switch), each answer cached for a day in metadata_cache. The page never waits longer than
// the deadline: a service that has not answered by then, failed, or whose politeness queue is
// longer than the deadline, is named in `unreachable` and the local results show anyway.
// METADATA_OFFLINE: no request at all, and the result says `offline` (nothing is unreachable).

import type { Kysely } from "kysely";
import * as limits from "../core/limits";
import type { Database } from "../db/schema";
import { externalUrl, formatPaperId } from "../papers/ids";
import { resolvePaperPath } from "../papers/papers.service";
import { parseArxivSearch } from "../papers/resolvers/arxiv-search.parse";
import type { Clock } from "../papers/resolvers/clock";
import { parseCrossrefSearch } from "../papers/resolvers/crossref-search.parse";
import { parseDblpSearch } from "../papers/resolvers/dblp-search.parse";
import { HttpClient } from "../papers/resolvers/http-client";
import {
  type ResolverConfig,
  type ServiceName,
  userAgent,
} from "../papers/resolvers/resolver-config";
import {
  readCachedSearch,
  searchCacheKey,
  storeSearch,
} from "../papers/resolvers/search-cache.service";
import type { SearchHit } from "../papers/resolvers/search-hit";

export type SearchServiceName = Extract<ServiceName, "arxiv" | "crossref" | "dblp">;
export const SEARCH_SERVICES: readonly SearchServiceName[] = ["arxiv", "crossref", "dblp"];

export interface ExternalMatch {
  service: SearchServiceName;
  title: string;
  authors: string[];
  year: number | null;
  venue?: string;
  /** arXiv id or DOI (a DBLP key when DBLP gives neither), as src/papers/ids.ts writes it. */
  identifier: string;
  /** The paper at its source (arxiv.org/abs/…, doi.org/…, dblp.org/rec/…). */
  url: string;
  /** The paper's page here when the site already has it ("open"), else null ("add"). */
  paperPath: string | null;
}

export interface ExternalSearchResult {
  matches: ExternalMatch[];
  /** Services that gave no answer in time (down, refused, too slow, or busy), in order. */
  unreachable: SearchServiceName[];
  /** Of those, the ones not asked at all: our politeness queue for them outlasted the deadline. */
  busy: SearchServiceName[];
  /** METADATA_OFFLINE: no service was asked. */
  offline: boolean;
}

export interface ExternalSearchDeps {
  db: Kysely<Database>;
  http: HttpClient;
  offline: boolean;
  endpoints: Record<SearchServiceName, string>;
  minIntervalMs: Record<SearchServiceName, number>;
  deadlineMs: number;
  now: () => number;
  /** Searches under way in this process, by cache key: two people typing the same ask once. */
  inFlight: Map<string, Promise<SearchHit[] | Failure>>;
}

/** Test seams, as for the lookups' client. */
export interface ExternalSearchSeams {
  clock?: Clock;
  fetch?: typeof fetch;
  deadlineMs?: number;
}

/**
 * Made once per process (the composition root) so that the politeness queue per host is
 * shared by every search. A client of its own: its time budget is the page's deadline and it
 * makes one attempt (no retry fits in 3 s), unlike the lookups' 20 s with retries.
 */
export function createExternalSearch(
  db: Kysely<Database>,
  config: ResolverConfig,
  seams: ExternalSearchSeams = {},
): ExternalSearchDeps {
  const deadlineMs = seams.deadlineMs ?? limits.EXTERNAL_SEARCH_DEADLINE_MS;
  const http = new HttpClient({
    userAgent: userAgent(config),
    offline: config.offline,
    timeoutMs: Math.min(config.timeoutMs, deadlineMs),
    totalBudgetMs: deadlineMs,
    maxAttempts: 1,
    maxResponseBytes: limits.EXTERNAL_SEARCH_MAX_RESPONSE_BYTES,
    clock: seams.clock,
    fetch: seams.fetch,
  });
  const clock = seams.clock;
  const pick = <T>(r: Record<ServiceName, T>) => ({
    arxiv: r.arxiv,
    crossref: r.crossref,
    dblp: r.dblp,
  });
  return {
    db,
    http,
    offline: config.offline,
    endpoints: pick(config.endpoints),
    minIntervalMs: pick(config.minIntervalMs),
    deadlineMs,
    now: clock ? () => clock.now() : Date.now,
    inFlight: new Map(),
  };
}

/** Lower-case, one space between words, cut to the limit: the cache key's and the request's. */
export function normalizeQuery(q: string): string {
  return q
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\p{Cc}\s]+/gu, " ")
    .trim()
    .slice(0, limits.EXTERNAL_SEARCH_QUERY_MAX_CHARS)
    .trim();
}

interface Failure {
  failed: true;
  busy: boolean;
}

const DEADLINE = Symbol("deadline");

export async function searchExternal(
  deps: ExternalSearchDeps,
  q: string,
): Promise<ExternalSearchResult> {
  const query = normalizeQuery(q);
  const empty = { matches: [], unreachable: [], busy: [], offline: deps.offline };
  if (deps.offline || query === "") return empty;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof DEADLINE>((resolve) => {
    timer = setTimeout(() => resolve(DEADLINE), deps.deadlineMs);
  });
  try {
    const answers = await Promise.all(
      SEARCH_SERVICES.map((s) => Promise.race([searchOne(deps, s, query), deadline])),
    );
    const unreachable: SearchServiceName[] = [];
    const busy: SearchServiceName[] = [];
    const lists: { service: SearchServiceName; hits: SearchHit[] }[] = [];
    answers.forEach((answer, i) => {
      const service = SEARCH_SERVICES[i] as SearchServiceName;
      if (Array.isArray(answer)) lists.push({ service, hits: answer });
      else {
        unreachable.push(service);
        if (answer !== DEADLINE && answer.busy) busy.push(service);
      }
    });
    return { matches: await markKnown(deps.db, merge(lists)), unreachable, busy, offline: false };
  } finally {
    clearTimeout(timer);
  }
}

/** One service's hits: cached, or asked (once per process per query at a time). */
async function searchOne(
  deps: ExternalSearchDeps,
  service: SearchServiceName,
  query: string,
): Promise<SearchHit[] | Failure> {
  const key = searchCacheKey(service, query);
  const cached = await readCachedSearch(deps.db, key, deps.now());
  if (cached) return cached;
  let pending = deps.inFlight.get(key);
  if (!pending) {
    pending = ask(deps, service, query, key).finally(() => deps.inFlight.delete(key));
    deps.inFlight.set(key, pending);
  }
  return pending;
}

const ACCEPT: Record<SearchServiceName, { accept: string; type: RegExp }> = {
  arxiv: { accept: "application/atom+xml", type: /xml/i },
  crossref: { accept: "application/json", type: /json/i },
  dblp: { accept: "application/json", type: /json/i },
};

async function ask(
  deps: ExternalSearchDeps,
  service: SearchServiceName,
  query: string,
  key: string,
): Promise<SearchHit[] | Failure> {
  const outcome = await deps.http.get(searchUrl(deps.endpoints[service], service, query), {
    accept: ACCEPT[service].accept,
    minIntervalMs: deps.minIntervalMs[service],
  });
  if (!outcome.ok) return { failed: true, busy: outcome.busy === true };
  const type = outcome.headers.get("content-type");
  // 4xx/5xx, or an HTML page where the API should answer (a proxy's error page), is no answer.
  if (outcome.status !== 200 || (type !== null && !ACCEPT[service].type.test(type))) {
    return { failed: true, busy: false };
  }
  const hits = parse(service, outcome.body);
  if (!hits) return { failed: true, busy: false };
  try {
    // Kept even when the page's deadline passed meanwhile: the next search is then instant.
    await storeSearch(deps.db, key, hits, deps.now());
  } catch {
    // The cache is an optimisation: a failed write must not cost the person their matches.
  }
  return hits;
}

function parse(service: SearchServiceName, body: string): SearchHit[] | null {
  const max = limits.EXTERNAL_SEARCH_MAX_PER_SERVICE;
  try {
    if (service === "arxiv") return parseArxivSearch(body, max);
    if (service === "crossref") return parseCrossrefSearch(body, max);
    return parseDblpSearch(body, max);
  } catch {
    // A parser surprised by an answer: that service gave nothing usable, the page goes on.
    return null;
  }
}

function searchUrl(endpoint: string, service: SearchServiceName, query: string): string {
  const base = endpoint.replace(/\/+$/, "");
  const n = limits.EXTERNAL_SEARCH_MAX_PER_SERVICE;
  const q = encodeURIComponent(query);
  switch (service) {
    case "arxiv": {
      // A title phrase; quotes and backslashes would end it, so they go.
      const phrase = encodeURIComponent(`ti:"${query.replace(/["\\]/g, " ").trim()}"`);
      return `${base}?search_query=${phrase}&start=0&max_results=${n}&sortBy=relevance`;
    }
    case "crossref":
      return `${base}/works?query.bibliographic=${q}&rows=${n}&select=DOI,title,author,issued,created,container-title,short-container-title`;
    case "dblp":
      return `${base}/search/publ/api?q=${q}&format=json&h=${n}`;
  }
}

/** Round-robin over the services' lists (each one's best first), the first of a paper kept. */
function merge(lists: { service: SearchServiceName; hits: SearchHit[] }[]) {
  const seen = new Set<string>();
  const out: { service: SearchServiceName; hit: SearchHit }[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.hits.length));
  for (let rank = 0; rank < longest; rank++) {
    for (const { service, hits } of lists) {
      const hit = hits[rank];
      if (!hit) continue;
      const key = `${hit.id.scheme}:${hit.id.value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ service, hit });
    }
  }
  return out;
}

async function markKnown(
  db: Kysely<Database>,
  found: { service: SearchServiceName; hit: SearchHit }[],
): Promise<ExternalMatch[]> {
  return Promise.all(
    found.map(async ({ service, hit }) => {
      const known = await resolvePaperPath(db, hit.id.scheme, hit.id.value);
      return {
        service,
        title: hit.title,
        authors: hit.authors,
        year: hit.year,
        ...(hit.venue ? { venue: hit.venue } : {}),
        identifier: formatPaperId(hit.id),
        url: externalUrl(hit.id),
        paperPath: known?.canonicalPath ?? null,
      };
    }),
  );
}
