// Every size, length and time limit of the product, in one place.

/** Largest Markdown source of a summary, in UTF-8 bytes. */
export const SUMMARY_MAX_BYTES = 100_000;

/** A render of user text that takes longer than this is refused (it runs in a worker). */
export const RENDER_DEADLINE_MS = 2_000;

/** Worker threads that render user text. */
export const RENDER_WORKERS = 2;

/** Summaries per page on the home page, as on the original site. */
export const HOME_PAGE_SIZE = 5;

/** KaTeX: macro expansions per expression, and the largest size in em (bounds macro bombs). */
export const KATEX_MAX_EXPAND = 1_000;
export const KATEX_MAX_SIZE_EM = 50;

/** How long a cached anonymous page may be served before the content version is re-read. */
export const PAGE_CACHE_REVALIDATE_MS = 1_000;

/** Largest Markdown source of a comment, in UTF-8 bytes. */
export const COMMENT_MAX_BYTES = 10_000;

/** Anonymous pages kept as encoded bytes per app process. */
export const PAGE_CACHE_MAX_ENTRIES = 2_000;
