// A Kysely over a SQLite file's read pool (sqlite-read-pool.ts), for one search or one costly
// read of a page: every query runs on a pool thread and fails with ReadCanceledError past
// `deadline`. Reads only, outside transactions: a read of rows its caller has yet to commit
// runs on the caller's handle (offLoop). connect.ts registers the pool of each SQLite file
// database.

import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  Kysely,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
} from "kysely";
import type { Database } from "./schema";
import { LiteralLimitSqliteCompiler } from "./sqlite-query-compiler";
import type { SqliteReadPool } from "./sqlite-read-pool";

class PoolConnection implements DatabaseConnection {
  constructor(
    private readonly pool: SqliteReadPool,
    private readonly deadline: number,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const rows = await this.pool.read(query.sql, query.parameters, this.deadline);
    return { rows: rows as R[] };
  }

  // biome-ignore lint/correctness/useYield: a stream is refused before it starts
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("the read pool doesn't stream");
  }
}

function poolDriver(pool: SqliteReadPool, deadline: number): Driver {
  const refuse = async () => {
    throw new Error("the read pool runs no transactions");
  };
  return {
    init: async () => {},
    acquireConnection: async () => new PoolConnection(pool, deadline),
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: async () => {},
    // The pool belongs to the database (connect.ts closes it), not to this Kysely.
    destroy: async () => {},
  };
}

/**
 * Each SQLite file database has two pools: one for search and one for pages' site-wide reads.
 * A search given up at its deadline holds its thread until its statement ends (seconds, for
 * the costliest), so a client looping on such searches could hold every thread of a shared
 * pool: the home page's popular tab and /users would then wait and fail with it.
 */
export type ReadPoolName = "search" | "pages";

const pools = new WeakMap<Kysely<Database>, Record<ReadPoolName, SqliteReadPool>>();

/**
 * `db` (a SQLite file database's Kysely) reads through these pools (connect.ts says so). Only
 * this very object: a Kysely made from it (withPlugin, withTables) has none and reads on its
 * own handle, as a transaction does.
 */
export function registerReadPools(
  db: Kysely<Database>,
  byName: Record<ReadPoolName, SqliteReadPool>,
): void {
  pools.set(db, byName);
}

/** A read pool of `db`, if it has one (a SQLite file database; not memory, not PostgreSQL). */
export function readPoolOf(db: Kysely<Database>, name: ReadPoolName): SqliteReadPool | null {
  return pools.get(db)?.[name] ?? null;
}

/** A Kysely whose queries run on `db`'s pool `name` until `deadline`; null without a pool. */
export function readerUntil(
  db: Kysely<Database>,
  deadline: number,
  name: ReadPoolName,
): Kysely<Database> | null {
  const pool = readPoolOf(db, name);
  if (!pool) return null;
  const dialect: Dialect = {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => poolDriver(pool, deadline),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new LiteralLimitSqliteCompiler(),
  };
  return new Kysely<Database>({ dialect });
}

/**
 * Where a read whose cost grows with the site should run: on `db`'s read pool `name` until
 * `deadline`, so the event loop goes on serving meanwhile; on `db` itself in a transaction
 * (rows it has yet to commit), in memory, or on PostgreSQL (whose statements never hold it).
 */
export function offLoop(
  db: Kysely<Database>,
  deadline: number,
  name: ReadPoolName = "pages",
): Kysely<Database> {
  return (!db.isTransaction && readerUntil(db, deadline, name)) || db;
}
