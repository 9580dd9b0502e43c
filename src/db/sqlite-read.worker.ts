// A thread of the SQLite read pool (sqlite-read-pool.ts): runs reads one at a time on its own
// read-only handle of the database file (workerData.file), so a costly statement (a long
// prefix of a common word: seconds at a million papers) holds this thread, not the server's
// event loop. Errors come back as data, with SQLite's code, which a thrown error would lose
// on its way between threads.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import {
  SQLITE_BUSY_TIMEOUT_MS,
  SQLITE_READ_THREAD_MEMO_MAX_BYTES,
  SQLITE_READ_THREAD_MEMO_MAX_ENTRY_BYTES,
} from "../core/limits";
import { SqliteReadMemo } from "./sqlite-read-memo";
import { StatementCache } from "./statement-cache";

export interface ReadTask {
  sql: string;
  parameters: unknown[];
}

export type ReadAnswer = { rows: unknown[] } | { error: { message: string; code: string | null } };

/**
 * The thread's handle, its prepared statements (statement-cache.ts) and its answers kept until
 * the next commit anywhere (sqlite-read-memo.ts: the popular tab's month of activity, ~45 ms
 * at 50,000 summaries, is the same for every logged-in reader until a vote, a flush of view
 * counts or any other write), opened on first read.
 */
let handle: { statements: StatementCache; memo: SqliteReadMemo | null } | null = null;

function open(
  file: string,
  keep: boolean,
): { statements: StatementCache; memo: SqliteReadMemo | null } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  const memo = keep
    ? new SqliteReadMemo(db, {
        maxBytes: SQLITE_READ_THREAD_MEMO_MAX_BYTES,
        maxEntryBytes: SQLITE_READ_THREAD_MEMO_MAX_ENTRY_BYTES,
      })
    : null;
  return { statements: new StatementCache(db), memo };
}

function read(file: string, keep: boolean, task: ReadTask): ReadAnswer {
  try {
    handle ??= open(file, keep);
    const statement = handle.statements.prepare(task.sql);
    if (!statement.reader) throw new Error("the read pool runs statements that return rows");
    const { memo } = handle;
    return {
      rows: memo ? memo.all(statement, task.sql, task.parameters) : statement.all(task.parameters),
    };
  } catch (error) {
    const e = error as { message?: unknown; code?: unknown };
    return {
      error: {
        message: String(e?.message ?? error),
        code: typeof e?.code === "string" ? e.code : null,
      },
    };
  }
}

const { file, memo: keep } = workerData as { file: string; memo: boolean };
parentPort?.on("message", (task: ReadTask) => parentPort?.postMessage(read(file, keep, task)));
