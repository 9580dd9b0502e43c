import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect } from "kysely";
import pg from "pg";
import {
  DB_CONNECT_TIMEOUT_MS,
  DB_IDLE_CONNECTION_MS,
  DB_KEEPALIVE_INITIAL_DELAY_MS,
  SQLITE_BUSY_TIMEOUT_MS,
  SQLITE_LOCK_WAIT_MS,
  SQLITE_PAGE_READ_THREADS,
  SQLITE_READ_MEMO_MAX_BYTES,
  SQLITE_READ_MEMO_MAX_ENTRY_BYTES,
  SQLITE_READ_THREADS,
} from "../core/limits";
import type { DialectName } from "./dialect";
import { migrationProvider } from "./migrations";
import type { Database } from "./schema";
import { LockWaitingSqliteDialect, type SqliteLockWait } from "./sqlite-driver";
import { registerReadPools } from "./sqlite-read-dialect";
import { createSqliteReadPool } from "./sqlite-read-pool";

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** Where the data lives, for operators' messages (never the password). */
  description: string;
  close(): Promise<void>;
}

// PostgreSQL returns BIGINT (count, sum) as strings by default; our counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export interface ConnectOptions {
  /** PostgreSQL: a connection attempt that takes longer fails instead of holding a request. */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL: a query with no answer in this time fails and its connection is closed (the
   * serving process: DB_QUERY_TIMEOUT_MS). None by default: migrations and imports may be long.
   */
  queryTimeoutMs?: number;
  /** SQLite: how long a statement waits for another process's lock (SQLITE_LOCK_WAIT_MS). */
  sqliteLockWait?: Partial<SqliteLockWait>;
  /**
   * SQLite: keep reads until the next commit (sqlite-read-memo.ts); default on. The benches
   * that time single reads turn it off, so that a repeated statement is timed, not recalled.
   */
  sqliteReadMemo?: boolean;
}

/** The SQLite reader's answers kept between commits (sqlite-read-memo.ts). */
const READ_MEMO_LIMITS = {
  maxBytes: SQLITE_READ_MEMO_MAX_BYTES,
  maxEntryBytes: SQLITE_READ_MEMO_MAX_ENTRY_BYTES,
};

export function connect(databaseUrl: string, options: ConnectOptions = {}): Db {
  if (databaseUrl.startsWith("sqlite:")) {
    return connectSqlite(
      databaseUrl.slice("sqlite:".length),
      { lockWaitMs: SQLITE_LOCK_WAIT_MS, ...options.sqliteLockWait },
      options.sqliteReadMemo ?? true,
    );
  }
  return connectPostgres(databaseUrl, {
    connectTimeoutMs: options.connectTimeoutMs ?? DB_CONNECT_TIMEOUT_MS,
    queryTimeoutMs: options.queryTimeoutMs,
  });
}

function connectSqlite(path: string, lockWait: SqliteLockWait, memo: boolean): Db {
  const memory = path === ":memory:";
  const file = memory ? path : resolve(path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const writer = new SqliteDatabase(file);
  writer.pragma("journal_mode = WAL");
  writer.pragma("foreign_keys = ON");
  // better-sqlite3 waits for a lock synchronously, holding up every request of this process:
  // only briefly here; the driver waits longer on timers (sqlite-driver.ts).
  writer.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  writer.pragma("synchronous = NORMAL");
  // Opened after the writer has made the file a WAL database; read-only, so a write sent to it
  // by mistake fails instead of bypassing the writer's queue.
  const reader = memory ? null : new SqliteDatabase(file, { readonly: true });
  reader?.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const kysely = new Kysely<Database>({
    dialect: new LockWaitingSqliteDialect(
      { writer, reader },
      lockWait,
      memo ? READ_MEMO_LIMITS : null,
    ),
  });
  // Costly reads (search's, pages' site-wide ones), off the event loop and stoppable
  // (sqlite-read-pool.ts), in two pools so that neither can take the other's threads.
  const readPools = memory
    ? null
    : {
        search: createSqliteReadPool(file, SQLITE_READ_THREADS, { memo }),
        pages: createSqliteReadPool(file, SQLITE_PAGE_READ_THREADS, { memo }),
      };
  if (readPools) registerReadPools(kysely, readPools);
  return {
    kysely,
    dialect: "sqlite",
    description: `sqlite:${file}`,
    close: async () => {
      await kysely.destroy();
      await Promise.all([readPools?.search.close(), readPools?.pages.close()]);
    },
  };
}

function connectPostgres(
  url: string,
  { connectTimeoutMs, queryTimeoutMs }: { connectTimeoutMs: number; queryTimeoutMs?: number },
): Db {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    // Without it, a server that accepts but never answers (or a full backlog) holds every
    // request and the pool's slots forever; with it, they fail fast and the page says 503.
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: DB_IDLE_CONNECTION_MS,
    // Notices a peer that vanished without closing (a cut network) on idle pooled connections,
    // after 10 s rather than the OS default of two hours.
    keepAlive: true,
    keepAliveInitialDelayMillis: DB_KEEPALIVE_INITIAL_DELAY_MS,
    // Keep-alive can't help a connection waiting for an answer (unacknowledged data: TCP
    // retransmits for many minutes): a network dropping packets would hold the request.
    ...(queryTimeoutMs ? { query_timeout: queryTimeoutMs } : {}),
  });
  // An idle client's error (server restart) must not crash the process; the pool drops that
  // client and the next query connects anew, so the app recovers by itself.
  pool.on("error", () => {});
  // A checked-out client whose connection breaks between two queries (inside a transaction,
  // or just before release) emits "error" with no pool listener attached: without this, that
  // crashes the process. Its next query fails instead, and the pool drops it on release.
  pool.on("connect", (client) => {
    client.on("error", () => {});
    if (queryTimeoutMs) closeOnQueryTimeout(client);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = "";
  return {
    kysely,
    dialect: "postgres",
    description: `postgres://${safe.host}${safe.pathname}`,
    close: () => kysely.destroy(),
  };
}

/**
 * pg's query_timeout fails the query but leaves its connection waiting for the late answer,
 * and the pool lends it out again: every later query on it would queue behind one that may
 * never be answered (a firewall that forgot the connection). Closed, it is dropped by the
 * pool, which opens a fresh one for the next query.
 */
function closeOnQueryTimeout(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const closeIfTimedOut = (error: unknown) => {
    // end() marks the client ending at once (so the pool drops it when it comes back, before
    // the socket has closed) and, with a query still waiting, destroys the socket.
    if ((error as { message?: unknown })?.message === QUERY_TIMEOUT_MESSAGE) {
      client.end().catch(() => {});
    }
  };
  Object.assign(client, {
    query: (...args: unknown[]) => {
      const result = query(...args);
      // Only promises (Kysely's way): a side branch, the caller still gets the rejection.
      if (result instanceof Promise) result.catch(closeIfTimedOut);
      return result;
    },
  });
}

/** What node-postgres says when query_timeout expires (db-errors.ts counts it as unavailable). */
const QUERY_TIMEOUT_MESSAGE = "Query read timeout";

export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db: db.kysely, provider: migrationProvider(db.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
