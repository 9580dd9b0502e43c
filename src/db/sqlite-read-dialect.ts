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

const pools = new WeakMap<Kysely<Database>, SqliteReadPool>();

/** `db` (a SQLite file database's Kysely) reads through `pool` (connect.ts says so). */
export function registerReadPool(db: Kysely<Database>, pool: SqliteReadPool): void {
  pools.set(db, pool);
}

/** The read pool of `db`, if it has one (a SQLite file database; not memory, not PostgreSQL). */
export function readPoolOf(db: Kysely<Database>): SqliteReadPool | null {
  return pools.get(db) ?? null;
}

/** A Kysely whose queries run on `db`'s read pool until `deadline`; null without a pool. */
export function readerUntil(db: Kysely<Database>, deadline: number): Kysely<Database> | null {
  const pool = pools.get(db);
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
 * Where a read whose cost grows with the site should run: on `db`'s read pool until
 * `deadline`, so the event loop goes on serving meanwhile; on `db` itself in a transaction
 * (rows it has yet to commit), in memory, or on PostgreSQL (whose statements never hold it).
 */
export function offLoop(db: Kysely<Database>, deadline: number): Kysely<Database> {
  return (!db.isTransaction && readerUntil(db, deadline)) || db;
}
