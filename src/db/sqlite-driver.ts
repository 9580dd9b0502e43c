// Kysely's SQLite driver runs every query on one better-sqlite3 handle behind a mutex, and
// better-sqlite3 waits for a lock synchronously (busy_timeout). With another process holding
// the write lock (a backup, an import, a CLI command), one waiting write then froze the whole
// process: every request, even a cached page answered from memory, and the queued writes
// timed out one after the other. Here SQLite's own wait stays short (SQLITE_BUSY_TIMEOUT_MS)
// and a statement refused as busy is retried on timers, so the event loop runs meanwhile,
// bounded in all by SQLITE_LOCK_WAIT_MS; then the SQLITE_BUSY error surfaces, which
// db-errors.ts counts as "database unavailable" (503). Reads outside a transaction go to a
// second handle: in WAL mode they never wait for a writer, so they shouldn't queue behind one.
// Each handle keeps its prepared statements by SQL text (statement-cache.ts), except the one
// a stream iterates, and the reader's answers are kept until the next commit anywhere
// (sqlite-read-memo.ts).

import { setTimeout as sleep } from "node:timers/promises";
import type BetterSqlite3 from "better-sqlite3";
import {
  CompiledQuery,
  type DatabaseConnection,
  type DialectAdapter,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  SqliteDialect,
} from "kysely";
import { MigrationLockingSqliteAdapter } from "./sqlite-migration-lock";
import { LiteralLimitSqliteCompiler } from "./sqlite-query-compiler";
import { type ReadMemoLimits, SqliteReadMemo } from "./sqlite-read-memo";
import { StatementCache } from "./statement-cache";

export interface SqliteHandles {
  /** Every write and every transaction, one lease at a time (SQLite has one writer anyway). */
  writer: BetterSqlite3.Database;
  /** Reads outside transactions; null in memory, where a second handle is another database. */
  reader: BetterSqlite3.Database | null;
}

/** Each handle's prepared statements (statement-cache.ts), and the reader's answers. */
interface StatementCaches {
  writer: StatementCache;
  reader: StatementCache | null;
  memo: SqliteReadMemo | null;
}

export interface SqliteLockWait {
  /** How long a statement waits for a lock in all (SQLITE_LOCK_WAIT_MS). */
  lockWaitMs: number;
  /** Called each time a statement is refused as busy and will be retried (tests await it). */
  onBusy?: () => void;
}

/** Pauses between attempts: short at first (most locks are brief), never long once waiting. */
const FIRST_RETRY_DELAY_MS = 5;
const MAX_RETRY_DELAY_MS = 100;

/**
 * Busy codes a retry can cure. Not SQLITE_BUSY_SNAPSHOT: a transaction that read before
 * another process committed can never write, however often it tries (our transactions start
 * with a write, see content-version.ts). SQLITE_LOCKED is a conflict within this connection
 * (no shared cache here): waiting can't resolve it either.
 */
function isRetryableBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" &&
    (code === "SQLITE_BUSY" || (code.startsWith("SQLITE_BUSY_") && code !== "SQLITE_BUSY_SNAPSHOT"))
  );
}

/**
 * Statements that may be plain reads (the prepared statement then says for sure). Not writes,
 * nor transaction control, which must stay on the handle its transaction runs on.
 */
const MAY_READ = /^\s*(select|with|values|pragma)\b/i;
/** A pragma that sets something changes the handle it runs on: the writer, as before. */
const PRAGMA_SETTING = /^\s*pragma\b[^;]*[=(]/i;

async function retryWhileBusy<T>(
  attempt: () => T,
  deadline: number,
  onBusy: (() => void) | undefined,
): Promise<T> {
  for (let delay = FIRST_RETRY_DELAY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS)) {
    try {
      return attempt();
    } catch (error) {
      const left = deadline - performance.now();
      if (!isRetryableBusy(error) || left <= 0) throw error;
      onBusy?.();
      // Jitter: processes waiting for the same lock shouldn't all retry at the same moment.
      await sleep(Math.min(left, delay * (0.5 + Math.random() / 2)));
    }
  }
}

function execute<R>(stmt: BetterSqlite3.Statement, parameters: readonly unknown[]): QueryResult<R> {
  if (stmt.reader) return { rows: stmt.all(parameters) as R[] };
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return {
    numAffectedRows: BigInt(changes),
    insertId: BigInt(lastInsertRowid),
    rows: [],
  };
}

/** First come, first served: the writer handle's one lease at a time. */
class Mutex {
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  unlock(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#locked = false;
  }
}

/**
 * One `acquireConnection`: a single query, a transaction, or `db.connection()`. It holds the
 * writer only from its first write, transaction or setting on, until released.
 */
class Lease implements DatabaseConnection {
  #pinned = false;
  /**
   * When the lease began waiting for the writer. Its first statement's wait for the lock counts
   * from here: writes queued behind one that waits for another process then give up together,
   * instead of one lock wait after another.
   */
  #waitingSince: number | null = null;

  constructor(
    private readonly handles: SqliteHandles,
    private readonly statements: StatementCaches,
    private readonly gate: Mutex,
    private readonly wait: SqliteLockWait,
  ) {}

  async begin(): Promise<void> {
    await this.#pin();
    // A deferred BEGIN takes no lock; the transaction's first write waits for it.
    this.handles.writer.exec("begin");
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const read = this.#readerStatement(sql);
    if (read) {
      const { memo } = this.statements;
      return retryWhileBusy(
        () =>
          memo && read.reader
            ? { rows: memo.all(read, sql, parameters) as R[] }
            : execute<R>(read, parameters),
        performance.now() + this.wait.lockWaitMs,
        this.wait.onBusy,
      );
    }
    await this.#pin();
    const since = this.#waitingSince ?? performance.now();
    try {
      return await retryWhileBusy(
        () => execute<R>(this.statements.writer.prepare(sql), parameters),
        since + this.wait.lockWaitMs,
        this.wait.onBusy,
      );
    } finally {
      this.#waitingSince = null;
    }
  }

  /** On the writer, held until the stream ends: a handle iterating can run nothing else. */
  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    await this.#pin();
    // Not from the cache: a statement iterating is busy, and nothing else may run it meanwhile.
    const stmt = this.handles.writer.prepare(compiledQuery.sql);
    if (!stmt.reader) throw new Error("only queries that return rows can be streamed");
    for (const row of stmt.iterate(compiledQuery.parameters)) yield { rows: [row as R] };
  }

  release(): void {
    if (this.#pinned) this.gate.unlock();
    this.#pinned = false;
  }

  /** The statement prepared on the reader when it is a plain read outside a transaction. */
  #readerStatement(sql: string): BetterSqlite3.Statement | null {
    const { reader } = this.statements;
    if (this.#pinned || !reader || !MAY_READ.test(sql) || PRAGMA_SETTING.test(sql)) {
      return null;
    }
    try {
      const stmt = reader.prepare(sql);
      return stmt.readonly ? stmt : null;
    } catch {
      return null; // the writer prepares it again and reports what is wrong with it
    }
  }

  async #pin(): Promise<void> {
    if (this.#pinned) return;
    this.#waitingSince = performance.now();
    await this.gate.lock();
    this.#pinned = true;
  }
}

function lease(connection: DatabaseConnection): Lease {
  if (!(connection instanceof Lease)) throw new Error("not a connection of this driver");
  return connection;
}

export class LockWaitingSqliteDriver implements Driver {
  readonly #gate = new Mutex();
  readonly #statements: StatementCaches;

  constructor(
    private readonly handles: SqliteHandles,
    private readonly wait: SqliteLockWait,
    memo: ReadMemoLimits | null,
  ) {
    this.#statements = {
      writer: new StatementCache(handles.writer),
      reader: handles.reader ? new StatementCache(handles.reader) : null,
      memo: handles.reader && memo ? new SqliteReadMemo(handles.reader, memo) : null,
    };
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new Lease(this.handles, this.#statements, this.#gate, this.wait);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await lease(connection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("commit"));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("rollback"));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    lease(connection).release();
  }

  async destroy(): Promise<void> {
    this.#statements.writer.clear();
    this.#statements.reader?.clear();
    this.handles.reader?.close();
    this.handles.writer.close();
  }
}

/**
 * Kysely's SQLite dialect with this driver and the migration lock; `memo` bounds the reader's
 * answers kept between commits (sqlite-read-memo.ts), null for none.
 */
export class LockWaitingSqliteDialect extends SqliteDialect {
  constructor(
    private readonly handles: SqliteHandles,
    private readonly wait: SqliteLockWait,
    private readonly memo: ReadMemoLimits | null,
  ) {
    super({ database: handles.writer });
  }

  override createDriver(): Driver {
    return new LockWaitingSqliteDriver(this.handles, this.wait, this.memo);
  }

  override createAdapter(): DialectAdapter {
    return new MigrationLockingSqliteAdapter();
  }

  override createQueryCompiler(): QueryCompiler {
    return new LiteralLimitSqliteCompiler();
  }
}
