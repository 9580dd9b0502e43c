// Reads of a SQLite file on worker threads, each stopped at a deadline. better-sqlite3 runs a
// statement to its end on the calling thread and has no way to interrupt it, so one costly
// search (`model* learn* network*`: 7.8 s at a million papers) froze every request of the
// process. Here it holds a thread of this pool instead; past its deadline the thread is
// ended (piscina starts a fresh one) and the read fails with ReadCanceledError, which
// isQueryCanceled counts like PostgreSQL's statement_timeout. Search uses it (see
// search-sqlite.repo.ts); the pool is made on the first read and ended with the database.

import { Piscina } from "piscina";
import { SQLITE_READ_THREAD_MAX_HEAP_MB } from "../core/limits";
import { ReadCanceledError } from "./db-errors";
import type { ReadAnswer, ReadTask } from "./sqlite-read.worker";

// As in render-worker/pool.ts: tests run the TypeScript sources; the app runs dist/, where
// this code sits in main.js next to sqlite-read-worker.js.
const fromSource = import.meta.url.endsWith(".ts");
const workerFile = fromSource
  ? new URL("./sqlite-read.worker.ts", import.meta.url)
  : new URL("./sqlite-read-worker.js", import.meta.url);

export interface SqliteReadPool {
  /** The rows of a read-only statement, or ReadCanceledError once Date.now() passes `deadline`. */
  read(sql: string, parameters: readonly unknown[], deadline: number): Promise<unknown[]>;
  /** Reads run so far (tests check that search goes through the pool). */
  readonly reads: number;
  close(): Promise<void>;
}

export function createSqliteReadPool(file: string, threads: number): SqliteReadPool {
  let piscina: Piscina<ReadTask, ReadAnswer> | null = null;
  const open = () => {
    piscina ??= new Piscina<ReadTask, ReadAnswer>({
      filename: workerFile.href,
      minThreads: 1,
      maxThreads: Math.max(1, threads),
      idleTimeout: 60_000,
      execArgv: fromSource ? ["--import", "tsx"] : [],
      resourceLimits: { maxOldGenerationSizeMb: SQLITE_READ_THREAD_MAX_HEAP_MB },
    });
    return piscina;
  };
  let reads = 0;
  return {
    get reads() {
      return reads;
    },
    async read(sql, parameters, deadline) {
      const left = deadline - Date.now();
      if (left <= 0) throw new ReadCanceledError();
      reads++;
      const controller = new AbortController();
      // Counted from the request, queueing included, as a PostgreSQL search waits for its
      // connection within its time.
      const timer = setTimeout(() => controller.abort(), left);
      try {
        const answer = await open().run(
          { file, sql, parameters: [...parameters] },
          { signal: controller.signal },
        );
        if ("error" in answer)
          throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
        return answer.rows;
      } catch (error) {
        if (controller.signal.aborted) throw new ReadCanceledError();
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    close: async () => {
      await piscina?.close({ force: true });
      piscina = null;
    },
  };
}
