// Every size, length and time limit of the product, in one place.

/** Largest Markdown source of a summary, in UTF-8 bytes. */
export const SUMMARY_MAX_BYTES = 100_000;

/** Shortest summary the editor publishes, in characters (code points) of the trimmed text. */
export const SUMMARY_MIN_CHARS = 200;

/**
 * Largest stored HTML of a summary, in UTF-8 bytes. Math multiplies (a 100 KB summary of
 * fractions typesets to 5.5 MB, and pages show several summaries); the real seed's densest
 * summary renders ~20 bytes per source byte, so this leaves a full-length one ample room.
 */
export const SUMMARY_MAX_HTML_BYTES = 3_000_000;

/** Request bodies are refused above this before they are read (forms: a few short fields). */
export const FORM_MAX_BYTES = 64 * 1024;

/**
 * The summary form's body: url-encoding can triple the source's bytes (every byte as %XX),
 * plus the editor's other fields.
 */
export const SUMMARY_FORM_MAX_BYTES = 3 * SUMMARY_MAX_BYTES + 16 * 1024;

/** A render of user text that takes longer than this is refused (it runs in a worker). */
export const RENDER_DEADLINE_MS = 2_000;

/**
 * The render deadline counts from when a worker starts the task. Waiting for a worker (queued,
 * or a fresh thread starting after one was stopped) is bounded by this, generously.
 */
export const RENDER_QUEUE_MAX_WAIT_MS = 30_000;

/** Worker threads that render user text. */
export const RENDER_WORKERS = 2;

/** Summaries per page on the home page, as on the original site. */
export const HOME_PAGE_SIZE = 5;

/**
 * How far the home page's tabs go: 200 pages. A page deep in a list costs in proportion to its
 * depth, and a crawler following "Next page" would pay that at every step; older summaries are
 * reached by search, venue, profile and the sitemap.
 */
export const HOME_LIST_MAX_ITEMS = 1_000;
/**
 * SQLite only: how long a page's reads that grow with the site (the popular tab's month of
 * votes and views, the leaderboard's, the sitemap's counts) or with one writer (a profile's
 * reputation) may take together, waiting for a thread of their read pool included
 * (db/sqlite-read-dialect.ts, offLoop). Past it the reader gets a 503 to retry, and the event
 * loop was never held. PostgreSQL's statements never hold the loop; they run without this
 * bound.
 */
export const PAGE_READ_DEADLINE_MS = 5_000;
/** Retry-After of the 503 for a read stopped at PAGE_READ_DEADLINE_MS. */
export const SLOW_READ_RETRY_AFTER_S = 5;

/**
 * A summary card's excerpt (render/excerpt.ts): about this many characters of rendered text,
 * math counting as its TeX source, cut at a block boundary.
 */
export const EXCERPT_TEXT_CHARS = 600;
/**
 * …and at most this many bytes of HTML: typeset math takes about 1 KB per symbol group, so
 * text alone would not bound a page of cards (the home page aims below 60 KB).
 */
export const EXCERPT_MAX_BYTES = 8_000;

/** KaTeX: macro expansions per expression, and the largest size in em (bounds macro bombs). */
export const KATEX_MAX_EXPAND = 1_000;
export const KATEX_MAX_SIZE_EM = 50;

/** How long a cached anonymous page may be served before the content version is re-read. */
export const PAGE_CACHE_REVALIDATE_MS = 1_000;

/** Largest Markdown source of a comment, in UTF-8 bytes. */
export const COMMENT_MAX_BYTES = 10_000;

/**
 * Anonymous pages kept as encoded bytes per app process, all together (PAGE_CACHE_MAX_BYTES
 * overrides it), and one page: a larger page is served but not kept. One page holds two
 * summaries of the largest HTML a summary may have, so no single summary makes its pages
 * uncacheable (and so rendered afresh for every reader).
 */
export const PAGE_CACHE_DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
export const PAGE_CACHE_MAX_PAGE_BYTES = 8 * 1024 * 1024;

/**
 * Logged-in readers' paper pages: the part shared by every reader of a class, kept as bytes
 * per app process (reading/shared-paper-cache.ts), all together and per page.
 */
export const SHARED_PAPER_CACHE_MAX_BYTES = 32 * 1024 * 1024;
export const SHARED_PAPER_MAX_PAGE_BYTES = 4 * 1024 * 1024;

/** A PostgreSQL connection attempt that takes longer fails (the request gets a 503, not a hang). */
export const DB_CONNECT_TIMEOUT_MS = 5_000;
/**
 * A query of the serving process (PostgreSQL) that gets no answer in this time fails (503) and
 * its connection is closed: a network that silently drops packets would otherwise hold the
 * request, and the pooled connection, for as long as TCP retries (many minutes). Generous: a
 * page's queries take milliseconds. Migrations, imports and other commands have no limit.
 */
export const DB_QUERY_TIMEOUT_MS = 15_000;
/** TCP keep-alive probes start after a pooled connection is idle this long (the OS default: 2 h). */
export const DB_KEEPALIVE_INITIAL_DELAY_MS = 10_000;
/**
 * A pooled PostgreSQL connection idle this long is closed (pg's default: 10 s). A new backend
 * fills its catalog and statistics caches on its first queries: on the search bench's
 * 1M-paper database, its pages cached, each of 8 searches took 9–34 ms longer on new
 * connections (connecting included) than when run again on those same connections (`npm run
 * bench -- search` reports it). With the default, a quiet site paid that on its first search
 * after every ten seconds of quiet.
 */
export const DB_IDLE_CONNECTION_MS = 5 * 60_000;
/**
 * The page cache waits this long for the content version before it treats the database as
 * down: cached pages are then served as they are, and misses go to the app.
 */
export const PAGE_CACHE_VERSION_READ_TIMEOUT_MS = 1_500;
/** While the database is unreachable, one log line per this interval stands for all failures. */
export const DB_OUTAGE_LOG_INTERVAL_MS = 60_000;
/** What a 503 tells clients (Retry-After) while the database is unreachable. */
export const DB_UNAVAILABLE_RETRY_AFTER_S = 30;
/**
 * SQLite's own wait for a lock (busy_timeout). better-sqlite3 waits synchronously, stopping
 * every request of the process meanwhile, so it stays short; longer waits are the driver's.
 */
export const SQLITE_BUSY_TIMEOUT_MS = 20;
/**
 * How long a statement waits, in all, for SQLite's write lock while another process holds it
 * (retried on timers, so other requests go on); past it the request gets a 503. A write that
 * queued behind another in this process counts that time too.
 */
export const SQLITE_LOCK_WAIT_MS = 5_000;
/** Starting up beside another process's migration (or a long import) waits this long for it. */
export const SQLITE_MIGRATION_LOCK_WAIT_MS = 600_000;
/**
 * Prepared SQLite statements kept per handle (sqlite-driver.ts), least recently used dropped
 * first. A statement's memory follows its SQL text's length, so the texts' total is bounded
 * too; an import's 1,000-value IN lists are the longest texts we run (~4 KB).
 */
export const SQLITE_STATEMENT_CACHE_MAX_ENTRIES = 500;
export const SQLITE_STATEMENT_CACHE_MAX_SQL_BYTES = 2 * 1024 * 1024;
/**
 * The SQLite reader's answers kept until the next commit (db/sqlite-read-memo.ts), by their
 * estimated size (UTF-16 text): all of them, and one. One holds the home page's summary cards,
 * which every logged-in home page reads: five excerpts of at most EXCERPT_MAX_BYTES each, under
 * 100 KB with the rest of their rows (the demo's: 33 KB).
 */
export const SQLITE_READ_MEMO_MAX_BYTES = 8 * 1024 * 1024;
export const SQLITE_READ_MEMO_MAX_ENTRY_BYTES = 256 * 1024;
/**
 * The same for each thread of the read pools (SQLITE_READ_THREADS + SQLITE_PAGE_READ_THREADS):
 * one entry holds the popular tab's month of activity, one JSON list (about 17,000 triples,
 * 240 KB of text, at 50,000 summaries with a month of votes and views).
 */
export const SQLITE_READ_THREAD_MEMO_MAX_BYTES = 4 * 1024 * 1024;
export const SQLITE_READ_THREAD_MEMO_MAX_ENTRY_BYTES = 2 * 1024 * 1024;
/**
 * The header's unread badge counts this many at most, then says "99+": every logged-in page
 * counts, and a reader with thousands unread must not make each page read thousands of rows.
 */
export const NOTIFICATIONS_BADGE_MAX = 99;

/**
 * KaTeX work, counted as macro-table look-ups (about one per token KaTeX reads, including
 * tokens produced by macro expansion). Bounds macro bombs and pathological TeX in time,
 * whatever the expression's length; the real seed needs at most ~420 for one expression and
 * ~1,000 for a whole summary. A summary's budget is shared by its distinct expressions.
 */
export const KATEX_MAX_WORK_PER_EXPRESSION = 4_000;
export const KATEX_MAX_WORK_PER_SUMMARY = 20_000;
/** Fixed work charged per distinct expression (KaTeX's per-call overhead). */
export const KATEX_WORK_PER_EXPRESSION_BASE = 10;

/**
 * Nesting of Markdown blocks (a list level counts two) and of inline constructs. Unmatched
 * `![` costs markdown-it time in proportion to this (100 KB: ~650 ms at its default of 100,
 * ~250 ms at 32); content nested deeper is dropped, as markdown-it does.
 */
export const MARKDOWN_MAX_NESTING = 32;

/** Typeset math (KaTeX HTML+MathML) per summary, in characters; the real seed needs ~45,000. */
export const MATH_MAX_HTML_CHARS_PER_SUMMARY = 5_000_000;

/** Longest TeX source of one expression; longer ones are shown as source with an error. */
export const MATH_MAX_EXPRESSION_CHARS = 10_000;

/** Deepest nesting of `{`, `\left` and `\begin` in one expression (KaTeX recurses on each). */
export const MATH_MAX_NESTING = 100;

/** Operators a summary may declare with `\DeclareMathOperator` for all its expressions. */
export const MATH_MAX_DECLARED_OPERATORS = 50;

/** KaTeX output memoized per process: entries, and characters of keys plus HTML. */
export const KATEX_CACHE_MAX_ENTRIES = 5_000;
export const KATEX_CACHE_MAX_CHARS = 20_000_000;

/** Longest `\cite{…}` argument, in characters. */
export const CITE_MAX_CHARS = 500;

/** Heap of one render worker thread; a render that needs more fails instead of the server. */
export const RENDER_WORKER_MAX_HEAP_MB = 512;

// Accounts and sessions (issue 3). README "Security" documents these.

/** Usernames: 3–30 letters, digits, `_` and `-`. */
export const USERNAME_MIN = 3;
export const USERNAME_MAX = 30;
export const PASSWORD_MIN = 10;
/** Longer passwords are refused: argon2 cost grows with the input. */
export const PASSWORD_MAX = 256;
export const DISPLAY_NAME_MAX = 80;
export const BIO_MAX_BYTES = 5_000;
export const EMAIL_MAX = 254;

/** A session ends after this long without a request… */
export const SESSION_IDLE_MS = 14 * 86_400_000;
/** …and this long after login, whatever happens. */
export const SESSION_ABSOLUTE_MS = 60 * 86_400_000;
/** last_seen_at is written at most this often per session. */
export const SESSION_TOUCH_MS = 5 * 60_000;

export const RESET_TOKEN_TTL_MS = 60 * 60_000;
export const VERIFY_TOKEN_TTL_MS = 48 * 60 * 60_000;
export const OIDC_STATE_TTL_MS = 10 * 60_000;
/**
 * Longest `next` path (where login and sign-up return to), in characters, as given and once
 * normalized: a longer one is ignored (home instead), so links and mails that carry it stay short.
 */
export const NEXT_PATH_MAX_CHARS = 1_024;

/**
 * How often a serving process deletes expired sessions, e-mail tokens, rate-limit windows,
 * sign-in states and metadata-cache answers (`shortscience cleanup` does it on demand).
 */
export const CLEANUP_INTERVAL_MS = 60 * 60_000;

/** Rate limits: at most `max` hits per `windowMs`, counted in the database (shared by all app processes). */
export const RATE_LIMITS = {
  /** Password checks of one account at login, by any name. */
  loginPerAccount: { max: 10, windowMs: 15 * 60_000 },
  /** Password checks of one client address: logins and re-entering it in Settings. */
  loginPerIp: { max: 30, windowMs: 15 * 60_000 },
  /**
   * Re-entering the current password in Settings, per logged-in user: its own bucket, so that
   * someone keeping the account's logins locked out does not also lock its owner out of
   * changing the password or e-mail, or deleting the account.
   */
  reenterPasswordPerUser: { max: 10, windowMs: 15 * 60_000 },
  signupPerIp: { max: 5, windowMs: 60 * 60_000 },
  resetMailPerIp: { max: 5, windowMs: 60 * 60_000 },
  /**
   * Mails to one address that anyone can ask for (sign-up, reset, e-mail change), keyed by the
   * normalised address whether or not an account uses it, so the answers are the same either
   * way. Per address AND requesting client (past it: 429), so a stranger using up their own
   * attempts never stops the owner asking from elsewhere…
   */
  mailPerAddressPerClient: { max: 3, windowMs: 60 * 60_000 },
  /**
   * …and per address from all clients together, to protect the inbox: past it the answer is
   * unchanged (success) and the mail is skipped (see src/auth/address-mail.ts).
   */
  mailPerAddress: { max: 10, windowMs: 60 * 60_000 },
  verifyMailPerAccount: { max: 3, windowMs: 60 * 60_000 },
  summarySavePerUser: { max: 30, windowMs: 60 * 60_000 },
  /** The editor's Preview button without JavaScript: a render in a worker per press. */
  summaryPreviewPerUser: { max: 120, windowMs: 10 * 60_000 },
  commentPerUser: { max: 20, windowMs: 10 * 60_000 },
  votePerUser: { max: 60, windowMs: 10 * 60_000 },
  /** Fetching a new paper's metadata costs other services' capacity: per IP. */
  paperLookupPerIp: { max: 30, windowMs: 10 * 60_000 },
  paperManualPerUser: { max: 20, windowMs: 60 * 60_000 },
  /**
   * Word diffs of revisions computed for one client (cached pages cost nothing): each may hold
   * the event loop for up to REVISION_DIFF_TIMEOUT_MS, so a script can't ask for them freely.
   */
  revisionDiffPerIp: { max: 120, windowMs: 10 * 60_000 },
  /**
   * Searches that ask arXiv, Crossref and DBLP, per client: each is up to three requests to
   * services that ask us to be polite. Past it, the page shows our own results only.
   */
  externalSearchPerIp: { max: 30, windowMs: 10 * 60_000 },
  /**
   * Local searches that reach the database (page, search feed, API; a cached page costs
   * nothing), per client: on PostgreSQL one may hold two cores for SEARCH_STATEMENT_TIMEOUT_MS,
   * on SQLite a process for seconds. Generous for people sharing an address (a campus), not
   * for a script sending distinct expensive queries.
   */
  searchPerIp: { max: 120, windowMs: 60_000 },
  /** Reports of summaries, comments or people, per reporter (a duplicate counts too). */
  reportPerUser: { max: 20, windowMs: 60 * 60_000 },
  /** A moderator's hide, unhide, ban, unban and dismiss buttons: generous, but not a script's. */
  moderationActionPerUser: { max: 300, windowMs: 10 * 60_000 },
  /** Reading-list writes (create, edit, add, note, move, remove, delete), per user. */
  readingListWritePerUser: { max: 300, windowMs: 10 * 60_000 },
  /** JSON API (issue 11): every request with a token counts against that token… */
  apiReadPerToken: { max: 600, windowMs: 60_000 },
  /** …a write (create, edit, delete, vote, comment) also against this one… */
  apiWritePerToken: { max: 60, windowMs: 60_000 },
  /** …and anonymous reads per client address. */
  apiReadPerIp: { max: 120, windowMs: 60_000 },
  /** Creating personal API tokens in Settings. */
  apiTokenCreatePerUser: { max: 20, windowMs: 60 * 60_000 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** X-Forwarded-For is cut to its last this-many characters before parsing (see client-ip.ts). */
export const FORWARDED_FOR_MAX_CHARS = 2_048;
/** A client address (one X-Forwarded-For entry, or a socket's) as used for rate-limit keys. */
export const CLIENT_ADDRESS_MAX_CHARS = 64;
/**
 * IPv6 clients are limited by network prefix, not by address: one host commonly holds a whole
 * /64 and could rotate through it to escape per-address limits.
 */
export const CLIENT_IPV6_PREFIX_GROUPS = 4;

/**
 * A paper page view counts once per client per paper per UTC day ("popular" ranks by views):
 * the (paper, client) pairs seen today are remembered per app process, up to this many, as
 * 12-byte hashes (~60 bytes each: ~6 MB when full). When full, no new pair counts until the
 * next day (see src/papers/page-view-counter.ts).
 */
export const VIEWS_PER_DAY_MAX_KEYS = 100_000;

// Papers from outside data (issue 4): bulk import and the paper store.

/**
 * Rows per multi-row INSERT of the paper store. SQLite allows 32,766 bound values and
 * PostgreSQL 65,535; a papers row binds 10, so 500 rows stay far below both while keeping
 * statements few. Identifier rows bind 3, so their statements take three times as many.
 */
export const DB_ROWS_PER_INSERT = 500;
/** Values per `IN (…)` list of a batch look-up (bound values, like the rows above). */
export const DB_VALUES_PER_LOOKUP = 1_000;
/** Records written per transaction by `shortscience import`: a stop loses at most one batch. */
export const IMPORT_BATCH_SIZE = 2_000;
/** Without a terminal, one progress line this often. */
export const IMPORT_PROGRESS_LOG_MS = 10_000;
/** A longer line of an import file is counted bad without being held in memory. */
export const IMPORT_MAX_LINE_BYTES = 4_000_000;
/**
 * XML imports (dblp.xml), bounded while parsing, before any text is built: a run of text (or
 * CDATA, a comment), one tag, the nesting depth, one record, and one field's text. Past the
 * first four the record is reported bad and skipped; a field's text past its bound is cut.
 * dblp.xml's largest records (collaborations) hold ~100 KB; its deepest nesting is 4.
 */
export const IMPORT_XML_TEXT_MAX_CHARS = 100_000;
export const IMPORT_XML_TAG_MAX_CHARS = 10_000;
export const IMPORT_XML_MAX_DEPTH = 32;
export const IMPORT_RECORD_MAX_CHARS = 4_000_000;
export const IMPORT_FIELD_MAX_CHARS = 20_000;
/** Links (DBLP's <ee>) kept per record; authors are capped by PAPER_AUTHORS_MAX. */
export const IMPORT_RECORD_LINKS_MAX = 50;
/** arXiv categories kept per record (papers list a handful). */
export const IMPORT_CATEGORIES_MAX = 20;
/** Bad input lines quoted (with their line numbers) in an import's report. */
export const IMPORT_BAD_SAMPLES = 5;
/** Stored lengths of a paper from outside data; longer text is cut. */
export const PAPER_TITLE_MAX_CHARS = 1_000;
export const PAPER_ABSTRACT_MAX_CHARS = 20_000;
/** Collaborations list thousands of authors; pages show the first ones. */
export const PAPER_AUTHORS_MAX = 500;
export const PAPER_AUTHOR_MAX_CHARS = 200;
export const VENUE_KEY_MAX_CHARS = 64;
/** Venue ids an import keeps in memory; journal-refs name tens of thousands of venues. */
export const VENUE_CACHE_MAX_ENTRIES = 100_000;
export const VENUE_NAME_MAX_CHARS = 200;

/**
 * Hand-entered papers (issue 7): how long before the background check asks the services
 * about one again, and how many one run asks about (each may cost a service request).
 */
export const HAND_ENTERED_RECHECK_MS = 60 * 60_000;
export const HAND_ENTERED_CHECK_BATCH = 50;
/**
 * What a 503 says (Retry-After) when a metadata service could not be asked because our own
 * queue for it was full: hand entry waits for the service, the person tries again.
 */
export const PAPER_LOOKUP_BUSY_RETRY_AFTER_S = 60;
/**
 * Adding a paper (issue 10): POST /papers starts the lookup and the status page shows its
 * progress. Lookups (running, or settled and kept) one app process holds at most; how long a
 * settled one's outcome is kept for the status page (and lets a hand entry skip asking a
 * service that just failed again); how long the status page's first answer waits for the
 * lookup to settle (a cached or quick answer goes straight to the paper), and how long each
 * later one waits (the page reloads itself at once: the server sets the pace, not a timer).
 */
export const PAPER_LOOKUPS_MAX = 500;
export const PAPER_LOOKUP_KEEP_MS = 10 * 60_000;
export const PAPER_LOOKUP_FIRST_WAIT_MS = 500;
export const PAPER_LOOKUP_POLL_WAIT_MS = 2_000;

/**
 * Longest title a person may type (hand entry, a moderator's correction): the forms' maxlength
 * and the service's check. Services' titles may be longer (PAPER_TITLE_MAX_CHARS): they are
 * cut, not refused, since a record is not re-typed.
 */
export const PAPER_TYPED_TITLE_MAX_CHARS = 500;
/** Longest identifier or link parsePaperId reads; longer input is no identifier of ours. */
export const PAPER_ID_INPUT_MAX_CHARS = 500;
/** Venue text (a journal-ref, a typed venue) is read up to this many characters. */
export const VENUE_INPUT_MAX_CHARS = 1_000;
/**
 * Body limit of the paper-details forms (POST /papers/manual, /papers/:id/details), sized so
 * that the largest valid form fits: url-encoding writes one UTF-16 unit of non-ASCII text as
 * up to 9 bytes (3 UTF-8 bytes as %XX each), authors come one per line (CRLF between them),
 * and the identifier, the year (4 digits) and the venue text come on top; the margin holds
 * the field names and the form token.
 */
export const PAPER_DETAILS_FORM_MAX_BYTES =
  9 *
    (PAPER_ID_INPUT_MAX_CHARS +
      PAPER_TYPED_TITLE_MAX_CHARS +
      PAPER_AUTHORS_MAX * (PAPER_AUTHOR_MAX_CHARS + 2) +
      4 +
      VENUE_INPUT_MAX_CHARS +
      PAPER_ABSTRACT_MAX_CHARS) +
  16 * 1024;

// Metadata lookups (papers/resolvers): time, retries, politeness, sizes, cache life.

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

// Local search (search/: /search and the header box).
/** A longer query is refused with a 400 before anything parses it. */
export const SEARCH_QUERY_MAX_CHARS = 300;
/** Words and phrases kept from a query; the rest are ignored (each is one more index scan). */
export const SEARCH_MAX_TERMS = 12;
/**
 * A prefix (`trans*`) needs this many letters: `ab*` would expand to most of the index. SQLite
 * keeps prefix indexes of 3 and 4 characters (migration 2026-11-29T1000-search-prefix).
 */
export const SEARCH_PREFIX_MIN_CHARS = 3;
export const SEARCH_PAGE_SIZE = 20;
/**
 * Matches are counted up to this many, and ranked all together when there are no more. A
 * query matching more ("more than 1000": one common word among a million papers) ranks
 * only its newest this-many matches, and the page says so: scoring every match is what
 * made such queries take a second. Pages go no further. Its cost is linear (bench/search).
 */
export const SEARCH_RANK_WINDOW = 1_000;
/**
 * Beyond the window, papers whose title holds every term are ranked too (a title typed in
 * full finds its paper): of the newest SEARCH_RANK_WINDOW such papers, this many with the
 * shortest titles (the exact title is the shortest that holds them all). Each is matched
 * again for its score, a seek each (~80 µs a row on SQLite at 1M papers: 100 cost 8 ms).
 */
export const SEARCH_TITLE_CANDIDATES = 20;
/**
 * A PostgreSQL search's year range of at most this many years is asked through the index, as
 * its years' lexemes (search-postgres-filters.ts); a longer one is tested on the rows.
 */
export const SEARCH_YEAR_FACETS_MAX = 64;
/** With fewer paper matches than this, the page also offers matches from the services. */
export const SEARCH_FEW_RESULTS = 5;
/** Words of context in a highlighted snippet. */
export const SEARCH_SNIPPET_TOKENS = 30;
/**
 * A search must be done this long after it began (its statements get what is left), or the
 * reader is asked to narrow it. Without it, twelve common prefixes (`kak* vot* …`) held a core
 * for 5 s on PostgreSQL at a million papers, and `model* learn* network*` 7.8 s on SQLite,
 * where it also froze the whole process; anyone can send such queries. PostgreSQL cancels the
 * statement (statement_timeout); SQLite's run on the read pool's threads, where a read past the
 * deadline is given up (its statement runs on, holding its thread: db/sqlite-read-pool.ts).
 */
export const SEARCH_STATEMENT_TIMEOUT_MS = 2_000;

/**
 * PostgreSQL's work_mem in a search's own transaction: enough that a bitmap over every page
 * of a million papers' search rows (~200,000 pages) stays exact. Per sort or bitmap, taken
 * only as used: SEARCH_CONCURRENCY searches, each on at most two connections at once.
 */
export const SEARCH_WORK_MEM = "16MB";
/**
 * Threads reading a SQLite database file for search (db/sqlite-read-pool.ts): as many as the
 * statements one search runs at once (its two counts). A statement whose reader gave up runs
 * on to its end and keeps its thread's place meanwhile, so this also bounds the cores costly
 * searches can hold.
 */
export const SQLITE_READ_THREADS = 2;
/**
 * Threads of the second pool, for pages' reads that grow with the site or a writer (offLoop):
 * the popular tab's month of activity takes ~45 ms of one at 50,000 summaries, so two serve
 * ~40 such uncached pages a second per process, whatever searches are running. A profile's
 * reputation takes well under a millisecond for most writers, tens for the most prolific.
 */
export const SQLITE_PAGE_READ_THREADS = 2;
/** Node's longest timer (2^31 − 1 ms): a longer delay fires at once. */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;
/**
 * Local searches one process runs at once (search-slots.ts), how many more may wait, and how
 * many of those, running or waiting, one client may have: one can't hold the whole line.
 */
export const SEARCH_CONCURRENCY = 3;
export const SEARCH_QUEUE = 8;
export const SEARCH_PER_CLIENT = 3;
/** Retry-After of the 503 past SEARCH_QUEUE: the searches ahead end within seconds. */
export const SEARCH_BUSY_RETRY_AFTER_S = 5;

// Searching arXiv, Crossref and DBLP by title (search/external-search.service.ts).
/** The search page waits at most this long for the three services together. */
export const EXTERNAL_SEARCH_DEADLINE_MS = 3_000;
/** Matches asked of, and kept from, each service. */
export const EXTERNAL_SEARCH_MAX_PER_SERVICE = 8;
/** A search's query is cut to this many characters before it is sent or cached. */
export const EXTERNAL_SEARCH_QUERY_MAX_CHARS = 200;
/** A service's answer to one query is kept this long (new papers appear every day). */
export const EXTERNAL_SEARCH_CACHE_TTL_HOURS = 24;
/** A search answer larger than this is refused (a page of 8 records is ~20 KB). */
export const EXTERNAL_SEARCH_MAX_RESPONSE_BYTES = 1_000_000;

/** Reputation ("SciScore", as the original computed it) counts only votes older than this. */
export const REPUTATION_VOTE_MIN_AGE_MS = 2 * 86_400_000;
/** The /users leaderboard: its length (the original's top 1000) and users per page. */
export const LEADERBOARD_MAX_USERS = 1_000;
export const LEADERBOARD_PAGE_SIZE = 50;
/**
 * Summaries per page of a profile. A page of all of them grew with the writer: an imported
 * account with 32,767 or more would fail outright (SQLite's limit on a statement's values).
 */
export const PROFILE_SUMMARIES_PAGE_SIZE = 20;
/** Comments per page of a profile's comments tab. */
export const PROFILE_COMMENTS_PAGE_SIZE = 20;
/**
 * "Export my summaries" reads this many summaries at a time and streams them out, so one
 * export holds at most this many sources (≤ SUMMARY_MAX_BYTES each: 5 MB) in memory.
 */
export const EXPORT_BATCH_SUMMARIES = 50;

// Notifications and the mail queue (issue 10, point 6).

/** How often a serving process looks for queued mail that is due. */
export const MAIL_QUEUE_INTERVAL_MS = 5_000;
/** Mails claimed per tick of one worker; the rest wait for the next tick (or another process). */
export const MAIL_QUEUE_BATCH = 20;
/** A failed send waits base × 2^(attempts−1), at most the cap, before its next attempt… */
export const MAIL_RETRY_BASE_MS = 30_000;
export const MAIL_RETRY_MAX_MS = 6 * 60 * 60_000;
/** …and after this many attempts (about a day with the numbers above) it is marked failed. */
export const MAIL_MAX_ATTEMPTS = 12;
/**
 * A worker's claim on a mail lasts this long: a process that died mid-send leaves its claim,
 * which another may take after it. Far above the SMTP timeouts (mail/mailer.ts), so a slow
 * send that still succeeds is never sent a second time by someone else.
 */
export const MAIL_CLAIM_LEASE_MS = 10 * 60_000;
/** Each SMTP phase (connect, greeting, a silent socket) gives up after this long. */
export const SMTP_TIMEOUT_MS = 60_000;
/** Sent and failed mails are deleted this long after (their addresses are personal data). */
export const MAIL_QUEUE_KEEP_MS = 30 * 86_400_000;
/** Read notifications are deleted this long after they were last updated. */
export const NOTIFICATIONS_KEEP_MS = 180 * 86_400_000;
/** The notification list shows this many, newest first (unread before read). */
export const NOTIFICATIONS_PAGE = 50;
/** How much of a comment a notification mail quotes, in characters. */
export const MAIL_COMMENT_EXCERPT_CHARS = 600;
/** An unsubscribe token is `<user id>.<43-char signature>`: anything longer is refused unread. */
export const UNSUBSCRIBE_TOKEN_MAX_CHARS = 64;

// Moderation (issue 10, point 8).

/** What a reporter may add to the reason they picked, in characters. */
export const REPORT_DETAILS_MAX_CHARS = 1_000;
/** Reported targets per page of the moderators' queue (each with all its open reports). */
export const MODERATION_QUEUE_PAGE_SIZE = 20;
/** Hidden summaries and comments per page of the queue's "Hidden" tab. */
export const MODERATION_HIDDEN_PAGE_SIZE = 30;
/** Entries per page of the admins' audit log. */
export const MODERATION_LOG_PAGE_SIZE = 50;

/**
 * A summary its author deleted can be restored (by them or an admin) for this many days; the
 * hourly cleanup then deletes it for good (summary-write.service purgeDeletedSummaries).
 */
export const SUMMARY_RESTORE_DAYS = 30;

/**
 * A word diff of two revisions runs on the event loop: an edit of a full-size (100 KB) summary
 * takes ~40 ms, but two unrelated full-size texts take minutes. Past this the diff gives up and
 * the history page says so (measured in test/integration/summary-history.test.ts).
 */
export const REVISION_DIFF_TIMEOUT_MS = 250;
/** The history page lists (and compares) a summary's newest this many revisions. */
export const REVISION_LIST_MAX = 200;

// Feeds and sitemaps (issue 11, points 4 and 5).

/** Items of /rss.xml (the original's 100) and of the newer latest-summaries feeds. */
export const FEED_LEGACY_RECENT_ITEMS = 100;
export const FEED_LATEST_ITEMS = 50;
/** A paper's, user's or venue's feed: its newest this many summaries. */
export const FEED_SCOPED_ITEMS = 100;
/** The legacy description: the Markdown's first this many characters (code points). */
export const FEED_EXCERPT_CHARS = 500;
/** Rows read per query while a feed or sitemap page is written (keyset pages). */
export const FEED_READ_BATCH = 500;
/** URLs per sitemap page: the sitemaps.org limit is 50,000. */
export const SITEMAP_PAGE_URLS = 50_000;

// The original site's MySQL dump (issue 11, point 8: import/mysql-dump.ts). A vignette's text
// was at most a few tens of KB; a field or row past these is skipped and counted.
export const LEGACY_DUMP_MAX_FIELD_BYTES = 2_000_000;
export const LEGACY_DUMP_MAX_ROW_BYTES = 4_000_000;
export const LEGACY_DUMP_MAX_COLUMNS = 200;
/** Rows per committed batch of that import (summaries are rendered a batch at a time). */
export const LEGACY_IMPORT_BATCH = 200;
/** Rows read per query while `shortscience export` writes its files (keyset pages). */
export const EXPORT_READ_BATCH = 500;

// Reading lists (issue 11, point 7: lists/).
/** A list's name and description, and an item's note, in characters. */
export const READING_LIST_NAME_MAX_CHARS = 100;
export const READING_LIST_DESCRIPTION_MAX_CHARS = 2_000;
export const READING_LIST_NOTE_MAX_CHARS = 2_000;
/** Lists per person, and papers per list: a list page, feed and export show them all at once. */
export const READING_LISTS_PER_USER_MAX = 100;
export const READING_LIST_ITEMS_MAX = 500;

// The JSON API (issue 11, point 6: src/api/).

/** Live (not revoked) personal API tokens one account may hold. */
export const API_TOKENS_PER_USER_MAX = 20;
/** A token's name, in characters. */
export const API_TOKEN_NAME_MAX_CHARS = 80;
/** Items per page of an API list: the default, and the most a `limit` may ask for. */
export const API_PAGE_DEFAULT = 20;
export const API_PAGE_MAX = 100;
/** Summaries a lookup answer carries with its paper (the best-scored). */
export const API_LOOKUP_SUMMARIES = 3;
/**
 * A JSON body with a summary's Markdown: JSON escapes can grow it up to 6× (\u0000 per control
 * character), plus the other fields. Any other API body is a few short fields.
 */
export const API_SUMMARY_BODY_MAX_BYTES = 6 * SUMMARY_MAX_BYTES + 16 * 1024;
export const API_BODY_MAX_BYTES = 64 * 1024;
/** Longest `url` or `q` query parameter the API reads. */
export const API_QUERY_MAX_CHARS = 2_000;

/** A link preview's description (Open Graph, Twitter card, meta description): characters. */
export const SOCIAL_DESCRIPTION_CHARS = 200;
