// Preparing a statement costs SQLite a parse and a plan on every call: with the same dozen
// statements run for every page, it was 9% of a logged-in page's CPU. Each handle keeps its
// prepared statements by SQL text here, least recently used dropped first.
//
// A statement kept across a schema change (a migration by this or another process) is safe:
// SQLite prepares it again by itself on its next run (sqlite3_prepare_v2 semantics), and
// better-sqlite3 reads the columns of each result anew, so `select *` sees added columns.
// Whether a statement reads or writes depends only on its text, so that answer stays true.

import type BetterSqlite3 from "better-sqlite3";
import {
  SQLITE_STATEMENT_CACHE_MAX_ENTRIES,
  SQLITE_STATEMENT_CACHE_MAX_SQL_BYTES,
} from "../core/limits";

export interface StatementCacheLimits {
  maxEntries: number;
  /** The SQL texts' total length (a statement's memory follows it). */
  maxSqlBytes: number;
}

export class StatementCache {
  /** Map order is recency: a hit moves its entry to the end, eviction takes the first. */
  readonly #statements = new Map<string, BetterSqlite3.Statement>();
  #sqlBytes = 0;

  constructor(
    private readonly handle: BetterSqlite3.Database,
    private readonly limits: StatementCacheLimits = {
      maxEntries: SQLITE_STATEMENT_CACHE_MAX_ENTRIES,
      maxSqlBytes: SQLITE_STATEMENT_CACHE_MAX_SQL_BYTES,
    },
  ) {}

  /** The handle's statement for `sql`, prepared once. A text that fails to prepare is not kept. */
  prepare(sql: string): BetterSqlite3.Statement {
    const hit = this.#statements.get(sql);
    if (hit) {
      this.#statements.delete(sql);
      this.#statements.set(sql, hit);
      return hit;
    }
    const stmt = this.handle.prepare(sql);
    // A text longer than the whole budget would only push everything else out.
    if (sql.length <= this.limits.maxSqlBytes) {
      this.#statements.set(sql, stmt);
      this.#sqlBytes += sql.length;
      this.#evict();
    }
    return stmt;
  }

  get size(): number {
    return this.#statements.size;
  }

  get sqlBytes(): number {
    return this.#sqlBytes;
  }

  /** Forgets every statement (the handle closes). */
  clear(): void {
    this.#statements.clear();
    this.#sqlBytes = 0;
  }

  #evict(): void {
    for (const sql of this.#statements.keys()) {
      if (
        this.#statements.size <= this.limits.maxEntries &&
        this.#sqlBytes <= this.limits.maxSqlBytes
      ) {
        return;
      }
      // A dropped statement is finalized by the garbage collector; nothing holds it after this.
      this.#statements.delete(sql);
      this.#sqlBytes -= sql.length;
    }
  }
}
