// The one place that decides whether an error means "the database can't be reached right now"
// (a 503 that will pass) rather than a bug (a 500). Pages, /healthz and the page cache all ask here.

/** Socket-level failures: the server is down, restarting, or the network between us broke. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * PostgreSQL SQLSTATEs: class 08 is "connection exception"; 57P01–57P03 are the server shutting
 * down or starting up; 53300 is "too many connections". All pass without anything on our side.
 */
const POSTGRES_STATES = new Set(["57P01", "57P02", "57P03", "53300"]);

/**
 * SQLite: the file is locked by another process for longer than the driver waits
 * (SQLITE_LOCK_WAIT_MS, sqlite-driver.ts), a transaction's snapshot went stale under another
 * process's commit, the file can't be opened or read, the disk is full, or the file was removed
 * under us (READONLY_DBMOVED). Prefixes, so the extended codes (SQLITE_IOERR_READ,
 * SQLITE_BUSY_SNAPSHOT, …) count too.
 */
const SQLITE_PREFIXES = [
  "SQLITE_BUSY",
  "SQLITE_LOCKED",
  "SQLITE_CANTOPEN",
  "SQLITE_IOERR",
  "SQLITE_FULL",
  "SQLITE_READONLY_DBMOVED",
];

/**
 * SQLite's read pool (sqlite-read-pool.ts): closed with the database (a shutdown under way),
 * or a thread that died under a read (the next read starts another).
 */
const READ_POOL_CODES = new Set(["READ_POOL_CLOSED", "READ_THREAD_STOPPED"]);

/** The read pool could not run a read: closed, or its thread stopped. */
export class ReadPoolUnavailableError extends Error {
  constructor(readonly code: "READ_POOL_CLOSED" | "READ_THREAD_STOPPED") {
    super(code === "READ_POOL_CLOSED" ? "the read pool is closed" : "the read thread stopped");
    this.name = "ReadPoolUnavailableError";
  }
}

/** node-postgres reports a dropped or never-made connection by message only. */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /is not queryable/,
  /^Connection refused/,
  // query_timeout expired (serving process): the server or the network stopped answering.
  /^Query read timeout/,
];

function codeOf(error: object): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : undefined;
}

function matchesOne(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const code = codeOf(error);
  if (code) {
    if (NETWORK_CODES.has(code) || POSTGRES_STATES.has(code) || code.startsWith("08")) return true;
    if (SQLITE_PREFIXES.some((p) => code.startsWith(p)) || READ_POOL_CODES.has(code)) return true;
  }
  const message = (error as { message?: unknown }).message;
  return typeof message === "string" && PG_MESSAGES.some((re) => re.test(message));
}

/**
 * True when `error` (or what it wraps: `cause`, or the attempts of an AggregateError, as Node
 * reports a refused connection to a name with several addresses) says the database is
 * unreachable or refusing work for now.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  // Bounded walk: causes can be cyclic, and a hostile error is not worth more than a few steps.
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (seen.has(current)) continue;
    seen.add(current);
    if (matchesOne(current)) return true;
    if (current && typeof current === "object") {
      const { cause, errors } = current as { cause?: unknown; errors?: unknown };
      if (cause !== undefined) queue.push(cause);
      if (Array.isArray(errors)) queue.push(...errors.slice(0, 8));
    }
  }
  return false;
}

/** What an operator's log line shows of such an error: never credentials or a stack. */
export function describeDatabaseError(error: unknown): { code?: string; message: string } {
  if (!error || typeof error !== "object") return { message: String(error) };
  const message = (error as { message?: unknown }).message;
  return {
    code: codeOf(error),
    message: typeof message === "string" ? message.slice(0, 300) : "unknown error",
  };
}

/**
 * A value the request carried doesn't fit its column (PostgreSQL's 32-bit integer ids:
 * SQLSTATE 22003). The request is bad, not the server: a 400. SQLite has no such limit.
 */
export function isValueOutOfRange(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "22003";
}

/** A read of SQLite's read pool (sqlite-read-pool.ts) stopped at its deadline. */
export class ReadCanceledError extends Error {
  constructor() {
    super("the read was stopped at its deadline");
    this.name = "ReadCanceledError";
  }
}

/**
 * The statement was canceled: PostgreSQL's (SQLSTATE 57014: its statement_timeout passed, or
 * someone asked, pg_cancel_backend), or a read of SQLite's read pool past its deadline. The
 * connection is fine either way; the caller knows which.
 */
export function isQueryCanceled(error: unknown): boolean {
  return (
    error instanceof ReadCanceledError || (error as { code?: unknown } | null)?.code === "57014"
  );
}
