// A thread of the SQLite read pool (sqlite-read-pool.ts): runs reads one at a time on its own
// read-only handle of the database file (workerData.file), so a costly statement (a long
// prefix of a common word: seconds at a million papers) holds this thread, not the server's
// event loop. Errors come back as data, with SQLite's code, which a thrown error would lose
// on its way between threads.

import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";
import { SQLITE_BUSY_TIMEOUT_MS } from "../core/limits";
import { StatementCache } from "./statement-cache";

export interface ReadTask {
  sql: string;
  parameters: unknown[];
}

export type ReadAnswer = { rows: unknown[] } | { error: { message: string; code: string | null } };

/** The thread's handle and its prepared statements (statement-cache.ts), opened on first read. */
let statements: StatementCache | null = null;

function open(file: string): StatementCache {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new StatementCache(db);
}

function read(file: string, task: ReadTask): ReadAnswer {
  try {
    statements ??= open(file);
    const statement = statements.prepare(task.sql);
    if (!statement.reader) throw new Error("the read pool runs statements that return rows");
    return { rows: statement.all(...task.parameters) };
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

const file = (workerData as { file: string }).file;
parentPort?.on("message", (task: ReadTask) => parentPort?.postMessage(read(file, task)));
