// Every number that bounds a metadata lookup: time, retries, politeness, sizes, cache life.

/** One HTTP attempt may take this long (METADATA_TIMEOUT_MS overrides it). */
export const HTTP_TIMEOUT_MS = 5_000;
/** Accepted range for METADATA_TIMEOUT_MS. */
export const HTTP_TIMEOUT_MIN_MS = 100;
export const HTTP_TIMEOUT_MAX_MS = 60_000;

/** Attempts per request, the first included; retries follow 429, 5xx and network errors. */
export const HTTP_MAX_ATTEMPTS = 3;
/** Exponential backoff: first delay, and the cap of any one delay (before jitter). */
export const HTTP_BACKOFF_BASE_MS = 500;
export const HTTP_BACKOFF_MAX_MS = 4_000;
/** A Retry-After longer than this is not waited for: the lookup reports "unavailable". */
export const HTTP_MAX_RETRY_AFTER_MS = 10_000;
/**
 * All attempts, backoff and politeness waits of one request together. A person is waiting
 * for the answer on the add-paper page, so we give up rather than keep them longer.
 */
export const HTTP_TOTAL_BUDGET_MS = 20_000;
/** Largest response body read; a metadata record is a few KB, a big author list ~1 MB. */
export const HTTP_MAX_RESPONSE_BYTES = 5_000_000;

/** Politeness, as the minimum gap between two requests to one host. */
export const ARXIV_MIN_INTERVAL_MS = 3_000; // arXiv API terms: one request every 3 seconds
export const NCBI_MIN_INTERVAL_MS = 340; // E-utilities: at most 3 requests/s without an API key
export const DEFAULT_MIN_INTERVAL_MS = 1_000; // Crossref, DBLP, Semantic Scholar, OpenReview

/** How long a lookup's answer is kept in the database. "unavailable" is never kept. */
export const CACHE_TTL_FOUND_DAYS = 30;
export const CACHE_TTL_NOT_FOUND_DAYS = 1;
