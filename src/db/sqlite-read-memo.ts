// A logged-in page ran the same six small reads for every request (session, tag versions,
// identifiers, votes, unread count, own summary), and in a busy process each cost twice what
// it costs alone: 28% of the page's CPU. Between two commits their answers cannot change, and
// SQLite says when a commit happened: `PRAGMA data_version` on a connection changes whenever
// any other connection (this process's writer, another process, a CLI command) has committed
// since it last asked. So a read outside a transaction is answered from here while the reader's
// data_version is the one it was stored under, and every entry goes at the first change.
//
// The answer is then exactly what running the statement now would give, provided the result
// depends only on the database and the parameters: statements that call SQLite's clock or
// random() are never kept. Rows are copied out, so a caller that changes one changes its copy.

import type BetterSqlite3 from "better-sqlite3";

export interface ReadMemoLimits {
  /** All entries' estimated size together. */
  maxBytes: number;
  /** One entry's estimated size: bigger results are read every time. */
  maxEntryBytes: number;
}

type Row = Record<string, unknown>;

interface Entry {
  rows: Row[];
  bytes: number;
}

/**
 * SQL whose answer can change without a commit: the clock (every date function can read it),
 * chance, and the connection's own counters. Matching a column of the same name only costs
 * that statement its memo.
 */
const NOT_REPEATABLE =
  /\b(random|randomblob|changes|total_changes|last_insert_rowid|date|time|datetime|julianday|unixepoch|strftime|timediff)\s*\(|\bcurrent_(date|time|timestamp)\b/i;
/** Only queries: a pragma's answer may follow the file, not its committed contents. */
const QUERY = /^\s*(select|with|values)\b/i;

/**
 * The size estimate's allowances beyond the text (UTF-16): an entry (its Map slot, record and
 * array), a row object, and a value's slot in it. An empty answer still costs its entry.
 */
const ENTRY_OVERHEAD_BYTES = 200;
const ROW_OVERHEAD_BYTES = 48;
const VALUE_OVERHEAD_BYTES = 16;

/**
 * The key of a statement (by its number) and its parameters; null for a parameter JSON would
 * not tell apart: anything but null, a string or a finite number (±Infinity prints as null),
 * and -0 (prints as 0).
 */
function keyOf(statement: number, parameters: readonly unknown[]): string | null {
  for (const p of parameters) {
    if (p === null || typeof p === "string") continue;
    if (typeof p !== "number" || !Number.isFinite(p) || Object.is(p, -0)) return null;
  }
  return `${statement}:${JSON.stringify(parameters)}`;
}

/** The rows' estimated size, or null once past `limit` or on a value that is not plain. */
function sizeOf(key: string, rows: readonly Row[], limit: number): number | null {
  let bytes = ENTRY_OVERHEAD_BYTES + key.length * 2;
  for (const row of rows) {
    bytes += ROW_OVERHEAD_BYTES;
    for (const value of Object.values(row)) {
      if (typeof value === "string") bytes += value.length * 2 + VALUE_OVERHEAD_BYTES;
      else if (value === null || typeof value === "number") bytes += VALUE_OVERHEAD_BYTES;
      else return null; // a Buffer or a bigint: mutable or rare, not worth keeping
      if (bytes > limit) return null;
    }
  }
  return bytes;
}

const copy = (rows: readonly Row[]): Row[] => rows.map((row) => ({ ...row }));

export class SqliteReadMemo {
  readonly #version: BetterSqlite3.Statement;
  /**
   * Each statement's number in the keys, or null when its answers are never kept: decided once
   * per prepared statement (the reader's statement cache hands out the same one per text).
   */
  readonly #statements = new WeakMap<BetterSqlite3.Statement, number | null>();
  #nextStatement = 0;
  /** Map order is recency: a hit moves its entry to the end, eviction takes the first. */
  #entries = new Map<string, Entry>();
  #bytes = 0;
  #dataVersion: number | null = null;
  #hits = 0;
  #misses = 0;

  constructor(
    reader: BetterSqlite3.Database,
    private readonly limits: ReadMemoLimits,
  ) {
    this.#version = reader.prepare("pragma data_version").pluck();
  }

  /**
   * `stmt`'s rows for `parameters` (a read-only statement of the reader whose text is `sql`,
   * returning rows).
   */
  all(stmt: BetterSqlite3.Statement, sql: string, parameters: readonly unknown[]): Row[] {
    const statement = this.#numberOf(stmt, sql);
    const key = statement === null ? null : keyOf(statement, parameters);
    if (key === null) return stmt.all(parameters) as Row[];
    const version = this.#version.get() as number;
    if (version !== this.#dataVersion) {
      this.#entries = new Map();
      this.#bytes = 0;
      this.#dataVersion = version;
    }
    const hit = this.#entries.get(key);
    if (hit) {
      this.#hits++;
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return copy(hit.rows);
    }
    this.#misses++;
    const rows = stmt.all(parameters) as Row[];
    const bytes = sizeOf(key, rows, this.limits.maxEntryBytes);
    if (bytes !== null) {
      this.#entries.set(key, { rows: copy(rows), bytes });
      this.#bytes += bytes;
      this.#evict();
    }
    return rows;
  }

  /** For tests and monitoring: what is kept, and how often a kept read answered. */
  stats(): { entries: number; bytes: number; hits: number; misses: number } {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
    };
  }

  #numberOf(stmt: BetterSqlite3.Statement, sql: string): number | null {
    let number = this.#statements.get(stmt);
    if (number === undefined) {
      number = QUERY.test(sql) && !NOT_REPEATABLE.test(sql) ? this.#nextStatement++ : null;
      this.#statements.set(stmt, number);
    }
    return number;
  }

  #evict(): void {
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.limits.maxBytes) return;
      this.#entries.delete(key);
      this.#bytes -= entry.bytes;
    }
  }
}
